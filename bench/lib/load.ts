import autocannon from 'autocannon';

/** A body that no tunnel or handshake accepts: sent only after a body pool ran dry. */
const SPENT = Buffer.from('{}');

/**
 * Request bodies that may be sent once each (sealed envelopes, handshake bodies), handed out in
 * order. When the pool runs dry the run is stopped and only the part before counts.
 */
export class BodyPool {
  #next = 0;
  #onEmpty: (() => void) | undefined;

  constructor(private readonly bodies: readonly Buffer[]) {}

  get size(): number {
    return this.bodies.length;
  }

  get used(): number {
    return this.#next;
  }

  /** Called once, the first time a body is asked for and none is left. */
  onEmpty(callback: () => void): void {
    this.#onEmpty = callback;
  }

  take(): Buffer {
    const body = this.bodies[this.#next];
    if (body === undefined) {
      this.#onEmpty?.();
      this.#onEmpty = undefined;
      return SPENT;
    }
    this.#next++;
    return body;
  }
}

export interface LoadOptions {
  baseUrl: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** One body per request, never reused; without it every request is the same. */
  bodies?: BodyPool;
}

export interface LoadResult {
  connections: number;
  /** The measured span: the whole run, or up to the moment the body pool ran dry. */
  seconds: number;
  /** Answers with a 2xx status: the only ones that count for rate and latency. */
  ok: number;
  /** Answers with another status. */
  refused: number;
  /** Connection errors and timeouts. */
  errors: number;
  statuses: Record<number, number>;
  /** 2xx answers per second. */
  rate: number;
  /** Latency percentiles of the 2xx answers, ms (exact, from every answer). */
  p50: number;
  p99: number;
  /** The body pool ran dry before the end: figures cover `seconds` only. */
  cutShort: boolean;
}

/**
 * One bounded autocannon run (in this process, keep-alive connections, no pipelining). Latency
 * comes from every answer's own timing rather than autocannon's histogram, which has 1 ms steps.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let refused = 0;
  let errors = 0;
  let emptyAt: number | undefined;
  const { bodies } = options;
  if (bodies && bodies.size - bodies.used < 2 * options.connections) {
    return Promise.reject(new Error('the body pool is too small to start the run'));
  }

  const request: autocannon.Request = {
    method: options.method,
    path: options.path,
    headers: options.headers,
    ...(bodies ? { setupRequest: (req) => ({ ...req, body: bodies.take() }) } : {}),
  };

  return new Promise<LoadResult>((resolve, reject) => {
    let instance: autocannon.Instance | undefined;
    bodies?.onEmpty(() => {
      emptyAt = Date.now();
      instance?.stop();
    });
    instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationSeconds,
        timeout: 10,
        requests: [request],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const end = emptyAt ?? result.finish.getTime();
        const seconds = (end - result.start.getTime()) / 1000;
        latencies.sort((a, b) => a - b);
        resolve({
          connections: options.connections,
          seconds,
          ok: latencies.length,
          refused,
          errors,
          statuses,
          rate: latencies.length / seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          cutShort: emptyAt !== undefined,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (emptyAt !== undefined) return;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else refused++;
    });
    instance.on('reqError', () => {
      if (emptyAt === undefined) errors++;
    });
  });
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/**
 * What makes a run's figures doubtful (they are still reported) or, with no 2xx answer at all,
 * meaningless (then the benchmark fails).
 */
export function loadWarnings(name: string, result: LoadResult): string[] {
  if (result.ok === 0) throw new Error(`the ${name} run had no successful request`);
  const warnings: string[] = [];
  if (result.cutShort) {
    warnings.push(`the ${name} run was cut short after ${result.seconds.toFixed(1)} s`);
  }
  if (result.refused > 0 || result.errors > 0) {
    warnings.push(
      `the ${name} run had ${result.refused} refused and ${result.errors} failed requests`,
    );
  }
  return warnings;
}
