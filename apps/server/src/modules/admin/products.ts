import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { formatCents, money, parseDecimal } from '../../lib/money.js';
import type { ProductChanges } from '../catalog/answer-cache.js';
import { storeImage } from '../catalog/images.js';
import { productImage } from '../catalog/service.js';
import { categories, images, products, productVariants } from '../catalog/tables.js';
import {
  optionsOf,
  refreshPriceFrom,
  type VariantSummary,
  variantSummaries,
} from '../catalog/variants.js';
import { orderLines, orders } from '../orders/tables.js';
import { type Actor, recordAudit } from './audit.js';
import { processUploadedImage, type UploadLimits } from './image-upload.js';
import type {
  AdminProduct,
  AdminProductDetail,
  AdminProductListQuery,
  AdminProductPage,
  CreateProductBody,
  UpdateProductBody,
  UploadedImage,
} from './schemas.js';
import { defaultSku, lowStockWhere, variantsOf } from './variants.js';

export interface ProductAdminDeps {
  db: Db;
  /** Product changes: their transaction, then the word to every instance's catalog answers. */
  changeProduct: ProductChanges;
  currency: string;
  lowStockThreshold: number;
  imageLimits: UploadLimits;
  now: () => number;
}

type ListInput = AdminProductListQuery & { page: number; pageSize: number };

const noSuchProduct = () => new HttpError(404, 'not_found', 'There is no such product.');

const invalidField = (field: string, message: string) =>
  new HttpError(400, 'invalid_request', `body/${field} ${message}`, [
    { path: `body/${field}`, message },
  ]);

/** `%word%` for ILIKE, with the pattern characters of the word taken literally. */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What the admin sees of a product row; its stock is its variants' (variantSummaries). */
const columns = {
  id: products.id,
  title: products.title,
  categoryId: products.categoryId,
  categoryName: categories.name,
  priceCents: products.priceCents,
  currency: products.currency,
  imageName: products.imageName,
  imageWidth: images.width,
  imageHeight: images.height,
  createdAt: products.createdAt,
  archived: products.archived,
  updatedAt: products.updatedAt,
};
interface ProductRow {
  id: string;
  title: string;
  categoryId: string;
  categoryName: string;
  priceCents: number;
  currency: string;
  archived: boolean;
  imageName: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The shop owner's side of the catalog: every product, archived ones included, with exact stock
 * and its variants; creating, editing, archiving, image uploads (options, variants and stock
 * changes are in variants.ts). Each change and its audit entry are one transaction.
 */
export class ProductAdmin {
  constructor(private readonly deps: ProductAdminDeps) {}

