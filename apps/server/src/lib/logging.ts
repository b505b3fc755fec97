import type { DestinationStream, LoggerOptions } from 'pino';

/** Query parameters that carry credentials (the legacy API's `?token=`). */
const SECRET_QUERY_PARAMS = /([?&](?:token|access_token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[REDACTED]');
}

/**
 * Pino paths removed from every log line. Fastify logs no bodies, but services log objects,
 * so card fields and secrets are censored wherever they appear one level deep.
 */
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-session-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...['password', 'newPassword', 'token', 'secret', 'cardNumber', 'number', 'cvc', 'cvv'].flatMap(
    (field) => [field, `*.${field}`],
  ),
];

export interface LoggingOptions {
  level: string;
  /** Where log lines go; tests pass a capturing stream. Defaults to stdout. */
  stream?: DestinationStream;
}

export function loggerOptions({ level, stream }: LoggingOptions): LoggerOptions & {
  stream?: DestinationStream;
} {
  return {
    level,
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.ip,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
