import { createInterface } from 'node:readline';

/**
 * Key presses that pace the `inspect` command. On a terminal, any key goes on and `q`,
 * Escape or Ctrl-C stops; from a pipe, each line goes on (a line `q` stops), and once
 * the input ends the remaining steps run one after the other. Keys typed ahead count.
 */
export interface KeyReader {
  /** Resolves true to go on, false to stop. */
  next(): Promise<boolean>;
  close(): void;
}

/** Answers in the order they come, whether or not someone is waiting for one yet. */
function answerQueue() {
  const typedAhead: boolean[] = [];
  const waiting: Array<(goOn: boolean) => void> = [];
  let endedWith: boolean | null = null;
  return {
    push(goOn: boolean) {
      const waiter = waiting.shift();
      if (waiter) waiter(goOn);
      else typedAhead.push(goOn);
    },
    /** No more answers: every later question gets `goOn`. */
    end(goOn: boolean) {
      endedWith ??= goOn;
      while (waiting.length > 0) waiting.shift()!(goOn);
    },
    next(): Promise<boolean> {
      if (typedAhead.length > 0) return Promise.resolve(typedAhead.shift()!);
      if (endedWith !== null) return Promise.resolve(endedWith);
      return new Promise<boolean>((resolve) => waiting.push(resolve));
    },
  };
}

export function stdinKeyReader(stdin: NodeJS.ReadStream = process.stdin): KeyReader {
  const answers = answerQueue();
  if (stdin.isTTY) {
    const onData = (data: Buffer) => {
      const key = data.toString('utf8');
      answers.push(!(key === 'q' || key === 'Q' || key === '\u0003' || key === '\u001b'));
    };
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
    return {
      next: () => answers.next(),
      close: () => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        answers.end(false);
      },
    };
  }
  const lines = createInterface({ input: stdin, terminal: false });
  lines.on('line', (line) => answers.push(line.trim().toLowerCase() !== 'q'));
  lines.on('close', () => answers.end(true));
  return {
    next: () => answers.next(),
    close: () => {
      lines.close();
      stdin.pause();
    },
  };
}
