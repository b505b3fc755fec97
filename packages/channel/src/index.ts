/**
 * ironcart-channel v1: the shared, platform-neutral part (wire format, constants, types, errors).
 * The WebCrypto implementation is `@ironcart/channel/client`, the node:crypto one
 * `@ironcart/channel/server`. Specification: docs/secure-channel.md.
 */

export * from './constants.js';
export {
  concatBytes,
  equalBytes,
  fromBase64Url,
  fromHex,
  parseJsonMessage,
  toBase64Url,
  toHex,
} from './encoding.js';
export {
  assertKid,
  buildAad,
  type DecodedEnvelope,
  type DecodeOptions,
  decodeEnvelope,
  type EnvelopeHeader,
  encodeHeader,
} from './envelope.js';
export * from './errors.js';
export * from './handshake.js';
export * from './inner.js';
export * from './replay.js';
