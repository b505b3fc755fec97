import { type IroncartClient, newIdempotencyKey } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Schema } from '../fuzz/routes.js';
import { documentedRoutes } from '../fuzz/routes.js';
import { createUser } from '../modules/accounts/service.js';
import { createTestApp, type TestApp } from '../test-support/app.js';
import { firstVariantInStock } from '../test-support/catalog.js';
import { testDrivers } from '../test-support/databases.js';
import { expectApiError, sdkFor } from '../test-support/sdk.js';
import { createValidatorCompiler } from './validation.js';

const PASSWORD = 'correct horse battery staple';
const NUL = 'a\u0000b';

/** Every path (property names, 0 for array items) at which `schema` accepts a string. */
function stringPaths(schema: Schema & Record<string, unknown>, path: string[] = []): string[][] {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const here = types.includes('string') ? [path] : [];
  const nested = [
    ...Object.entries(schema.properties ?? {}).flatMap(([key, child]) =>
      stringPaths(child as Schema & Record<string, unknown>, [...path, key]),
    ),
    ...(schema.items
      ? stringPaths(schema.items as Schema & Record<string, unknown>, [...path, '0'])
      : []),
    ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((keyword) =>
      ((schema[keyword] as Schema[] | undefined) ?? []).flatMap((branch) =>
        stringPaths(branch as Schema & Record<string, unknown>, path),
      ),
    ),
  ];
  return [...here, ...nested];
}

/** The smallest instance that puts `value` at `path`. */
function instanceWith(path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = instanceWith(rest, value);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

describe('control characters are refused in every string of every route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { seedDemoCatalog: false });
    await t.app.ready();
  });
  afterAll(() => t.close());

  test('each string field of each documented route, with a NUL in it, is invalid', () => {
    // The production rules, reporting every problem instead of the first: the probe leaves the
    // other fields out, and their absence must not hide the verdict on the probed one.
    const compile = createValidatorCompiler({ allErrors: true });
    const routes = documentedRoutes(t.app);
    expect(routes.length).toBeGreaterThanOrEqual(50);
    const accepted: string[] = [];
    let probed = 0;
    for (const route of routes) {
      const parts: { httpPart: string; schema: Schema }[] = [];
      if (route.body) parts.push({ httpPart: 'body', schema: route.body });
      for (const where of ['query', 'path', 'header'] as const) {
        const parameters = route.parameters.filter((p) => p.in === where);
        if (parameters.length === 0) continue;
        parts.push({
          httpPart: { query: 'querystring', path: 'params', header: 'headers' }[where],
          schema: {
            type: 'object',
            properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
          },
        });
      }
      for (const { httpPart, schema } of parts) {
        const validate = compile({ schema, httpPart, method: route.method, url: route.path });
        for (const path of stringPaths(schema as Schema & Record<string, unknown>)) {
          probed++;
          validate(instanceWith(path, NUL));
          const errors = (validate as unknown as { errors?: { instancePath: string }[] }).errors;
          const pointer = path.map((segment) => `/${segment}`).join('');
          if (!errors?.some((error) => error.instancePath === pointer)) {
            accepted.push(`${route.method} ${route.path} ${httpPart}${pointer || '/'}`);
          }
        }
      }
    }
    expect(probed).toBeGreaterThanOrEqual(60);
    expect(accepted).toEqual([]);
  });

  test('a new route is covered without saying so', async () => {
    const compile = createValidatorCompiler();
    const validate = compile({
      schema: {
        type: 'object',
        properties: {
          note: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      httpPart: 'body',
      method: 'POST',
      url: '/x',
    });
    expect(validate({ note: 'fine', tags: ['ok'] })).toBe(true);
    for (const bad of [
      '\u0000',
      '\u0007',
      'line\nbreak',
      'tab\there',
      '\u007f',
      '\u0085',
      '\u009b',
      '\ud800',
    ]) {
      expect(validate({ note: bad })).toBe(false);
      expect(validate({ tags: ['ok', bad] })).toBe(false);
    }
  });

  test('text that may hold several lines opts in to newlines and tabs, never to other controls', () => {
    const compile = createValidatorCompiler();
    const validate = compile({
      schema: { type: 'string', 'x-multiline': true },
      httpPart: 'body',
      method: 'POST',
      url: '/x',
    });
    expect(validate('first line\r\nsecond\tline\n')).toBe(true);
    expect(validate('first\u0000')).toBe(false);
    expect(validate('bell\u0007')).toBe(false);
  });

  test('dates and date-times are bounded to years 1900 to 2999', () => {
    const compile = createValidatorCompiler();
    const date = compile({
      schema: { type: 'string', format: 'date' },
      httpPart: 'querystring',
      method: 'GET',
      url: '/x',
    });
    const dateTime = compile({
      schema: { type: 'string', format: 'date-time' },
      httpPart: 'body',
      method: 'POST',
      url: '/x',
    });
    for (const good of ['1900-01-01', '2024-02-29', '2999-12-31']) expect(date(good)).toBe(true);
    for (const bad of ['1899-12-31', '3000-01-01', '9999-12-31', '0000-01-01', '2023-02-29']) {
      expect(date(bad)).toBe(false);
    }
    expect(dateTime('2024-05-01T10:00:00Z')).toBe(true);
    expect(dateTime('2999-12-31T23:59:59+01:00')).toBe(true);
    expect(dateTime('9999-12-31T23:59:59Z')).toBe(false);
    expect(dateTime('1899-12-31T23:59:59Z')).toBe(false);
    // A leap second is valid RFC 3339 but no JavaScript Date: refused, never a thrown error.
    expect(dateTime('2016-12-31T23:59:60Z')).toBe(false);
  });
});

