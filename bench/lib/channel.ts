import { randomBytes } from 'node:crypto';
import {
  ENDPOINT_HANDSHAKE,
  ENDPOINT_KEYS,
  ENDPOINT_TUNNEL,
  ENVELOPE_MEDIA_TYPE,
  fromBase64Url,
  type InnerRequestInit,
  type KeysDocument,
  parseKeysDocument,
  type RsaPublicJwk,
} from '@ironcart/channel';
import {
  type ClientChannelSession,
  completeHandshake,
  createHandshake,
  importServerKey,
  openResponse,
  sealRequest as webSealRequest,
} from '@ironcart/channel/client';
import {
  createServerSession,
  sealRequest as nodeSealRequest,
  type ServerChannelSession,
} from '@ironcart/channel/server';

/** The current server key from GET /channel/keys. */
export interface ServerKey {
  kid: string;
  jwk: RsaPublicJwk;
}

export async function fetchCurrentKey(baseUrl: string): Promise<ServerKey> {
  const answer = await fetch(`${baseUrl}${ENDPOINT_KEYS}`);
  if (!answer.ok) throw new Error(`GET ${ENDPOINT_KEYS}: ${answer.status}`);
  const document: KeysDocument = parseKeysDocument(await answer.json());
  const current = document.keys.find((key) => key.kid === document.current);
  if (!current) throw new Error('the keys document names no current key');
  return { kid: current.kid, jwk: current.jwk };
}

/**
 * One channel session, held two ways: as the WebCrypto client has it (non-extractable keys,
 * used to check answers) and as plain key bytes for the node:crypto sealer, which makes the
 * load's envelopes. The handshake is the real client's (createHandshake/completeHandshake, so
 * the server's confirmation is verified); only the secret is drawn here, so both can be built.
 */
export interface BenchChannel {
  client: ClientChannelSession;
  node: ServerChannelSession;
}

export async function openBenchChannel(baseUrl: string, key: ServerKey): Promise<BenchChannel> {
  const secret = randomBytes(32);
  try {
    const { body, pending } = await createHandshake(key.jwk, key.kid, { secret });
    const answer = await postJson(`${baseUrl}${ENDPOINT_HANDSHAKE}`, body);
    if (answer.status !== 200) throw new Error(`handshake refused: ${answer.status}`);
    const json = (await answer.json()) as { sid: string };
    const client = await completeHandshake(pending, json);
    const node = createServerSession(secret, fromBase64Url(json.sid, 16), key.kid);
    return { client, node };
  } finally {
    secret.fill(0);
  }
}

/** The request every tunnelled load request carries, as the SDK would send it. */
export function innerRequest(path: string): InnerRequestInit {
  return { method: 'GET', path, headers: { accept: 'application/json' } };
}

/**
 * `count` envelopes of the same inner request, each sealed on its own (a fresh random salt, so
 * a distinct replay-cache entry; the timestamp of the moment it is sealed, corrected by the
 * clock offset measured at the handshake). Checks that no salt repeats.
 */
export function sealEnvelopes(
  channel: BenchChannel,
  inner: InnerRequestInit,
  count: number,
): Buffer[] {
  const envelopes: Buffer[] = [];
  const salts = new Set<string>();
  for (let i = 0; i < count; i++) {
    const now = Date.now() + channel.client.clockOffsetMs;
    const { envelope, requestSalt } = nodeSealRequest(channel.node, inner, { now });
    salts.add(Buffer.from(requestSalt).toString('base64'));
    envelopes.push(Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength));
  }
  if (salts.size !== count) throw new Error('two envelopes share a salt');
  return envelopes;
}

/** Seals `count` envelopes with the WebCrypto client, one at a time; returns seconds taken. */
export async function timeWebCryptoSealing(
  channel: BenchChannel,
  inner: InnerRequestInit,
  count: number,
): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await webSealRequest(channel.client, inner);
  return (performance.now() - start) / 1000;
}

/**
 * `count` POST /channel/handshake bodies from the WebCrypto client, each with its own secret
 * (the pending halves are dropped: the load does not complete the handshakes).
 */
export async function handshakeBodies(key: ServerKey, count: number): Promise<Buffer[]> {
  const publicKey = await importServerKey(key.jwk);
  const bodies: Buffer[] = [];
  const batch = 32;
  for (let i = 0; i < count; i += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, () => createHandshake(publicKey, key.kid)),
    );
    for (const { body } of made) bodies.push(Buffer.from(JSON.stringify(body)));
  }
  return bodies;
}

/**
 * Before any load: a plaintext request answers 200; one envelope from the pool's sealer goes
 * through the tunnel and opens (with the WebCrypto client) to a 200 answer of the route; the
 * same envelope sent again is refused (so every 2xx of the load is a request the server
 * accepted once). Throws otherwise.
 */
export async function checkRoute(
  baseUrl: string,
  channel: BenchChannel,
  path: string,
): Promise<void> {
  const plain = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/json' } });
  const plainText = await plain.text();
  if (plain.status !== 200) {
    throw new Error(
      `plaintext GET ${path} answered ${plain.status} ${plainText.slice(0, 200)}, not 200: ` +
        'the comparison needs a route that answers in plaintext too',
    );
  }

  const { envelope, status } = await tunnelGet(baseUrl, channel, path);
  if (status !== 200) throw new Error(`tunnelled GET ${path}: inner status ${status}`);

  const again = await postEnvelope(baseUrl, envelope);
  await again.arrayBuffer();
  if (again.status === 200) throw new Error('the tunnel accepted a replayed envelope');
}

/**
 * One tunnelled GET with a fresh envelope (returned, to try a replay), its answer opened by the
 * WebCrypto client: the inner status and body. (The load cannot open its answers: autocannon
 * reads bodies as text.)
 */
export async function tunnelGet(
  baseUrl: string,
  channel: BenchChannel,
  path: string,
): Promise<{ envelope: Uint8Array; status: number; body: Uint8Array }> {
  const { envelope, requestSalt } = nodeSealRequest(channel.node, innerRequest(path), {
    now: Date.now() + channel.client.clockOffsetMs,
  });
  const answer = await postEnvelope(baseUrl, envelope);
  const body = new Uint8Array(await answer.arrayBuffer());
  if (answer.status !== 200) throw new Error(`POST ${ENDPOINT_TUNNEL}: ${answer.status}`);
  const { inner } = await openResponse(channel.client, body, requestSalt);
  return { envelope, status: inner.status, body: inner.body };
}

/** One tunnelled GET with a fresh envelope; the inner answer read as JSON. */
export async function tunnelGetJson(
  baseUrl: string,
  channel: BenchChannel,
  path: string,
): Promise<{ status: number; json: unknown }> {
  const { status, body } = await tunnelGet(baseUrl, channel, path);
  return { status, json: JSON.parse(new TextDecoder().decode(body)) };
}

function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function postEnvelope(baseUrl: string, envelope: Uint8Array): Promise<Response> {
  return fetch(`${baseUrl}${ENDPOINT_TUNNEL}`, {
    method: 'POST',
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    body: new Uint8Array(envelope),
  });
}
