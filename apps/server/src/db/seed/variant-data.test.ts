import { describe, expect, test } from 'vitest';
import { SKU_PATTERN } from '../../modules/catalog/tables.js';
import { products } from './catalog-data.js';
import { FIXED_STOCK, optionsOf, variantsOf } from './variant-data.js';

const variants = products.flatMap((seed, index) => variantsOf(seed, index));

describe('the demo catalog in sizes and colours', () => {
  test('every variant id and SKU is unique, and every SKU is well formed', () => {
    expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    for (const { sku } of variants) expect(sku).toMatch(new RegExp(SKU_PATTERN));
  });

  test('jerseys come in XS to 2XL, boots in UK half sizes, one jersey in two colours', () => {
    const seed = (id: string) => products.find((p) => p.id === id) ?? products[0];
    const names = (id: string) => optionsOf(seed(id) as (typeof products)[number]);
    expect(names('portugal-home-jersey')).toEqual([
      { name: 'Size', values: ['XS', 'S', 'M', 'L', 'XL', '2XL'] },
    ]);
    expect(names('strike-pro-fg-football-boots')[0]?.values).toContain('UK 9.5');
    expect(names('pro-goalkeeper-jersey').map((o) => o.name)).toEqual(['Size', 'Colour']);
    expect(names('match-pro-football')).toEqual([]);
    const jerseys = products.filter((p) => p.categoryId === 'football-jerseys');
    for (const jersey of jerseys) expect(optionsOf(jersey)[0]?.name, jersey.id).toBe('Size');
  });

  test('stock is uneven: sizes sold out, sizes low, most in stock; the named stories hold', () => {
    const sized = variants.filter((v) => v.values.length > 0);
    const share = (test: (stock: number) => boolean) =>
      sized.filter((v) => test(v.stock)).length / sized.length;
    expect(share((s) => s === 0)).toBeGreaterThan(0.05);
    expect(share((s) => s >= 1 && s <= 3)).toBeGreaterThan(0.05);
    expect(share((s) => s > 5)).toBeGreaterThan(0.5);
    const byId = new Map(variants.map((v) => [v.id, v]));
    for (const [id, stock] of Object.entries(FIXED_STOCK)) {
      expect(byId.get(id)?.stock, id).toBe(stock);
    }
  });

  test('a 2XL costs more; a colour other than the first has its own art', () => {
    const jersey = products.findIndex((p) => p.id === 'portugal-home-jersey');
    const [xs, , , , , xxl] = variantsOf(products[jersey] as (typeof products)[number], jersey);
    expect(xs?.priceCents).toBeNull();
    expect(xxl?.priceCents).toBe((products[jersey]?.priceCents ?? 0) + 300);
    const navy = variants.find((v) => v.id === 'pro-goalkeeper-jersey-m-navy');
    const green = variants.find((v) => v.id === 'pro-goalkeeper-jersey-m-green');
    expect(navy?.art?.slug).toBe('pro-goalkeeper-jersey-navy');
    expect(green?.art).toBeNull();
  });
});
