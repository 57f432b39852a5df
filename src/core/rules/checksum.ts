// Offline checksums that prove a token has the shape its issuer gives it.
import type * as Zlib from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let s = '';
  let v = n >>> 0;
  do {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  } while (v > 0);
  return s.padStart(width, '0');
}

/** The 6-character checksum GitHub (`ghp_`, `gho_`, ...) and npm (`npm_`) tokens end with. */
export function githubChecksum(body: string): string {
  // node:zlib, loaded when a token's checksum is first checked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
  const { crc32 } = require('node:zlib') as typeof Zlib;
  return base62(crc32(body), 6);
}

/** True when `token` (with its `xxx_` prefix) ends with the CRC32 of its 30-character body. */
export function validGithubStyleToken(token: string): boolean {
  const underscore = token.indexOf('_');
  const rest = token.slice(underscore + 1);
  if (rest.length !== 36) return false;
  return githubChecksum(rest.slice(0, 30)) === rest.slice(30);
}

const GITHUB_SHAPED = /(?<![A-Za-z0-9_])(?:gh[pousr]|npm)_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g;

/**
 * A GitHub/npm-shaped token (`ghp_` + 36) whose checksum fails: a look-alike (a test fixture), not a
 * secret. Also when the value only contains one (`Bearer ghp_…`, `x-access-token:ghp_…`): a value
 * built around a look-alike is no more real than the look-alike.
 */
export function failsGithubStyleChecksum(value: string): boolean {
  if (value.length < 40 || !/gh[pousr]_|npm_/.test(value)) return false;
  GITHUB_SHAPED.lastIndex = 0;
  for (let m = GITHUB_SHAPED.exec(value); m; m = GITHUB_SHAPED.exec(value)) {
    if (!validGithubStyleToken(m[0])) return true;
  }
  return false;
}
