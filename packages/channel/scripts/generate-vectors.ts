/**
 * Generates packages/channel/vectors/v1.vectors.json, the published test vectors of
 * ironcart-channel v1.
 *
 *   npx tsx packages/channel/scripts/generate-vectors.ts            write the file
 *   npx tsx packages/channel/scripts/generate-vectors.ts --check    exit 1 if it is out of date
 *   npx tsx packages/channel/scripts/generate-vectors.ts --new-key  also make a new RSA test key
 *
 * Everything is derived from fixed labels except what cannot be: the RSA test key pair and the
 * RSA-OAEP ciphertexts (OAEP is randomized). Those are kept from the existing file when present,
 * so regenerating is reproducible. The private key in the file is a TEST ONLY fixture.
 */

import {
  constants,
  createCipheriv,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildAad,
  buildTranscript,
  concatBytes,
  DIRECTION_REQUEST,
  DIRECTION_RESPONSE,
  type Direction,
  encodeHeader,
  encodeInnerRequest,
  encodeInnerResponse,
  HEADER_BYTES,
  handshakeLabel,
  type InnerRequestInit,
  type InnerResponseInit,
  PROTOCOL_VERSION,
  toBase64Url,
  toHex,
} from '../src/index.js';
import {
  computeConfirm,
  deriveMessageKey,
  deriveSessionKeys,
  openHandshake,
  publicJwkOf,
  type ServerChannelSession,
} from '../src/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'vectors', 'v1.vectors.json');
const args = new Set(process.argv.slice(2));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Fixed "random-looking" bytes: the first n bytes of SHA-256(label). */
function fixed(label: string, n: number): Uint8Array {
  return new Uint8Array(
    createHash('sha256').update(`ironcart-channel/1 test vector ${label}`).digest(),
  ).subarray(0, n);
}

const hex = toHex;
const utf8ForVectors = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Previous {
  privateJwk?: JsonWebKey;
  oaep?: Record<string, string>;
}

function readPrevious(): Previous {
  if (args.has('--new-key') || !existsSync(outFile)) return {};
  const json = JSON.parse(readFileSync(outFile, 'utf8'));
  return { privateJwk: json.serverKey?.privateJwkTestOnly, oaep: json.oaepCiphertexts };
}

const previous = readPrevious();
const privateKey: KeyObject = previous.privateJwk
  ? createPrivateKey({ key: previous.privateJwk, format: 'jwk' })
  : generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
const privateJwk = privateKey.export({ format: 'jwk' });
const publicJwk = publicJwkOf(privateKey);

const kid = 'ironcart-test-1';
const otherKid = 'ironcart-test-0';

function oaepDecrypt(enc: Uint8Array, label: string): Uint8Array | undefined {
  try {
    return privateDecrypt(
      {
        key: privateKey,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        oaepLabel: Buffer.from(label),
      },
      enc,
    );
  } catch {
    return undefined;
  }
}

/** An OAEP ciphertext of `plaintext` under `label`, kept from the previous file if still valid. */
function oaep(name: string, plaintext: Uint8Array, label: string): Uint8Array {
  const kept = previous.oaep?.[name];
  if (kept) {
    const enc = Buffer.from(kept, 'base64url');
    const opened = oaepDecrypt(enc, label);
    if (opened && Buffer.compare(Buffer.from(opened), Buffer.from(plaintext)) === 0) return enc;
  }
  return publicEncrypt(
    {
      key: privateKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label),
    },
    plaintext,
  );
}

