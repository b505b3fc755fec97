import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * An embedded PostgreSQL (PGlite) directory must be opened by one process at a time: two would
 * write the same files and corrupt them. The lock is a file holding the owner's PID, created
 * exclusively. A lock left by a process that no longer runs (killed, crashed) is stale and taken
 * over, so a restart after SIGKILL just works.
 *
 * Returns the function that releases the lock.
 */
export function lockDirectory(lockPath: string, what: string): () => void {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => releaseIfOurs(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (isRunning(owner)) {
        throw new Error(
          `Another process (PID ${owner}) has ${what} open. Only one process may use the embedded ` +
            'database; run several instances on PostgreSQL (DATABASE_URL). If that process is ' +
            `gone, delete ${lockPath}.`,
        );
      }
      unlinkSync(lockPath);
    }
  }
}

/** Whether another process with this PID exists (a lock of our own PID is a leftover). */
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(lockPath: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
  } catch {
    // Already gone: nothing to release.
  }
}
