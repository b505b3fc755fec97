import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The real server as a separate process (`src/main.ts` through tsx), for start/stop tests. */
export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Every JSON log line the process wrote. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const server = spawnServer({ PORT: '0', ...env });
  const listening = new Promise<string>((resolve, reject) => {
    server.onLogLine((entry) => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(entry.msg));
      if (match?.[1]) resolve(match[1]);
    });
    void server.exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening: ${server.stderr()}`)),
    );
  });
  const timeout = setTimeout(() => server.child.kill('SIGKILL'), 60_000);
  try {
    const baseUrl = await listening;
    return { child: server.child, baseUrl, logs: server.logs, exited: server.exited };
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * The server as a child process (`src/main.ts` through tsx) on loopback, its JSON log lines
 * collected (lines that are not JSON, a driver's own messages, are kept as `{ msg }`).
 */
function spawnServer(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=ironcart-source', '--import', 'tsx', mainPath],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Record<string, unknown>[] = [];
  const listeners: ((entry: Record<string, unknown>) => void)[] = [];
  let stderr = '';
  let buffered = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { msg: line };
      }
      logs.push(entry);
      for (const listener of listeners) listener(entry);
    }
  });
  return {
    child,
    logs,
    exited,
    stderr: () => stderr,
    onLogLine: (listener: (entry: Record<string, unknown>) => void) => listeners.push(listener),
  };
}

/**
 * Like {@link startServerProcess}, for a process whose `LOG_LEVEL` hides Fastify's info-level
 * "Server listening" line (e.g. `warn`): it listens on a free loopback port picked here and is
 * ready once `GET /health` answers 200. Should another process take the port first, the server
 * exits with EADDRINUSE and it tries again on another port (three times at most).
 */
export async function startQuietServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerProcessOnPort(env, await freeLoopbackPort());
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

/** A loopback port free right now (a restarted server can be given the same one again). */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port for the server');
  return address.port;
}

/**
 * Starts the real server on a fixed port and resolves once `/health` answers, so it works at
 * any LOG_LEVEL and lets a restarted server keep its clients' base URL. Stdout lines that are
 * not JSON (a driver's own messages) are kept as `{ msg }` instead of breaking the test.
 */
export async function startServerProcessOnPort(
  env: Record<string, string>,
  port: number,
  timeoutMs = 90_000,
): Promise<ServerProcess> {
  const { child, logs, exited, stderr } = spawnServer({ ...env, PORT: String(port) });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await answersHealth(baseUrl))) {
    if (ended) throw new Error(`server exited (${await exited}) before listening: ${stderr()}`);
    if (Date.now() > deadline) {
      await stopServerProcess({ child, exited }, 'SIGKILL');
      throw new Error(`server did not answer /health within ${timeoutMs} ms: ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl, logs, exited };
}

async function answersHealth(baseUrl: string): Promise<boolean> {
  try {
    const answer = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
    await answer.body?.cancel();
    return answer.ok;
  } catch {
    return false;
  }
}

/**
 * Sends `signal` and waits for the exit, at most `timeoutMs`; a process still running then is
 * killed with SIGKILL. Resolves with the exit code (null when a signal ended it).
 */
export async function stopServerProcess(
  server: Pick<ServerProcess, 'child' | 'exited'>,
  signal: NodeJS.Signals,
  timeoutMs = 30_000,
): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill(signal);
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    const first = await Promise.race([server.exited, late]);
    if (first !== 'late') return first;
    server.child.kill('SIGKILL');
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}
