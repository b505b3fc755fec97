import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { KeyEncryptionKey, loadKeyEncryptionKey } from './key-encryption.js';

describe('the key-encryption key', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ironcart-kek-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a development KEK is generated once, readable by its owner only, and reused', () => {
    const file = path.join(dir, 'data', 'channel-kek.key');
    const first = loadKeyEncryptionKey({ kind: 'file', path: file, create: true });
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const wrapped = first.kek.wrap(Buffer.from('secret'), 'ctx');
    const again = loadKeyEncryptionKey({ kind: 'file', path: file, create: true });
    expect(again.created).toBe(false);
    expect(again.kek.unwrap(wrapped, 'ctx').toString()).toBe('secret');
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a configured KEK file must exist and hold 32 bytes', () => {
    expect(() =>
      loadKeyEncryptionKey({ kind: 'file', path: path.join(dir, 'missing'), create: false }),
    ).toThrow(/does not exist/);
    const short = path.join(dir, 'short.key');
    writeFileSync(short, 'abcd', { mode: 0o600 });
    expect(() => loadKeyEncryptionKey({ kind: 'file', path: short, create: false })).toThrow(
      /32 bytes/,
    );
    expect(() => loadKeyEncryptionKey({ kind: 'value', value: 'too-short' })).toThrow(/32 bytes/);
  });

  test('a KEK file that others may read or write is refused: only 0600 or stricter', () => {
    const key = `${'ab'.repeat(32)}\n`;
    for (const mode of [0o644, 0o640, 0o604, 0o660, 0o606, 0o666]) {
      const file = path.join(dir, `open-${mode.toString(8)}.key`);
      writeFileSync(file, key);
      chmodSync(file, mode);
      expect(() => loadKeyEncryptionKey({ kind: 'file', path: file, create: false })).toThrow(
        new RegExp(`mode 0${mode.toString(8)}.*chmod 600`),
      );
    }
    for (const mode of [0o600, 0o400]) {
      const file = path.join(dir, `closed-${mode.toString(8)}.key`);
      writeFileSync(file, key);
      chmodSync(file, mode);
      expect(loadKeyEncryptionKey({ kind: 'file', path: file, create: false }).created).toBe(false);
    }
    // The generated development key is checked the same way on later starts.
    const generated = path.join(dir, 'data', 'channel-kek.key');
    loadKeyEncryptionKey({ kind: 'file', path: generated, create: true });
    chmodSync(generated, 0o644);
    expect(() => loadKeyEncryptionKey({ kind: 'file', path: generated, create: true })).toThrow(
      /mode 0644/,
    );
    chmodSync(generated, 0o600);
  });

  test('a wrapped value opens only with its key and its context, and unchanged', () => {
    const kek = new KeyEncryptionKey(Buffer.alloc(32, 7));
    const wrapped = kek.wrap(Buffer.from('session secret'), 'sid=a');
    expect(kek.unwrap(wrapped, 'sid=a').toString()).toBe('session secret');
    expect(() => kek.unwrap(wrapped, 'sid=b')).toThrow();
    expect(() => new KeyEncryptionKey(Buffer.alloc(32, 8)).unwrap(wrapped, 'sid=a')).toThrow();
    const flipped = Buffer.from(wrapped);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(() => kek.unwrap(flipped, 'sid=a')).toThrow();
    expect(Buffer.from(wrapped).includes(Buffer.from('session secret'))).toBe(false);
  });
});
