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

/** Stores an image once (names are content addressed) and returns its public URL. */
export async function storeImage(
  db: Db,
  slug: string,
  extension: 'svg' | 'png' | 'jpg' | 'webp',
  contentType: string,
  data: Uint8Array,
): Promise<string> {
  const name = contentAddressedName(slug, extension, data);
  await db.insert(images).values({ name, contentType, data }).onConflictDoNothing();
  return imageUrl(name);
}

export async function findImage(db: Db, name: string): Promise<StoredImage | undefined> {
  const [row] = await db
    .select({ contentType: images.contentType, data: images.data })
    .from(images)
    .where(eq(images.name, name));
  return row;
}
