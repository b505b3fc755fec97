import { createHash, randomBytes } from 'node:crypto';
import { type CardBrand, detectBrand, type ValidCard, validateCard } from '@ironcart/cards';
import { and, asc, eq, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type AuthorizationLookup,
  type AuthorizationStatus,
  type AuthorizeRequest,
  type CaptureRequest,
  type DeclineCode,
  declineCodes,
  declined,
  type GatewayOperation,
  type GatewayResult,
  GatewayUnavailableError,
  type PaymentGateway,
  type RefundRequest,
  type VoidRequest,
} from './gateway.js';
import { testGatewayLedger } from './tables.js';

/** Stripe's documented test cards that do not succeed, and what they do instead. */
export const testCardDeclines: Readonly<Record<string, DeclineCode>> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000127': 'incorrect_cvc',
  '4000000000000119': 'processing_error',
};

/** Stripe's documented success cards, one or more per brand. Any other valid card succeeds too. */
export const testCardSuccesses: Readonly<Record<string, CardBrand>> = {
  '4242424242424242': 'visa',
  '5555555555554444': 'mastercard',
  '2223003122003222': 'mastercard',
  '378282246310005': 'amex',
  '6011111111111117': 'discover',
  '6011000990139424': 'discover',
};

/**
 * How the simulated network behaves, for tests of what happens when the provider misbehaves:
 * - `normal`: answers after the configured latency.
 * - `hang`: never answers (the request never reaches the gateway), like a process killed while
 *   waiting; `releaseHung()` lets the waiting calls through, as a very slow network would.
 * - `unavailable`: throws GatewayUnavailableError; nothing happened at the gateway.
 * - `lost_response`: performs and records the operation, then throws GatewayUnavailableError,
 *   like a timeout after the provider acted (the dangerous case for double charges).
 */
export type TestGatewayBehaviour = 'normal' | 'hang' | 'unavailable' | 'lost_response';

/** One behaviour for every call, or one per operation (unlisted operations are `normal`). */
export type TestGatewayBehaviourSetting =
  | TestGatewayBehaviour
  | Partial<Record<GatewayOperation, TestGatewayBehaviour>>;

export const TEST_GATEWAY_DEFAULT_LATENCY_MS = 150;
/** The largest single amount the test gateway accepts (Stripe's limit for USD). */
export const TEST_GATEWAY_MAX_AMOUNT_CENTS = 99_999_999;
const MAX_KEY_LENGTH = 255;
const MAX_REFERENCE_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 1000;

export interface TestGatewayOptions {
  db: Db;
  /** Simulated network latency per call; defaults to 150 ms (tests usually pass 0). */
  latencyMs?: number;
  behaviour?: TestGatewayBehaviourSetting;
  /** The clock for expiry checks (ms since the epoch); defaults to Date.now. */
  now?: () => number;
}

export type TestGatewayLedgerEntry = typeof testGatewayLedger.$inferSelect;

/** Ledger rows for capture, refund and void carry the state of the authorization they name. */
interface AuthorizationState {
  capture: TestGatewayLedgerEntry | undefined;
  refund: TestGatewayLedgerEntry | undefined;
  void: TestGatewayLedgerEntry | undefined;
}

type Decision =
  | { decline: DeclineCode; amountCents: number }
  | { decline?: undefined; amountCents: number; refundReference?: string };

