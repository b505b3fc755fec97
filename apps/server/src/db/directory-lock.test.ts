import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from './client.js';
import { lockDirectory } from './directory-lock.js';

describe('one process per embedded database directory', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ironcart-lock-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a second open of the same directory is refused until the first one closes', async () => {
    const dataDir = path.join(root, 'pglite');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    // Another process holds it: simulate with the lock of a live process (this test's parent).
    writeFileSync(`${dataDir}.lock`, String(process.ppid));
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(
      `Another process (PID ${process.ppid}) has the embedded database in ${dataDir} open`,
    );
    writeFileSync(`${dataDir}.lock`, String(process.pid));
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await openDatabase({ kind: 'pglite', dataDir });
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await again.close();
  });

  test('the lock of a process that is gone (killed) is taken over', async () => {
    const lockPath = path.join(root, 'stale.lock');
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid;
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(lockPath, String(pid));
    const release = lockDirectory(lockPath, 'the test directory');
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockPath)).toBe(false);
  });
});
