import { randomUUID } from 'node:crypto';
import { type CardInput, luhnCheckDigit, type ValidCard, validateCard } from '@ironcart/cards';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Db } from '../../db/client.js';
import {
  createTestDatabase,
  type TestDatabase,
  testDrivers,
} from '../../test-support/databases.js';
import {
  type DeclineCode,
  declineCodes,
  declineMessage,
  GatewayUnavailableError,
  isRetryable,
} from './gateway.js';
import { createPaymentGateway, isPaymentGatewayName } from './gateways.js';
import { testGatewayLedger } from './tables.js';
import {
  TEST_GATEWAY_DEFAULT_LATENCY_MS,
  TestGateway,
  type TestGatewayOptions,
  testCardDeclines,
  testCardSuccesses,
} from './test-gateway.js';

const NOW = Date.UTC(2025, 5, 15, 12);

function card(number: string, overrides: Partial<CardInput> = {}): ValidCard {
  const result = validateCard(
    {
      number,
      expMonth: 12,
      expYear: 2030,
      cvc: number.startsWith('3') ? '7531' : '753',
      holder: 'Ada Lovelace',
      ...overrides,
    },
    new Date(NOW),
  );
  if (!result.ok) throw new Error(`test card ${number} is invalid: ${result.errors[0]?.code}`);
  return result.card;
}

/** A Luhn-valid 16-digit Visa number ending in `last4`, other than 4242424242424242. */
function visaEndingIn(last4: string): string {
  for (let middle = 0; middle < 100; middle++) {
    const number = `4000000000${String(middle).padStart(2, '0')}${last4}`;
    if (luhnCheckDigit(number.slice(0, -1)) === number.slice(-1)) return number;
  }
  throw new Error('no such number');
}

const key = (label: string) => `${label}-${randomUUID()}`;

