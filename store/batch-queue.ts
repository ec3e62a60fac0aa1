/**
 * Statements shared by callers who come at once: what callers ask for in one turn of the
 * event loop goes out together (requests read from several sockets at once are handled
 * in one turn), at most `inFlight` statements run at a time, and what callers ask for
 * meanwhile waits and goes out together in the next one. A caller alone waits one turn
 * (setImmediate); many callers share round trips and, for writes, commits (group commit).
 * On PGlite, which runs each statement to its end before anything else, the turn is all
 * that lets callers share.
 */
export interface BatchQueueOptions<T> {
  /** How many batches may be on their way at once. */
  inFlight: number;
  /** The largest batch. */
  maxBatch: number;
  /** Items with the same key never share a batch (two changes of one dossier); null: no such rule. */
  keyOf(item: T): string | null;
  /**
   * Whether a failed batch of several items is written again item by item, so that an
   * error lands on the item that caused it alone (not for a lost connection: then every
   * caller tries its own work again).
   */
  splitOnError(error: unknown): boolean;
}

/** `send` does a batch in one statement and gives each item's result, in order. */
export function createBatchQueue<T, R>(send: (batch: readonly T[]) => Promise<readonly R[]>, options: BatchQueueOptions<T>): (item: T) => Promise<R> {
  interface Waiting {
    item: T;
    resolve(result: R): void;
    reject(error: unknown): void;
  }
  let waiting: Waiting[] = [];
  let running = 0;
  let scheduled = false;

  const sendAlone = (entry: Waiting): Promise<void> =>
    send([entry.item]).then(
      ([result]) => entry.resolve(result!),
      (error: unknown) => entry.reject(error),
    );

  async function run(batch: Waiting[]): Promise<void> {
    try {
      const results = await send(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index]!));
    } catch (error) {
      if (batch.length > 1 && options.splitOnError(error)) {
        for (const entry of batch) await sendAlone(entry);
      } else {
        for (const entry of batch) entry.reject(error);
      }
    }
  }

  function pump(): void {
    while (running < options.inFlight && waiting.length > 0) {
      const batch: Waiting[] = [];
      const later: Waiting[] = [];
      const keys = new Set<string>();
      for (const entry of waiting) {
        const key = options.keyOf(entry.item);
        if (batch.length < options.maxBatch && (key === null || !keys.has(key))) {
          if (key !== null) keys.add(key);
          batch.push(entry);
        } else later.push(entry);
      }
      waiting = later;
      running++;
      void run(batch).finally(() => {
        running--;
        pump();
      });
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        pump();
      });
    });
}
