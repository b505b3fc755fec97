import { variantGrid, variantId } from '../../modules/catalog/variants.js';
import type { ProductSeed } from './catalog-data.js';
import type { ProductArt } from './product-art.js';

/**
 * The demo catalog's options and variants: jerseys and apparel in XS–2XL, boots and shoes in
 * their UK or US sizes, one jersey and one yoga mat in two colours, with believable uneven
 * stock (some sizes sold out, some low). Everything here is a pure function of the product
 * seeds, so every database seeds the same SKUs and stock.
 */

export interface OptionSeed {
  name: string;
  values: string[];
}

export interface VariantSeed {
  id: string;
  sku: string;
  values: string[];
  /** A price override (the 2XL of a jersey costs more), or null for the product's price. */
  priceCents: number | null;
  stock: number;
  position: number;
  /** Its own art (a colour's), rendered as the variant's image, and that image's slug. */
  art: { slug: string; art: ProductArt } | null;
}

const APPAREL = ['XS', 'S', 'M', 'L', 'XL', '2XL'];
/** What the larger apparel sizes cost on top of the product's price. */
const LARGE_SIZE_SURCHARGE_CENTS: Record<string, number> = { '2XL': 300, '3XL': 500 };

/** "UK 6", "UK 6.5", ... "UK 12" (step 0.5), or whole sizes only (step 1). */
function sizeRun(prefix: string, from: number, to: number, step: number): string[] {
  const sizes: string[] = [];
  for (let size = from; size <= to; size += step) sizes.push(`${prefix}${size}`);
  return sizes;
}

/** Products sold in sizes, by id; the other seed products have no options. */
const SIZES: Record<string, string[]> = {
  'strike-pro-fg-football-boots': sizeRun('UK ', 6, 12, 0.5),
  'apex-control-sg-football-boots': sizeRun('UK ', 6, 12, 1),
  'classic-leather-fg-football-boots': sizeRun('UK ', 5, 13, 1),
  'street-turf-football-boots': sizeRun('UK ', 6, 12, 0.5),
  'junior-academy-fg-football-boots': [
    ...sizeRun('Kids UK ', 10, 13, 1),
    ...sizeRun('UK ', 1, 5.5, 0.5),
  ],
  'aero-road-running-shoes': sizeRun('US M', 7, 13, 0.5),
  'ridgeline-trail-running-shoes': sizeRun('UK ', 6, 12, 0.5),
  'tempo-carbon-racing-shoes': sizeRun('UK ', 6, 12, 0.5),
  'skyline-high-top-basketball-shoes': sizeRun('US M', 6, 15, 1),
  'featherlight-running-tee': APPAREL,
  'stride-running-shorts': APPAREL,
  'breeze-running-singlet': APPAREL,
  'court-classic-tennis-polo': APPAREL.slice(1),
  'aeroshell-road-helmet': ['S', 'M', 'L'],
  'ridge-trail-mtb-helmet': ['S', 'M', 'L'],
  'pro-team-cycling-jersey': APPAREL,
  'thermal-long-sleeve-cycling-jersey': APPAREL.slice(1),
  'courtside-basketball-jersey': [...APPAREL.slice(1), '3XL'],
  'endurance-swim-jammer': sizeRun('', 28, 40, 2).map((waist) => `${waist} in`),
  'pro-goalkeeper-jersey': APPAREL.slice(1),
};

/** Products sold in colours: each colour's art changes the product's main colour. */
const COLOURS: Record<string, { name: string; hex: string | null }[]> = {
  // null: the product's own art (and image).
  'pro-goalkeeper-jersey': [
    { name: 'Green', hex: null },
    { name: 'Navy', hex: '#1f2a44' },
  ],
  'grip-yoga-mat-6mm': [
    { name: 'Purple', hex: null },
    { name: 'Teal', hex: '#0f9d8f' },
  ],
};

/** The art in another main colour (a jersey's body, a mat's colour). */
function recoloured(art: ProductArt, hex: string): ProductArt {
  if ('body' in art) return { ...art, body: hex };
  if ('color' in art) return { ...art, color: hex };
  throw new Error(`no main colour to change in ${art.kind} art`);
}

/** Stock the demo's stories rely on (tests and docs name them); the rest is hashed. */
export const FIXED_STOCK: Record<string, number> = {
  'portugal-home-jersey-xs': 0,
  'portugal-home-jersey-s': 3,
  'portugal-home-jersey-m': 12,
  'portugal-home-jersey-l': 9,
  'portugal-home-jersey-xl': 0,
  'portugal-home-jersey-2xl': 4,
  'pro-goalkeeper-jersey-m-navy': 7,
  'pro-goalkeeper-jersey-m-green': 9,
  'pro-goalkeeper-jersey-l-green': 0,
  'strike-pro-fg-football-boots-uk-9': 6,
  'strike-pro-fg-football-boots-uk-9-5': 8,
  'strike-pro-fg-football-boots-uk-7': 0,
};

/** FNV-1a: a small stable hash, so "random" stock is the same on every machine. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Uneven stock: about one size in eight sold out, one in six low (1–3), the rest 5–40. */
function stockOf(id: string): number {
  const fixed = FIXED_STOCK[id];
  if (fixed !== undefined) return fixed;
  const h = hash(id);
  const bucket = h % 100;
  if (bucket < 12) return 0;
  if (bucket < 28) return 1 + ((h >>> 8) % 3);
  return 5 + ((h >>> 8) % 36);
}

/** The SKU stem of the n-th seed product: IC-10001, IC-10002, ... */
function skuStem(index: number): string {
  return `IC-${10001 + index}`;
}

const skuPart = (value: string) =>
  value
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '')
    .replace(/^$/, 'X');

function isJersey(seed: ProductSeed): boolean {
  return seed.categoryId === 'football-jerseys';
}

/** A seed product's options: Size (jerseys, apparel, footwear), Colour, or none. */
export function optionsOf(seed: ProductSeed): OptionSeed[] {
  const sizes = SIZES[seed.id] ?? (isJersey(seed) ? APPAREL : undefined);
  const colours = COLOURS[seed.id];
  return [
    ...(sizes ? [{ name: 'Size', values: sizes }] : []),
    ...(colours ? [{ name: 'Colour', values: colours.map((c) => c.name) }] : []),
  ];
}

/**
 * A seed product's variants: its default one (id = product id, the product's stock) without
 * options, else one per combination with hashed or fixed stock.
 */
export function variantsOf(seed: ProductSeed, index: number): VariantSeed[] {
  const options = optionsOf(seed);
  if (options.length === 0) {
    return [
      {
        id: seed.id,
        sku: skuStem(index),
        values: [],
        priceCents: null,
        stock: seed.stock,
        position: 0,
        art: null,
      },
    ];
  }
  const colours = COLOURS[seed.id] ?? [];
  return variantGrid(options).map((values, position) => {
    const id = variantId(seed.id, values);
    const colour = colours.find((c) => values.includes(c.name));
    const surcharge =
      options[0]?.name === 'Size' ? LARGE_SIZE_SURCHARGE_CENTS[values[0] ?? ''] : undefined;
    return {
      id,
      sku: [skuStem(index), ...values.map(skuPart)].join('-'),
      values,
      priceCents: surcharge === undefined ? null : seed.priceCents + surcharge,
      stock: stockOf(id),
      position,
      art: colour?.hex
        ? { slug: variantId(seed.id, [colour.name]), art: recoloured(seed.art, colour.hex) }
        : null,
    };
  });
}
