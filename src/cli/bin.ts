// The command line's entry point (bundled as dist/cli-main.js, started by dist/cli.js).
import './early'; // first: what it starts runs while the modules below are set up
import { main } from './main';

// process.stdout and process.stderr are made when first read, which loads Node's streams: a run that
// never reads them (a pre-commit hook's report goes out through shared/output.ts's writeStdout) has
// nothing to flush, and does not make them only to flush them.
const made = new Set<'stdout' | 'stderr'>();
for (const name of ['stdout', 'stderr'] as const) {
  const d = Object.getOwnPropertyDescriptor(process, name);
  if (d?.get && d.configurable) {
    Object.defineProperty(process, name, { ...d, get: () => (made.add(name), d.get!.call(process)) as NodeJS.WriteStream });
  }
}

/** Calls `then` once everything written to process[`name`] so far has been handed to the system. */
function flushed(name: 'stdout' | 'stderr', then: () => void): void {
  const stream = made.has(name) ? process[name] : undefined;
  if (!stream || stream.destroyed || !stream.writable) then();
  else stream.write('', () => then());
}

void main(process.argv).then((code) => {
  process.exitCode = code;
  // Every command has finished its work when main settles (a server's command settles when it
  // stops): exit once the output is flushed, rather than wait for the event loop to run dry and for
  // V8's idle-time work (a pre-commit hook runs this on every commit).
  flushed('stdout', () => flushed('stderr', () => process.exit(code)));
});
