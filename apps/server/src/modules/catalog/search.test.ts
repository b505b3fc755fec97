import { describe, expect, test } from 'vitest';
import { MAX_SEARCH_WORDS, prefixQuery, searchWords } from './search.js';
import { stockState } from './service.js';

describe('search words', () => {
  test('every word a required prefix', () => {
    expect(prefixQuery('Argent')).toBe('argent:*');
    expect(prefixQuery('  argentina   HOME jersey ')).toBe('argentina:* & home:* & jersey:*');
    expect(prefixQuery('home home')).toBe('home:*');
  });

  test('anything but letters and digits only separates words', () => {
    expect(prefixQuery("'); drop table products; --")).toBe('drop:* & table:* & products:*');
    expect(prefixQuery("argentina' | 'brazil:*")).toBe('argentina:* & brazil:*');
    expect(prefixQuery('a&b|c!d(e)f:*g<->h\\i"j')).toBe(
      'a:* & b:* & c:* & d:* & e:* & f:* & g:* & h:* & i:* & j:*',
    );
    expect(prefixQuery('size 10.5')).toBe('size:* & 10:* & 5:*');
  });

  test('no word left: no text filter', () => {
    for (const q of ['', '   ', '&|!:*()', '\'"\\', '🏃‍♀️ ⚽', '\u0000']) {
      expect(prefixQuery(q), q).toBeUndefined();
    }
  });

  test('letters of every script, with their marks', () => {
    expect(searchWords('Müller ÉCOLE 日本語 Ωμέγα ½ ﬁn')).toEqual([
      'müller',
      'école',
      '日本語',
      'ωμέγα',
      '1',
      '2',
      'fin',
    ]);
    expect(searchWords('हिन्दी')).toEqual(['हिन्दी']);
  });

  test('at most a bounded number of words', () => {
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(searchWords(many)).toHaveLength(MAX_SEARCH_WORDS);
  });
});

describe('stock state', () => {
  test('0 is out, up to the threshold is low, more is in stock', () => {
    expect(stockState(0, 5)).toBe('out');
    expect(stockState(1, 5)).toBe('low');
    expect(stockState(5, 5)).toBe('low');
    expect(stockState(6, 5)).toBe('in_stock');
    expect(stockState(1, 0)).toBe('in_stock');
  });
});
