import type { DestinationStream, LoggerOptions } from 'pino';

/** Query parameters that carry credentials (the legacy API's `?token=`), by decoded name. */
const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set(['token', 'access_token']);

/**
 * The URL with the values of credential parameters blanked. Names are compared as the query
 * parser reads them (percent-decoded, so `?%74oken=` is `token`), in any case.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const pairs = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      return SECRET_QUERY_PARAMS.has(decodedName(name).toLowerCase()) ? `${name}=[REDACTED]` : pair;
    });
  return `${url.slice(0, queryStart + 1)}${pairs.join('&')}`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
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

/**
 * Error fields that carry the values a failed statement was run with: Drizzle's `params`,
 * the driver's `parameters`, PostgreSQL's `detail` ("Failing row contains (...)", "Key
 * (email)=(...) already exists") and `internalQuery`, and `where` (the context lines of a
 * function, which may quote its arguments). The constraint, table, column and SQLSTATE stay:
 * they say what failed without saying whose data it was.
 */
const VALUE_FIELDS = new Set(['params', 'parameters', 'detail', 'internalQuery', 'where']);
const REDACTED = '[REDACTED]';
/** Causes deeper than this are cut: enough for app -> Drizzle -> driver, and no cycles. */
const MAX_ERROR_DEPTH = 8;

const isSqlState = (code: unknown) => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);

/**
 * The values an error's text quotes, to be blanked wherever the text appears (message and
 * stack alike): Drizzle appends `params: <values>` to its message, and PostgreSQL ends data
 * errors with the offending value (`invalid input syntax for type uuid: "..."`).
 */
function scrubberFor(error: Error & Record<string, unknown>): (text: string) => string {
  const replacements: [string, string][] = [];
  if (Array.isArray(error.params)) {
    replacements.push([`\nparams: ${String(error.params)}`, `\nparams: ${REDACTED}`]);
  }
  if (isSqlState(error.code)) {
    // A data exception (class 22) quotes the offending value, wherever in the message
    // (`invalid input syntax for type uuid: "..."`, `value "..." is out of range`); other
    // classes quote only names (columns, relations, constraints), which stay.
    const scrubbed = String(error.code).startsWith('22')
      ? error.message.replace(/"(?:[^"]|"")*"/g, REDACTED)
      : error.message;
    if (scrubbed !== error.message) replacements.push([error.message, scrubbed]);
  }
  return (text) => replacements.reduce((out, [from, to]) => out.split(from).join(to), text);
}

/**
 * Serializes an error for the log without the values of a failed query, at every depth of its
 * cause chain (an AggregateError's errors included). Anything that is not an Error is left as
 * it is. Used for every Error any log call carries (see {@link loggerOptions}), so no call
 * site has to remember it.
 */
export function redactedError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  if (depth >= MAX_ERROR_DEPTH) return { type: value.name, message: REDACTED };
  const error = value as Error & Record<string, unknown>;
  const scrub = scrubberFor(error);
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? error.name,
    message: scrub(error.message),
    stack: scrub(error.stack ?? ''),
  };
  for (const [key, field] of Object.entries(error)) {
    if (key in out || VALUE_FIELDS.has(key)) continue;
    out[key] = redactedError(field, depth + 1);
  }
  if (error.cause !== undefined) out.cause = redactedError(error.cause, depth + 1);
  if (error instanceof AggregateError) {
    out.errors = error.errors.map((inner: unknown) => redactedError(inner, depth + 1));
  }
  return out;
}

/** How deep in a log line's plain objects and arrays errors are looked for. */
const MAX_NESTING = 4;

/**
 * Every Error a log line carries, under any key and inside its plain objects and arrays, goes
 * through {@link redactedError}. Other objects (a request, a reply) are left to their
 * serializers. What holds no error is returned as it is, with no copy.
 */
function redactErrors(object: Record<string, unknown>): Record<string, unknown> {
  return redactNested(object, 0) as Record<string, unknown>;
}

function redactNested(value: unknown, depth: number): unknown {
  if (value instanceof Error) return redactedError(value);
  if (depth >= MAX_NESTING || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => redactNested(item, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    const redacted = redactNested(field, depth + 1);
    if (redacted === field) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    copy[key] = redacted;
  }
  return copy ?? value;
}

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
    redact: { paths: redactPaths, censor: REDACTED },
    formatters: { log: redactErrors },
    serializers: {
      // Fastify and pino would otherwise serialize `err` with pino's own serializer (which
      // copies every field and folds the causes' messages in); ours has already run.
      err: redactedError,
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
