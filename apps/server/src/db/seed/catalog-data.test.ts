import { describe, expect, test } from 'vitest';
import { categories, products } from './catalog-data.js';
import { PRODUCT_IMAGE_HEIGHT, PRODUCT_IMAGE_WIDTH, renderProductSvg } from './product-art.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Minimal XML tag-balance checker: every opening tag must be closed in order, self-closing
 * tags are fine, and there must be exactly one root element. Returns an error message or null.
 */
function tagBalanceError(xml: string): string | null {
  const stack: string[] = [];
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*(\/?)>/g;
  let roots = 0;
  let last = 0;
  for (let m = tagRe.exec(xml); m !== null; m = tagRe.exec(xml)) {
    const between = xml.slice(last, m.index);
    if (between.includes('<') || between.includes('>')) {
      return `unparsed markup near offset ${last}: ${JSON.stringify(between.slice(0, 60))}`;
    }
    last = tagRe.lastIndex;
    const [, closing, name = '', , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
    } else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name);
    } else if (stack.length === 0) {
      roots += 1;
    }
  }
  const tail = xml.slice(last);
  if (tail.includes('<') || tail.includes('>'))
    return `unparsed trailing markup: ${tail.slice(0, 60)}`;
  if (stack.length) return `unclosed tags: ${stack.join(', ')}`;
  if (roots !== 1) return `expected one root element, found ${roots}`;
  return null;
}

/** Collects every colour string found in a product's art description. */
function artColors(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('#') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(artColors);
  if (value && typeof value === 'object') return Object.values(value).flatMap(artColors);
  return [];
}

