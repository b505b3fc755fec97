import { newIdempotencyKey } from '@ironcart/sdk';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, LogCapture, type TestApp } from '../test-support/app.js';
import { firstVariantInStock } from '../test-support/catalog.js';
import { testDrivers } from '../test-support/databases.js';
import { sdkFor } from '../test-support/sdk.js';
import { loggerOptions, redactUrl } from './logging.js';

const PASSWORD = 'correct horse battery staple';

/** Every log line as an object, and every `err` in them flattened to its causes. */
const parsedLines = (logs: LogCapture) => logs.lines.map((line) => JSON.parse(line));

describe.each(testDrivers)('a failed query leaves its values out of the log on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
    // Make the database itself refuse two otherwise valid requests: real driver errors, with
    // the real parameters, through the real error path.
    const { db } = t.testDatabase.database;
    await db.execute(sql`alter table users add constraint logging_test_refuses_user
      check (name <> 'Refuse Me Please')`);
    await db.execute(sql`alter table orders add constraint logging_test_refuses_order
      check (billing_name <> 'Refuse Me Please')`);
  });
  afterAll(() => t.close());

  test('a failed sign-up logs no email, name or password hash', async () => {
    const email = 'leaky-signup@example.com';
    const answer = await sdkFor(t.app)
      .signUp({ email, password: PASSWORD, name: 'Refuse Me Please' })
      .catch((error: { status: number }) => error);
    expect(answer).toMatchObject({ status: 500 });
    const failure = parsedLines(t.logs).find(
      (line) => line.msg === 'request failed' && JSON.stringify(line).includes('refuses_user'),
    );
    expect(failure).toBeDefined(); // the error is still there to debug, with its constraint
    for (const secret of [email, 'Refuse Me Please', '$argon2id', PASSWORD]) {
      expect(t.logs.text).not.toContain(secret);
    }
  });

  test('a failed checkout logs no billing name, address or card expiry', async () => {
    const shopper = sdkFor(t.app);
    await shopper.signUp({ email: 'leaky-checkout@example.com', password: PASSWORD, name: 'L' });
    const variant = await firstVariantInStock(t.testDatabase.database.db);
    await shopper.addToCart(variant?.id ?? '', 1);
    const answer = await shopper
      .checkout(
        {
          card: {
            number: '4242 4242 4242 4242',
            expMonth: 7,
            expYear: 2031,
            cvc: '123',
            holder: 'Card Holder Name',
          },
          billing: {
            name: 'Refuse Me Please',
            line1: '77 Undisclosed Street',
            city: 'Hiddenville',
            postalCode: '97204',
            country: 'US',
          },
          cartVersion: (await shopper.cart()).version,
        },
        newIdempotencyKey(),
      )
      .catch((error: { status: number }) => error);
    expect(answer).toMatchObject({ status: 500 });
    expect(t.logs.text).toContain('logging_test_refuses_order');
    for (const secret of ['Refuse Me Please', '77 Undisclosed Street', 'Hiddenville', '7,2031']) {
      expect(t.logs.text).not.toContain(secret);
    }
  });
});

describe('the error serializer', () => {
  const capture = () => {
    const logs = new LogCapture();
    const logger = pino(loggerOptions({ level: 'info', stream: logs }), logs);
    return { logs, logger };
  };

  test('drops parameters and value details at every depth of the cause chain', () => {
    const { logs, logger } = capture();
    const driverError = Object.assign(
      new Error('invalid input syntax for type uuid: "secret-value-1"'),
      {
        code: '22P02',
        detail: 'Failing row contains (secret-value-2).',
        parameters: ['secret-value-3'],
        constraint: 'kept_constraint_name',
      },
    );
    const queryError = Object.assign(
      new Error('Failed query: select $1\nparams: secret-value-4,secret-value-5', {
        cause: driverError,
      }),
      { query: 'select $1', params: ['secret-value-4', 'secret-value-5'] },
    );
    const wrapper = new Error('checkout failed', { cause: queryError });
    logger.error({ err: wrapper }, 'request failed');
    logger.error({ failure: queryError }, 'under another key');
    logger.error(new AggregateError([queryError], 'several failed'));
    for (let n = 1; n <= 5; n++) expect(logs.text).not.toContain(`secret-value-${n}`);
    const [first] = logs.lines.map((line) => JSON.parse(line));
    expect(first.err.message).toBe('checkout failed');
    expect(first.err.cause.query).toBe('select $1');
    expect(first.err.cause.cause).toMatchObject({
      code: '22P02',
      constraint: 'kept_constraint_name',
    });
  });

  test('a data error quoting its value anywhere in its message, or an error nested in an object, is redacted too', () => {
    const { logs, logger } = capture();
    const outOfRange = Object.assign(
      new Error('value "secret-value-6" is out of range for type integer'),
      { code: '22003' },
    );
    const queryError = Object.assign(new Error('Failed query', { cause: outOfRange }), {
      params: ['secret-value-7'],
    });
    logger.error({ err: outOfRange }, 'out of range');
    logger.error({ context: { step: 'settle', failures: [queryError] } }, 'nested');
    for (const n of [6, 7]) expect(logs.text).not.toContain(`secret-value-${n}`);
    // An integrity error names its constraint and column in quotes: those stay.
    const integrity = Object.assign(
      new Error('null value in column "email" of relation "users" violates not-null constraint'),
      { code: '23502' },
    );
    logger.error({ err: integrity }, 'integrity');
    expect(logs.text).toContain('column \\"email\\" of relation \\"users\\"');
  });
});

describe('request URLs in the log', () => {
  test('a credential in the query is redacted however its name is spelled', () => {
    // The query parser decodes names, so each of these reaches the legacy API as `token`.
    for (const url of [
      '/createCart?token=abc123',
      '/createCart?%74oken=abc123',
      '/createCart?tok%65n=abc123',
      '/createCart?x=1&TOKEN=abc123',
      '/createCart?access_token=abc123&x=1',
    ]) {
      expect(redactUrl(url)).not.toContain('abc123');
    }
    expect(redactUrl('/retrieveProducts?x=1&y=%zz')).toBe('/retrieveProducts?x=1&y=%zz');
  });
});
