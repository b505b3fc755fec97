import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's shared buffers. Its default is 128 MB, and the buffers are touched when the database
 * starts, so they are resident from the first moment (about 1.1 MiB of RSS per MB here). The
 * embedded database serves one shop from one process, and PGlite reads missing pages from files
 * the operating system caches anyway. See "The embedded database's footprint" in
 * docs/decisions.md for what each size measured.
 */
const SHARED_BUFFERS = '16MB';

/** PGlite's own start parameters plus ours. */
export const pgliteStartParams = (): string[] => [
  ...PGlite.defaultStartParams,
  '-c',
  `shared_buffers=${SHARED_BUFFERS}`,
];

/**
 * Makes a new data directory (initdb) in a short-lived child process when `dataDir` has none.
 * PGlite does it in the opening process with a second PGlite instance and the initdb module,
 * whose WebAssembly memories (about 460 MiB) stay mapped after they close, even past a full
 * garbage collection, for the life of the process. In a child they end with it.
 */
export async function initialiseDataDirectory(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  // The CommonJS entry, so the child needs no loader and no module resolution of its own.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `require(${JSON.stringify(entry)}).PGlite.create({ dataDir: process.argv[1] }).then((db) => db.close())`;
  try {
    await promisify(execFile)(process.execPath, ['-e', script, dataDir], {
      env: process.env,
      timeout: 120_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `could not initialise the embedded database in ${dataDir}: ${stderr || String(error)}`,
    );
  }
}
