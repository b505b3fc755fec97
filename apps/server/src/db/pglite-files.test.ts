import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from './client.js';
import { initialiseDataDirectory } from './pglite-files.js';

describe('the embedded database files', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ironcart-pglite-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a new data directory is made by the child, then opened, written and reopened here', async () => {
    const dataDir = path.join(root, 'fresh');
    mkdirSync(dataDir);
    await initialiseDataDirectory(dataDir);
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);

    const first = await openDatabase({ kind: 'pglite', dataDir });
    const settings = (await first.db.execute(sql`show shared_buffers`)) as unknown as {
      rows: { shared_buffers: string }[];
    };
    expect(settings.rows[0]?.shared_buffers).toBe('16MB');
    await first.db.execute(sql`create table kept (n int)`);
    await first.db.execute(sql`insert into kept values (7)`);
    await first.close();

    // An existing directory is left alone: the row written above is still there.
    await initialiseDataDirectory(dataDir);
    const again = await openDatabase({ kind: 'pglite', dataDir });
    const kept = (await again.db.execute(sql`select n from kept`)) as unknown as {
      rows: { n: number }[];
    };
    expect(kept.rows).toEqual([{ n: 7 }]);
    await again.close();
  });

  test('a directory that cannot be initialised is a clear error, not a half-open database', async () => {
    const notADirectory = path.join(root, 'a-file');
    writeFileSync(notADirectory, 'not a database');
    await expect(initialiseDataDirectory(notADirectory)).rejects.toThrow(
      `could not initialise the embedded database in ${notADirectory}`,
    );
  });
});
