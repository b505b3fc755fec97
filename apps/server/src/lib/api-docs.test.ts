import type { IroncartClient } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documentedRoutes } from '../fuzz/routes.js';
import { createUser } from '../modules/accounts/service.js';
import { createTestApp, type TestApp } from '../test-support/app.js';
import { expectApiError, sdkFor } from '../test-support/sdk.js';

const PASSWORD = 'correct horse battery staple';

type Paths = Record<string, Record<string, Record<string, unknown>>>;
const operations = (paths: Paths) =>
  Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

describe('the API documentation publishes admin routes to admins only', () => {
  let t: TestApp;
  let admin: IroncartClient;
  let customer: IroncartClient;

  beforeAll(async () => {
    t = await createTestApp('pglite', { seedDemoCatalog: false });
    await createUser(t.testDatabase.database.db, {
      email: 'docs-admin@example.com',
      password: PASSWORD,
      name: 'A',
      role: 'admin',
    });
    admin = sdkFor(t.app);
    await admin.login({ email: 'docs-admin@example.com', password: PASSWORD });
    customer = sdkFor(t.app);
    await customer.signUp({ email: 'docs-customer@example.com', password: PASSWORD, name: 'C' });
  });
  afterAll(() => t.close());

  test('the public document names no admin route, in JSON or YAML', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    const paths = json.json().paths as Paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/v1/products', '/api/v1/auth/login', '/health']),
    );
    expect(Object.keys(paths).filter((path) => path.includes('/admin'))).toEqual([]);
    expect(operations(paths).filter(({ operation }) => operation['x-access'] === 'admin')).toEqual(
      [],
    );
    const yaml = await t.app.inject({ method: 'GET', url: '/docs/yaml' });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.body).not.toContain('/api/v1/admin');
  });

  test('an admin gets the whole document through the channel; nobody else sees it exists', async () => {
    const full = await admin.channel.request<{ paths: Paths }>('GET', '/api/v1/admin/openapi.json');
    const adminOperations = operations(full.paths).filter(({ path }) =>
      path.startsWith('/api/v1/admin/'),
    );
    expect(adminOperations.length).toBeGreaterThanOrEqual(15);
    // Marked from each route's own access rule, so a new admin route is hidden without a list.
    for (const { path, method, operation } of adminOperations) {
      expect({ path, method, access: operation['x-access'] }).toEqual({
        path,
        method,
        access: 'admin',
      });
    }
    expect(full.paths['/api/v1/me']?.get?.['x-access']).toBe('user');
    expect(full.paths['/api/v1/products']?.get?.['x-access']).toBe('public');

    await expectApiError(
      customer.channel.request('GET', '/api/v1/admin/openapi.json'),
      404,
      'not_found',
    );
    await expectApiError(
      sdkFor(t.app).channel.request('GET', '/api/v1/admin/openapi.json'),
      404,
      'not_found',
    );
    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/admin/openapi.json' });
    expect(plain.statusCode).toBeGreaterThanOrEqual(400);
    expect(plain.body).not.toContain('/api/v1/admin/products');
  });

  test('the routes the fuzz suite enumerates still include every admin route', () => {
    const fuzzed = documentedRoutes(t.app).filter((route) =>
      route.path.startsWith('/api/v1/admin/'),
    );
    expect(fuzzed.length).toBeGreaterThanOrEqual(15);
  });
});
