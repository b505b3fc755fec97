import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { formatCents, money, parseDecimal } from '../../lib/money.js';
import type { ProductChanges } from '../catalog/answer-cache.js';
import { productImage } from '../catalog/service.js';
import {
  MAX_VARIANT_ID_LENGTH,
  productOptions,
  products,
  productVariants,
} from '../catalog/tables.js';
import {
  optionsOf,
  refreshPriceFrom,
  valueSlug,
  valuesOf,
  variantGrid,
  variantId,
  variantLabel,
  variantRowsOf,
} from '../catalog/variants.js';
import { type Actor, recordAudit } from './audit.js';
import type {
  AdjustStockBody,
  AdminProductDetail,
  AdminVariant,
  SetOptionsBody,
  SetStockBody,
  UpdateVariantBody,
} from './schemas.js';
import { MAX_STOCK } from './schemas.js';

/** A grid larger than this is a mistake (100 sizes × 100 colours), not a product. */
export const MAX_VARIANTS = 250;
const SKU_LENGTH = 64;

type Option = { name: string; values: string[] };
type Tuple = [string | null, string | null, string | null];

export interface VariantAdminDeps {
  /** Product changes: their transaction, then the word to every instance's catalog answers. */
  changeProduct: ProductChanges;
  now: () => number;
  /** The product answer every change returns, read in the change's transaction. */
  detail: (productId: string, tx: Db) => Promise<AdminProductDetail>;
}

const noSuchProduct = () => new HttpError(404, 'not_found', 'There is no such product.');
const noSuchVariant = () => new HttpError(404, 'not_found', 'There is no such variant.');
const invalid = (path: string, message: string) =>
  new HttpError(400, 'invalid_request', `${path} ${message}`, [{ path, message }]);

/** The SKU a product's default variant gets when none is given: its id, upper case. */
export function defaultSku(productId: string): string {
  return productId.toUpperCase().slice(0, SKU_LENGTH).replace(/-+$/, '');
}

/** The variants' columns for `values`: option1..3 in order, null where unused. */
const tupleOf = (values: readonly string[]): Tuple => [
  values[0] ?? null,
  values[1] ?? null,
  values[2] ?? null,
];
const tupleKey = (values: readonly string[]) => JSON.stringify(tupleOf(values));

/**
 * `wanted` made unique against `taken` (and against each other) by a `-2`, `-3`... suffix, cut
 * to `max` characters: ids and SKUs are unique in the whole shop, and a generated one may meet
 * another product's (`ball` + `pro` is `ball-pro`, maybe a product of its own).
 */
function uniquely(wanted: string[], taken: Set<string>, max: number): string[] {
  return wanted.map((base) => {
    const cut = (length: number) => base.slice(0, length).replace(/-+$/, '');
    let candidate = cut(max);
    for (let n = 2; taken.has(candidate); n++)
      candidate = `${cut(max - 1 - String(n).length)}-${n}`;
    taken.add(candidate);
    return candidate;
  });
}

/** The options as given, trimmed, with the rules a schema cannot say. */
function checkedOptions(body: SetOptionsBody): Option[] {
  const options = body.options.map((option) => ({
    name: option.name.trim(),
    values: option.values.map((value) => value.trim()),
  }));
  const names = new Set<string>();
  options.forEach((option, i) => {
    const name = option.name.toLowerCase();
    if (names.has(name)) {
      throw invalid(`body/options/${i}/name`, `"${option.name}" is already an option`);
    }
    names.add(name);
    // Variant ids are made of the values' slugs: "UK 9.5" and "uk 9-5" would be one variant.
    const slugs = new Map<string, string>();
    for (const value of option.values) {
      const same = slugs.get(valueSlug(value));
      if (same !== undefined) {
        throw invalid(
          `body/options/${i}/values`,
          same === value ? `has "${value}" twice` : `has "${same}" and "${value}", too alike`,
        );
      }
      slugs.set(valueSlug(value), value);
    }
  });
  const size = options.reduce((n, option) => n * option.values.length, 1);
  if (size > MAX_VARIANTS) {
    throw invalid('body/options', `make ${size} variants; at most ${MAX_VARIANTS} are allowed`);
  }
  return options;
}

/** "Size: S, M · Colour: Red, Blue" for the audit log; "none" without options. */
const describeOptions = (options: readonly Option[]) =>
  options.map((o) => `${o.name}: ${o.values.join(', ')}`).join(' · ') || 'none';

