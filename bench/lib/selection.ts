import type { BackendName } from './backends.js';

/**
 * What a run measures. By default everything; `BENCH_ONLY` (a comma-separated list of sections)
 * and `BENCH_DATABASES` (`pglite`, `postgres`) keep a part of it, to look at one change without
 * the whole run. Such a run writes results.partial.md, never results.md, whose figures must all
 * come from one run. The idle memory of each server is always measured.
 */
export const SECTIONS = {
  tunnel: 'section 1, tunnelled vs plaintext (and the server CPU per request)',
  bare24: 'section 2 on the catalog of 24 products',
  catalog:
    'sections 2 and 5 on the generated catalog (10,000 products, then 100,000; the longest part)',
  handshakes: 'section 3, handshakes',
  checkout: 'section 4, checkouts (and the SQL statements per checkout)',
  checkout0: 'section 4 on PostgreSQL with the test gateway latency at 0 (a server of its own)',
  bundle: 'section 7, the storefront bundle',
} as const;
export type Section = keyof typeof SECTIONS;
const DATABASES: readonly BackendName[] = ['pglite', 'postgres'];

const SKIPPED = 'not selected in this run';
/** Whether an outcome's reason says it was left out by the selection. */
export const isSkipped = (reason: string) => reason.startsWith(SKIPPED);

export interface Selection {
  sections: ReadonlySet<Section>;
  databases: ReadonlySet<BackendName>;
  /** Something was left out. */
  partial: boolean;
  /** The selection in words, for the report; undefined when everything runs. */
  description: string | undefined;
  /** The reason for a section or database left out. */
  skipped: (what: Section | BackendName) => string;
}

function parseList<T extends string>(
  name: string,
  value: string | undefined,
  known: readonly T[],
): Set<T> {
  if (value === undefined || value.trim() === '') return new Set(known);
  const items = value.split(',').map((item) => item.trim());
  const unknown = items.filter((item) => !known.includes(item as T));
  if (unknown.length > 0) {
    throw new Error(`${name}: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  return new Set(items as T[]);
}

export function selectionFrom(env: NodeJS.ProcessEnv): Selection {
  const sections = parseList('BENCH_ONLY', env.BENCH_ONLY, Object.keys(SECTIONS) as Section[]);
  const databases = parseList('BENCH_DATABASES', env.BENCH_DATABASES, DATABASES);
  const partial = sections.size < Object.keys(SECTIONS).length || databases.size < DATABASES.length;
  return {
    sections,
    databases,
    partial,
    description: partial
      ? `BENCH_ONLY=${[...sections].join(',')} BENCH_DATABASES=${[...databases].join(',')}`
      : undefined,
    skipped: (what) =>
      `${SKIPPED} (${what in SECTIONS ? `BENCH_ONLY=${[...sections].join(',')}` : `BENCH_DATABASES=${[...databases].join(',')}`})`,
  };
}