const sha256 = (parts: unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');
const newReference = (kind: 'ch' | 're') => `tg_${kind}_${randomBytes(12).toString('hex')}`;

const isKey = (key: unknown) =>
  typeof key === 'string' && key.length > 0 && key.length <= MAX_KEY_LENGTH;
const isReference = (reference: unknown) =>
  typeof reference === 'string' && reference.length > 0 && reference.length <= MAX_REFERENCE_LENGTH;
const isAmount = (amount: unknown) =>
  typeof amount === 'number' &&
  Number.isSafeInteger(amount) &&
  amount > 0 &&
  amount <= TEST_GATEWAY_MAX_AMOUNT_CENTS;

function asDecline(code: string | null): DeclineCode {
  return declineCodes.find((known) => known === code) ?? 'processing_error';
}

function statusOf(state: AuthorizationState): AuthorizationStatus {
  if (state.void) return 'voided';
  if (state.refund) return 'refunded';
  if (state.capture) return 'captured';
  return 'authorized';
}

/**
 * The built-in payment gateway: behaves like Stripe's test mode for its documented test cards
 * (every other valid card succeeds) and keeps its books in the `test_gateway_ledger` table, so
 * what it charged survives our process being killed. Rules: an authorization is captured at most
 * once for at most its amount; a captured payment is refunded at most once for at most the
 * captured amount; only an uncaptured authorization can be voided. Requests refused as malformed
 * (`invalid_request`, `unknown_reference`) leave no row; everything else, declines included, is
 * recorded and replayed for a repeated key.
 */
export class TestGateway implements PaymentGateway {
  readonly name = 'test';
  readonly #db: Db;
  readonly #latencyMs: number;
  readonly #now: () => number;
  #behaviour: TestGatewayBehaviourSetting;
  readonly #hung: (() => void)[] = [];

  constructor(options: TestGatewayOptions) {
    this.#db = options.db;
    this.#latencyMs = options.latencyMs ?? TEST_GATEWAY_DEFAULT_LATENCY_MS;
    if (!Number.isFinite(this.#latencyMs) || this.#latencyMs < 0) {
      throw new RangeError('latencyMs must be a non-negative number');
    }
    this.#behaviour = options.behaviour ?? 'normal';
    this.#now = options.now ?? Date.now;
  }

  /** Changes how later calls behave (calls already hanging keep hanging). */
  setBehaviour(behaviour: TestGatewayBehaviourSetting): void {
    this.#behaviour = behaviour;
  }

  /** How many calls are hanging right now. */
  get hungCalls(): number {
    return this.#hung.length;
  }

  /** Lets every hanging call proceed as a normal one; returns how many there were. */
  releaseHung(): number {
    const waiting = this.#hung.splice(0);
    for (const resume of waiting) resume();
    return waiting.length;
  }

  authorize(req: AuthorizeRequest): Promise<GatewayResult<{ reference: string }>> {
    return this.#call('authorize', () => this.#authorize(req));
  }

  capture(req: CaptureRequest): Promise<GatewayResult<{ reference: string }>> {
    return this.#call('capture', () => this.#capture(req));
  }

  refund(req: RefundRequest): Promise<GatewayResult<{ refundReference: string }>> {
    return this.#call('refund', () => this.#refund(req));
  }

  void(req: VoidRequest): Promise<GatewayResult> {
    return this.#call('void', () => this.#void(req));
  }

  lookup(req: { idempotencyKey: string }): Promise<AuthorizationLookup> {
    return this.#call('lookup', () => this.#lookup(req));
  }

  /** The whole ledger (or one authorization's rows), oldest first: for tests and audits. */
  async ledger(filter: { reference?: string } = {}): Promise<TestGatewayLedgerEntry[]> {
    return this.#db
      .select()
      .from(testGatewayLedger)
      .where(filter.reference ? eq(testGatewayLedger.reference, filter.reference) : undefined)
      .orderBy(asc(testGatewayLedger.createdAt), asc(testGatewayLedger.id));
  }

  /**
   * One call through the simulated network: latency, then hanging or unreachable on the way in,
   * or the answer lost on the way out (after the gateway acted and recorded it).
   */
  async #call<T>(operation: GatewayOperation, perform: () => Promise<T>): Promise<T> {
    const setting = this.#behaviour;
    const behaviour = typeof setting === 'string' ? setting : (setting[operation] ?? 'normal');
    if (this.#latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
    }
    if (behaviour === 'unavailable') throw new GatewayUnavailableError(this.name, operation);
    if (behaviour === 'hang') {
      await new Promise<void>((resolve) => this.#hung.push(resolve));
      return perform();
    }
    const answer = await perform();
    if (behaviour === 'lost_response') {
      throw new GatewayUnavailableError(
        this.name,
        operation,
        `The payment gateway "${this.name}" timed out after receiving the request (${operation}).`,
      );
    }
    return answer;
  }

  async #authorize(req: AuthorizeRequest): Promise<GatewayResult<{ reference: string }>> {
    const card = this.#checkAuthorize(req);
    if (!card.ok) return declined('invalid_request');
    const { brand, last4, expMonth, expYear, holder } = card.card;
    const fingerprint = sha256([
      'authorize',
      req.amountCents,
      req.currency,
      req.description,
      brand,
      last4,
      expMonth,
      expYear,
      holder,
    ]);
    const decline = card.decline ?? testCardDeclines[card.card.number];
    const [inserted] = await this.#db
      .insert(testGatewayLedger)
      .values({
        operation: 'authorize',
        idempotencyKey: req.idempotencyKey,
        requestFingerprint: fingerprint,
        reference: newReference('ch'),
        amountCents: req.amountCents,
        currency: req.currency,
        status: decline ? 'failed' : 'succeeded',
        declineCode: decline ?? null,
        cardBrand: brand,
        cardLast4: last4,
        description: req.description,
      })
      .onConflictDoNothing()
      .returning();
    const row = inserted ?? (await this.#existing(this.#db, 'authorize', req.idempotencyKey));
    if (!row || row.requestFingerprint !== fingerprint) return declined('invalid_request');
    return row.status === 'succeeded'
      ? { ok: true, reference: row.reference }
      : declined(asDecline(row.declineCode));
  }

  async #capture(req: CaptureRequest): Promise<GatewayResult<{ reference: string }>> {
    if (!isKey(req.idempotencyKey) || !isReference(req.reference) || !isAmount(req.amountCents)) {
      return declined('invalid_request');
    }
    const row = await this.#settle(
      'capture',
      req,
      sha256(['capture', req.reference, req.amountCents]),
      (authorization, state) => {
        const amountCents = req.amountCents;
        if (state.void) return { decline: 'already_voided', amountCents };
        if (state.capture) return { decline: 'already_captured', amountCents };
        if (amountCents > authorization.amountCents) {
          return { decline: 'amount_too_large', amountCents };
        }
        return { amountCents };
      },
    );
    if (typeof row === 'string') return declined(row);
    return row.status === 'succeeded'
      ? { ok: true, reference: row.reference }
      : declined(asDecline(row.declineCode));
  }

  async #refund(req: RefundRequest): Promise<GatewayResult<{ refundReference: string }>> {
    if (!isKey(req.idempotencyKey) || !isReference(req.reference) || !isAmount(req.amountCents)) {
      return declined('invalid_request');
    }
    const row = await this.#settle(
      'refund',
      req,
      sha256(['refund', req.reference, req.amountCents]),
      (_authorization, state) => {
        const amountCents = req.amountCents;
        if (state.void) return { decline: 'already_voided', amountCents };
        if (!state.capture) return { decline: 'not_captured', amountCents };
        if (state.refund) return { decline: 'already_refunded', amountCents };
        if (amountCents > state.capture.amountCents) {
          return { decline: 'amount_too_large', amountCents };
        }
        return { amountCents, refundReference: newReference('re') };
      },
    );
    if (typeof row === 'string') return declined(row);
    return row.status === 'succeeded' && row.refundReference
      ? { ok: true, refundReference: row.refundReference }
      : declined(asDecline(row.declineCode));
  }

  async #void(req: VoidRequest): Promise<GatewayResult> {
    if (!isKey(req.idempotencyKey) || !isReference(req.reference)) {
      return declined('invalid_request');
    }
    const row = await this.#settle(
      'void',
      req,
      sha256(['void', req.reference]),
      (authorization, state) => {
        const amountCents = authorization.amountCents;
        if (state.void) return { decline: 'already_voided', amountCents };
        if (state.capture) return { decline: 'already_captured', amountCents };
        return { amountCents };
      },
    );
    if (typeof row === 'string') return declined(row);
    return row.status === 'succeeded' ? { ok: true } : declined(asDecline(row.declineCode));
  }

  async #lookup(req: { idempotencyKey: string }): Promise<AuthorizationLookup> {
    if (!isKey(req.idempotencyKey)) return { ok: false, reason: 'not_found' };
    const authorization = await this.#existing(this.#db, 'authorize', req.idempotencyKey);
    if (!authorization) return { ok: false, reason: 'not_found' };
    if (authorization.status !== 'succeeded') {
      return { ok: false, reason: 'declined', decline: asDecline(authorization.declineCode) };
    }
    const state = await this.#stateOf(this.#db, authorization.reference);
    return {
      ok: true,
      reference: authorization.reference,
      status: statusOf(state),
      amountCents: authorization.amountCents,
      currency: authorization.currency,
      capturedCents: state.capture?.amountCents ?? 0,
      refundedCents: state.refund?.amountCents ?? 0,
    };
  }

  /**
   * Re-checks the card as the provider would. A card that expired since the shop validated it is
   * declined (`expired_card`) and recorded; anything else wrong is an invalid request.
   */
  #checkAuthorize(
    req: AuthorizeRequest,
  ): { ok: true; card: ValidCard; decline?: DeclineCode } | { ok: false } {
    if (
      !isKey(req.idempotencyKey) ||
      !isAmount(req.amountCents) ||
      typeof req.currency !== 'string' ||
      !/^[A-Z]{3}$/.test(req.currency) ||
      typeof req.description !== 'string' ||
      req.description.length > MAX_DESCRIPTION_LENGTH ||
      typeof req.card !== 'object' ||
      req.card === null
    ) {
      return { ok: false };
    }
    const { number, expMonth, expYear, cvc, holder } = req.card;
    const check = validateCard({ number, expMonth, expYear, cvc, holder }, new Date(this.#now()));
    if (check.ok) return { ok: true, card: check.card };
    const [only] = check.errors;
    const digits = typeof number === 'string' ? number.replace(/[ -]/g, '') : '';
    const brand = detectBrand(digits);
    if (check.errors.length === 1 && only?.code === 'expired' && brand) {
      const year = Number(expYear);
      const card: ValidCard = {
        number: digits,
        brand,
        last4: digits.slice(-4),
        expMonth: Number(expMonth),
        expYear: year < 100 ? 2000 + year : year,
        cvc,
        holder: holder.trim(),
      };
      return { ok: true, card, decline: 'expired_card' };
    }
    return { ok: false };
  }

  /**
   * Capture, refund and void: under a lock on the authorization row, replays a repeated key or
   * decides from the authorization's state and records the outcome. Returns the ledger row, or
   * the code of a refusal that is not recorded.
   */
  async #settle(
    operation: 'capture' | 'refund' | 'void',
    req: { idempotencyKey: string; reference: string },
    fingerprint: string,
    decide: (authorization: TestGatewayLedgerEntry, state: AuthorizationState) => Decision,
  ): Promise<TestGatewayLedgerEntry | DeclineCode> {
    return this.#db.transaction(async (tx) => {
      const [authorization] = await tx
        .select()
        .from(testGatewayLedger)
        .where(
          and(
            eq(testGatewayLedger.operation, 'authorize'),
            eq(testGatewayLedger.reference, req.reference),
            eq(testGatewayLedger.status, 'succeeded'),
          ),
        )
        .for('update');
      // After the lock, in one read: an earlier call with this key, and what the operations
      // that committed before ours did to the authorization.
      const rows = await tx
        .select()
        .from(testGatewayLedger)
        .where(
          or(
            and(
              eq(testGatewayLedger.operation, operation),
              eq(testGatewayLedger.idempotencyKey, req.idempotencyKey),
            ),
            settledBy(req.reference),
          ),
        );
      const earlier = rows.find(
        (row) => row.operation === operation && row.idempotencyKey === req.idempotencyKey,
      );
      if (earlier) return earlier.requestFingerprint === fingerprint ? earlier : 'invalid_request';
      if (!authorization) return 'unknown_reference';
      const state = stateFrom(
        rows.filter(
          (row) =>
            row.reference === req.reference &&
            row.operation !== 'authorize' &&
            row.status === 'succeeded',
        ),
      );
      const decision = decide(authorization, state);
      const [inserted] = await tx
        .insert(testGatewayLedger)
        .values({
          operation,
          idempotencyKey: req.idempotencyKey,
          requestFingerprint: fingerprint,
          reference: req.reference,
          refundReference: decision.decline ? null : (decision.refundReference ?? null),
          amountCents: decision.amountCents,
          currency: authorization.currency,
          status: decision.decline ? 'failed' : 'succeeded',
          declineCode: decision.decline ?? null,
        })
        .onConflictDoNothing()
        .returning();
      if (inserted) return inserted;
      // The same key was just used for another authorization by a concurrent call.
      const raced = await this.#existing(tx, operation, req.idempotencyKey);
      return raced && raced.requestFingerprint === fingerprint ? raced : 'invalid_request';
    });
  }

  async #existing(
    db: Db,
    operation: TestGatewayLedgerEntry['operation'],
    key: string,
  ): Promise<TestGatewayLedgerEntry | undefined> {
    const [row] = await db
      .select()
      .from(testGatewayLedger)
      .where(
        and(eq(testGatewayLedger.operation, operation), eq(testGatewayLedger.idempotencyKey, key)),
      );
    return row;
  }

  async #stateOf(db: Db, reference: string): Promise<AuthorizationState> {
    return stateFrom(await db.select().from(testGatewayLedger).where(settledBy(reference)));
  }
}

/** The succeeded capture, refund and void rows of an authorization. */
const settledBy = (reference: string) =>
  and(
    eq(testGatewayLedger.reference, reference),
    ne(testGatewayLedger.operation, 'authorize'),
    eq(testGatewayLedger.status, 'succeeded'),
  );

function stateFrom(rows: readonly TestGatewayLedgerEntry[]): AuthorizationState {
  return {
    capture: rows.find((row) => row.operation === 'capture'),
    refund: rows.find((row) => row.operation === 'refund'),
    void: rows.find((row) => row.operation === 'void'),
  };
}
