// Where a command's output goes: standard output, or a file (--output) with a one-line note on standard error.
import { writeFileSync, writeSync } from 'node:fs';
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
  } else writeStdout(text);
}

/**
 * `text` to standard output, written now, without making process.stdout (which loads Node's streams:
 * see isTerminal). A reader that has gone (`| head`, EPIPE) ends the output quietly; a descriptor that
 * would block (a non-blocking pipe, EAGAIN) or any other failure hands the rest to process.stdout.
 */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(1, bytes, at, bytes.length - at);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') process.stdout.write(bytes.subarray(at));
  }
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