/** Every variant of a product, in shop order, archived ones last. */
export async function variantsOf(
  db: Db,
  productId: string,
  options: readonly Option[],
  lowStockThreshold: number,
): Promise<AdminVariant[]> {
  const rows = await variantRowsOf(db, productId, { includeArchived: true });
  const names = options.map((o) => o.name);
  return rows.map(({ variant, priceCents, currency, ...image }) => ({
    id: variant.id,
    sku: variant.sku,
    values: valuesOf(variant),
    label: variantLabel(names, valuesOf(variant)),
    priceOverride: variant.priceCents === null ? null : money(variant.priceCents, currency),
    price: money(priceCents, currency),
    stock: variant.stock,
    lowStock: variant.stock <= lowStockThreshold,
    archived: variant.archived,
    image: productImage(image),
  }));
}

/** The list's low-stock filter: a variant for sale at or below `threshold`. */
export const lowStockWhere = (threshold: number): SQL =>
  sql`exists (select 1 from ${productVariants} v where v.product_id = ${products.id}
    and not v.archived and v.stock <= ${threshold})`;

/**
 * The admin's side of variants: a product's options and the variant grid made from them, a
 * variant's SKU, price and sale, and stock per variant (counts, adjustments, the bulk count of
 * a product with options). Each change, its audit entry and the product's "from" price are
 * one transaction.
 */
export class VariantAdmin {
  constructor(private readonly deps: VariantAdminDeps) {}