describe.each(testDrivers)('the test gateway on %s', (driver) => {
  let testDb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
    db = testDb.database.db;
  });
  afterAll(() => testDb.dispose());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const gatewayWith = (options: Partial<TestGatewayOptions> = {}) =>
    new TestGateway({ db, latencyMs: 0, now: () => NOW, ...options });

  const rowsFor = (idempotencyKey: string) =>
    db.select().from(testGatewayLedger).where(eq(testGatewayLedger.idempotencyKey, idempotencyKey));

  const authorize = (
    gateway: TestGateway,
    number: string,
    overrides: { idempotencyKey?: string; amountCents?: number; card?: ValidCard } = {},
  ) =>
    gateway.authorize({
      idempotencyKey: overrides.idempotencyKey ?? key('auth'),
      amountCents: overrides.amountCents ?? 7500,
      currency: 'USD',
      card: overrides.card ?? card(number),
      description: 'Ironcart order 1001',
    });

  /** An authorization that succeeded, and its reference. */
  async function authorized(gateway: TestGateway, amountCents = 7500) {
    const result = await authorize(gateway, '4242424242424242', { amountCents });
    if (!result.ok) throw new Error(`authorization declined: ${result.decline}`);
    return result.reference;
  }

  describe("Stripe's test cards", () => {
    test.each(Object.entries(testCardSuccesses))('%s (%s) succeeds', async (number, brand) => {
      const gateway = gatewayWith();
      const idempotencyKey = key('success');
      const result = await authorize(gateway, number, { idempotencyKey, amountCents: 12_345 });
      expect(result).toEqual({
        ok: true,
        reference: expect.stringMatching(/^tg_ch_[0-9a-f]{24}$/),
      });
      const rows = await rowsFor(idempotencyKey);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        operation: 'authorize',
        status: 'succeeded',
        declineCode: null,
        reference: result.ok ? result.reference : '',
        amountCents: 12_345,
        currency: 'USD',
        cardBrand: brand,
        cardLast4: number.slice(-4),
        description: 'Ironcart order 1001',
      });
    });

    test.each(Object.entries(testCardDeclines))('%s is declined: %s', async (number, decline) => {
      const gateway = gatewayWith();
      const idempotencyKey = key('decline');
      const result = await authorize(gateway, number, { idempotencyKey });
      expect(result).toEqual({
        ok: false,
        decline,
        retryable: decline === 'processing_error',
      });
      const rows = await rowsFor(idempotencyKey);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'failed',
        declineCode: decline,
        cardLast4: number.slice(-4),
      });
    });

    test('any other valid card succeeds', async () => {
      const gateway = gatewayWith();
      for (const number of [
        visaEndingIn('0077'),
        '5105105105105100',
        '371449635398431',
        `650000000000000${luhnCheckDigit('650000000000000')}`,
      ]) {
        expect((await authorize(gateway, number)).ok).toBe(true);
      }
    });

    test('a card that expired since the shop checked it is declined as expired', async () => {
      const gateway = gatewayWith({ now: () => Date.UTC(2031, 0, 1) });
      const idempotencyKey = key('expired');
      const result = await authorize(gateway, '4242424242424242', { idempotencyKey });
      expect(result).toEqual({ ok: false, decline: 'expired_card', retryable: false });
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });
  });

  describe('decline messages', () => {
    test('every code has a shopper-facing sentence, processing errors are retryable', () => {
      for (const code of declineCodes) {
        expect(declineMessage(code)).toMatch(/^[A-Z].{10,}\.$/);
        expect(isRetryable(code)).toBe(code === 'processing_error');
      }
      expect(declineMessage('card_declined')).toBe(
        'Your card was declined. Please use another card.',
      );
      expect(declineMessage('incorrect_cvc')).toBe('The security code (CVC) is incorrect.');
      expect(declineMessage('processing_error')).toBe(
        'We could not process your card. Please try again.',
      );
      expect(declineMessage('insufficient_funds')).toMatch(/insufficient funds/);
      expect(declineMessage('expired_card')).toMatch(/expired/);
    });
  });

  describe('idempotency', () => {
    test('the same key and request returns the same result and charges once', async () => {
      const gateway = gatewayWith();
      const idempotencyKey = key('repeat');
      const first = await authorize(gateway, '4242424242424242', { idempotencyKey });
      const second = await authorize(gateway, '4242424242424242', { idempotencyKey });
      expect(first.ok).toBe(true);
      expect(second).toEqual(first);
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('a repeated decline is the same decline, recorded once', async () => {
      const gateway = gatewayWith();
      const idempotencyKey = key('repeat-decline');
      const first = await authorize(gateway, '4000000000009995', { idempotencyKey });
      expect(await authorize(gateway, '4000000000009995', { idempotencyKey })).toEqual(first);
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('concurrent calls with one key make one authorization', async () => {
      const gateway = gatewayWith();
      const idempotencyKey = key('race');
      const results = await Promise.all(
        Array.from({ length: 6 }, () => authorize(gateway, '4242424242424242', { idempotencyKey })),
      );
      const references = new Set(
        results.map((result) => (result.ok ? result.reference : result.decline)),
      );
      expect(references.size).toBe(1);
      expect(results[0]?.ok).toBe(true);
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('another gateway instance (a restarted process) replays the same result', async () => {
      const idempotencyKey = key('restart');
      const first = await authorize(gatewayWith(), '5555555555554444', { idempotencyKey });
      const sibling = await testDb.openSibling();
      const again = await new TestGateway({
        db: sibling.db,
        latencyMs: 0,
        now: () => NOW,
      }).authorize({
        idempotencyKey,
        amountCents: 7500,
        currency: 'USD',
        card: card('5555555555554444'),
        description: 'Ironcart order 1001',
      });
      expect(again).toEqual(first);
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('the same key with another amount, card, currency or description is refused', async () => {
      const gateway = gatewayWith();
      const idempotencyKey = key('conflict');
      const first = await authorize(gateway, '4242424242424242', { idempotencyKey });
      expect(first.ok).toBe(true);
      const refused = { ok: false, decline: 'invalid_request', retryable: false };
      expect(
        await authorize(gateway, '4242424242424242', { idempotencyKey, amountCents: 7501 }),
      ).toEqual(refused);
      expect(await authorize(gateway, '5555555555554444', { idempotencyKey })).toEqual(refused);
      expect(
        await authorize(gateway, '4242424242424242', {
          idempotencyKey,
          card: card('4242424242424242', { expMonth: 11 }),
        }),
      ).toEqual(refused);
      const base = {
        idempotencyKey,
        amountCents: 7500,
        card: card('4242424242424242'),
        description: 'Ironcart order 1001',
      };
      expect(await gateway.authorize({ ...base, currency: 'EUR' })).toEqual(refused);
      expect(
        await gateway.authorize({ ...base, currency: 'USD', description: 'Ironcart order 1002' }),
      ).toEqual(refused);
      // The original still replays, and nothing was added.
      expect(await gateway.authorize({ ...base, currency: 'USD' })).toEqual(first);
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('a capture key reused for another amount or authorization is refused', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway);
      const other = await authorized(gateway);
      const idempotencyKey = key('capture-conflict');
      const first = await gateway.capture({ idempotencyKey, reference, amountCents: 7500 });
      expect(first).toEqual({ ok: true, reference });
      expect(await gateway.capture({ idempotencyKey, reference, amountCents: 7500 })).toEqual(
        first,
      );
      expect(await gateway.capture({ idempotencyKey, reference, amountCents: 7000 })).toMatchObject(
        {
          ok: false,
          decline: 'invalid_request',
        },
      );
      expect(
        await gateway.capture({ idempotencyKey, reference: other, amountCents: 7500 }),
      ).toMatchObject({ ok: false, decline: 'invalid_request' });
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('keys are per operation: an authorize key may also name a capture', async () => {
      const gateway = gatewayWith();
      const idempotencyKey = key('shared');
      const result = await authorize(gateway, '4242424242424242', { idempotencyKey });
      if (!result.ok) throw new Error('declined');
      expect(
        await gateway.capture({ idempotencyKey, reference: result.reference, amountCents: 7500 }),
      ).toEqual({ ok: true, reference: result.reference });
      expect((await rowsFor(idempotencyKey)).map((row) => row.operation).sort()).toEqual([
        'authorize',
        'capture',
      ]);
    });
  });

  describe('malformed requests are refused and leave no record', () => {
    test.each([
      ['zero amount', { amountCents: 0 }],
      ['negative amount', { amountCents: -5 }],
      ['fractional amount', { amountCents: 10.5 }],
      ['huge amount', { amountCents: 100_000_000 }],
      ['lower-case currency', { currency: 'usd' }],
      ['empty key', { idempotencyKey: '' }],
      ['over-long key', { idempotencyKey: 'k'.repeat(256) }],
      ['invalid card', { card: { ...card('4242424242424242'), number: '4242424242424241' } }],
      ['wrong CVC length', { card: { ...card('4242424242424242'), cvc: '12' } }],
    ])('%s', async (_label, change) => {
      const gateway = gatewayWith();
      const idempotencyKey = key('malformed');
      const result = await gateway.authorize({
        idempotencyKey,
        amountCents: 1000,
        currency: 'USD',
        card: card('4242424242424242'),
        description: 'Ironcart order 1001',
        ...change,
      });
      expect(result).toEqual({ ok: false, decline: 'invalid_request', retryable: false });
      expect(await rowsFor(idempotencyKey)).toHaveLength(0);
    });

    test('capture, refund and void of an unknown or declined authorization', async () => {
      const gateway = gatewayWith();
      const declinedKey = key('declined');
      await authorize(gateway, '4000000000000002', { idempotencyKey: declinedKey });
      const [declinedRow] = await rowsFor(declinedKey);
      for (const reference of ['tg_ch_000000000000000000000000', declinedRow?.reference ?? '']) {
        const unknown = { ok: false, decline: 'unknown_reference', retryable: false };
        const idempotencyKey = key('unknown');
        expect(await gateway.capture({ idempotencyKey, reference, amountCents: 100 })).toEqual(
          unknown,
        );
        expect(await gateway.refund({ idempotencyKey, reference, amountCents: 100 })).toEqual(
          unknown,
        );
        expect(await gateway.void({ idempotencyKey, reference })).toEqual(unknown);
        expect(await rowsFor(idempotencyKey)).toHaveLength(0);
      }
      const reference = await authorized(gateway);
      expect(
        await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 0 }),
      ).toMatchObject({ decline: 'invalid_request' });
      expect(await gateway.void({ idempotencyKey: '', reference })).toMatchObject({
        decline: 'invalid_request',
      });
    });
  });

  describe('capture', () => {
    test('once, for at most the authorized amount', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway, 5000);
      expect(
        await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 5001 }),
      ).toEqual({
        ok: false,
        decline: 'amount_too_large',
        retryable: false,
      });
      expect(
        await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 4000 }),
      ).toEqual({
        ok: true,
        reference,
      });
      expect(
        await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 1000 }),
      ).toEqual({
        ok: false,
        decline: 'already_captured',
        retryable: false,
      });
      const captures = (await gateway.ledger({ reference })).filter(
        (row) => row.operation === 'capture' && row.status === 'succeeded',
      );
      expect(captures.map((row) => row.amountCents)).toEqual([4000]);
    });

    test('two concurrent captures with different keys: exactly one succeeds', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway);
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 7500 }),
        ),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(
        results.filter((result) => !result.ok && result.decline === 'already_captured'),
      ).toHaveLength(3);
    });

    test('a voided authorization cannot be captured', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway);
      expect(await gateway.void({ idempotencyKey: key('v'), reference })).toEqual({ ok: true });
      expect(
        await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 7500 }),
      ).toMatchObject({
        ok: false,
        decline: 'already_voided',
      });
    });

    test('a refused capture is recorded and replayed for its key', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway, 1000);
      const idempotencyKey = key('c');
      const first = await gateway.capture({ idempotencyKey, reference, amountCents: 2000 });
      expect(first).toMatchObject({ ok: false, decline: 'amount_too_large' });
      expect(await gateway.capture({ idempotencyKey, reference, amountCents: 2000 })).toEqual(
        first,
      );
      expect(await rowsFor(idempotencyKey)).toMatchObject([
        { status: 'failed', declineCode: 'amount_too_large' },
      ]);
    });
  });

  describe('refund', () => {
    test('only after capture, once, for at most the captured amount', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway, 9000);
      expect(
        await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 100 }),
      ).toMatchObject({
        ok: false,
        decline: 'not_captured',
      });
      await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 8000 });
      expect(
        await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 8001 }),
      ).toMatchObject({
        ok: false,
        decline: 'amount_too_large',
      });
      const idempotencyKey = key('r');
      const refund = await gateway.refund({ idempotencyKey, reference, amountCents: 8000 });
      expect(refund).toEqual({
        ok: true,
        refundReference: expect.stringMatching(/^tg_re_[0-9a-f]{24}$/),
      });
      expect(await gateway.refund({ idempotencyKey, reference, amountCents: 8000 })).toEqual(
        refund,
      );
      expect(await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 1 })).toEqual(
        {
          ok: false,
          decline: 'already_refunded',
          retryable: false,
        },
      );
      const refunds = (await gateway.ledger({ reference })).filter(
        (row) => row.operation === 'refund' && row.status === 'succeeded',
      );
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({
        amountCents: 8000,
        refundReference: refund.ok ? refund.refundReference : '',
      });
    });

    test('a partial refund still closes the payment to further refunds', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway, 3000);
      await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 3000 });
      expect(
        (await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 1000 })).ok,
      ).toBe(true);
      expect(
        await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 1000 }),
      ).toMatchObject({
        decline: 'already_refunded',
      });
    });
  });

  describe('void', () => {
    test('only an uncaptured authorization, and only once', async () => {
      const gateway = gatewayWith();
      const reference = await authorized(gateway);
      const idempotencyKey = key('v');
      expect(await gateway.void({ idempotencyKey, reference })).toEqual({ ok: true });
      expect(await gateway.void({ idempotencyKey, reference })).toEqual({ ok: true });
      expect(await gateway.void({ idempotencyKey: key('v'), reference })).toMatchObject({
        decline: 'already_voided',
      });
      expect(
        await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 1 }),
      ).toMatchObject({
        decline: 'already_voided',
      });
      const captured = await authorized(gateway);
      await gateway.capture({ idempotencyKey: key('c'), reference: captured, amountCents: 7500 });
      expect(await gateway.void({ idempotencyKey: key('v'), reference: captured })).toMatchObject({
        ok: false,
        decline: 'already_captured',
      });
    });
  });

  describe('lookup', () => {
    test('tells what became of the authorization made with a key', async () => {
      const gateway = gatewayWith();
      expect(await gateway.lookup({ idempotencyKey: key('never') })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      const declinedKey = key('declined');
      await authorize(gateway, '4000000000000127', { idempotencyKey: declinedKey });
      expect(await gateway.lookup({ idempotencyKey: declinedKey })).toEqual({
        ok: false,
        reason: 'declined',
        decline: 'incorrect_cvc',
      });

      const idempotencyKey = key('auth');
      const result = await authorize(gateway, '4242424242424242', {
        idempotencyKey,
        amountCents: 6000,
      });
      if (!result.ok) throw new Error('declined');
      const { reference } = result;
      const expected = {
        ok: true,
        reference,
        amountCents: 6000,
        currency: 'USD',
        capturedCents: 0,
        refundedCents: 0,
      };
      expect(await gateway.lookup({ idempotencyKey })).toEqual({
        ...expected,
        status: 'authorized',
      });
      await gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 5500 });
      expect(await gateway.lookup({ idempotencyKey })).toEqual({
        ...expected,
        status: 'captured',
        capturedCents: 5500,
      });
      await gateway.refund({ idempotencyKey: key('r'), reference, amountCents: 500 });
      expect(await gateway.lookup({ idempotencyKey })).toEqual({
        ...expected,
        status: 'refunded',
        capturedCents: 5500,
        refundedCents: 500,
      });

      const voidedKey = key('auth');
      const voided = await authorize(gateway, '4242424242424242', { idempotencyKey: voidedKey });
      if (!voided.ok) throw new Error('declined');
      await gateway.void({ idempotencyKey: key('v'), reference: voided.reference });
      expect(await gateway.lookup({ idempotencyKey: voidedKey })).toMatchObject({
        status: 'voided',
      });
    });
  });

  describe('network behaviour', () => {
    test('unavailable: throws GatewayUnavailableError and nothing happens', async () => {
      const gateway = gatewayWith({ behaviour: 'unavailable' });
      const idempotencyKey = key('down');
      const error = await authorize(gateway, '4242424242424242', { idempotencyKey }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(GatewayUnavailableError);
      expect(error).toMatchObject({ gateway: 'test', operation: 'authorize' });
      expect(await rowsFor(idempotencyKey)).toHaveLength(0);
      gateway.setBehaviour('normal');
      expect(await gateway.lookup({ idempotencyKey })).toEqual({ ok: false, reason: 'not_found' });
    });

    test('hang: the call never settles and nothing is recorded until released', async () => {
      const gateway = gatewayWith({ behaviour: 'hang' });
      const idempotencyKey = key('hang');
      let settled = false;
      const pending = authorize(gateway, '4242424242424242', { idempotencyKey }).finally(() => {
        settled = true;
      });
      await vi.waitFor(() => expect(gateway.hungCalls).toBe(1));
      // Give the event loop plenty of turns: still nothing.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false);
      gateway.setBehaviour('normal');
      expect(await gateway.lookup({ idempotencyKey })).toEqual({ ok: false, reason: 'not_found' });
      expect(await rowsFor(idempotencyKey)).toHaveLength(0);
      // A very slow network finally delivers it.
      expect(gateway.releaseHung()).toBe(1);
      expect((await pending).ok).toBe(true);
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('lost response: charged and recorded, the caller gets an unknown outcome; a retry replays', async () => {
      const gateway = gatewayWith({ behaviour: 'lost_response' });
      const idempotencyKey = key('lost');
      await expect(
        authorize(gateway, '4242424242424242', { idempotencyKey }),
      ).rejects.toBeInstanceOf(GatewayUnavailableError);
      const [row] = await rowsFor(idempotencyKey);
      expect(row).toMatchObject({ status: 'succeeded' });
      gateway.setBehaviour('normal');
      const lookup = await gateway.lookup({ idempotencyKey });
      expect(lookup).toMatchObject({ ok: true, status: 'authorized', reference: row?.reference });
      expect(await authorize(gateway, '4242424242424242', { idempotencyKey })).toEqual({
        ok: true,
        reference: row?.reference,
      });
      expect(await rowsFor(idempotencyKey)).toHaveLength(1);
    });

    test('per operation: authorize answers while capture is unreachable', async () => {
      const gateway = gatewayWith({ behaviour: { capture: 'unavailable' } });
      const reference = await authorized(gateway);
      await expect(
        gateway.capture({ idempotencyKey: key('c'), reference, amountCents: 7500 }),
      ).rejects.toMatchObject({ name: 'GatewayUnavailableError', operation: 'capture' });
      expect(await gateway.ledger({ reference })).toHaveLength(1);
    });

    test('latency: each call waits the configured time (150 ms by default)', async () => {
      expect(TEST_GATEWAY_DEFAULT_LATENCY_MS).toBe(150);
      const timers = vi.spyOn(globalThis, 'setTimeout');
      await gatewayWith({ latencyMs: 5 }).lookup({ idempotencyKey: key('latency') });
      expect(timers.mock.calls.some(([, ms]) => ms === 5)).toBe(true);
      timers.mockClear();
      await gatewayWith({ latencyMs: 0 }).lookup({ idempotencyKey: key('latency') });
      expect(timers.mock.calls.some(([, ms]) => ms === 0)).toBe(false);
      expect(() => gatewayWith({ latencyMs: -1 })).toThrow(RangeError);
    });
  });

  describe('the ledger keeps no card data beyond brand and last 4', () => {
    test('never the full number, never the CVC; the fingerprint does not depend on the number', async () => {
      const gateway = gatewayWith();
      const cards = [
        ...Object.keys(testCardSuccesses),
        ...Object.keys(testCardDeclines),
        visaEndingIn('4242'),
      ].map((number) => card(number, { cvc: number.startsWith('3') ? '8642' : '864' }));
      const keys: string[] = [];
      for (const each of cards) {
        const idempotencyKey = key('pci');
        keys.push(idempotencyKey);
        const result = await gateway.authorize({
          idempotencyKey,
          amountCents: 4200,
          currency: 'USD',
          card: each,
          description: 'Ironcart order 1001',
        });
        if (result.ok) {
          await gateway.capture({ idempotencyKey, reference: result.reference, amountCents: 4200 });
          await gateway.refund({ idempotencyKey, reference: result.reference, amountCents: 4200 });
        }
      }
      // Every column of every row, as the database stores it.
      // Both drivers answer execute() with { rows }; drizzle's shared type leaves it unknown.
      const dump = (await db.execute(
        sql`select row_to_json(l) as row from test_gateway_ledger l`,
      )) as unknown as { rows: { row: Record<string, unknown> }[] };
      const rows = dump.rows.map((entry) => entry.row);
      const text = JSON.stringify(rows);
      expect(rows.length).toBeGreaterThanOrEqual(cards.length);
      for (const each of cards) {
        expect(text).not.toContain(each.number);
        expect(text).not.toContain(each.number.slice(0, -4));
      }
      for (const row of rows) {
        expect(Object.keys(row).some((column) => /cvc|cvv|number|pan/i.test(column))).toBe(false);
        expect(Object.values(row)).not.toContain('864');
        expect(Object.values(row)).not.toContain('8642');
      }
      // Two different numbers with the same brand, last 4, expiry and holder fingerprint alike.
      const [visa, lookalike] = await Promise.all(
        [keys[0], keys.at(-1)].map(async (k) => (await rowsFor(k ?? ''))[0]?.requestFingerprint),
      );
      expect(visa).toMatch(/^[0-9a-f]{64}$/);
      expect(lookalike).toBe(visa);
    });
  });
});

describe('createPaymentGateway', () => {
  test('selects the gateway by its configured name', async () => {
    expect(isPaymentGatewayName('test')).toBe(true);
    expect(isPaymentGatewayName('stripe')).toBe(false);
    const gateway = createPaymentGateway('test', {
      db: {} as Db,
      test: { latencyMs: 0, behaviour: 'unavailable' },
    });
    expect(gateway).toBeInstanceOf(TestGateway);
    expect(gateway.name).toBe('test');
    // The behaviour option reached the gateway (and no database was needed to find out).
    await expect(gateway.lookup({ idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      GatewayUnavailableError,
    );
    expect(() => createPaymentGateway('stripe' as 'test', { db: {} as Db })).toThrow(/stripe/);
  });

  test('every decline code is known to the types', () => {
    const codes: readonly DeclineCode[] = declineCodes;
    expect(new Set(codes).size).toBe(codes.length);
  });
});