// --- handshake -------------------------------------------------------------------------------
const secret = fixed('secret', 32);
const sid = fixed('sid', 16);
const enc = oaep('enc', secret, handshakeLabel(kid));
const keys = deriveSessionKeys(secret, sid);
const transcript = buildTranscript(kid, enc, sid);
const confirm = computeConfirm(keys.confirm, kid, enc, sid);
const handshakeRequest = { v: PROTOCOL_VERSION, kid, enc: toBase64Url(enc) };
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0); // 1767225600000
const opened = openHandshake(handshakeRequest, (k) => (k === kid ? privateKey : undefined), {
  sid,
  now: T0 - 30_000,
});
if (
  toBase64Url(opened.secret) !== toBase64Url(secret) ||
  opened.answer.confirm !== toBase64Url(confirm)
) {
  throw new Error('self-check failed: handshake');
}
const session: ServerChannelSession = { sid, kid, c2s: keys.c2s, s2c: keys.s2c };

const otherSecret = fixed('other secret', 32);
const otherSid = fixed('other sid', 16);
const otherKeys = deriveSessionKeys(otherSecret, otherSid);
const otherSession: ServerChannelSession = {
  sid: otherSid,
  kid,
  c2s: otherKeys.c2s,
  s2c: otherKeys.s2c,
};

// --- raw sealing (independent of the package's seal functions, which the tests compare) -------
interface RawSeal {
  direction: Direction;
  session: ServerChannelSession;
  salt: Uint8Array;
  timestamp: number;
  requestSalt?: Uint8Array;
  plaintext: Uint8Array;
  kid?: string;
}

