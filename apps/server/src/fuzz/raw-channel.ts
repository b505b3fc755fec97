import {
  constants,
  createCipheriv,
  createPublicKey,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import {
  buildAad,
  DIRECTION_REQUEST,
  ENVELOPE_MEDIA_TYPE,
  encodeHeader,
  encodeInnerRequest,
  fromBase64Url,
  handshakeLabel,
  type InnerRequestInit,
  SALT_BYTES,
  TAG_BYTES,
  toBase64Url,
} from '@ironcart/channel';
import {
  createServerSession,
  deriveMessageKey,
  openResponse,
  type ServerChannelSession,
} from '@ironcart/channel/server';
import type { App } from '../app.js';

/**
 * A channel client that knows its own secret, so it can seal any plaintext at all: inner heads
 * no conforming client would produce, and bodies the SDK would refuse to encode. The SDK keeps
 * its keys non-extractable, so the fuzzer makes its own handshake with node:crypto.
 */
export class RawChannel {
  private constructor(
    private readonly app: App,
    readonly session: ServerChannelSession,
  ) {}

  static async open(app: App): Promise<RawChannel> {
    const keys = (await app.inject({ method: 'GET', url: '/channel/keys' })).json() as {
      current: string;
      keys: { kid: string; jwk: Record<string, string> }[];
    };
    const jwk = keys.keys.find((key) => key.kid === keys.current)?.jwk;
    if (!jwk) throw new Error('the server published no current key');
    const secret = randomBytes(32);
    const enc = publicEncrypt(
      {
        key: createPublicKey({ key: jwk, format: 'jwk' }),
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        oaepLabel: Buffer.from(handshakeLabel(keys.current)),
      },
      secret,
    );
    const answer = await app.inject({
      method: 'POST',
      url: '/channel/handshake',
      payload: { v: 1, kid: keys.current, enc: toBase64Url(enc) },
    });
    if (answer.statusCode !== 200) throw new Error(`handshake refused: ${answer.body}`);
    const sid = fromBase64Url((answer.json() as { sid: string }).sid);
    return new RawChannel(app, createServerSession(secret, sid, keys.current));
  }

  /** An envelope around any plaintext, sealed exactly as the protocol says. */
  seal(plaintext: Uint8Array, timestamp = Date.now()): { envelope: Buffer; salt: Uint8Array } {
    const salt = randomBytes(SALT_BYTES);
    const header = encodeHeader({
      direction: DIRECTION_REQUEST,
      sid: this.session.sid,
      salt,
      timestamp,
    });
    const { key, nonce } = deriveMessageKey(this.session.c2s, salt);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(buildAad(header, this.session.kid));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { envelope: Buffer.concat([header, sealed, cipher.getAuthTag()]), salt };
  }

  /**
   * Posts an envelope to the tunnel. The status is the inner one when the tunnel answered
   * 200 (the envelope was accepted), the outer one otherwise.
   */
  async post(envelope: Uint8Array, salt?: Uint8Array): Promise<{ status: number; body: string }> {
    const answer = await this.app.inject({
      method: 'POST',
      url: '/channel/tunnel',
      headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
      payload: Buffer.from(envelope),
    });
    if (answer.statusCode !== 200 || !salt) {
      return { status: answer.statusCode, body: answer.body };
    }
    const { inner } = openResponse(this.session, answer.rawPayload, salt);
    return { status: inner.status, body: Buffer.from(inner.body).toString('utf8') };
  }

  /** Seals a well-formed inner request and sends it. */
  async send(request: InnerRequestInit): Promise<{ status: number; body: string }> {
    const { envelope, salt } = this.seal(encodeInnerRequest(request));
    return this.post(envelope, salt);
  }
}
