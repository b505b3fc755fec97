import { type Backends, backendLabels, type Outcome, perBackend } from './backends.js';
import type { CheckoutFigures, StatementCounts } from './checkout.js';
import {
  integer,
  mib,
  ms,
  notMeasured,
  paragraph,
  rate,
  ratio,
  table,
  warningLines,
} from './format.js';
import { GOALS } from './goals.js';

const latency = (t: { p50: number; p99: number; count: number }) =>
  t.count > 0 ? `${ms(t.p50)} / ${ms(t.p99)}` : 'n/a';

/** The ledger in one line: every product balanced, and the units by order status. */
function ledgerLine(label: string, f: CheckoutFigures): string {
  const balanced = f.ledger.filter(
    (row) =>
      row.stock >= 0 &&
      row.stock + (row.units.paid ?? 0) + (row.units.pending ?? 0) === f.fixture.stock,
  ).length;
  const units: Record<string, number> = {};
  for (const row of f.ledger) {
    for (const [status, count] of Object.entries(row.units)) {
      units[status] = (units[status] ?? 0) + count;
    }
  }
  const byStatus = Object.entries(units)
    .map(([status, count]) => `${integer.format(count)} ${status}`)
    .join(', ');
  const left = f.ledger.reduce((sum, row) => sum + row.stock, 0);
  return (
    `- ${label}: ${balanced} of ${f.ledger.length} products with stock ≥ 0 and stock + ordered = ` +
    `${integer.format(f.fixture.stock)}; units ordered: ${byStatus || 'none'}; ` +
    `${integer.format(left)} left in stock; **${integer.format(f.oversold)} oversold**.`
  );
}