describe.each(testDrivers)('the examples the review found, end to end on %s', (driver) => {
  let t: TestApp;
  let admin: IroncartClient;
  let customer: IroncartClient;
  let productId: string;

  beforeAll(async () => {
    t = await createTestApp(driver);
    const db = t.testDatabase.database.db;
    await createUser(db, {
      email: 'v-admin@example.com',
      password: PASSWORD,
      name: 'A',
      role: 'admin',
    });
    admin = sdkFor(t.app);
    await admin.login({ email: 'v-admin@example.com', password: PASSWORD });
    customer = sdkFor(t.app);
    await customer.signUp({ email: 'v-customer@example.com', password: PASSWORD, name: 'C' });
    // A cart line names a variant: the first one in stock (a jersey's size, or a ball's only one).
    const first = await firstVariantInStock(db);
    productId = first.productId;
    await customer.addToCart(first.id, 1);
  });
  afterAll(() => t.close());

  test('a NUL in sign-up name or email, or in the login email, is a 400', async () => {
    await expectApiError(
      sdkFor(t.app).signUp({ email: 'nul@example.com', password: PASSWORD, name: NUL }),
      400,
      'invalid_request',
    );
    await expectApiError(
      sdkFor(t.app).signUp({ email: 'n\u0000ul@example.com', password: PASSWORD, name: 'N' }),
      400,
      'invalid_request',
    );
    await expectApiError(
      sdkFor(t.app).login({ email: 'v-customer@example.com\u0000', password: PASSWORD }),
      400,
      'invalid_request',
    );
  });

  test('a NUL in a billing line is a 400, and nothing is charged or ordered', async () => {
    const card = {
      number: '4242 4242 4242 4242',
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 2,
      cvc: '123',
      holder: 'Val Idation',
    };
    const billing = {
      name: 'Val',
      line1: '1 Main St',
      city: 'Portland',
      postalCode: '97204',
      country: 'US',
    };
    const cartVersion = (await customer.cart()).version;
    for (const field of ['name', 'line1', 'city', 'postalCode'] as const) {
      await expectApiError(
        customer.checkout(
          { card, billing: { ...billing, [field]: NUL }, cartVersion },
          newIdempotencyKey(),
        ),
        400,
        'invalid_request',
      );
    }
    await expectApiError(
      customer.checkout(
        { card: { ...card, holder: NUL }, billing, cartVersion },
        newIdempotencyKey(),
      ),
      400,
      'invalid_request',
    );
    expect(await customer.orders()).toEqual([]);
  });

  test('an admin product title refuses a NUL; its description keeps its line breaks', async () => {
    const product = {
      id: 'validation-ball',
      title: 'Validation ball',
      description: 'A ball.\nIt bounces.\n\n\tAnd rolls.',
      specs: [],
      categoryId: (await admin.admin.product(productId)).category.id,
      price: '10.00',
      image: null,
      stock: 1,
    };
    await expectApiError(
      admin.admin.createProduct({ ...product, title: NUL }),
      400,
      'invalid_request',
    );
    await expectApiError(
      admin.admin.createProduct({ ...product, description: 'A ball.\u0000 It bounces.' }),
      400,
      'invalid_request',
    );
    await expect(admin.admin.createProduct(product)).resolves.toMatchObject({
      description: product.description,
    });
  });

  test('the admin order filter refuses a date out of range with a 400', async () => {
    await expectApiError(admin.admin.orders({ to: '9999-12-31' }), 400, 'invalid_request');
    await expectApiError(admin.admin.orders({ from: '0001-01-01' }), 400, 'invalid_request');
    await expect(
      admin.admin.orders({ from: '2000-01-01', to: '2999-12-31' }),
    ).resolves.toBeDefined();
  });

  test('none of it failed on the server side', () => {
    expect(t.logs.text).not.toContain('request failed');
  });
});
