import {
  type ServerProcess,
  startServerProcessOnPort,
  stopServerProcess,
} from '../test-support/server-process.js';

/**
 * The real server process, killed with SIGKILL and started again on the same port. Clients
 * that lose a request wait on `whenUp()` before retrying, so they retry against the restarted
 * process rather than spinning on refused connections.
 */
export class ChaoticServer {
  kills = 0;
  #process: ServerProcess | undefined;
  #up!: Promise<void>;
  #markUp!: () => void;
  #markBroken!: (error: unknown) => void;

  constructor(
    private readonly env: Record<string, string>,
    readonly port: number,
  ) {
    this.#goDown();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    try {
      this.#process = await startServerProcessOnPort(this.env, this.port);
      this.#markUp();
    } catch (error) {
      this.#markBroken(error);
      throw error;
    }
  }

  /** Resolves once the server is up; rejects when it could not be started again. */
  whenUp(): Promise<void> {
    return this.#up;
  }

  /** SIGKILL: no shutdown hook runs, requests in flight are cut wherever they are. */
  async crashAndRestart(): Promise<void> {
    const victim = this.#process;
    if (!victim) throw new Error('the server is not running');
    // Down before the signal, so every request the kill cuts sees the server as down.
    this.#goDown();
    await stopServerProcess(victim, 'SIGKILL');
    this.kills++;
    await this.start();
  }

  /** A graceful stop (SIGTERM); resolves with the exit code. */
  async stop(): Promise<number | null> {
    const running = this.#process;
    this.#process = undefined;
    return running ? stopServerProcess(running, 'SIGTERM') : null;
  }

  #goDown(): void {
    this.#up = new Promise<void>((resolve, reject) => {
      this.#markUp = resolve;
      this.#markBroken = reject;
    });
    // Waiters see the rejection; an unobserved one must not fail the run on its own.
    this.#up.catch(() => {});
  }
}