  async list(query: ListInput): Promise<AdminProductPage> {
    const { db, lowStockThreshold } = this.deps;
    const filters: SQL[] = [];
    const status = query.status ?? 'active';
    if (status !== 'all') filters.push(eq(products.archived, status === 'archived'));
    if (query.category) filters.push(eq(products.categoryId, query.category));
    if (query.lowStock) filters.push(lowStockWhere(lowStockThreshold));
    for (const word of (query.q ?? '').split(/\s+/).filter(Boolean)) {
      const pattern = containing(word);
      const matched = or(ilike(products.title, pattern), ilike(products.id, pattern));
      if (matched) filters.push(matched);
    }
    const where = and(...filters);
    const [rows, [counted]] = await Promise.all([
      db
        .select(columns)
        .from(products)
        .innerJoin(categories, eq(categories.id, products.categoryId))
        .leftJoin(images, eq(images.name, products.imageName))
        .where(where)
        .orderBy(asc(sql`lower(${products.title})`), asc(products.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db.select({ n: count() }).from(products).where(where),
    ]);
    const ids = rows.map((row) => row.id);
    const [stock, options] = await Promise.all([
      variantSummaries(db, ids, lowStockThreshold),
      optionsOf(db, ids),
    ]);
    return {
      items: rows.map((row) =>
        this.#product(row, stock.get(row.id), onlyOption(options.get(row.id))),
      ),
      total: counted?.n ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async detail(id: string, db: Db = this.deps.db): Promise<AdminProductDetail> {
    const [row] = await db
      .select({ ...columns, description: products.description, specs: products.specs })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(images, eq(images.name, products.imageName))
      .where(eq(products.id, id));
    if (!row) throw noSuchProduct();
    const [[sold], stock, options] = await Promise.all([
      db
        .select({ units: sql<number>`coalesce(sum(${orderLines.quantity}), 0)::int` })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(and(eq(orderLines.productId, id), eq(orders.status, 'paid'))),
      variantSummaries(db, [id], this.deps.lowStockThreshold),
      optionsOf(db, [id]).then((found) => found.get(id) ?? []),
    ]);
    return {
      ...this.#product(row, stock.get(id), onlyOption(options)),
      description: row.description,
      specs: row.specs.map(({ name, value }) => ({ name, value })),
      options,
      variants: await variantsOf(db, id, options, this.deps.lowStockThreshold),
      unitsSold: sold?.units ?? 0,
    };
  }

  async create(actor: Actor, body: CreateProductBody): Promise<AdminProductDetail> {
    const priceCents = this.#priceCents(body.price);
    const now = new Date(this.deps.now());
    return this.deps.changeProduct(async (tx) => {
      await this.#checkReferences(tx, body);
      const inserted = await tx
        .insert(products)
        .values({
          id: body.id,
          title: body.title.trim(),
          description: body.description.trim(),
          specs: body.specs,
          categoryId: body.categoryId,
          priceCents,
          priceFromCents: priceCents,
          currency: this.deps.currency,
          imageName: body.image,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: products.id });
      if (inserted.length === 0) {
        throw new HttpError(409, 'product_exists', `There is already a product "${body.id}".`, [
          { path: 'body/id', message: 'is taken by another product' },
        ]);
      }
      // Its one variant, the default: what carts, orders and stock name.
      const sku = body.sku ?? defaultSku(body.id);
      const variant = await tx
        .insert(productVariants)
        .values({
          id: body.id,
          productId: body.id,
          sku,
          stock: body.stock,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: productVariants.id });
      if (variant.length === 0) {
        // The id of another product's variant (`ball` + `pro`), or a SKU in use.
        const [sameSku] = await tx
          .select({ id: productVariants.id })
          .from(productVariants)
          .where(eq(productVariants.sku, sku));
        throw sameSku
          ? new HttpError(409, 'sku_taken', `The SKU ${sku} is already in use.`, [
              { path: 'body/sku', message: 'is the SKU of another variant' },
            ])
          : new HttpError(409, 'product_exists', `"${body.id}" is a variant of another product.`, [
              { path: 'body/id', message: 'is taken by a variant of another product' },
            ]);
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'product.create',
          targetType: 'product',
          targetId: body.id,
          details: { title: body.title, price: formatCents(priceCents), stock: body.stock, sku },
        },
        now,
      );
      return this.detail(body.id, tx);
    });
  }

  async update(actor: Actor, id: string, changes: UpdateProductBody): Promise<AdminProductDetail> {
    const priceCents = changes.price === undefined ? undefined : this.#priceCents(changes.price);
    const now = new Date(this.deps.now());
    return this.deps.changeProduct(async (tx) => {
      await this.#checkReferences(tx, changes);
      const [before] = await tx.select().from(products).where(eq(products.id, id)).for('update');
      if (!before) throw noSuchProduct();
      const next = {
        ...(changes.title === undefined ? {} : { title: changes.title.trim() }),
        ...(changes.description === undefined ? {} : { description: changes.description.trim() }),
        ...(changes.specs === undefined ? {} : { specs: changes.specs }),
        ...(changes.categoryId === undefined ? {} : { categoryId: changes.categoryId }),
        ...(priceCents === undefined ? {} : { priceCents }),
        ...(changes.image === undefined ? {} : { imageName: changes.image }),
      };
      const changed = Object.entries(next).filter(
        ([field, value]) =>
          JSON.stringify(value) !== JSON.stringify(before[field as keyof typeof before]),
      );
      if (changed.length === 0) return this.detail(id, tx);
      await tx
        .update(products)
        .set({ ...Object.fromEntries(changed), updatedAt: now })
        .where(eq(products.id, id));
      // The base price is what variants without their own price cost.
      if (priceCents !== undefined) await refreshPriceFrom(tx, id);
      await recordAudit(
        tx,
        actor,
        {
          action: 'product.update',
          targetType: 'product',
          targetId: id,
          details: {
            changes: Object.fromEntries(changed.map(([f, v]) => [f, describe(f, before, v)])),
          },
        },
        now,
      );
      return this.detail(id, tx);
    });
  }

  /** Archives (hides from the shop) or restores a product; doing it twice changes nothing. */
  async setArchived(actor: Actor, id: string, archived: boolean): Promise<AdminProductDetail> {
    const now = new Date(this.deps.now());
    return this.deps.changeProduct(async (tx) => {
      const updated = await tx
        .update(products)
        .set({ archived, updatedAt: now })
        .where(and(eq(products.id, id), eq(products.archived, !archived)))
        .returning({ id: products.id });
      if (updated.length === 1) {
        await recordAudit(
          tx,
          actor,
          {
            action: archived ? 'product.archive' : 'product.restore',
            targetType: 'product',
            targetId: id,
          },
          now,
        );
      }
      return this.detail(id, tx);
    });
  }

  /** Checks and re-encodes an uploaded image (image-upload.ts), then stores it. */
  async uploadImage(
    actor: Actor,
    bytes: Uint8Array,
    contentType: string | undefined,
  ): Promise<UploadedImage> {
    const image = await processUploadedImage(bytes, contentType, this.deps.imageLimits);
    const now = new Date(this.deps.now());
    return this.deps.db.transaction(async (tx) => {
      const name = await storeImage(tx, { slug: 'product', ...image });
      await recordAudit(
        tx,
        actor,
        {
          action: 'image.upload',
          targetType: 'image',
          targetId: name,
          details: { uploadedBytes: bytes.byteLength, width: image.width, height: image.height },
        },
        now,
      );
      const stored = productImage({
        imageName: name,
        imageWidth: image.width,
        imageHeight: image.height,
      });
      if (!stored) throw new Error('an image without a size');
      return { name, ...stored };
    });
  }

  #priceCents(price: string): number {
    const cents = parseDecimal(price);
    if (cents === undefined) throw invalidField('price', 'must be a decimal amount like "75.00"');
    return cents;
  }

  /** The category and image a product names must exist: a clear 400 rather than an FK error. */
  async #checkReferences(tx: Db, body: { categoryId?: string; image?: string | null }) {
    if (body.categoryId !== undefined) {
      const [category] = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(eq(categories.id, body.categoryId));
      if (!category) throw invalidField('categoryId', 'is not a category of the shop');
    }
    if (body.image) {
      const [image] = await tx
        .select({ name: images.name })
        .from(images)
        .where(eq(images.name, body.image));
      if (!image) throw invalidField('image', 'is not an uploaded image');
    }
  }

  #product(
    row: ProductRow,
    stock: VariantSummary | undefined,
    option: string | null,
  ): AdminProduct {
    return {
      id: row.id,
      title: row.title,
      category: { id: row.categoryId, name: row.categoryName },
      price: money(row.priceCents, row.currency),
      stock: stock?.stock ?? 0,
      lowStock: stock?.lowStock ?? false,
      availability: {
        variants: stock?.variants ?? 0,
        soldOut: stock ? stock.variants - stock.inStock : 0,
        option,
      },
      image: productImage(row),
      archived: row.archived,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** The name of a product's only option (Size): the list says "2 of 6 sizes out". */
const onlyOption = (options: { name: string }[] = []) =>
  options.length === 1 ? (options[0]?.name ?? null) : null;

/**
 * A changed field for the audit log: short values as from/to; long text (description, specs)
 * only as "changed", so the log stays readable and small.
 */
function describe(field: string, before: Record<string, unknown>, after: unknown): unknown {
  if (field === 'description' || field === 'specs') return 'changed';
  if (field === 'priceCents') {
    return { from: formatCents(before.priceCents as number), to: formatCents(after as number) };
  }
  return { from: before[field] ?? null, to: after ?? null };
}
