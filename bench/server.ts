/**
 * The server under test, run as a child process of `run.ts`: the real app from its
 * configuration (environment variables), listening on loopback. It prints one JSON line with its
 * port on stdout; logs go to stderr. It stops on SIGTERM/SIGINT, and when its parent goes away
 * (stdin closes), so an interrupted benchmark leaves no server behind.
 *
 * For the catalog benchmark it takes one command on stdin: the line `{"growCatalog": <n>}` adds
 * products of the generated bench catalog (lib/catalog-fixture.ts) up to n in all, and is
 * answered by a line `{"catalog": {...}}` on stdout (or `{"catalogError": "..."}`).
 */
import { buildApp, loadConfig } from '@ironcart/server';
import { type FixtureResult, generateCatalog } from './lib/catalog-fixture.js';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

const config = loadConfig(process.env);
if (!LOOPBACK.has(config.host)) {
  console.error(`bench server: refusing to listen on ${config.host}; loopback only`);
  process.exit(2);
}
const app = await buildApp(config, { logStream: process.stderr });
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
if (address === null || typeof address === 'string') {
  console.error('bench server: no TCP address');
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ port: address.port, pid: process.pid })}\n`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 5_000).unref();
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.once('end', stop);
process.stdin.once('error', stop);

const MAX_CATALOG = 1_000_000;
const isCatalogSize = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_CATALOG;
let catalog: FixtureResult | undefined;

/** `{"growCatalog": n}`: more generated products, up to n in all; one command at a time. */
async function runCommand(line: string): Promise<void> {
  let target: unknown;
  try {
    target = (JSON.parse(line) as { growCatalog?: unknown }).growCatalog;
  } catch {
    target = undefined;
  }
  const have = catalog?.products ?? 0;
  if (!isCatalogSize(target) || target <= have) {
    console.error(`bench server: ignored the command ${line.slice(0, 100)}`);
    return;
  }
  try {
    catalog = await generateCatalog(app.database.db, target, have + 1);
    process.stdout.write(`${JSON.stringify({ catalog })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ catalogError: String(error) })}\n`);
  }
}
let commands = Promise.resolve();
let stdinText = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  stdinText += chunk;
  const lines = stdinText.split('\n');
  stdinText = lines.pop() ?? '';
  for (const line of lines) commands = commands.then(() => runCommand(line));
});
