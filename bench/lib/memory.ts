import { readFileSync } from 'node:fs';

/** The resident set size of a process in bytes, from /proc/<pid>/status (Linux only). */
export function readRss(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface PhaseMemory {
  phase: string;
  /** Highest RSS sampled while the phase ran, bytes. */
  peak: number;
  /** RSS right after the phase ended, bytes. */
  after: number;
}

export interface MemoryFigures {
  /** RSS when the server had answered its first requests (warm) and was idle, bytes. */
  idle: number;
  phases: PhaseMemory[];
  /** Highest RSS sampled while any phase ran, bytes. */
  peak: number;
  /** RSS when the last phase had ended, bytes. */
  end: number;
}

/**
 * Samples the server's RSS every `intervalMs` from this process (a file read: nothing runs in
 * the server), attributing each sample to the phase that is running.
 */
export class MemorySampler {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  #idle: number | undefined;
  /** The phases running now (a phase may run inside another). */
  readonly #running = new Set<PhaseMemory>();
  readonly #phases: PhaseMemory[] = [];
  #last = 0;

  constructor(pid: number, intervalMs = 100) {
    this.#pid = pid;
    this.#timer = setInterval(() => this.#sample(), intervalMs);
    this.#timer.unref();
  }

  #sample(): number {
    const rss = readRss(this.#pid) ?? this.#last;
    this.#last = rss;
    for (const phase of this.#running) phase.peak = Math.max(phase.peak, rss);
    return rss;
  }

  /** Records the idle RSS (call it once, after a warm-up, with no load running). */
  markIdle(): void {
    this.#idle = this.#sample();
  }

  /** Runs `fn` as the phase `phase`: its peak and the RSS right after it are recorded. */
  async phase<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const record: PhaseMemory = { phase, peak: this.#sample(), after: 0 };
    this.#running.add(record);
    try {
      return await fn();
    } finally {
      this.#running.delete(record);
      record.after = this.#sample();
      this.#phases.push(record);
    }
  }

  stop(): MemoryFigures {
    const end = this.#sample();
    clearInterval(this.#timer);
    const peak = Math.max(0, ...this.#phases.map((phase) => phase.peak));
    return { idle: this.#idle ?? Number.NaN, phases: this.#phases, peak, end };
  }
}