function rawSeal(input: RawSeal) {
  const header = encodeHeader({
    direction: input.direction,
    sid: input.session.sid,
    salt: input.salt,
    timestamp: input.timestamp,
    ...(input.requestSalt ? { requestSalt: input.requestSalt } : {}),
  });
  const directionKey =
    input.direction === DIRECTION_REQUEST ? input.session.c2s : input.session.s2c;
  const { key, nonce } = deriveMessageKey(directionKey, input.salt);
  const aad = buildAad(header, input.kid ?? input.session.kid);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(aad);
  const sealed = Buffer.concat([
    cipher.update(input.plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { header, key, nonce, aad, envelope: concatBytes(header, sealed) };
}

function bodyFields(body: Uint8Array): Record<string, Json> {
  const out: Record<string, Json> = { bodyHex: hex(body) };
  const text = Buffer.from(body).toString('utf8');
  if (
    body.length > 0 &&
    Buffer.from(text, 'utf8').equals(Buffer.from(body)) &&
    /^[\x20-\x7e\n]*$/.test(text)
  ) {
    out.bodyText = text;
  }
  return out;
}

interface RequestCase {
  name: string;
  description: string;
  inner: InnerRequestInit;
  timestamp: number;
  now: number;
}

const requestCases: RequestCase[] = [
  {
    name: 'get-with-query',
    description: 'GET with a query string, two headers, empty body',
    inner: {
      method: 'GET',
      path: '/api/v1/products?q=ball&page=2',
      headers: { accept: 'application/json', 'accept-language': 'en-GB' },
    },
    timestamp: T0,
    now: T0 + 1500,
  },
  {
    name: 'post-json',
    description: 'POST with a JSON body',
    inner: {
      method: 'POST',
      path: '/api/v1/cart/items',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': '5f0c6f9e-2a7b-4c1e-9d3a-0b8e2f6a1c44',
      },
      body: utf8ForVectors('{"productId":"p_1042","quantity":2}'),
    },
    timestamp: T0 + 2000,
    now: T0 + 1000,
  },
  {
    name: 'get-invoice-pdf',
    description: 'GET of a binary document (answered by the binary response)',
    inner: {
      method: 'GET',
      path: '/api/v1/orders/o_77/invoice',
      headers: { accept: 'application/pdf' },
    },
    timestamp: T0 + 5000,
    now: T0 + 5000,
  },
  {
    name: 'delete-window-edge',
    description: 'DELETE, no headers, no body; timestamp exactly 60 000 ms behind `now` (accepted)',
    inner: { method: 'DELETE', path: '/api/v1/cart/items/p_1042' },
    timestamp: T0 + 10_000,
    now: T0 + 70_000,
  },
];

const requests = requestCases.map((c) => {
  const salt = fixed(`request salt ${c.name}`, 16);
  const plaintext = encodeInnerRequest(c.inner);
  const sealed = rawSeal({
    direction: DIRECTION_REQUEST,
    session,
    salt,
    timestamp: c.timestamp,
    plaintext,
  });
  return {
    case: c,
    salt,
    envelope: sealed.envelope,
    json: {
      name: c.name,
      description: c.description,
      session: 'main',
      salt: hex(salt),
      timestamp: c.timestamp,
      now: c.now,
      windowMs: 60_000,
      inner: {
        method: c.inner.method,
        path: c.inner.path,
        headers: (c.inner.headers ?? {}) as Json,
        ...bodyFields(c.inner.body ?? new Uint8Array(0)),
      },
      messageKey: hex(sealed.key),
      nonce: hex(sealed.nonce),
      header: hex(sealed.header),
      aad: hex(sealed.aad),
      plaintext: hex(plaintext),
      envelope: hex(sealed.envelope),
    } satisfies Record<string, Json>,
  };
});

function requestNamed(name: string) {
  const found = requests.find((r) => r.case.name === name);
  if (!found) throw new Error(name);
  return found;
}

interface ResponseCase {
  name: string;
  description: string;
  answers: string;
  inner: InnerResponseInit;
  timestamp: number;
}

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

const responseCases: ResponseCase[] = [
  {
    name: 'json-200',
    description: 'JSON answer to get-with-query',
    answers: 'get-with-query',
    inner: {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: utf8ForVectors(
        '{"items":[{"id":"p_1042","name":"Match ball","price":2999}],"total":1}',
      ),
    },
    timestamp: T0 + 1600,
  },
  {
    name: 'created-201',
    description: 'JSON answer to post-json',
    answers: 'post-json',
    inner: {
      status: 201,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: utf8ForVectors('{"cartId":"c_9","items":1}'),
    },
    timestamp: T0 + 1100,
  },
  {
    name: 'binary-all-bytes',
    description: 'binary body with every byte value 0x00..0xff, answer to get-invoice-pdf',
    answers: 'get-invoice-pdf',
    inner: {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="invoice-o_77.pdf"',
      },
      body: allBytes,
    },
    timestamp: T0 + 5100,
  },
  {
    name: 'no-content-204',
    description: 'empty answer (no headers, no body) to delete-window-edge',
    answers: 'delete-window-edge',
    inner: { status: 204 },
    timestamp: T0 + 70_050,
  },
];

const responses = responseCases.map((c) => {
  const salt = fixed(`response salt ${c.name}`, 16);
  const requestSalt = requestNamed(c.answers).salt;
  const plaintext = encodeInnerResponse(c.inner);
  const sealed = rawSeal({
    direction: DIRECTION_RESPONSE,
    session,
    salt,
    timestamp: c.timestamp,
    requestSalt,
    plaintext,
  });
  return {
    case: c,
    salt,
    envelope: sealed.envelope,
    json: {
      name: c.name,
      description: c.description,
      session: 'main',
      answers: c.answers,
      requestSalt: hex(requestSalt),
      salt: hex(salt),
      timestamp: c.timestamp,
      inner: {
        status: c.inner.status,
        headers: (c.inner.headers ?? {}) as Json,
        ...bodyFields(c.inner.body ?? new Uint8Array(0)),
      },
      messageKey: hex(sealed.key),
      nonce: hex(sealed.nonce),
      header: hex(sealed.header),
      aad: hex(sealed.aad),
      plaintext: hex(plaintext),
      envelope: hex(sealed.envelope),
    } satisfies Record<string, Json>,
  };
});

function responseNamed(name: string) {
  const found = responses.find((r) => r.case.name === name);
  if (!found) throw new Error(name);
  return found;
}

// --- negative vectors ---------------------------------------------------------------------------
function flip(bytes: Uint8Array, index: number, bit = 0x01): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = (out[index] as number) ^ bit;
  return out;
}

