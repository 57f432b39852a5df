// The command line's entry point (bundled as dist/cli-main.js, started by dist/cli.js).
import './early'; // first: what it starts runs while the modules below are set up
import { main } from './main';
import { standardStreamMade, watchStandardStreams } from './shared/output';

watchStandardStreams();

/** Calls `then` once everything written to process[`name`] so far (if it was made) has been handed to the system. */
function flushed(name: 'stdout' | 'stderr', then: () => void): void {
  const stream = standardStreamMade(name) ? process[name] : undefined;
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
