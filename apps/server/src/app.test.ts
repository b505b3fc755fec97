import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './test-support/app.js';

describe('HTTP basics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('pglite', { bodyLimit: 2048 });
    // A JSON route registered the way modules register theirs, to exercise body handling.
    t.app.post(
      '/test/echo',
      {
        schema: {
          body: Type.Object(
            { name: Type.String({ maxLength: 20 }), quantity: Type.Integer({ minimum: 1 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => request.body,
    );
    t.app.get('/test/boom', async () => {
      throw new Error('database password is hunter2');
    });
  });
  afterAll(() => t.close());

  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': contentType },
      payload,
    });

  test('a valid body passes through', async () => {
    const res = await post('{"name":"ball","quantity":2}');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'ball', quantity: 2 });
  });

  test('malformed JSON is a 400 with the error shape', async () => {
    const res = await post('{"name": "ball",');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'malformed_json', message: expect.any(String) },
    });
  });

  test('an oversized body is a 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(5000), quantity: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  test.each([
    ['a wrong type', '{"name":"ball","quantity":"2"}', 'body/quantity'],
    ['a missing field', '{"name":"ball"}', 'body'],
    ['an unknown field', '{"name":"ball","quantity":1,"admin":true}', 'body/admin'],
    ['a value out of range', '{"name":"ball","quantity":0}', 'body/quantity'],
  ])('%s is a 400 naming the field', async (_label, payload, path) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details[0].path).toBe(path);
  });

  test('an unsupported content type is a 415', async () => {
    const res = await post('name=ball', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  test('an unknown route is a 404 with the error shape and no echoed query', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope?token=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'not_found', message: 'There is nothing at GET /nope.' },
    });
  });

  test('an unexpected failure is a generic 500 that leaks nothing', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(res.body).not.toContain('hunter2');
  });

  test('/health checks the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'up' });
  });

  test('/docs serves the API documentation and the OpenAPI document', async () => {
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const openapi = doc.json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/health']));
  });

  test('secrets in query strings never reach the log', async () => {
    await t.app.inject({ method: 'GET', url: '/health?token=very-secret-token' });
    expect(t.logs.text).toContain('token=[REDACTED]');
    expect(t.logs.text).not.toContain('very-secret-token');
  });
});

describe('health when the database is gone', () => {
  test('answers 503', async () => {
    const t = await createTestApp('pglite', { seedDemoCatalog: false });
    await t.testDatabase.database.close();
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', database: 'down' });
    await t.app.close();
  });
});
