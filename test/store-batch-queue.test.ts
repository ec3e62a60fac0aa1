import { describe, expect, it } from 'vitest';
import { createBatchQueue } from '../store/batch-queue.js';

interface Item {
  key: string;
  value: number;
}

/** A `send` that records its batches and answers each when the test says so. */
function recordingSend() {
  const batches: Item[][] = [];
  const pending: Array<{ resolve(results: number[]): void; reject(error: unknown): void; batch: Item[] }> = [];
  const send = (batch: readonly Item[]) =>
    new Promise<readonly number[]>((resolve, reject) => {
      batches.push([...batch]);
      pending.push({ resolve, reject, batch: [...batch] });
    });
  const answerNext = () => {
    const next = pending.shift()!;
    next.resolve(next.batch.map((item) => item.value * 10));
  };
  return { batches, pending, send, answerNext };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const options = { inFlight: 1, maxBatch: 3, keyOf: (item: Item) => item.key, splitOnError: () => true };

describe('the batch queue (shared statements, group commit)', () => {
  it('sends a lone write after one turn of the event loop, without waiting for company', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, options);
    const result = write({ key: 'a', value: 1 });
    expect(recorder.batches).toEqual([]);
    await tick();
    expect(recorder.batches).toEqual([[{ key: 'a', value: 1 }]]);
    recorder.answerNext();
    expect(await result).toBe(10);
  });

  it('sends what callers ask for in one turn together, even with nothing on its way', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, { ...options, maxBatch: 10 });
    const results = [1, 2, 3].map((value) => write({ key: `k${value}`, value }));
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1, 2, 3]]);
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
  });

  it('groups the writes that come while one is on its way, up to the largest batch, each getting its own result', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, options);
    const first = write({ key: 'k0', value: 0 });
    await tick();
    const results = [1, 2, 3, 4].map((value) => write({ key: `k${value}`, value }));
    await tick();
    expect(recorder.batches).toHaveLength(1);
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[0], [1, 2, 3]]);
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[0], [1, 2, 3], [4]]);
    recorder.answerNext();
    expect(await Promise.all([first, ...results])).toEqual([0, 10, 20, 30, 40]);
  });

  it('never puts two writes with one key in a batch: the second goes in the next one', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, options);
    const results = [write({ key: 'a', value: 1 }), write({ key: 'a', value: 2 }), write({ key: 'b', value: 3 })];
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1, 3]]);
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1, 3], [2]]);
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
  });

  it('puts items with no key together freely', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, { ...options, keyOf: () => null });
    const results = [0, 1, 2].map((value) => write({ key: 'same', value }));
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[0, 1, 2]]);
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([0, 10, 20]);
  });

  it('keeps as many batches on their way as it may, and no more', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, { ...options, inFlight: 2, maxBatch: 1 });
    const results = [1, 2, 3].map((value) => write({ key: `k${value}`, value }));
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1], [2]]);
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1], [2], [3]]);
    recorder.answerNext();
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
  });

  it('writes a failed batch again item by item, so that only the item at fault gets the error', async () => {
    const write = createBatchQueue(
      async (batch: readonly Item[]) => {
        if (batch.some((item) => item.value < 0)) throw new Error(`bad value in ${batch.map((item) => item.key).join(',')}`);
        return batch.map((item) => item.value * 10);
      },
      { ...options, inFlight: 1 },
    );
    const crowd = [write({ key: 'a', value: 2 }), write({ key: 'b', value: -1 }), write({ key: 'c', value: 3 })];
    const settled = await Promise.allSettled(crowd);
    expect(settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([20, 'bad value in b', 30]);
  });

  it('gives every caller of a batch the error when it is not one to split (a lost connection)', async () => {
    const write = createBatchQueue(
      async (batch: readonly Item[]) => {
        if (batch.length > 1) throw new Error('connection lost');
        return batch.map((item) => item.value);
      },
      { ...options, splitOnError: () => false },
    );
    expect(await write({ key: 'alone', value: 1 })).toBe(1);
    const crowd = [write({ key: 'a', value: 2 }), write({ key: 'b', value: 3 })];
    const settled = await Promise.allSettled(crowd);
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
