import { type Static, Type } from 'typebox';

/** The one error shape every API answer uses: `{ "error": { "code", "message" } }`. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_request' }),
      message: Type.String({ description: 'Human-readable explanation' }),
      details: Type.Optional(
        Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
          description: 'Field-level problems, for validation errors',
        }),
      ),
      available: Type.Optional(
        Type.Integer({ description: 'For stock conflicts: how many units can be had' }),
      ),
    }),
  },
  { $id: 'ErrorResponse', title: 'Error' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;
export type ErrorDetail = NonNullable<ErrorResponse['error']['details']>[number];

/** Thrown by services and routes for an expected failure with a known status and code. */
export class HttpError extends Error {
  /** Sent as Retry-After with a 429 or 503. */
  retryAfterSeconds: number | undefined;
  /** For stock conflicts: how many units can be had. */
  available: number | undefined;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(
  code: string,
  message: string,
  details?: ErrorDetail[],
  available?: number,
): ErrorResponse {
  return {
    error: {
      code,
      message,
      ...(details ? { details } : {}),
      ...(available !== undefined ? { available } : {}),
    },
  };
}

/** Fastify's own error codes for malformed requests, mapped to our stable codes. */
const fastifyCodes: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'malformed_json',
    message: 'The body is empty but the content type says JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'body_too_large',
    message: 'The request body is larger than this server accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'This content type is not accepted here.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_content_length',
    message: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'bad_request', message: 'The content type is invalid.' },
};

const codesByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  413: 'body_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
}

/**
 * Turns any error into a status and body. Client mistakes keep their 4xx and a clear message;
 * anything else is a 500 whose details stay in the log.
 */
export interface ErrorAnswer {
  status: number;
  body: ErrorResponse;
  headers?: Record<string, string>;
}

export function toErrorAnswer(error: FastifyLikeError): ErrorAnswer {
  if (error instanceof HttpError) {
    return {
      status: error.statusCode,
      body: errorBody(error.code, error.message, error.details, error.available),
      ...(error.retryAfterSeconds !== undefined
        ? { headers: { 'retry-after': String(error.retryAfterSeconds) } }
        : {}),
    };
  }
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const details = error.validation.map((issue) => {
      const extra = issue.params?.additionalProperty;
      const path = `${where}${issue.instancePath ?? ''}${extra ? `/${String(extra)}` : ''}`;
      return { path, message: issue.message ?? 'is invalid' };
    });
    const first = details[0];
    const message = first ? `${first.path} ${first.message}` : 'The request is invalid.';
    return { status: 400, body: errorBody('invalid_request', message, details) };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const known = error.code ? fastifyCodes[error.code] : undefined;
    const code = known?.code ?? codesByStatus[status] ?? 'bad_request';
    return { status, body: errorBody(code, known?.message ?? error.message) };
  }
  return {
    status: 500,
    body: errorBody('internal_error', 'Something went wrong on our side. Please try again.'),
  };
}