export function checkoutSection(backends: Backends, noLatency: Outcome<CheckoutFigures>): string[] {
  const row = (f: CheckoutFigures, label: string) => [
    [
      label,
      rate(f.cartReads.rate),
      rate(f.paid.rate),
      ratio(f.paid.rate, f.cartReads.rate),
      f.soldOutAfter === undefined ? 'n/a (not sold out)' : rate(f.refused.rate),
      latency(f.paid),
      latency(f.cartReads),
      integer.format(f.oversold),
    ],
  ];
  const { rows, notes, measured } = perBackend(backends, (b) => b.checkout, row);
  const noLatencyLabel = `${backendLabels.postgres}, gateway latency 0`;
  if (noLatency.ok) rows.push(...row(noLatency.figures, noLatencyLabel));
  else notes.push(...notMeasured(`${noLatencyLabel}: ${noLatency.reason}`));
  const all: [string, CheckoutFigures][] = [
    ...measured.map(([name, f]): [string, CheckoutFigures] => [backendLabels[name], f]),
    ...(noLatency.ok ? [[noLatencyLabel, noLatency.figures] as [string, CheckoutFigures]] : []),
  ];
  const statementRows = all.map(([label, { statements: s }]) => [
    label,
    statementCounts(s.cartRead),
    statementCounts(s.addToCart),
    statementCounts(s.checkout),
    `≤ ${GOALS.statementsPerCheckout}`,
    s.perPaidOrderInRun.toFixed(1),
  ]);
  const probes = measured[0]?.[1].settings.probeCheckouts ?? 0;
  const settings = measured[0]?.[1].settings;
  return [
    '## 4. Checkouts under contention: 100 buyers, 10 hot products',
    '',
    ...(settings
      ? paragraph(
          `${settings.buyers} buyer accounts (the first made by the server's \`createUser\`, the`,
          'others copying its argon2id hash in one INSERT) and',
          `${settings.products} products with ${settings.stock} units each, made in the server`,
          'process (a command on its stdin). Every buyer logs in through the SDK (`IroncartClient`:',
          'its own channel, WebCrypto, keep-alive connections from this process), then all loop at',
          'once: add one unit of a hot product to the cart (each buyer goes round the products),',
          'check out with card 4242 4242 4242 4242 and a new idempotency key, again; for at most',
          `${settings.durationSeconds} s, ending ${settings.tailSeconds} s after the last product`,
          "sold out. The server's test gateway keeps its default simulated latency. **Checkouts/s**:",
          'paid orders (201) per second until everything sold out; **refusals/s**: sold-out answers',
          '(409 `insufficient_stock`, at add-to-cart or checkout) per second after that.',
          '**Baseline**: the same logged-in buyers, all at once, reading their carts',
          `(\`GET /api/v1/cart\` through the channel) for ${settings.baselineSeconds} s just before:`,
          'the cheapest authenticated request of the same clients over the same channels, so the',
          'ratio says how many cart reads one checkout costs (stock transaction, order, payment',
          'calls, idempotency record). **Oversold** is read from the database afterwards: for each',
          'product, stock ≥ 0 and stock + units in paid or pending orders = the initial stock.',
          'PGlite is a single connection: its checkouts are serialised by the database.',
        )
      : []),
    ...table(
      [
        'Database',
        'Baseline: cart reads/s',
        'Checkouts/s (paid)',
        'Ratio checkouts / cart reads',
        'Refusals/s (sold out)',
        'Checkout p50 / p99 (ms)',
        'Cart read p50 / p99 (ms)',
        'Oversold',
      ],
      rows,
    ),
    ...paragraph(
      `**Goals** (issue 16, PostgreSQL, 100 buyers): at least ${GOALS.checkoutsPerSecond}`,
      `checkouts/s with the default gateway latency and ${GOALS.checkoutsPerSecondNoLatency}/s`,
      `with the latency at 0 (the row "gateway latency 0": a server of its own started with`,
      '`TEST_GATEWAY_LATENCY_MS=0` on a scratch database of its own), checkout p99 under',
      `${GOALS.checkoutP99Ms} ms, 0 oversold.`,
    ),
    ...notes,
    ...(statementRows.length > 0
      ? [
          ...paragraph(
            '**SQL statements** the server sent to its database, counted in the server process',
            '(`apps/server/src/db/statement-watch.ts`: every round trip, BEGIN and COMMIT included),',
            `after the run: one buyer, nothing else running, ${probes} times a cart read, an`,
            'add-to-cart and a paid checkout of one unit of a product apart from the hot ones,',
            'the counter read (a command on its stdin) before each request and after its answer.',
            'Each is the whole request through the channel, so its own statements (channel',
            'session, replay cache, login session) included: the cart read shows what any request',
            'of a logged-in buyer costs. Median (least–most) of the',
            `${probes}. The last column is every statement sent during the contended run above`,
            '(add-to-carts, refusals and checkouts of all buyers) over its paid orders.',
          ),
          ...table(
            [
              'Database',
              'Cart read',
              'Add to cart',
              'Checkout (paid)',
              'Goal: checkout',
              'Contended run, per paid order',
            ],
            statementRows,
          ),
        ]
      : []),
    ...all.flatMap(([label, f]) => {
      return [
        `- ${label}: ${f.fixture.buyers} buyers logged in in ${f.loginSeconds.toFixed(1)} s; ` +
          `${integer.format(f.cartReads.count)} cart reads in ${f.cartReads.seconds.toFixed(1)} s; ` +
          `${integer.format(f.paid.count)} paid orders in ${f.paid.seconds.toFixed(1)} s` +
          (f.soldOutAfter === undefined
            ? ' (not sold out)'
            : ` (sold out after ${f.soldOutAfter.toFixed(1)} s)`) +
          `; ${integer.format(f.refused.count)} refusals in ${f.refused.seconds.toFixed(1)} s ` +
          `(refusal p50 / p99 ${latency(f.refused)} ms); ${integer.format(f.errors)} other failures.`,
        ledgerLine(label, f),
        ...warningLines(f.warnings),
      ];
    }),
    '',
  ];
}

function statementCounts({ median, min, max }: StatementCounts): string {
  return min === max ? integer.format(median) : `${integer.format(median)} (${min}–${max})`;
}

export function memorySection(backends: Backends): string[] {
  const summary = perBackend(
    backends,
    (b) => ({ ok: true, figures: b.memory }),
    (m, label) => [
      [
        label,
        mib(m.idle),
        label === backendLabels.pglite ? `≤ ${GOALS.embeddedIdleMiB} MiB` : '',
        mib(m.peak),
        mib(m.end),
        ratio(m.peak, m.idle),
      ],
    ],
  );
  const phases = perBackend(
    backends,
    (b) => ({ ok: true, figures: b.memory }),
    (m, label) => m.phases.map((p) => [label, p.phase, mib(p.peak), mib(p.after)]),
  );
  return [
    '## 6. Server memory under load',
    '',
    ...paragraph(
      "The server process's resident set size (`VmRSS` of `/proc/<pid>/status`), sampled every",
      '100 ms from the bench process. **Baseline**: idle, once the channel was open and the first',
      'requests answered, before any load. Peak: the highest sample while the benchmarks above',
      'ran (the catalog phase includes generating it and the bare server of section 2); after:',
      'right after each phase, and at the end.',
    ),
    ...table(
      [
        'Database',
        'Baseline: idle RSS',
        'Goal: idle',
        'Peak RSS under load',
        'RSS after the load',
        'Ratio peak / idle',
      ],
      summary.rows,
    ),
    ...summary.notes,
    ...table(['Database', 'Phase', 'Peak RSS', 'RSS right after'], phases.rows, 2),
  ];
}
