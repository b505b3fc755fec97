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
  /**
   * Sends the command `{"<name>": value}` (one JSON line on the server's stdin, see server.ts)
   * and resolves with the value of the answer `{"<name>": result}`; rejects with the server's
   * `{"<name>Error": "..."}`, after `timeoutMs`, or if the server exits.
   */
  command<T>(name: string, value: unknown, timeoutMs: number): Promise<T>;
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

  // Every JSON line the server prints goes to the listeners of the moment.
  const listeners = new Set<(message: Record<string, unknown>) => void>();
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        process.stderr.write(`[server stdout] ${line}\n`);
        continue;
      }
      for (const listener of [...listeners]) listener(message);
    }
  });

  const command = <T>(name: string, value: unknown, commandTimeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const done = (error: Error | undefined, answer?: T) => {
        listeners.delete(listener);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(answer as T);
      };
      const listener = (answer: Record<string, unknown>) => {
        if (name in answer) done(undefined, answer[name] as T);
        else if (`${name}Error` in answer) done(new Error(String(answer[`${name}Error`])));
      };
      const timer = setTimeout(
        () => done(new Error(`the server did not answer within ${commandTimeoutMs} ms`)),
        commandTimeoutMs,
      );
      listeners.add(listener);
      void exited.then(({ code, signal }) =>
        done(new Error(`the server exited (${code ?? signal}):\n${stderrTail.trim()}`)),
      );
      child.stdin.write(`${JSON.stringify({ [name]: value })}\n`);
    });

  const port = new Promise<number>((resolve, reject) => {
    listeners.add((message) => {
      if (typeof message.port === 'number') resolve(message.port);
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
    return { baseUrl: `http://127.0.0.1:${listening}`, pid, command, stop };
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

/** The server process's CPU time so far (user + system), ms: its `cpuMs` command. */
export const serverCpuMs = (server: ServerUnderTest) =>
  server.command<number>('cpuMs', null, 10_000);

/** SQL statements the server has sent to its database so far: its `sqlStatements` command. */
export const serverStatements = (server: ServerUnderTest) =>
  server.command<number>('sqlStatements', null, 10_000);