const getReq = requestNamed('get-with-query');
const postReq = requestNamed('post-json');
const jsonRes = responseNamed('json-200');

function innerCase(name: string, description: string, plaintext: Uint8Array) {
  const salt = fixed(`bad inner ${name}`, 16);
  const sealed = rawSeal({ direction: DIRECTION_REQUEST, session, salt, timestamp: T0, plaintext });
  return { name, description, envelope: hex(sealed.envelope), now: T0, reason: 'bad-inner' };
}

function framed(
  head: string | Uint8Array,
  body: Uint8Array = new Uint8Array(0),
  declared?: number,
) {
  const headBytes = typeof head === 'string' ? utf8ForVectors(head) : head;
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, declared ?? headBytes.length, false);
  return concatBytes(prefix, headBytes, body);
}

const staleSalt = fixed('stale', 16);
const futureSalt = fixed('future', 16);
const otherSalt = fixed('other session', 16);
const otherSealed = rawSeal({
  direction: DIRECTION_REQUEST,
  session: otherSession,
  salt: otherSalt,
  timestamp: T0,
  plaintext: encodeInnerRequest({ method: 'GET', path: '/api/v1/cart' }),
});
const sidRewritten = Uint8Array.from(otherSealed.envelope);
sidRewritten.set(sid, 2);
const requestSaltSet = Uint8Array.from(getReq.envelope);
requestSaltSet[HEADER_BYTES - 1] = 1;
const responseAsRequestDirection = Uint8Array.from(jsonRes.envelope);
responseAsRequestDirection[1] = DIRECTION_REQUEST;
const requestSaltRewritten = Uint8Array.from(jsonRes.envelope);
requestSaltRewritten.set(postReq.salt, 42);

