import type { LoadResult } from './load.js';

/** Number and Markdown formatting shared by the report's sections. */
export const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function rate(value: number): string {
  return value >= 100 ? integer.format(value) : value.toFixed(1);
}

export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function ratio(measured: number, baseline: number): string {
  const value = measured / baseline;
  if (!Number.isFinite(value) || value <= 0) return 'n/a';
  if (value >= 10) return `${value.toFixed(1)}×`;
  if (value >= 0.1) return `${value.toFixed(2)}×`;
  return `${value.toPrecision(2)}×`;
}

/** Joins sentences into a paragraph wrapped at 100 columns. */
export function paragraph(...parts: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  // Words, keeping a `code span` with spaces in it on one line.
  for (const word of parts.join(' ').match(/(?:`[^`]*`|[^\s`])+/g) ?? []) {
    if (line && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return [...lines, ''];
}

function statuses(result: LoadResult): string {
  const codes = Object.entries(result.statuses).map(
    ([code, count]) => `${integer.format(count)} × ${code}`,
  );
  return codes.length > 0 ? codes.join(', ') : 'no answers';
}

export function runSummary(name: string, result: LoadResult): string {
  const cut = result.cutShort
    ? ' (CUT SHORT: its body pool ran dry; the figures cover this span only)'
    : '';
  return (
    `- ${name}: ${statuses(result)} in ${result.seconds.toFixed(2)} s${cut}; ` +
    `${integer.format(result.errors)} connection errors or timeouts.`
  );
}

export function warningLines(warnings: readonly string[]): string[] {
  return warnings.map((warning) => `- **Warning:** ${warning}; treat these figures with care.`);
}

export function notMeasured(reason: string): string[] {
  return [`**Not measured in this run:** ${reason.replaceAll('\n', ' ')}`, ''];
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

/** A Markdown table: header cells, then rows (numbers right-aligned after the first columns). */
export function table(header: string[], rows: string[][], textColumns = 1): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i < textColumns ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
}

/** A CPU time per request, ms: three decimals, these are fractions of a millisecond. */
export const cpuMs = (value: number) => value.toFixed(3);
