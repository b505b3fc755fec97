import { ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE } from '@ironcart/channel';
import { type BenchChannel, innerRequest, sealEnvelopes, tunnelGet } from './channel.js';
import { BodyPool, type LoadOptions, type LoadResult, loadWarnings, runLoad } from './load.js';

export interface RouteSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** One `GET` measured the two or three ways it can be served, in the same run. */
export interface RouteFigures {
  route: string;
  /** The same JSON bytes from a bare Fastify route (lib/bare-server.ts), when asked for. */
  bare?: LoadResult;
  /** The app's route in plaintext (CHANNEL_ALLOW_PLAINTEXT_API). */
  plaintext: LoadResult;
  /** The app's route through `POST /channel/tunnel`, a fresh envelope per request. */
  tunnelled: LoadResult;
  envelopesSealed: number;
  envelopesSent: number;
  /** node:crypto sealRequest while filling the pool, envelopes/s. */
  nodeSealRate: number;
  /** The server process's CPU time per answer of the measured runs, when it could be read. */
  serverCpu?: ServerCpu;
  warnings: string[];
}

/** CPU time (user + system) the server process spent per answer served, ms. */
export interface ServerCpu {
  plaintext: number;
  tunnelled: number;
}

export interface MeasureRouteOptions {
  baseUrl: string;
  /** The bare baseline's origin; without it there is no bare run. */
  bareUrl?: string;
  channel: BenchChannel;
  route: string;
  settings: RouteSettings;
  log: (message: string) => void;
  /**
   * Reads the server process's CPU time so far, ms (a command on its stdin, outside HTTP): read
   * before and after the measured plaintext and tunnelled runs, not the warm-ups.
   */
  serverCpuMs?: () => Promise<number>;
}

/** Pools hold this much more than the rate that sized them needs. */
const POOL_MARGIN = 1.3;
/** The tunnel's warm-up rate times this bounds its measured rate (the warm-up runs cold). */
const WARMUP_HEADROOM = 6;

/** The pool size for `seconds` of load at up to `ratePerSecond`, with a margin. */
export function poolSize(ratePerSecond: number, seconds: number, connections: number): number {
  return Math.ceil(ratePerSecond * seconds * POOL_MARGIN) + 20 * connections;
}

export function describe(result: LoadResult): string {
  return (
    `${result.rate.toFixed(0)}/s, p50 ${result.p50.toFixed(2)} ms, ` +
    `p99 ${result.p99.toFixed(2)} ms, ${result.refused} refused, ${result.errors} errors` +
    (result.cutShort ? ', CUT SHORT (pool ran dry)' : '')
  );
}

const cpuText = (ms: number | undefined) =>
  ms === undefined ? '' : `, server CPU ${ms.toFixed(3)} ms/request`;

/**
 * Bare (if asked), plaintext, then tunnelled, each after a warm-up of its own, with the same
 * connections and duration. The tunnel cannot beat plaintext on the same route, so plaintext's
 * rate sizes the envelope pool (bounded by the tunnel's warm-up rate, to keep sealing short).
 */
export async function measureRoute(options: MeasureRouteOptions): Promise<RouteFigures> {
  const { baseUrl, channel, route, settings, log } = options;
  const get = (url: string): LoadOptions => ({
    baseUrl: url,
    method: 'GET',
    path: route,
    headers: { accept: 'application/json' },
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
  });
  const tunnel = (bodies: BodyPool, durationSeconds: number): LoadOptions => ({
    baseUrl,
    method: 'POST',
    path: ENDPOINT_TUNNEL,
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    connections: settings.connections,
    durationSeconds,
    bodies,
  });
  const cpuBefore = async () => options.serverCpuMs?.();
  /** The server's CPU ms per answer of `result`, since `before`. */
  const cpuPerAnswer = async (before: number | undefined, result: LoadResult) => {
    const after = await options.serverCpuMs?.();
    const answers = result.ok + result.refused;
    return before === undefined || after === undefined || answers === 0
      ? undefined
      : (after - before) / answers;
  };
  const warmAndRun = async (name: string, load: LoadOptions) => {
    const warm = await runLoad({ ...load, durationSeconds: settings.warmupSeconds });
    const before = await cpuBefore();
    const result = await runLoad(load);
    const cpu = await cpuPerAnswer(before, result);
    log(`${route} ${name}: ${describe(result)}${cpuText(cpu)}`);
    return { warm, result, cpu };
  };

  const bare = options.bareUrl
    ? (await warmAndRun('bare', get(options.bareUrl))).result
    : undefined;
  const plain = await warmAndRun('plaintext', get(baseUrl));
  const inner = innerRequest(route);
  const plainRate = Math.max(plain.result.rate, plain.warm.rate);
  const warmPool = new BodyPool(
    sealEnvelopes(
      channel,
      inner,
      poolSize(plainRate, settings.warmupSeconds, settings.connections),
    ),
  );
  const tunnelWarm = await runLoad(tunnel(warmPool, settings.warmupSeconds));
  const bound = Math.min(plainRate, Math.max(tunnelWarm.rate * WARMUP_HEADROOM, 500));
  const sealStart = performance.now();
  const envelopes = sealEnvelopes(
    channel,
    inner,
    poolSize(bound, settings.durationSeconds, settings.connections),
  );
  const nodeSealRate = envelopes.length / ((performance.now() - sealStart) / 1000);
  const pool = new BodyPool(envelopes);
  const before = await cpuBefore();
  const tunnelled = await runLoad(tunnel(pool, settings.durationSeconds));
  const tunnelCpu = await cpuPerAnswer(before, tunnelled);
  log(`${route} tunnelled: ${describe(tunnelled)}${cpuText(tunnelCpu)}`);

  // The load's answers stay sealed; one more request shows whether the route still answers 200.
  const { status: innerAfter } = await tunnelGet(baseUrl, channel, route);
  return {
    route,
    ...(bare ? { bare } : {}),
    plaintext: plain.result,
    tunnelled,
    envelopesSealed: envelopes.length,
    envelopesSent: pool.used,
    nodeSealRate,
    ...(plain.cpu !== undefined && tunnelCpu !== undefined
      ? { serverCpu: { plaintext: plain.cpu, tunnelled: tunnelCpu } }
      : {}),
    warnings: [
      ...(bare ? loadWarnings(`${route} bare`, bare) : []),
      ...loadWarnings(`${route} plaintext`, plain.result),
      ...loadWarnings(`${route} tunnelled`, tunnelled),
      ...(innerAfter === 200
        ? []
        : [`a tunnelled ${route} right after the run answered ${innerAfter} inside its envelope`]),
    ],
  };
}