const negativeRequests: Record<string, Json>[] = [
  {
    name: 'tag-bit-flipped',
    description: 'last tag bit of get-with-query flipped',
    envelope: hex(flip(getReq.envelope, getReq.envelope.length - 1)),
    now: getReq.case.now,
    reason: 'tag-mismatch',
  },
  {
    name: 'ciphertext-bit-flipped',
    description: 'first ciphertext byte of post-json flipped',
    envelope: hex(flip(postReq.envelope, HEADER_BYTES)),
    now: postReq.case.now,
    reason: 'tag-mismatch',
  },
  {
    name: 'version-changed',
    description: 'version byte 1 -> 2',
    envelope: hex(flip(getReq.envelope, 0, 0x03)),
    now: getReq.case.now,
    reason: 'bad-version',
  },
  {
    name: 'sid-bit-flipped',
    description: 'a bit of the header sid flipped: names another session',
    envelope: hex(flip(getReq.envelope, 2)),
    now: getReq.case.now,
    reason: 'wrong-session',
  },
  {
    name: 'salt-bit-flipped',
    description: 'a bit of the header salt flipped',
    envelope: hex(flip(getReq.envelope, 18)),
    now: getReq.case.now,
    reason: 'tag-mismatch',
  },
  {
    name: 'timestamp-bit-flipped',
    description: 'lowest timestamp bit flipped (still within the window)',
    envelope: hex(flip(getReq.envelope, 41)),
    now: getReq.case.now,
    reason: 'tag-mismatch',
  },
  {
    name: 'request-salt-field-set',
    description: 'a request whose requestSalt field is not zero',
    envelope: hex(requestSaltSet),
    now: getReq.case.now,
    reason: 'malformed',
  },
  {
    name: 'kid-differs',
    description:
      'get-with-query opened by a session with the same keys under another kid (the kid is in the AAD)',
    envelope: hex(getReq.envelope),
    now: getReq.case.now,
    kid: otherKid,
    reason: 'tag-mismatch',
  },
  {
    name: 'response-as-request',
    description: 'the json-200 response presented as a request',
    envelope: hex(jsonRes.envelope),
    now: getReq.case.now,
    reason: 'wrong-direction',
  },
  {
    name: 'response-direction-rewritten',
    description: 'json-200 with its direction byte set to 1 (its requestSalt is not zero)',
    envelope: hex(responseAsRequestDirection),
    now: getReq.case.now,
    reason: 'malformed',
  },
  {
    name: 'other-session',
    description: 'a valid request of the other session opened with the main session',
    envelope: hex(otherSealed.envelope),
    now: T0,
    reason: 'wrong-session',
  },
  {
    name: 'other-session-sid-rewritten',
    description: "the other session's request with its sid rewritten to the main sid",
    envelope: hex(sidRewritten),
    now: T0,
    reason: 'tag-mismatch',
  },
  {
    name: 'stale-past',
    description: 'valid request with a timestamp 60 001 ms behind `now`',
    envelope: hex(
      rawSeal({
        direction: DIRECTION_REQUEST,
        session,
        salt: staleSalt,
        timestamp: T0 - 60_001,
        plaintext: encodeInnerRequest({ method: 'GET', path: '/api/v1/cart' }),
      }).envelope,
    ),
    now: T0,
    reason: 'stale',
  },
  {
    name: 'stale-future',
    description: 'valid request with a timestamp 60 001 ms ahead of `now`',
    envelope: hex(
      rawSeal({
        direction: DIRECTION_REQUEST,
        session,
        salt: futureSalt,
        timestamp: T0 + 60_001,
        plaintext: encodeInnerRequest({ method: 'GET', path: '/api/v1/cart' }),
      }).envelope,
    ),
    now: T0,
    reason: 'stale',
  },
  {
    name: 'replayed',
    description:
      'get-with-query presented a second time: the first is accepted, the second rejected by the seen-salt cache',
    replayOf: 'get-with-query',
    envelope: hex(getReq.envelope),
    now: getReq.case.now,
    reason: 'replayed',
  },
  {
    name: 'truncated-to-header',
    description: 'only the 58 header bytes',
    envelope: hex(getReq.envelope.subarray(0, HEADER_BYTES)),
    now: getReq.case.now,
    reason: 'malformed',
  },
  {
    name: 'truncated-by-one',
    description: 'post-json without its last byte',
    envelope: hex(postReq.envelope.subarray(0, postReq.envelope.length - 1)),
    now: postReq.case.now,
    reason: 'tag-mismatch',
  },
  { name: 'empty', description: 'zero bytes', envelope: '', now: T0, reason: 'malformed' },
  innerCase('inner-empty', 'empty plaintext', new Uint8Array(0)),
  innerCase(
    'inner-method-trace',
    'method TRACE is not allowed',
    framed('{"method":"TRACE","path":"/","headers":{}}'),
  ),
  innerCase(
    'inner-path-crlf',
    'CR LF in the path',
    framed('{"method":"GET","path":"/a\\r\\nx-injected: 1","headers":{}}'),
  ),
  innerCase(
    'inner-path-relative',
    'path does not start with "/"',
    framed('{"method":"GET","path":"api/v1/cart","headers":{}}'),
  ),
  innerCase(
    'inner-path-network',
    'path "//host/..." (network-path reference)',
    framed('{"method":"GET","path":"//evil.example/x","headers":{}}'),
  ),
  innerCase(
    'inner-path-fragment',
    'path with a fragment',
    framed('{"method":"GET","path":"/a#b","headers":{}}'),
  ),
  innerCase(
    'inner-path-dot-segment',
    'path with a ".." segment: it would resolve to /health',
    framed('{"method":"GET","path":"/api/../health","headers":{}}'),
  ),
  innerCase(
    'inner-path-encoded-dot-segment',
    'path with "%2e%2e", a ".." segment once normalised',
    framed('{"method":"GET","path":"/api/%2e%2e/channel/tunnel","headers":{}}'),
  ),
  innerCase(
    'inner-path-single-dot',
    'path with a "." segment',
    framed('{"method":"GET","path":"/api/./v1/cart","headers":{}}'),
  ),
  innerCase(
    'inner-path-encoded-slash',
    'path with an encoded "/" (%2F)',
    framed('{"method":"GET","path":"/api/v1/cart%2F..%2F..%2Fhealth","headers":{}}'),
  ),
  innerCase(
    'inner-path-bad-percent',
    'path with a "%" that does not start a triplet',
    framed('{"method":"GET","path":"/api/v1/cart%zz","headers":{}}'),
  ),
  innerCase(
    'inner-header-uppercase',
    'header name not lower-case',
    framed('{"method":"GET","path":"/","headers":{"Accept":"*/*"}}'),
  ),
  innerCase(
    'inner-header-lf',
    'LF in a header value',
    framed('{"method":"GET","path":"/","headers":{"x-a":"1\\nx-b: 2"}}'),
  ),
  innerCase(
    'inner-header-forbidden',
    'framing header content-length inside the tunnel',
    framed(
      '{"method":"POST","path":"/","headers":{"content-length":"5"}}',
      utf8ForVectors('hello'),
    ),
  ),
  innerCase(
    'inner-unknown-field',
    'unknown member in the head',
    framed('{"method":"GET","path":"/","headers":{},"body":"x"}'),
  ),
  innerCase('inner-missing-headers', 'head without headers', framed('{"method":"GET","path":"/"}')),
  innerCase(
    'inner-head-length',
    'declared head length beyond the plaintext',
    framed('{"method":"GET","path":"/","headers":{}}', new Uint8Array(0), 1000),
  ),
  innerCase('inner-not-json', 'head is not JSON', framed('method=GET')),
  innerCase('inner-bad-utf8', 'head is not valid UTF-8', framed(Uint8Array.of(0x7b, 0xff, 0x7d))),
  innerCase(
    'inner-response-head',
    'a response head inside a request',
    framed('{"status":200,"headers":{}}'),
  ),
];