  /**
   * Defines a product's options and makes its variant grid: every combination is a variant.
   * A combination that exists already keeps its id, SKU, stock and price (and goes back on sale
   * if it was archived because its value had been removed; one archived by itself stays
   * archived); one that is gone is archived, never deleted (orders name it).
   * Variants are matched by their values in option order, so renaming an option keeps them
   * while reordering the options makes new ones. Going from no options to some archives the
   * default variant, which is refused while it holds stock: those units have no size, so the
   * admin counts them into the new variants first (409 `stock_on_hand`).
   */
  async setOptions(
    actor: Actor,
    productId: string,
    body: SetOptionsBody,
  ): Promise<AdminProductDetail> {
    const options = checkedOptions(body);
    const now = new Date(this.deps.now());
    return this.deps.changeProduct(async (tx) => {
      const [product] = await tx
        .select({ id: products.id })
        .from(products)
        .where(eq(products.id, productId))
        .for('update');
      if (!product) throw noSuchProduct();
      const before = (await optionsOf(tx, [productId])).get(productId) ?? [];
      const existing = await tx
        .select()
        .from(productVariants)
        .where(eq(productVariants.productId, productId))
        .orderBy(asc(productVariants.id))
        .for('update');
      if (JSON.stringify(before) === JSON.stringify(options))
        return this.deps.detail(productId, tx);

      const grid = variantGrid(options);
      const wanted = new Set(grid.map(tupleKey));
      const byTuple = new Map(existing.map((v) => [tupleKey(valuesOf(v)), v]));
      const gone = existing.filter((v) => !v.archived && !wanted.has(tupleKey(valuesOf(v))));
      const holding = gone.find((v) => v.stock > 0 && valuesOf(v).length === 0);
      if (holding) {
        throw new HttpError(
          409,
          'stock_on_hand',
          `Its ${holding.stock} units on hand have no ${options[0]?.name ?? 'option'}: set its stock to 0 first, then count them into the new variants.`,
        );
      }

      const fresh = grid.filter((values) => !byTuple.has(tupleKey(values)));
      const ids = await this.#unique(
        tx,
        productVariants.id,
        fresh.map((values) => variantId(productId, values)),
        MAX_VARIANT_ID_LENGTH,
      );
      const base = skuBase(productId, existing);
      const skus = await this.#unique(
        tx,
        productVariants.sku,
        fresh.map((values) => [base, ...values.map(valueSlug)].join('-').toUpperCase()),
        SKU_LENGTH,
      );
      // A combination coming back (its value was removed before) goes back on sale; one the
      // admin archived by itself while it stayed in the grid stays archived.
      const previous = new Set(variantGrid(before).map(tupleKey));
      let restored = 0;
      for (const [position, values] of grid.entries()) {
        const known = byTuple.get(tupleKey(values));
        if (!known) continue;
        const back = known.archived && !previous.has(tupleKey(values));
        if (back) restored++;
        if (back || known.position !== position) {
          await tx
            .update(productVariants)
            .set({ archived: known.archived && !back, position, updatedAt: now })
            .where(eq(productVariants.id, known.id));
        }
      }
      if (fresh.length > 0) {
        await tx.insert(productVariants).values(
          fresh.map((values, i) => {
            const [option1, option2, option3] = tupleOf(values);
            return {
              id: ids[i] as string,
              productId,
              sku: skus[i] as string,
              option1,
              option2,
              option3,
              stock: 0,
              position: grid.findIndex((v) => tupleKey(v) === tupleKey(values)),
              createdAt: now,
              updatedAt: now,
            };
          }),
        );
      }
      if (gone.length > 0) {
        await tx
          .update(productVariants)
          .set({ archived: true, updatedAt: now })
          .where(
            inArray(
              productVariants.id,
              gone.map((v) => v.id),
            ),
          );
      }
      await tx.delete(productOptions).where(eq(productOptions.productId, productId));
      if (options.length > 0) {
        await tx
          .insert(productOptions)
          .values(options.map((o, i) => ({ productId, position: i + 1, ...o })));
      }
      await requireVariantForSale(tx, productId);
      await refreshPriceFrom(tx, productId);
      await recordAudit(
        tx,
        actor,
        {
          action: 'product.options',
          targetType: 'product',
          targetId: productId,
          details: {
            options: { from: describeOptions(before), to: describeOptions(options) },
            added: fresh.length,
            restored,
            archived: gone.length,
          },
        },
        now,
      );
      return this.deps.detail(productId, tx);
    });
  }

  /** A variant's SKU, price override and sale; only the fields given change. */
  async update(actor: Actor, id: string, changes: UpdateVariantBody): Promise<AdminProductDetail> {
    const priceCents =
      changes.price === undefined || changes.price === null
        ? changes.price
        : parseDecimal(changes.price);
    if (priceCents === undefined && changes.price !== undefined) {
      throw invalid('body/price', 'must be a decimal amount like "75.00"');
    }
    const now = new Date(this.deps.now());
    return this.deps.changeProduct(async (tx) => {
      const found = await this.#locked(tx, id);
      const { variant, label, options } = found;
      const edits: Record<string, { from: unknown; to: unknown }> = {};
      if (changes.sku !== undefined && changes.sku !== variant.sku) {
        const [other] = await tx
          .select({ id: productVariants.id })
          .from(productVariants)
          .where(eq(productVariants.sku, changes.sku));
        if (other) {
          throw new HttpError(409, 'sku_taken', `The SKU ${changes.sku} is already in use.`, [
            { path: 'body/sku', message: 'is the SKU of another variant' },
          ]);
        }
        edits.sku = { from: variant.sku, to: changes.sku };
      }
      if (priceCents !== undefined && priceCents !== variant.priceCents) {
        const shown = (cents: number | null) =>
          cents === null ? 'base price' : formatCents(cents);
        edits.price = { from: shown(variant.priceCents), to: shown(priceCents) };
      }
      const archiving = changes.archived !== undefined && changes.archived !== variant.archived;
      if (archiving && changes.archived === true && valuesOf(variant).length === 0) {
        throw new HttpError(
          409,
          'default_variant',
          'This is the only variant of a product without options: archive the product instead.',
        );
      }
      if (archiving && changes.archived === false && !inGrid(valuesOf(variant), options)) {
        throw new HttpError(
          409,
          'not_in_options',
          `${label || 'This variant'} is no longer one of the product's options: add its values back to the options instead.`,
        );
      }
      if (Object.keys(edits).length === 0 && !archiving)
        return this.deps.detail(variant.productId, tx);
      await tx
        .update(productVariants)
        .set({
          ...(edits.sku ? { sku: changes.sku } : {}),
          ...(edits.price ? { priceCents } : {}),
          ...(archiving ? { archived: changes.archived } : {}),
          updatedAt: now,
        })
        .where(eq(productVariants.id, id));
      const about = { ...found.about, sku: changes.sku ?? variant.sku };
      const audit = (action: 'variant.update' | 'variant.archive' | 'variant.restore', more = {}) =>
        recordAudit(
          tx,
          actor,
          {
            action,
            targetType: 'product',
            targetId: variant.productId,
            details: { ...about, ...more },
          },
          now,
        );
      if (Object.keys(edits).length > 0) await audit('variant.update', { changes: edits });
      if (archiving) await audit(changes.archived ? 'variant.archive' : 'variant.restore');
      if (archiving) await requireVariantForSale(tx, variant.productId);
      if (edits.price || archiving) await refreshPriceFrom(tx, variant.productId);
      return this.deps.detail(variant.productId, tx);
    });
  }

  /** A stock count of one variant: its units on hand are now exactly `stock`. */
  async setStock(actor: Actor, id: string, body: SetStockBody): Promise<AdminProductDetail> {
    return this.deps.changeProduct((tx) => this.#setStock(tx, actor, id, body));
  }

  /**
   * Adds or removes units of one variant relative to what is on hand now, so it cannot undo
   * sales made meanwhile (unlike a count); one conditional update, never below zero.
   */
  async adjustStock(actor: Actor, id: string, body: AdjustStockBody): Promise<AdminProductDetail> {
    return this.deps.changeProduct((tx) => this.#adjustStock(tx, actor, id, body));
  }

  /**
   * The product-level count: a product without options counts its one (default) variant; one
   * with options sets every variant for sale to `stock` ("set stock for all sizes"), in one
   * audit entry that lists each variant's count before.
   */
  async setProductStock(
    actor: Actor,
    productId: string,
    body: SetStockBody,
  ): Promise<AdminProductDetail> {
    return this.deps.changeProduct(async (tx) => {
      const product = await this.#product(tx, productId);
      if (product.options.length === 0) return this.#setStock(tx, actor, productId, body);
      const forSale = and(
        eq(productVariants.productId, productId),
        eq(productVariants.archived, false),
      );
      // Locked in id order, as every stock change locks them.
      const before = await tx
        .select()
        .from(productVariants)
        .where(forSale)
        .orderBy(asc(productVariants.id))
        .for('update');
      if (before.length === 0) {
        throw new HttpError(409, 'no_variants', 'This product has no variant for sale to count.');
      }
      const now = new Date(this.deps.now());
      await tx.update(productVariants).set({ stock: body.stock, updatedAt: now }).where(forSale);
      const names = product.options.map((o) => o.name);
      await recordAudit(
        tx,
        actor,
        {
          action: 'stock.bulk_set',
          targetType: 'product',
          targetId: productId,
          details: {
            title: product.title,
            to: body.stock,
            reason: body.reason,
            variants: before
              .sort((a, b) => a.position - b.position)
              .map((v) => ({
                variantId: v.id,
                sku: v.sku,
                variant: variantLabel(names, valuesOf(v)),
                from: v.stock,
              })),
          },
        },
        now,
      );
      return this.deps.detail(productId, tx);
    });
  }

  /**
   * The product-level adjustment: a product without options adjusts its default variant; one
   * with options must say which variant received or lost the units (409 `variant_required`).
   */
  async adjustProductStock(
    actor: Actor,
    productId: string,
    body: AdjustStockBody,
  ): Promise<AdminProductDetail> {
    return this.deps.changeProduct(async (tx) => {
      const product = await this.#product(tx, productId);
      if (product.options.length > 0) {
        throw new HttpError(
          409,
          'variant_required',
          'This product has options: adjust the stock of one of its variants instead.',
        );
      }
      return this.#adjustStock(tx, actor, productId, body);
    });
  }

  async #setStock(tx: Db, actor: Actor, id: string, body: SetStockBody) {
    const now = new Date(this.deps.now());
    const { variant, about } = await this.#locked(tx, id);
    await tx
      .update(productVariants)
      .set({ stock: body.stock, updatedAt: now })
      .where(eq(productVariants.id, id));
    await recordAudit(
      tx,
      actor,
      {
        action: 'stock.set',
        targetType: 'product',
        targetId: variant.productId,
        details: {
          ...about,
          from: variant.stock,
          to: body.stock,
          reason: body.reason,
        },
      },
      now,
    );
    return this.deps.detail(variant.productId, tx);
  }

  async #adjustStock(tx: Db, actor: Actor, id: string, body: AdjustStockBody) {
    const now = new Date(this.deps.now());
    const [after] = await tx
      .update(productVariants)
      .set({ stock: sql`${productVariants.stock} + ${body.delta}`, updatedAt: now })
      .where(
        and(
          eq(productVariants.id, id),
          sql`${productVariants.stock} + ${body.delta} between 0 and ${MAX_STOCK}`,
        ),
      )
      .returning({ stock: productVariants.stock });
    const { variant, about } = await this.#locked(tx, id);
    if (!after) {
      const error = new HttpError(
        409,
        'insufficient_stock',
        body.delta < 0
          ? `Only ${variant.stock} units are on hand; ${-body.delta} cannot be removed.`
          : `Stock cannot exceed ${MAX_STOCK} units.`,
      );
      error.available = variant.stock;
      throw error;
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'stock.adjust',
        targetType: 'product',
        targetId: variant.productId,
        details: {
          ...about,
          delta: body.delta,
          from: after.stock - body.delta,
          to: after.stock,
          reason: body.reason,
        },
      },
      now,
    );
    return this.deps.detail(variant.productId, tx);
  }

  /** A product's title and options, or 404. */
  async #product(tx: Db, productId: string) {
    const [product] = await tx
      .select({ title: products.title })
      .from(products)
      .where(eq(products.id, productId));
    if (!product) throw noSuchProduct();
    return {
      title: product.title,
      options: (await optionsOf(tx, [productId])).get(productId) ?? [],
    };
  }

  /** A variant, its row locked, with what the audit log names it by. */
  async #locked(tx: Db, id: string) {
    const [row] = await tx
      .select({ variant: productVariants, title: products.title })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(eq(productVariants.id, id))
      .for('update', { of: productVariants });
    if (!row) throw noSuchVariant();
    const options = (await optionsOf(tx, [row.variant.productId])).get(row.variant.productId) ?? [];
    const label = variantLabel(
      options.map((o) => o.name),
      valuesOf(row.variant),
    );
    // What every audit entry about the variant names it by.
    const about = { title: row.title, variant: label, variantId: id, sku: row.variant.sku };
    return { variant: row.variant, label, options, about };
  }

  /** `wanted` values of a unique column, made unique against the rows that hold it now. */
  async #unique(
    tx: Db,
    column: typeof productVariants.id | typeof productVariants.sku,
    wanted: string[],
    max: number,
  ): Promise<string[]> {
    if (wanted.length === 0) return [];
    // Suffixed candidates start with their base: one prefix query finds every clash.
    const prefixes: SQL[] = [...new Set(wanted)].map(
      (w) => sql`${column} like ${`${w.slice(0, max - 4).replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    );
    const rows = await tx
      .select({ value: column })
      .from(productVariants)
      .where(sql.join(prefixes, sql` or `));
    return uniquely(wanted, new Set(rows.map((r) => r.value)), max);
  }
}

