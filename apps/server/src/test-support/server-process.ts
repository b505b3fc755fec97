import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
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
  const child = spawn(
    process.execPath,
    ['--conditions=ironcart-source', '--import', 'tsx', mainPath],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const listening = new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(entry.msg));
        if (match?.[1]) resolve(match[1]);
      }
    });
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening: ${stderr}`)),
    );
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const baseUrl = await listening;
    return { child, baseUrl, logs, exited };
  } finally {
    clearTimeout(timeout);
  }
}