const binRes = responseNamed('binary-all-bytes');
const badInnerResponse = rawSeal({
  direction: DIRECTION_RESPONSE,
  session,
  salt: fixed('bad inner response', 16),
  timestamp: T0,
  requestSalt: getReq.salt,
  plaintext: framed('{"status":99,"headers":{}}'),
});

const negativeResponses: Record<string, Json>[] = [
  {
    name: 'tag-bit-flipped',
    description: 'first tag bit of json-200 flipped',
    envelope: hex(flip(jsonRes.envelope, jsonRes.envelope.length - 16, 0x80)),
    requestSalt: hex(getReq.salt),
    reason: 'tag-mismatch',
  },
  {
    name: 'ciphertext-bit-flipped',
    description: 'a bit in the binary body flipped',
    envelope: hex(flip(binRes.envelope, HEADER_BYTES + 100)),
    requestSalt: hex(requestNamed('get-invoice-pdf').salt),
    reason: 'tag-mismatch',
  },
  {
    name: 'timestamp-bit-flipped',
    description: 'a timestamp bit of json-200 flipped',
    envelope: hex(flip(jsonRes.envelope, 40)),
    requestSalt: hex(getReq.salt),
    reason: 'tag-mismatch',
  },
  {
    name: 'salt-bit-flipped',
    description: 'a salt bit of json-200 flipped',
    envelope: hex(flip(jsonRes.envelope, 33)),
    requestSalt: hex(getReq.salt),
    reason: 'tag-mismatch',
  },
  {
    name: 'version-changed',
    description: 'version byte 1 -> 0',
    envelope: hex(flip(jsonRes.envelope, 0)),
    requestSalt: hex(getReq.salt),
    reason: 'bad-version',
  },
  {
    name: 'request-as-response',
    description: 'the get-with-query request presented as a response',
    envelope: hex(getReq.envelope),
    requestSalt: hex(getReq.salt),
    reason: 'wrong-direction',
  },
  {
    name: 'answers-other-request',
    description: 'json-200 (answers get-with-query) opened as the answer to post-json',
    envelope: hex(jsonRes.envelope),
    requestSalt: hex(postReq.salt),
    reason: 'wrong-request',
  },
  {
    name: 'request-salt-rewritten',
    description:
      "json-200 with its requestSalt field rewritten to post-json's salt, opened as the answer to post-json",
    envelope: hex(requestSaltRewritten),
    requestSalt: hex(postReq.salt),
    reason: 'tag-mismatch',
  },
  {
    name: 'other-session',
    description: 'json-200 opened with the other session',
    envelope: hex(jsonRes.envelope),
    requestSalt: hex(getReq.salt),
    session: 'other',
    reason: 'wrong-session',
  },
  {
    name: 'truncated',
    description: '73 bytes (one less than header plus tag)',
    envelope: hex(jsonRes.envelope.subarray(0, 73)),
    requestSalt: hex(getReq.salt),
    reason: 'malformed',
  },
  {
    name: 'inner-bad-status',
    description: 'authenticated response whose head has status 99',
    envelope: hex(badInnerResponse.envelope),
    requestSalt: hex(getReq.salt),
    reason: 'bad-inner',
  },
];

