// node:os, loaded on first use: a pre-commit hook's scan asks it nothing (its home folder comes from
// HOME, as node:os itself takes it on POSIX), and loading it is a fifth of a millisecond of start-up.
import type * as Os from 'node:os';

let loaded: typeof Os | undefined;

function nodeOs(): typeof Os {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  return (loaded ??= require('node:os') as typeof Os);
}

/** The user's home folder, as os.homedir() gives it (on POSIX that is HOME whenever it is set, even empty). */
export function homeDir(): string {
  const home = process.platform === 'win32' ? undefined : process.env.HOME;
  return home ?? nodeOs().homedir();
}

/** os.availableParallelism(). */
export function availableParallelism(): number {
  return nodeOs().availableParallelism();
}