/**
 * Refuses (inside the change's transaction, which then rolls back) a change after which the
 * product has no variant for sale: a product for sale always has one, which is what lets the
 * catalog list products without looking at their variants. Archive the product instead.
 */
async function requireVariantForSale(tx: Db, productId: string): Promise<void> {
  const [forSale] = await tx
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(and(eq(productVariants.productId, productId), eq(productVariants.archived, false)))
    .limit(1);
  if (!forSale) {
    throw new HttpError(
      409,
      'last_variant',
      'This would leave the product with no variant for sale: archive the product instead, or restore another variant first.',
    );
  }
}

/** Whether `values` is still a combination of the product's options. */
function inGrid(values: readonly string[], options: readonly Option[]): boolean {
  return values.length === options.length && values.every((v, i) => options[i]?.values.includes(v));
}

/**
 * What generated SKUs start with: the default variant's SKU (IC-10023), else an existing
 * variant's without its values (IC-10023-M is IC-10023), else the product id upper-cased.
 */
function skuBase(
  productId: string,
  existing: {
    sku: string;
    option1: string | null;
    option2: string | null;
    option3: string | null;
  }[],
): string {
  const plain = existing.find((v) => valuesOf(v).length === 0);
  if (plain) return plain.sku;
  for (const v of existing) {
    const suffix = `-${valuesOf(v).map(valueSlug).join('-').toUpperCase()}`;
    if (v.sku.endsWith(suffix) && v.sku.length > suffix.length)
      return v.sku.slice(0, -suffix.length);
  }
  return defaultSku(productId);
}
