import { type SQL, sql } from 'drizzle-orm';
import { products, SEARCH_CONFIG } from './tables.js';

/** More words than this are ignored: a longer query only narrows an already empty result. */
export const MAX_SEARCH_WORDS = 16;

/**
 * The words of a shopper's query: runs of letters and digits of any script (with their
 * combining marks, which some scripts need inside words); everything else (quotes, operators,
 * punctuation, symbols, spaces) only separates words. Lower-cased, duplicates dropped.
 */
export function searchWords(text: string): string[] {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/**
 * The tsquery text for a shopper's query: every word as a prefix, all required
 * (`argent:* & jersey:*`), or undefined when no word is left (then there is no text filter).
 * Made only of letters, digits, `:*` and ` & `, so to_tsquery can never read an operator, a
 * quote or a weight the shopper typed.
 */
export function prefixQuery(text: string): string | undefined {
  const words = searchWords(text);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : undefined;
}

/** The tsquery value of a prefix query (from {@link prefixQuery}), same configuration as the column. */
export function tsquery(query: string): SQL {
  return sql`to_tsquery(${sql.raw(`'${SEARCH_CONFIG}'`)}::regconfig, ${query}::text)`;
}

/** Whether a product's search document matches. Uses the GIN index products_search_idx. */
export function matches(query: string): SQL {
  return sql`${products.search} @@ ${tsquery(query)}`;
}

/**
 * Relevance: cover density (ts_rank_cd) with the default weights, so a title word (A) counts
 * more than a category word (B), which counts more than a description word (C).
 */
export function rank(query: string): SQL<number> {
  return sql<number>`ts_rank_cd(${products.search}, ${tsquery(query)})`;
}
