import type { CatalogFigures } from './catalog.js';
import type { CheckoutFigures } from './checkout.js';
import { notMeasured } from './format.js';
import type { MemoryFigures } from './memory.js';
import type { HandshakeFigures, TunnelFigures } from './report.js';
import type { VersusBareFigures } from './versus-bare.js';

/** A benchmark's figures, or why there are none. */
export type Outcome<T> = { ok: true; figures: T } | { ok: false; reason: string };

export type BackendName = 'pglite' | 'postgres';
export const backendLabels: Record<BackendName, string> = {
  pglite: 'PGlite',
  postgres: 'PostgreSQL',
};

/** Everything measured on one server process over one database. */
export interface BackendFigures {
  tunnel: Outcome<TunnelFigures>;
  handshake: Outcome<HandshakeFigures>;
  /** Section 2 on the catalog of 24 products. */
  versusBareSmall: Outcome<VersusBareFigures>;
  /** Section 2 on the first size of the generated catalog. */
  versusBare: Outcome<VersusBareFigures>;
  catalog: Outcome<CatalogFigures>;
  checkout: Outcome<CheckoutFigures>;
  memory: MemoryFigures;
}

export type Backends = Record<BackendName, Outcome<BackendFigures>>;

/**
 * One benchmark's outcome on each database, as table rows (or "not measured" lines): `rows`
 * turns the figures of one database into its rows, each starting with the database's name.
 */
export function perBackend<T>(
  backends: Backends,
  pick: (figures: BackendFigures) => Outcome<T>,
  rows: (figures: T, label: string) => string[][],
): { rows: string[][]; notes: string[]; measured: [BackendName, T][] } {
  const result = {
    rows: [] as string[][],
    notes: [] as string[],
    measured: [] as [BackendName, T][],
  };
  for (const [name, backend] of Object.entries(backends) as [
    BackendName,
    Outcome<BackendFigures>,
  ][]) {
    const label = backendLabels[name];
    const outcome = backend.ok ? pick(backend.figures) : backend;
    if (!outcome.ok) {
      result.notes.push(...notMeasured(`${label}: ${outcome.reason}`));
      continue;
    }
    result.rows.push(...rows(outcome.figures, label));
    result.measured.push([name, outcome.figures]);
  }
  return result;
}
