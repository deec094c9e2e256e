import { createInterface } from 'node:readline';

/**
 * Line-by-line answers from stdin. Works for a person at a terminal and for
 * piped input alike (readline's question() drops lines that arrive early).
 */
export function lineReader(): { ask(question: string): Promise<string | null>; close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question) {
      process.stdout.write(question);
      const next = await lines.next();
      if (!process.stdin.isTTY) process.stdout.write('\n');
      return next.done ? null : next.value;
    },
    close: () => rl.close(),
  };
}
