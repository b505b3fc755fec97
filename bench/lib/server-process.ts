import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const serverPath = fileURLToPath(new URL('../server.ts', import.meta.url));
const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** Lines of server output shown on the console before the rest is only counted. */
const MAX_FORWARDED_LINES = 20;

export interface ServerUnderTest {
  readonly baseUrl: string;
  readonly pid: number;
  /** Stops the process by its PID: SIGTERM, then SIGKILL if it has not ended within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `bench/server.ts` in its own process (TypeScript sources through tsx) with only the given
 * environment (plus PATH), and waits for the port it prints. Rejects if it has not printed one
 * within `timeoutMs`, after killing it.
 */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerUnderTest> {
  const child = spawn(
    process.execPath,
    ['--conditions=ironcart-source', '--import', 'tsx', serverPath],
    {
      cwd: benchDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      // stdin stays open: the server stops by itself when it closes (this process ended).
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the server process');
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  // Server logs (warnings and errors only at LOG_LEVEL=warn): shown, up to a limit.
  let stderrTail = '';
  let forwarded = 0;
  let suppressed = 0;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      if (forwarded < MAX_FORWARDED_LINES) {
        forwarded++;
        process.stderr.write(`[server] ${line}\n`);
      } else {
        suppressed++;
      }
    }
  });

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (!hasExited) {
      signal(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!hasExited) signal(pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    }
    if (suppressed > 0) process.stderr.write(`[server] (${suppressed} more lines not shown)\n`);
  };

  const port = new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const message = JSON.parse(line) as { port?: unknown };
          if (typeof message.port === 'number') resolve(message.port);
        } catch {
          process.stderr.write(`[server stdout] ${line}\n`);
        }
      }
    });
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`the server exited (${code ?? signal}) before listening:\n${stderrTail.trim()}`),
      ),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the server did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const listening = await Promise.race([port, timeout]);
    return { baseUrl: `http://127.0.0.1:${listening}`, pid, stop };
  } catch (error) {
    await stop(2_000);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends a signal to one process; a process that has just ended is not an error. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
