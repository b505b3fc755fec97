import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { images } from './tables.js';

export interface StoredImage {
  contentType: string;
  data: Uint8Array;
}

/** `<slug>-<first 12 hex of sha256>.<ext>`: a new content gets a new name and URL. */
export function contentAddressedName(slug: string, extension: string, data: Uint8Array): string {
  const digest = createHash('sha256').update(data).digest('hex').slice(0, 12);
  return `${slug}-${digest}.${extension}`;
}

export const imageUrl = (name: string) => `/images/${name}`;

export interface NewImage {
  /** Names the image, e.g. the product's id. */
  slug: string;
  extension: 'svg' | 'png' | 'jpg' | 'webp';
  contentType: string;
  data: Uint8Array;
  width: number;
  height: number;
}

/** Stores an image once (names are content addressed) and returns its name. */
export async function storeImage(db: Db, image: NewImage): Promise<string> {
  const { slug, extension, ...stored } = image;
  const name = contentAddressedName(slug, extension, image.data);
  await db
    .insert(images)
    .values({ name, ...stored })
    .onConflictDoNothing();
  return name;
}

export async function findImage(db: Db, name: string): Promise<StoredImage | undefined> {
  const [row] = await db
    .select({ contentType: images.contentType, data: images.data })
    .from(images)
    .where(eq(images.name, name));
  return row;
}
