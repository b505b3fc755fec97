import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { isAppRoute, webApp } from './web-app.js';

describe('serving the built storefront', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function appServing(root: string | undefined): Promise<FastifyInstance> {
    const app = Fastify();
    await app.register(webApp, { root });
    await app.ready();
    cleanups.push(() => app.close());
    return app;
  }

  function builtApp(): string {
    const root = mkdtempSync(join(tmpdir(), 'ironcart-web-app-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'export {};');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    return root;
  }

  test('without a build, or without a root, the server starts and serves nothing at /', async () => {
    for (const root of [join(tmpdir(), 'ironcart-no-such-build'), undefined]) {
      const app = await appServing(root);
      expect((await app.inject('/')).statusCode).toBe(404);
      expect((await app.inject('/product/argentina-home-jersey')).statusCode).toBe(404);
    }
  });

  test('hashed assets are immutable, index.html and other files are revalidated', async () => {
    const app = await appServing(builtApp());
    const asset = await app.inject('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/favicon.svg']) {
      const answer = await app.inject(path);
      expect(answer.statusCode, path).toBe(200);
      expect(answer.headers['cache-control'], path).toBe('no-cache');
    }
  });

  test('app routes fall back to index.html; server paths and missing files are 404', async () => {
    const app = await appServing(builtApp());
    for (const path of ['/product/argentina-home-jersey', '/cart', '/a/b/c?x=1']) {
      const answer = await app.inject(path);
      expect(answer.statusCode, path).toBe(200);
      expect(answer.headers['content-type'], path).toContain('text/html');
      expect(answer.headers['cache-control'], path).toBe('no-cache');
      expect(answer.body, path).toContain('<div id="root">');
    }
    for (const path of ['/api/v1/x', '/channel/x', '/images/x.svg', '/docs/x', '/health/x']) {
      expect((await app.inject(path)).statusCode, path).toBe(404);
    }
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/cart' })).statusCode).toBe(404);
  });

  test('isAppRoute', () => {
    expect(isAppRoute('/')).toBe(true);
    expect(isAppRoute('/product/argentina-home-jersey')).toBe(true);
    expect(isAppRoute('/apiary')).toBe(true);
    expect(isAppRoute('/api')).toBe(false);
    expect(isAppRoute('/channel/tunnel')).toBe(false);
    expect(isAppRoute('/robots.txt')).toBe(false);
  });
});
