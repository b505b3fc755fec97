import { HTTP_METHODS } from '@ironcart/channel';
import fc from 'fast-check';
import { hostileText, hostileValue } from './hostile.js';
import { percentEncode } from './requests.js';

/**
 * Plaintexts to seal in a valid envelope: what an authenticated but broken or malicious client
 * could put inside. Most are not valid inner requests at all; the rest are valid in shape with
 * hostile methods, paths and headers.
 */

/** An inner plaintext around any head, without the encoder's checks; `lie` overrides its length. */
export function framed(
  head: string | Uint8Array,
  body: Uint8Array = new Uint8Array(0),
  lie?: number,
): Uint8Array {
  const headBytes = typeof head === 'string' ? Buffer.from(head, 'utf8') : head;
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(lie ?? headBytes.length);
  return Buffer.concat([prefix, headBytes, body]);
}

const innerPath = fc.oneof(
  fc.constantFrom(
    '/api/v1/../../etc/passwd',
    '/api/v1/products/..%2f..%2fadmin%2fproducts',
    '/api/v1/products/%00',
    '/api/v1//admin/products',
    '/api/v1/admin/products',
    '/api/v1/admin/audit-log?page=1&pageSize=100',
    '/api/../channel/tunnel',
    '/channel/tunnel',
    '/images/../package.json',
    '/api',
    '/api/',
    '/api/v1',
    '//evil.example/api/v1',
    '/api/v1/products?limit=1&limit=2',
    '/api/v1/products?q[$gt]=',
    '/api/v1/cart/items/%E0%A4%A',
    `/api/v1/products/${'a'.repeat(8_000)}`,
    `/api/v1/products?q=${'%25'.repeat(2_000)}`,
  ),
  hostileText.map((text) => `/api/v1/products/${percentEncode(text)}`),
  fc.string({ maxLength: 80 }).map((text) => `/api/${text}`),
);

const innerHeaders = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'x-ironcart-channel-dispatch',
      'x-forwarded-for',
      'forwarded',
      'content-type',
      'content-length',
      'transfer-encoding',
      'content-encoding',
      'expect',
      'idempotency-key',
      'authorization',
      'cookie',
      '__proto__',
      'constructor',
      'Content-Type',
      '',
      'x y',
    ),
    fc.string({ maxLength: 20 }),
  ),
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'gzip',
      '100-continue',
      '-1',
      '99999999999',
      'chunked',
      '1.2.3.4',
      'Bearer x',
    ),
    fc.string({ maxLength: 100 }),
    hostileText,
  ),
  { maxKeys: 6 },
);

/** A head that is valid JSON, nearly or exactly of the required shape. */
const head = fc.record(
  {
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HTTP_METHODS) },
      { weight: 1, arbitrary: fc.constantFrom('TRACE', 'CONNECT', 'get', '') },
      { weight: 1, arbitrary: hostileValue },
    ),
    path: fc.oneof({ weight: 4, arbitrary: innerPath }, { weight: 1, arbitrary: hostileValue }),
    headers: fc.oneof(
      { weight: 4, arbitrary: innerHeaders },
      { weight: 1, arbitrary: hostileValue },
    ),
    extra: hostileValue,
  },
  { requiredKeys: ['method', 'path', 'headers'] },
);

const body = fc.oneof(
  fc.constant(new Uint8Array(0)),
  fc.uint8Array({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }).map((json) => Buffer.from(json)),
  fc.constant(Buffer.from('['.repeat(10_000))),
);

export const innerPlaintexts: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.json({ maxDepth: 3 }), body).map(([json, bytes]) => framed(json, bytes)),
  },
  {
    weight: 1,
    // The length prefix lies: longer than the plaintext, or absurdly large.
    arbitrary: fc
      .tuple(head, fc.constantFrom(0, 1, 2 ** 16, 2 ** 32 - 1))
      .map(([h, lie]) => framed(JSON.stringify(h), new Uint8Array(0), lie)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.uint8Array({ maxLength: 60 }), body)
      .map(([bytes, b]) => framed(bytes, b)),
  },
  { weight: 6, arbitrary: fc.tuple(head, body).map(([h, b]) => framed(JSON.stringify(h), b)) },
);
