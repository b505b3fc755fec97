/**
 * The server under test, run as a child process of `run.ts`: the real app from its
 * configuration (environment variables), listening on loopback. It prints one JSON line with its
 * port on stdout; logs go to stderr. It stops on SIGTERM/SIGINT, and when its parent goes away
 * (stdin closes), so an interrupted benchmark leaves no server behind.
 */
import { buildApp, loadConfig } from '@ironcart/server';

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
process.stdin.resume();
