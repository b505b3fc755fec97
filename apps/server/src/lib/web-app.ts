import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built storefront (apps/web/dist) at `/`: hashed assets under /assets cached
 * forever, index.html revalidated on every visit, and an SPA fallback so a deep link such as
 * /product/argentina-home-jersey answers index.html and the app's router takes over.
 */

// The same relative path works from src/lib (tsx, tests) and dist/lib (the build).
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths that belong to the server: never answered with the app's index.html. */
export const SERVER_PREFIXES: readonly string[] = [
  '/api',
  '/channel',
  '/images',
  '/docs',
  '/health',
];

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export interface WebAppOptions {
  /** The built app's folder ({@link DEFAULT_WEB_ROOT} from main.ts); nothing is served without. */
  root?: string | undefined;
}

function ownedByServer(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** A path the app's router may own: not the server's, and not a file (no extension). */
export function isAppRoute(path: string): boolean {
  if (ownedByServer(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

export async function webApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const root = options.root;
  if (root === undefined) return;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.info({ root }, 'no built web app: not serving the storefront (npm run build)');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    // One route per file found at start-up (the build is immutable), so unknown paths reach
    // the fallback below instead of a static 404.
    wildcard: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders(reply, path) {
      const hashed = path.startsWith(join(root, 'assets'));
      reply.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (!isAppRoute(path)) return reply.callNotFound();
    return reply.header('cache-control', REVALIDATE).sendFile('index.html');
  });
  app.log.info({ root }, 'serving the storefront');
}