describe('catalog data', () => {
  test('has enough categories and products', () => {
    expect(categories.length).toBeGreaterThanOrEqual(8);
    expect(products.length).toBeGreaterThanOrEqual(48);
  });

  test('category ids are unique slugs with names and descriptions', () => {
    const ids = categories.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of categories) {
      expect(c.id).toMatch(SLUG);
      expect(c.name.trim()).not.toBe('');
      expect(c.description.trim()).not.toBe('');
      expect(Number.isInteger(c.sortOrder)).toBe(true);
    }
    expect(new Set(categories.map((c) => c.sortOrder)).size).toBe(categories.length);
  });

  test('product ids are unique slugs', () => {
    const ids = products.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(SLUG);
  });

  test('every product belongs to an existing category', () => {
    const known = new Set(categories.map((c) => c.id));
    for (const p of products)
      expect(known.has(p.categoryId), `${p.id} -> ${p.categoryId}`).toBe(true);
  });

  test('every category has at least 3 products', () => {
    for (const c of categories) {
      const n = products.filter((p) => p.categoryId === c.id).length;
      expect(n, c.id).toBeGreaterThanOrEqual(3);
    }
  });

  test('football jerseys come first and are the largest category', () => {
    expect(categories[0]?.id).toBe('football-jerseys');
    expect(products[0]?.categoryId).toBe('football-jerseys');
    const counts = new Map<string, number>();
    for (const p of products) counts.set(p.categoryId, (counts.get(p.categoryId) ?? 0) + 1);
    const jerseys = counts.get('football-jerseys') ?? 0;
    for (const [id, n] of counts) if (id !== 'football-jerseys') expect(jerseys).toBeGreaterThan(n);
  });

  test('prices are positive integers and stock is a non-negative integer', () => {
    for (const p of products) {
      expect(Number.isInteger(p.priceCents), p.id).toBe(true);
      expect(p.priceCents, p.id).toBeGreaterThan(0);
      expect(Number.isInteger(p.stock), p.id).toBe(true);
      expect(p.stock, p.id).toBeGreaterThanOrEqual(0);
    }
    expect(products.some((p) => p.stock === 0)).toBe(true);
    expect(products.some((p) => p.stock >= 1 && p.stock <= 5)).toBe(true);
  });

  test('titles and descriptions are present, titles are unique', () => {
    const titles = products.map((p) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
    const descriptions = products.map((p) => p.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    for (const p of products) {
      expect(p.title.trim(), p.id).not.toBe('');
      expect(p.description.trim().length, p.id).toBeGreaterThan(40);
      expect(p.description.toLowerCase(), p.id).not.toContain('lorem');
    }
  });

  test('specs are well formed', () => {
    for (const p of products) {
      expect(p.specs.length, p.id).toBeGreaterThanOrEqual(3);
      expect(p.specs.length, p.id).toBeLessThanOrEqual(6);
      for (const s of p.specs) {
        expect(s.name.trim(), p.id).not.toBe('');
        expect(s.value.trim(), p.id).not.toBe('');
      }
    }
  });

  test('createdDaysAgo is an integer within a year', () => {
    for (const p of products) {
      expect(Number.isInteger(p.createdDaysAgo), p.id).toBe(true);
      expect(p.createdDaysAgo, p.id).toBeGreaterThanOrEqual(0);
      expect(p.createdDaysAgo, p.id).toBeLessThanOrEqual(365);
    }
  });

  test('art colours are #rrggbb', () => {
    for (const p of products) {
      for (const c of artColors(p.art)) expect(c, p.id).toMatch(HEX);
    }
  });
});

describe('product art', () => {
  const rendered = products.map((p) => ({ id: p.id, svg: renderProductSvg(p) }));

  test('image size constants match the viewBox', () => {
    for (const { id, svg } of rendered) {
      expect(svg, id).toContain(`viewBox="0 0 ${PRODUCT_IMAGE_WIDTH} ${PRODUCT_IMAGE_HEIGHT}"`);
    }
  });

  test('every SVG is a single well-formed root element', () => {
    for (const { id, svg } of rendered) {
      expect(svg.startsWith('<svg '), id).toBe(true);
      expect(svg.endsWith('</svg>'), id).toBe(true);
      expect(svg, id).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(tagBalanceError(svg), id).toBeNull();
    }
  });

  test('the tag-balance checker rejects broken markup', () => {
    expect(tagBalanceError('<svg><g></svg>')).not.toBeNull();
    expect(tagBalanceError('<svg></svg><svg></svg>')).not.toBeNull();
    expect(tagBalanceError('<svg><g/></svg>')).toBeNull();
  });

  test('no scripts, event handlers or external references', () => {
    for (const { id, svg } of rendered) {
      const lower = svg.toLowerCase();
      expect(lower, id).not.toContain('<script');
      expect(lower, id).not.toContain('<foreignobject');
      expect(lower, id).not.toContain('<image');
      expect(lower, id).not.toContain('<use');
      expect(lower, id).not.toContain('<a ');
      expect(lower, id).not.toContain('href');
      expect(lower, id).not.toContain('@import');
      expect(lower, id).not.toContain('javascript:');
      expect(lower, id).not.toContain('data:');
      expect(svg, id).not.toMatch(/\son[a-z]+\s*=/i);
      // Only fragment references to definitions inside the same document.
      expect(svg, id).not.toMatch(/url\(\s*(?!#)/i);
      // The namespace URI is the only URL-like text allowed.
      expect(svg.replace('http://www.w3.org/2000/svg', ''), id).not.toMatch(/https?:/i);
    }
  });

  test('every url(#id) reference points to an id defined in the same SVG', () => {
    for (const { id, svg } of rendered) {
      const defined = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      for (const m of svg.matchAll(/url\(#([^)]+)\)/g))
        expect(defined.has(m[1]), `${id}: ${m[1]}`).toBe(true);
    }
  });

  test('ids are unique across all images, so they can be inlined on one page', () => {
    const seen = new Set<string>();
    for (const { id, svg } of rendered) {
      for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
        const value = m[1] ?? '';
        expect(seen.has(value), `${id}: duplicate id ${value}`).toBe(false);
        seen.add(value);
      }
    }
  });

  test('rendering is deterministic', () => {
    for (const p of products) expect(renderProductSvg(p), p.id).toBe(renderProductSvg(p));
  });

  test('images differ between products', () => {
    const unique = new Set(rendered.map((r) => r.svg));
    expect(unique.size).toBe(rendered.length);
  });

  test('unsafe colour values are neutralised', () => {
    const base = products[0];
    if (!base) throw new Error('no products');
    const evil = {
      ...base,
      art: {
        kind: 'jersey',
        body: '"/><script>alert(1)</script>',
        pattern: 'plain',
        trim: '#fff',
        collar: 'crew',
        sleeves: 'short',
      },
    } as typeof base;
    const svg = renderProductSvg(evil);
    expect(svg).not.toContain('<script');
    expect(tagBalanceError(svg)).toBeNull();
  });
});
