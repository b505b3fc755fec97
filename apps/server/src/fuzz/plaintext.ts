import type { App } from '../app.js';
import { describeRequest } from './describe.js';
import type { Oracle } from './oracle.js';
import type { Body, GeneratedRequest } from './requests.js';
import { urlOf } from './requests.js';

export interface PlainRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

/**
 * Header values Node itself refuses to send (control characters, code points above U+00FF):
 * no server ever receives them, so they are dropped rather than reported.
 */
function sendable(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([, value]) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)),
  );
}

/** One plaintext request through the oracle; answers its status. */
export function sendPlain(app: App, oracle: Oracle, request: PlainRequest): Promise<number> {
  const headers = sendable(request.headers);
  return oracle.check(
    () => describeRequest({ via: 'plaintext', ...request, headers, body: request.payload }),
    async () =>
      (
        await app.inject({
          method: request.method as 'GET',
          url: request.url,
          headers,
          ...(request.payload !== undefined ? { payload: request.payload } : {}),
        })
      ).statusCode,
  );
}

/** A generated request as plaintext HTTP: JSON bodies serialized, raw ones as they are. */
export function toPlain(
  method: string,
  request: GeneratedRequest,
  contentType: string,
): PlainRequest {
  const body: Body = request.body;
  const headers = { ...request.headers };
  let payload: string | Buffer | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = contentType;
    payload = JSON.stringify(body.json) ?? 'null';
  } else if (body) {
    headers['content-type'] = body.contentType;
    payload = body.raw;
  }
  return { method, url: urlOf(request), headers, ...(payload !== undefined ? { payload } : {}) };
}
