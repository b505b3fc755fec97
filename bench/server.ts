/**
 * The server under test, run as a child process of `run.ts`: the real app from its
 * configuration (environment variables), listening on loopback. It prints one JSON line with its
 * port on stdout; logs go to stderr. It stops on SIGTERM/SIGINT, and when its parent goes away
 * (stdin closes), so an interrupted benchmark leaves no server behind.
 *
 * It takes commands on stdin, one JSON line each, run one at a time: `{"<name>": value}` is
 * answered by a line `{"<name>": result}` on stdout (or `{"<name>Error": "..."}`). The commands
 * (below) prepare the database for a benchmark (the generated catalog of lib/catalog-fixture.ts,
 * the buyers and hot products of lib/shop-fixture.ts), read it back, start the bare Fastify
 * baseline (lib/bare-server.ts) in this process, on its own port, or read this process's
 * counters: its CPU time and the SQL statements it sent. Commands never touch the HTTP server,
 * so reading a counter costs the measured routes nothing.
 *
 * The statements are counted on the app's own database client (lib/statements.ts), wrapped
 * once the app is built: the app opens its database exactly as in production (pool size
 * included), and the migrations at start-up are not counted.
 */
import { buildApp, loadConfig } from '@ironcart/server';
import { startBareServer } from './lib/bare-server.js';
import { type FixtureResult, generateCatalog } from './lib/catalog-fixture.js';
import { createShopFixture, type ShopFixtureRequest, stockLedger } from './lib/shop-fixture.js';
import { countStatements } from './lib/statements.js';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

const config = loadConfig(process.env);
if (!LOOPBACK.has(config.host)) {
  console.error(`bench server: refusing to listen on ${config.host}; loopback only`);
  process.exit(2);
}
const app = await buildApp(config, { logStream: process.stderr });
const statements = countStatements(app.database);
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
if (address === null || typeof address === 'string') {
  console.error('bench server: no TCP address');
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ port: address.port, pid: process.pid })}\n`);

/** The bare Fastify baseline, once started (command `bareRoutes`). */
let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 5_000).unref();
  Promise.all([app.close(), bare?.close()]).then(
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

/** The commands, by name; each takes the command's value and answers with a JSON value. */
const commands: Record<string, (value: unknown) => Promise<unknown>> = {
  /** More generated products, up to n in all. */
  async growCatalog(target) {
    const have = catalog?.products ?? 0;
    if (!isCatalogSize(target) || target <= have) throw new Error(`cannot grow to ${target}`);
    catalog = await generateCatalog(app.database.db, target, have + 1);
    return catalog;
  },
  /** Buyers and hot products for the checkout benchmark. */
  shopFixture: (request) => createShopFixture(app.database.db, request as ShopFixtureRequest),
  /** Stock and ordered units of the given products. */
  stockLedger: (productIds) => stockLedger(app.database.db, productIds as string[]),
  /**
   * Serves these `{ url: json }` answers from the bare Fastify baseline (started on the first
   * call, its answers replaced on the next ones); answers its port.
   */
  async bareRoutes(routes) {
    bare ??= await startBareServer(config.host);
    bare.serve(routes as Record<string, string>);
    return { port: bare.port };
  },
  /** This process's CPU time so far (user + system), ms. */
  cpuMs: async () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  /** SQL statements sent to the database so far. */
  sqlStatements: async () => statements.count(),
};

/** `{"<name>": value}` answered by `{"<name>": result}` or `{"<name>Error": "..."}`. */
async function runCommand(line: string): Promise<void> {
  let entry: [string, unknown] | undefined;
  try {
    entry = Object.entries(JSON.parse(line) as Record<string, unknown>)[0];
  } catch {
    entry = undefined;
  }
  const [name, value] = entry ?? [''];
  const handler = commands[name];
  if (!handler) {
    console.error(`bench server: ignored the command ${line.slice(0, 100)}`);
    return;
  }
  try {
    process.stdout.write(`${JSON.stringify({ [name]: await handler(value) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ [`${name}Error`]: String(error) })}\n`);
  }
}
let queue = Promise.resolve();
let stdinText = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  stdinText += chunk;
  const lines = stdinText.split('\n');
  stdinText = lines.pop() ?? '';
  for (const line of lines) queue = queue.then(() => runCommand(line));
});
