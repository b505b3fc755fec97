import type { ValidCard } from '@ironcart/cards';

/**
 * Why a gateway said no. The first five are about the card and can be shown to the shopper as
 * they are; the others are about the request or the state of an authorization.
 */
export const declineCodes = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'processing_error',
  /** Malformed request, or an idempotency key reused with a different request. */
  'invalid_request',
  /** No authorization with that reference. */
  'unknown_reference',
  /** Capture above the authorized amount, or refund above the captured amount. */
  'amount_too_large',
  'already_captured',
  /** Refund of an authorization that was never captured. */
  'not_captured',
  'already_refunded',
  'already_voided',
] as const;
export type DeclineCode = (typeof declineCodes)[number];

export function isDeclineCode(code: unknown): code is DeclineCode {
  return (declineCodes as readonly unknown[]).includes(code);
}

/** Codes whose request may succeed if tried again (with a new idempotency key). */
const retryableCodes: ReadonlySet<DeclineCode> = new Set(['processing_error']);

export function isRetryable(code: DeclineCode): boolean {
  return retryableCodes.has(code);
}

const messages: Record<DeclineCode, string> = {
  card_declined: 'Your card was declined. Please use another card.',
  insufficient_funds: 'Your card has insufficient funds. Please use another card.',
  expired_card: 'Your card has expired. Please use another card.',
  incorrect_cvc: 'The security code (CVC) is incorrect.',
  processing_error: 'We could not process your card. Please try again.',
  invalid_request: 'We could not complete the payment. Please try again or contact us.',
  unknown_reference: 'We could not find this payment. Please contact us.',
  amount_too_large: 'The amount is larger than the payment allows. Please contact us.',
  already_captured: 'This payment has already been completed.',
  not_captured: 'This payment was never completed, so there is nothing to refund.',
  already_refunded: 'This payment has already been refunded.',
  already_voided: 'This payment has already been cancelled.',
};

/** A message fit to show the shopper (or the admin, for the state codes). Never card details. */
export function declineMessage(code: DeclineCode): string {
  return messages[code];
}

/**
 * The answer to a gateway call. A decline is an answer, not an exception: only "we do not know
 * what happened" is thrown (GatewayUnavailableError).
 */
export type GatewayResult<T extends object = Record<never, never>> =
  | ({ ok: true } & T)
  | { ok: false; decline: DeclineCode; retryable: boolean };

export type GatewayOperation = 'authorize' | 'capture' | 'refund' | 'void' | 'lookup';

/**
 * The gateway could not be reached or did not answer in time: the outcome is UNKNOWN (the
 * operation may or may not have happened). Checkout leaves the payment pending and the sweeper
 * settles it later with `lookup` or by repeating the call with the same idempotency key.
 */
export class GatewayUnavailableError extends Error {
  constructor(
    readonly gateway: string,
    readonly operation: GatewayOperation,
    message = `The payment gateway "${gateway}" did not answer (${operation}).`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayUnavailableError';
  }
}

export interface AuthorizeRequest {
  idempotencyKey: string;
  /** Positive, in the currency's minor units. */
  amountCents: number;
  /** ISO 4217, e.g. USD. */
  currency: string;
  card: ValidCard;
  /** Shown on the provider's records, e.g. "Ironcart order 1042". */
  description: string;
}

export interface CaptureRequest {
  idempotencyKey: string;
  /** The authorization's reference. */
  reference: string;
  /** At most the authorized amount; an authorization is captured once. */
  amountCents: number;
}

export interface RefundRequest {
  idempotencyKey: string;
  /** The authorization's reference. */
  reference: string;
  /** At most the captured amount; a payment is refunded once. */
  amountCents: number;
}

export interface VoidRequest {
  idempotencyKey: string;
  /** The authorization's reference; only an uncaptured authorization can be voided. */
  reference: string;
}

export type AuthorizationStatus = 'authorized' | 'captured' | 'refunded' | 'voided';

/** What the gateway knows about the authorization made with an idempotency key. */
export type AuthorizationLookup =
  | {
      ok: true;
      reference: string;
      status: AuthorizationStatus;
      amountCents: number;
      currency: string;
      capturedCents: number;
      refundedCents: number;
    }
  /** Declined when it was made: no money moved. */
  | { ok: false; reason: 'declined'; decline: DeclineCode }
  /** The gateway never performed an authorization with that key. */
  | { ok: false; reason: 'not_found' };

/**
 * A payment provider. Every call carries an idempotency key: the same key with the same request
 * returns the same result and never moves money twice; the same key with a different request is
 * refused with `invalid_request`. Keys are unique per operation (an authorize key and a capture
 * key may be equal). Outcomes that are not known (timeouts, network errors) are thrown as
 * GatewayUnavailableError; everything else, declines included, is returned.
 */
export interface PaymentGateway {
  /** Recorded on payments rows, e.g. "test". */
  readonly name: string;
  authorize(req: AuthorizeRequest): Promise<GatewayResult<{ reference: string }>>;
  capture(req: CaptureRequest): Promise<GatewayResult<{ reference: string }>>;
  refund(req: RefundRequest): Promise<GatewayResult<{ refundReference: string }>>;
  void(req: VoidRequest): Promise<GatewayResult>;
  /**
   * Reconciliation after a crash or timeout: what became of the authorization requested with
   * this key? Never creates anything.
   */
  lookup(req: { idempotencyKey: string }): Promise<AuthorizationLookup>;
}

/** A decline result with its retryable flag filled in. */
export function declined(decline: DeclineCode): {
  ok: false;
  decline: DeclineCode;
  retryable: boolean;
} {
  return { ok: false, decline, retryable: isRetryable(decline) };
}
