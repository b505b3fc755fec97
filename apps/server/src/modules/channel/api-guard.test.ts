import { request as httpRequest } from 'node:http';
import { CHANNEL_REQUIRED } from '@ironcart/channel';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registeredRoutes } from '../../fuzz/routes.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';

/** One plaintext request with the path exactly as written: no client-side URL normalisation. */
function rawRequest(
  base: string,
  method: string,
  path: string,
): Promise<{ status: number; cacheControl: string | undefined; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, cacheControl: res.headers['cache-control'], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const percentEncode = (char: string, upper: boolean) => {
  const hex = char.charCodeAt(0).toString(16);
  return `%${upper ? hex.toUpperCase() : hex}`;
};

/** Spellings of an /api path that a lenient router, proxy or client may take for the same path. */
function spellingsOf(path: string): string[] {
  const rest = path.slice('/api'.length); // "/v1/..."
  const everyLetter = (upper: boolean) =>
    path.replace(/[a-z]/gi, (char) => percentEncode(char, upper));
  return [
    `/%61pi${rest}`,
    `/ap%69${rest}`,
    `/%41PI${rest}`,
    everyLetter(false),
    everyLetter(true),
    `/API${rest}`,
    `/Api${rest}`,
    `//api${rest}`,
    `/api/${rest}`,
    `${path}/`,
    `/x/../api${rest}`,
    `/./api${rest}`,
    `/%2e/api${rest}`,
    `/api/.${rest}`,
    `/x/%2e%2e/api${rest}`,
  ];
}

describe('the plaintext API guard, whatever the spelling of the path', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('pglite');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => t.close());

  test('no registered /api route answers without the channel, and none is cached', async () => {
    const routes = registeredRoutes(t.app).filter((route) => route.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/:\w+/g, 'x1');
      for (const spelling of [path, ...spellingsOf(path)]) {
        const res = await rawRequest(base, route.method, spelling);
        const label = `${route.method} ${spelling} -> ${res.status}`;
        // HEAD answers carry no body: their status must do.
        const expectedCode = { 403: CHANNEL_REQUIRED.body.error.code, 404: 'not_found' }[
          res.status
        ];
        const code = res.body ? (JSON.parse(res.body) as { error?: { code?: string } }) : {};
        const refused =
          expectedCode !== undefined &&
          (route.method === 'HEAD' || code.error?.code === expectedCode);
        if (!refused) leaks.push(label);
        else if (res.cacheControl !== 'no-store') leaks.push(`${label} without no-store`);
        // The canonical spelling of a registered route is refused for what it is.
        if (spelling === path && res.status !== 403) leaks.push(`${label}, expected 403`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
