import { describe, expect, test } from 'vitest';
import { WriteBatches } from './write-batches.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('write batches', () => {
  test('items submitted in one turn go in one write, each with its own result', async () => {
    const writes: number[][] = [];
    const batches = new WriteBatches<number, number>(async (items) => {
      writes.push(items);
      return items.map((item) => item * 10);
    });
    expect(await Promise.all([1, 2, 3].map((item) => batches.submit(item)))).toEqual([10, 20, 30]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  test('one write at a time: what arrives meanwhile waits and goes in the next', async () => {
    const writes: number[][] = [];
    let release: () => void = () => {};
    const batches = new WriteBatches<number, number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items;
    });
    const first = batches.submit(1);
    await nextTurn();
    const later = [batches.submit(2), batches.submit(3)];
    await nextTurn();
    expect(writes).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(writes).toEqual([[1], [2, 3]]);
  });

  test('a failed write rejects every item of its batch, and the next batch is written', async () => {
    let fail = true;
    const batches = new WriteBatches<number, number>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return items;
    });
    const failed = await Promise.allSettled([batches.submit(1), batches.submit(2)]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(await batches.submit(3)).toBe(3);
  });

  test('a write that answers for the wrong number of items fails its batch', async () => {
    const batches = new WriteBatches<number, number>(async () => [1]);
    await expect(Promise.all([batches.submit(1), batches.submit(2)])).rejects.toThrow('lost count');
  });

  test('batches are at most maxBatch items', async () => {
    const sizes: number[] = [];
    const batches = new WriteBatches<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((item) => batches.submit(item)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