const shortSecretEnc = oaep('encShortSecret', secret.subarray(0, 31), handshakeLabel(kid));
const otherLabelEnc = oaep('encOtherLabel', secret, handshakeLabel(otherKid));
const encFlipped = flip(enc, 200);

const negativeHandshakes: Record<string, Json>[] = [
  {
    name: 'unknown-kid',
    side: 'server',
    description: 'a valid-looking request under a kid the server does not have',
    request: { v: 1, kid: 'ironcart-retired-0', enc: toBase64Url(enc) },
    reason: 'unknown-kid',
    publicAnswer: { status: 409, code: 'channel_refresh_keys' },
  },
  {
    name: 'enc-bit-flipped',
    side: 'server',
    description: 'one bit of enc flipped',
    request: { v: 1, kid, enc: toBase64Url(encFlipped) },
    reason: 'oaep-failed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'enc-other-label',
    side: 'server',
    description: 'the secret encrypted under the label of another kid',
    request: { v: 1, kid, enc: toBase64Url(otherLabelEnc) },
    reason: 'oaep-failed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'enc-short-secret',
    side: 'server',
    description: 'enc decrypts to 31 bytes instead of 32',
    request: { v: 1, kid, enc: toBase64Url(shortSecretEnc) },
    reason: 'oaep-failed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'enc-truncated',
    side: 'server',
    description: 'enc one byte short of the modulus length',
    request: { v: 1, kid, enc: toBase64Url(enc.subarray(1)) },
    reason: 'oaep-failed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'version-2',
    side: 'server',
    description: 'v is 2',
    request: { v: 2, kid, enc: toBase64Url(enc) },
    reason: 'bad-version',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'extra-field',
    side: 'server',
    description: 'an unknown member',
    request: { v: 1, kid, enc: toBase64Url(enc), alg: 'none' },
    reason: 'malformed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'enc-padded-base64',
    side: 'server',
    description: 'enc in standard base64 with padding',
    request: { v: 1, kid, enc: `${Buffer.from(enc).toString('base64')}=` },
    reason: 'malformed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'kid-syntax',
    side: 'server',
    description: 'kid outside [A-Za-z0-9_-]{1,64}',
    request: { v: 1, kid: '../ironcart-test-1', enc: toBase64Url(enc) },
    reason: 'malformed',
    publicAnswer: { status: 401, code: 'channel_invalid' },
  },
  {
    name: 'confirm-bit-flipped',
    side: 'client',
    description: "the answer's confirm with one bit flipped",
    answer: { v: 1, sid: toBase64Url(sid), confirm: toBase64Url(flip(confirm, 31)), time: T0 },
    reason: 'confirm-failed',
  },
  {
    name: 'confirm-other-sid',
    side: 'client',
    description: 'the right confirm with another sid',
    answer: { v: 1, sid: toBase64Url(otherSid), confirm: toBase64Url(confirm), time: T0 },
    reason: 'confirm-failed',
  },
  {
    name: 'confirm-short',
    side: 'client',
    description: 'confirm of 31 bytes',
    answer: {
      v: 1,
      sid: toBase64Url(sid),
      confirm: toBase64Url(confirm.subarray(0, 31)),
      time: T0,
    },
    reason: 'malformed',
  },
  {
    name: 'answer-version-2',
    side: 'client',
    description: 'answer with v 2',
    answer: { v: 2, sid: toBase64Url(sid), confirm: toBase64Url(confirm), time: T0 },
    reason: 'bad-version',
  },
];

