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

// process.stdout and process.stderr are made when first read, which loads Node's stream classes (and
// for a pipe its sockets): a few milliseconds of a pre-commit hook that prints one line. The command
// line watches whether they were made (watchStandardStreams, at its start), writes its report to the
// file descriptor itself when process.stdout was not (writeStdout), and flushes only what was made.
const made = new Set<'stdout' | 'stderr'>();
let watching = false;

/** From now on, note when process.stdout or process.stderr is first read (made). */
export function watchStandardStreams(): void {
  watching = true;
  for (const name of ['stdout', 'stderr'] as const) {
    const d = Object.getOwnPropertyDescriptor(process, name);
    if (d?.get && d.configurable) {
      Object.defineProperty(process, name, { ...d, get: () => (made.add(name), d.get!.call(process)) as NodeJS.WriteStream });
    }
  }
}

/** Whether process[`name`] was made since watchStandardStreams (always true without it). */
export function standardStreamMade(name: 'stdout' | 'stderr'): boolean {
  return !watching || made.has(name);
}

/**
 * `text` to standard output, written now, without making process.stdout. Where it was made (something
 * wrote through it first), through it, so that nothing is written out of order. A reader that has gone
 * (`| head`, EPIPE) ends the output quietly; a descriptor that would block (a non-blocking pipe, EAGAIN)
 * or any other failure hands the rest to process.stdout.
 */
export function writeStdout(text: string): void {
  if (standardStreamMade('stdout')) {
    process.stdout.write(text);
    return;
  }
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
