// Fingerprint salts. A project keeps its own, random, in its committed config (`fingerprintSalt`):
// every machine then computes the same fingerprints, so a shared baseline works. Without one, a scan
// uses this machine's salt (random, in the user's config folder): fingerprints are then stable on
// this machine only, and a published report cannot be checked against guesses, not even one by one.
import { nodeCrypto } from './node-crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Jsonc from 'jsonc-parser';
import { UserError } from './errors';
import { homeDir } from './node-os';
import { describeRefusal, LIMITS, readBoundedSync } from './files/bounded';
import { writeInsideSync } from './files/safe-write';
import { parseJsonc, TooDeepError } from './text/structured';

/** 32 random bytes, base64url (43 characters). */
export function newSalt(): string {
  return nodeCrypto().randomBytes(32).toString('base64url');
}

/** `$XDG_CONFIG_HOME/credential-hygiene/fingerprint-salt` (`%APPDATA%\credential-hygiene\...` on Windows). */
export function machineSaltFile(): string {
  const home = process.env.XDG_CONFIG_HOME || (process.platform === 'win32' && process.env.APPDATA) || path.join(homeDir(), '.config');
  return path.join(home, 'credential-hygiene', 'fingerprint-salt');
}

let machine: string | undefined;

/**
 * This machine's salt, created on first use (mode 0600). When the file can be neither read nor
 * created (a read-only home), a random salt for this process: fingerprints then change per run.
 */
export function machineSalt(): string {
  if (machine) return machine;
  const file = machineSaltFile();
  try {
    machine = readSaltFile(file);
  } catch {
    const salt = newSalt();
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, salt + '\n', { flag: 'wx', mode: 0o600 });
      machine = salt;
    } catch (e) {
      // Another process (a scan worker) created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        try {
          machine = readSaltFile(file);
        } catch { /* unreadable: fall through */ }
      }
      machine ??= salt;
    }
  }
  return machine;
}

function readSaltFile(file: string): string {
  const s = readFileSync(file, 'utf8').trim();
  if (s.length < 16) throw new Error('too short');
  return s;
}

/**
 * Makes sure the project config `file` has a `fingerprintSalt`, adding a new random one when it has
 * none (creating the file if need be; comments and layout are kept). Returns the salt and whether it
 * was added.
 */
export function ensureProjectSalt(file: string, root?: string): { salt: string; added: boolean } {
  let raw: string | undefined;
  // Bounded (a FIFO or a device named like the config must not block), and inside `root` when given.
  const r = readBoundedSync(file, { maxBytes: LIMITS.config, root });
  if (r.ok) raw = r.bytes.toString('utf8');
  else if (r.code !== 'ENOENT') throw new UserError(`cannot read config ${describeRefusal(file, r)}`);
  const write = (text: string) => (root ? writeInsideSync(root, file, text) : writeFileSync(file, text));
  const salt = newSalt();
  if (raw === undefined || raw.trim() === '') {
    write(JSON.stringify({ fingerprintSalt: salt }, null, 2) + '\n');
    return { salt, added: true };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a salt is first written
  const { applyEdits, modify } = require('jsonc-parser') as typeof Jsonc;
  let current: unknown;
  try {
    current = parseJsonc(raw, [], { allowTrailingComma: true });
  } catch (e) {
    if (e instanceof TooDeepError) throw new UserError(`${file}: invalid configuration: ${e.message}`);
    throw e;
  }
  if (!current || typeof current !== 'object' || Array.isArray(current)) throw new UserError(`${file}: invalid configuration: not a JSON object`);
  const existing = (current as { fingerprintSalt?: unknown }).fingerprintSalt;
  if (typeof existing === 'string' && existing.length >= 8) return { salt: existing, added: false };
  const eol = raw.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(raw, ['fingerprintSalt'], salt, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
  write(applyEdits(raw, edits));
  return { salt, added: true };
}
