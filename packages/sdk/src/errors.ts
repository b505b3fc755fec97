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
    const details = Array.isArray(error.details)
      ? (error.details as { path: string; message: string }[])
      : [];
    const available = typeof error.available === 'number' ? error.available : undefined;
    return new ApiError(status, error.code, error.message, details, available);
  }
  return new ApiError(status, 'unexpected_answer', `The server answered ${status}.`);
}
