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
  it('sends a lone write at once, without waiting for company', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, options);
    const result = write({ key: 'a', value: 1 });
    expect(recorder.batches).toEqual([[{ key: 'a', value: 1 }]]);
    recorder.answerNext();
    expect(await result).toBe(10);
  });

  it('groups the writes that come while one is on its way, up to the largest batch, each getting its own result', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, options);
    const results = [1, 2, 3, 4, 5].map((value) => write({ key: `k${value}`, value }));
    expect(recorder.batches).toHaveLength(1);
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1], [2, 3, 4]]);
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[1], [2, 3, 4], [5]]);
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
  });

  it('never puts two writes with one key in a batch: the second goes in the next one', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, options);
    const results = [write({ key: 'x', value: 0 }), write({ key: 'a', value: 1 }), write({ key: 'a', value: 2 }), write({ key: 'b', value: 3 })];
    recorder.answerNext();
    await tick();
    expect(recorder.batches[1]!.map((item) => item.value)).toEqual([1, 3]);
    recorder.answerNext();
    await tick();
    expect(recorder.batches[2]!.map((item) => item.value)).toEqual([2]);
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30]);
  });

  it('puts items with no key together freely', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, { ...options, keyOf: () => null });
    const results = [0, 1, 2].map((value) => write({ key: 'same', value }));
    recorder.answerNext();
    await tick();
    expect(recorder.batches.map((batch) => batch.map((item) => item.value))).toEqual([[0], [1, 2]]);
    recorder.answerNext();
    expect(await Promise.all(results)).toEqual([0, 10, 20]);
  });

  it('keeps as many batches on their way as it may, and no more', async () => {
    const recorder = recordingSend();
    const write = createBatchQueue(recorder.send, { ...options, inFlight: 2 });
    const results = [1, 2, 3].map((value) => write({ key: `k${value}`, value }));
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
    const first = write({ key: 'first', value: 1 });
    const crowd = [write({ key: 'a', value: 2 }), write({ key: 'b', value: -1 }), write({ key: 'c', value: 3 })];
    expect(await first).toBe(10);
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
    const first = write({ key: 'first', value: 1 });
    const crowd = [write({ key: 'a', value: 2 }), write({ key: 'b', value: 3 })];
    expect(await first).toBe(1);
    const settled = await Promise.allSettled(crowd);
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
