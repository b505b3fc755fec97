import type { Cart } from '@ironcart/server/api';

/** A refused API call: the HTTP status and the server's `{ error: { code, message } }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
    /** For stock conflicts: how many units can be had. */
    readonly available?: number,
  ) {
    super(message);
  }
}

/**
 * Checkout's `409 cart_changed`: the cart is not the one the shopper confirmed (a price, a
 * quantity or an item changed). `cart` is the cart as it is now: show it, and pay only after the
 * shopper confirms it again (with its `version`).
 */
export class CartChangedError extends ApiError {
  constructor(
    message: string,
    readonly cart: Cart,
  ) {
    super(409, 'cart_changed', message);
  }
}

/** The network failed or the server answered something that is not the protocol. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
}

export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (
    body as {
      error?: { code?: unknown; message?: unknown; details?: unknown; available?: unknown };
    }
  )?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const cart = (body as { cart?: Cart }).cart;
    if (error.code === 'cart_changed' && cart) return new CartChangedError(error.message, cart);
    const details = Array.isArray(error.details)
      ? (error.details as { path: string; message: string }[])
      : [];
    const available = typeof error.available === 'number' ? error.available : undefined;
    return new ApiError(status, error.code, error.message, details, available);
  }
  return new ApiError(status, 'unexpected_answer', `The server answered ${status}.`);
}
