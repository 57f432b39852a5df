// Where a command's output goes: standard output, or a file (--output) with a one-line note on standard error.
import { writeFileSync } from 'node:fs';
import { UserError } from '../../core/errors';

export function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `text` to `output` (then `note()`, if given, on standard error), or to standard output without one. */
export function deliver(text: string, output: string | undefined, note?: () => string): void {
  if (output) {
    writeOutput(output, text);
    if (note) process.stderr.write(note());
  } else process.stdout.write(text);
}

/** "scanning n/m files" on standard error, redrawn at most every 100 ms; done() clears it. */
export function progressLine() {
  let last = 0;
  return {
    update: (p: { filesDone: number; filesTotal: number }) => {
      const now = Date.now();
      if (now - last < 100 && p.filesDone < p.filesTotal) return;
      last = now;
      process.stderr.write(`\r\x1b[2Kscanning ${p.filesDone}/${p.filesTotal} files`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}
