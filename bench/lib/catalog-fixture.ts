import type { App } from '@ironcart/server';
import { sql } from 'drizzle-orm';

type Db = App['database']['db'];

/**
 * A generated catalog for the catalog benchmark (not the demo seed): `count` products in eight
 * categories, made by the database itself (multi-row INSERT ... SELECT generate_series), so
 * 100,000 rows take seconds. Titles and descriptions are drawn from word lists by a hash of the
 * row number: the same catalog on every run, with the search document, the GIN index and the
 * keyset indexes maintained as the store maintains them.
 *
 * One product in three is sold in six sizes (XS to 2XL, one variant each, stock hashed per size,
 * some sold out); the others have their one default variant. At 100,000 products that is
 * 266,665 variant rows (33,333 × 6 + 66,667), what a clothing-heavy shop holds.
 *
 * Words the benchmark relies on:
 * - `jersey`: one of the twelve product nouns, so in about 1/12 of the titles (a common word);
 * - `zephyr`: only in the titles of products 1 to {@link RARE_WORD_PRODUCTS}, at every size
 *   (a rare word: the same number of matches whatever the catalog size).
 */
export const COMMON_WORD = 'jersey';
export const RARE_WORD = 'zephyr';
export const RARE_WORD_PRODUCTS = 20;

const CATEGORIES = [
  'football',
  'running',
  'tennis',
  'cycling',
  'fitness',
  'swimming',
  'basketball',
  'outdoor',
];
const ADJECTIVES = [
  'Pro',
  'Classic',
  'Elite',
  'Junior',
  'Ultra',
  'Street',
  'Trail',
  'Aero',
  'Club',
  'Match',
  'Tempo',
  'Storm',
  'Rapid',
  'Summit',
];
const COLOURS = [
  'Red',
  'Blue',
  'Green',
  'Black',
  'White',
  'Navy',
  'Orange',
  'Grey',
  'Yellow',
  'Teal',
];
const NOUNS = [
  'Jersey',
  'Boots',
  'Ball',
  'Racket',
  'Helmet',
  'Shorts',
  'Shoes',
  'Bottle',
  'Mat',
  'Gloves',
  'Cap',
  'Bag',
];
const USES = ['training', 'match', 'racing', 'indoor', 'outdoor', 'recovery', 'endurance'];
const MATERIALS = [
  'recycled polyester',
  'full-grain leather',
  'breathable mesh',
  'natural rubber',
  'carbon fibre',
  'organic cotton',
];

const BATCH = 25_000;
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '2XL'];
/** Products g with g % SIZED_EVERY = 0 are sold in SIZES. */
const SIZED_EVERY = 3;

const list = (words: readonly string[]) =>
  `array[${words.map((w) => `'${w.replaceAll("'", "''")}'`).join(', ')}]`;
/** A word of `words` picked by a hash of `g` and a salt: deterministic, evenly spread. */
const pick = (words: readonly string[], salt: number) =>
  `(${list(words)})[1 + mod(hashint4(g * 31 + ${salt})::bigint + 2147483648, ${words.length})]`;
const draw = (salt: number, modulus: number) =>
  `mod(hashint4(g * 17 + ${salt})::bigint + 2147483648, ${modulus})`;

export interface FixtureResult {
  /** Products in the catalog now. */
  products: number;
  /** Their variants (rows of product_variants). */
  variants: number;
  /** Products this call added. */
  added: number;
  /** This call: inserts, search documents, indexes, ANALYZE. */
  seconds: number;
  /**
   * Median time of `select count(*)` over the products for sale, in the server process (no HTTP,
   * no channel): what `total` costs a listing without filters.
   */
  countMs: number;
}

/** Adds the generated products `from` to `count` (all of them by default). */
export async function generateCatalog(db: Db, count: number, from = 1): Promise<FixtureResult> {
  const started = performance.now();
  await db.execute(
    sql.raw(
      `insert into categories (id, name, description, sort_order) values ${CATEGORIES.map(
        (id, i) => `('${id}', '${id[0]?.toUpperCase()}${id.slice(1)}', 'Bench category', ${i})`,
      ).join(', ')} on conflict do nothing`,
    ),
  );
  for (let first = from; first <= count; first += BATCH) {
    const last = Math.min(count, first + BATCH - 1);
    await db.execute(
      sql.raw(`
        insert into products
          (id, title, description, specs, category_id, price_cents, price_from_cents, created_at,
           updated_at)
        select
          'bench-' || g,
          ${pick(ADJECTIVES, 1)} || ' ' || ${pick(COLOURS, 2)} || ' ' || ${pick(NOUNS, 3)}
            || case when g <= ${RARE_WORD_PRODUCTS} then ' ${RARE_WORD[0]?.toUpperCase()}${RARE_WORD.slice(1)}' else '' end
            || ' ' || g,
          'A ' || ${pick(USES, 4)} || ' piece in ' || ${pick(MATERIALS, 5)} || ' for '
            || ${pick(CATEGORIES, 6)} || ', made to last a season of ' || ${pick(USES, 7)}
            || '. Model ' || g || '.',
          '[{"name":"Model","value":"bench"}]'::jsonb,
          ${pick(CATEGORIES, 8)},
          500 + ${draw(9, 50_000)},
          500 + ${draw(9, 50_000)},
          now() - ${draw(11, 525_600)} * interval '1 minute',
          now()
        from generate_series(${first}, ${last}) as g
      `),
    );
    const range = `generate_series(${first}, ${last}) as g`;
    await db.execute(
      sql.raw(`
        insert into product_options (product_id, position, name, values)
        select 'bench-' || g, 1, 'Size', ${list(SIZES)}
        from ${range} where mod(g, ${SIZED_EVERY}) = 0
      `),
    );
    await db.execute(
      sql.raw(`
        insert into product_variants (id, product_id, sku, option1, stock, position)
        select 'bench-' || g, 'bench-' || g, 'BENCH-' || g, null, ${draw(10, 40)}, 0
        from ${range} where mod(g, ${SIZED_EVERY}) <> 0
        union all
        select 'bench-' || g || '-' || lower(size), 'bench-' || g, 'BENCH-' || g || '-' || size,
          size, mod(hashint4(g * 13 + position::int)::bigint + 2147483648, 40), position
        from ${range}, unnest(${list(SIZES)}) with ordinality as s(size, position)
        where mod(g, ${SIZED_EVERY}) = 0
      `),
    );
  }
  await db.execute(sql`analyze products`);
  await db.execute(sql`analyze product_variants`);
  const [variants] = (
    (await db.execute(sql`select count(*)::int as n from product_variants`)) as unknown as {
      rows: { n: number }[];
    }
  ).rows;
  const seconds = (performance.now() - started) / 1000;
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await db.execute(sql`select count(*) from products where archived = false`);
    counts.push(performance.now() - start);
  }
  counts.sort((a, b) => a - b);
  return {
    products: count,
    variants: variants?.n ?? 0,
    added: count - from + 1,
    seconds,
    countMs: counts[2] ?? Number.NaN,
  };
}
