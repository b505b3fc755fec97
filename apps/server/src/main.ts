// Starts the store: reads the environment, builds the app, listens, and shuts down gracefully.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DEFAULT_WEB_ROOT } from './lib/web-app.js';

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
// The store process also serves the built storefront (apps/web/dist) when there is one.
const app = await buildApp(config, { webRoot: DEFAULT_WEB_ROOT });
await app.listen({ host: config.host, port: config.port });

let shuttingDown = false;

/**
 * Stops accepting connections, lets in-flight requests finish, then closes the database
 * (Fastify's onClose hooks). A second signal, or the timeout, ends the process at once.
 */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) {
    app.log.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  shuttingDown = true;
  app.log.info({ signal }, 'shutting down gracefully');
  const timer = setTimeout(() => {
    app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'graceful shutdown timed out');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  try {
    await app.close();
    clearTimeout(timer);
    app.log.info('shutdown complete');
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
