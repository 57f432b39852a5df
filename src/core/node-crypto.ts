// node:crypto, loaded on first use: a scan that finds nothing (most pre-commit hooks) never needs it,
// and loading it (hashes, ciphers, keys, X.509) is a couple of milliseconds of start-up.
import type * as Crypto from 'node:crypto';

let loaded: typeof Crypto | undefined;

export function nodeCrypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  return (loaded ??= require('node:crypto') as typeof Crypto);
}