// --- document ---------------------------------------------------------------------------------
const vectors = {
  protocol: 'ironcart-channel/1',
  description:
    'Test vectors for ironcart-channel v1 (docs/secure-channel.md). Bytes are lower-case hex unless a field is named base64url or is a wire JSON field. Generated by packages/channel/scripts/generate-vectors.ts.',
  warning:
    'TEST ONLY. The private key below is a published test fixture: never use it, or anything derived from it, outside tests.',
  serverKey: {
    kid,
    alg: 'RSA-OAEP-256',
    modulusBits: 3072,
    publicJwk,
    privateJwkTestOnly: {
      kty: privateJwk.kty,
      n: privateJwk.n,
      e: privateJwk.e,
      d: privateJwk.d,
      p: privateJwk.p,
      q: privateJwk.q,
      dp: privateJwk.dp,
      dq: privateJwk.dq,
      qi: privateJwk.qi,
    },
  },
  keysDocument: {
    keys: [{ kid, alg: 'RSA-OAEP-256', jwk: publicJwk, expiresAt: '2026-04-01T00:00:00.000Z' }],
    current: kid,
  },
  handshake: {
    kid,
    oaepLabel: handshakeLabel(kid),
    oaepLabelHex: hex(utf8ForVectors(handshakeLabel(kid))),
    secret: hex(secret),
    enc: hex(enc),
    sid: hex(sid),
    request: handshakeRequest,
    transcript: hex(transcript),
    keys: { c2s: hex(keys.c2s), s2c: hex(keys.s2c), confirm: hex(keys.confirm) },
    confirm: hex(confirm),
    answer: opened.answer,
  },
  otherSession: {
    description: 'a second session under the same kid, for the moved-envelope vectors',
    kid,
    secret: hex(otherSecret),
    sid: hex(otherSid),
    keys: { c2s: hex(otherKeys.c2s), s2c: hex(otherKeys.s2c), confirm: hex(otherKeys.confirm) },
  },
  requests: requests.map((r) => r.json),
  responses: responses.map((r) => r.json),
  negative: {
    handshake: negativeHandshakes,
    requests: negativeRequests,
    responses: negativeResponses,
  },
  oaepCiphertexts: {
    description: 'RSA-OAEP outputs kept between generations (OAEP is randomized), base64url',
    enc: toBase64Url(enc),
    encShortSecret: toBase64Url(shortSecretEnc),
    encOtherLabel: toBase64Url(otherLabelEnc),
  },
};

const text = `${JSON.stringify(vectors, null, 2)}\n`;
if (args.has('--check')) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    console.error(`${outFile} is out of date: run packages/channel/scripts/generate-vectors.ts`);
    process.exit(1);
  }
  console.log('vectors up to date');
} else {
  writeFileSync(outFile, text);
  console.log(`wrote ${outFile}`);
}
