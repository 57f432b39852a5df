// What a scan reports. A finding never carries the secret itself: only a redacted preview and a
// salted fingerprint, so nothing downstream (reports, logs, registry) can leak it.
import { nodeCrypto } from './node-crypto';
import { scryptSync } from './scrypt/scrypt';
import { shannonEntropy } from './text/entropy';
import type { Confidence, CredentialKind, Severity } from './types/kinds';
import type { Range } from './types/range';

export type { Position, Range } from './types/range';

export interface Finding {
  ruleId: string;
  description: string;
  provider: string;
  kind: CredentialKind;
  severity: Severity;
  confidence: Confidence;
  /** Workspace-relative POSIX path. */
  path: string;
  /** Exact range of the secret. */
  range: Range;
  /** UTF-16 offsets of the secret in the file's text. */
  offset: { start: number; end: number };
  /**
   * Redacted preview: the rule's public prefix and the length (`ghp_******** (40 chars)`), or for a
   * secret without one, a length bucket only (`******** (8-15 chars)`). See `redact`.
   */
  preview: string;
  /**
   * `v2:` + a salted hash of rule + secret (see `fingerprint`): stable when lines move, and no
   * shortcut to the value. The engine computes it on first read (scrypt costs 25 to 40 ms).
   */
  fingerprint: string;
  /**
   * The old (v1) fingerprints of the same secret, set only when the engine is asked to (a baseline
   * still has v1 entries) and removed once the baseline is applied: v1 is a fast hash under a fixed
   * salt, so it never goes into a report.
   */
  legacyFingerprints?: string[];
  /** What a fix needs. */
  fix: { envName: string; provider: string; kind: CredentialKind };
  /**
   * For a credential in an AI-agent tool's MCP configuration (`mcp-*` rules): the tool, the server
   * (its key), where in it (`env`, `headers`, `args`, `url`) and under which name, and the provider
   * rule that recognised the value, if one did (the finding then carries that rule's provider and kind),
   * or the generic rule that matched exactly this value; the fingerprint is computed under it (`fingerprintRule`).
   */
  agent?: { tool: string; server: string; field: 'env' | 'headers' | 'args' | 'url'; key?: string; providerRule?: string };
  /** Set when a suppression matched (inline comment or baseline); suppressed findings are reported apart. */
  suppressed?: { by: 'inline' | 'baseline'; reason: string };
  /** Set on findings of a history scan (`scan --history`): where in git history the value came from. */
  history?: FindingHistory;
}

/**
 * Where a secret found in git history came from (`scan --history`): the first commit that added it,
 * how many commits added it, whether HEAD still holds it, and whether the register says it was
 * rotated since. Never the value; the author only when asked for (`--show-authors`).
 */
export interface FindingHistory {
  /** Full sha of the earliest commit (by committer date) that added the value. */
  firstCommit: string;
  /** That commit's committer date, ISO 8601. */
  firstDate: string;
  /** How many commits added it (a commit that moves it between files, or keeps it, adds nothing). */
  commits: number;
  /** `in-head`: HEAD's tree still holds the value; `removed`: only history does. */
  status: 'in-head' | 'removed';
  /** `rotated`: a register identity matches it and was rotated after `firstDate`; `not-rotated`: one matches and was not; `unknown`: none matches. */
  rotation: 'rotated' | 'not-rotated' | 'unknown';
  /** The identity that matched (register id). */
  identity?: string;
  /** Its `lastRotated`, when it has one. */
  lastRotated?: string;
  /** The first commit's author name: only with `--show-authors`. */
  author?: string;
}

/** The salt of v1 fingerprints when the config had none: the same for every installation. */
export const LEGACY_FINGERPRINT_SALT = 'credential-hygiene/v1';
export const FINGERPRINT_SCHEME = 'v2:';
/** scrypt cost for low-entropy secrets: 2^14 x 8 x 128 bytes = 16 MiB of memory, ~25 to 40 ms per secret. */
export const FINGERPRINT_SCRYPT = { N: 1 << 14, r: 8, p: 1, keylen: 16 } as const;
/** Below this many bits (Shannon entropy x length) a secret could be guessed: it gets scrypt. */
export const LOW_ENTROPY_BITS = 100;
/** Secrets shorter than this get scrypt whatever their estimated entropy. */
export const LOW_ENTROPY_LENGTH = 24;

/**
 * Whether a secret is worth guessing offline: short, or little estimated entropy, or chosen by a
 * person (passwords, the password of a connection string), where the length says little.
 */
export function isLowEntropy(secret: string, kind?: CredentialKind): boolean {
  if (kind === 'password' || kind === 'database_credential') return true;
  return secret.length < LOW_ENTROPY_LENGTH || shannonEntropy(secret) * secret.length < LOW_ENTROPY_BITS;
}

/**
 * The v2 fingerprint: `v2:` + 32 hex characters.
 * - low-entropy secrets (`isLowEntropy`): scrypt(password = ruleId + NUL + secret, salt =
 *   "credential-hygiene/v2" + NUL + project salt, N=2^14, r=8, p=1, 16 bytes): each guess costs
 *   16 MiB and ~35 ms, and the salt differs per project, so neither tables nor GPUs go far;
 * - others (random tokens, >= 100 bits): HMAC-SHA256(key = project salt, "v2" + NUL + ruleId + NUL +
 *   secret), truncated to 128 bits: guessing them is hopeless, so a fast hash is enough.
 * scrypt results are cached per process (the editor rescans on every pause in typing).
 */
export function fingerprint(ruleId: string, secret: string, salt: string, kind?: CredentialKind): string {
  if (!isLowEntropy(secret, kind)) {
    return FINGERPRINT_SCHEME + nodeCrypto().createHmac('sha256', salt).update('v2\0').update(ruleId).update('\0').update(secret).digest('hex').slice(0, 32);
  }
  const key = scryptCacheKey(ruleId, secret, salt);
  let fp = scryptCache.get(key);
  if (fp === undefined) {
    const { N, r, p, keylen } = FINGERPRINT_SCRYPT;
    fp = remember(key, scryptSync(`${ruleId}\0${secret}`, `credential-hygiene/v2\0${salt}`, keylen, { N, r, p }));
  }
  return fp;
}

function scryptCacheKey(ruleId: string, secret: string, salt: string): string {
  return nodeCrypto().createHash('sha256').update(salt).update('\0').update(ruleId).update('\0').update(secret).digest('base64');
}

function remember(key: string, derived: Buffer): string {
  const fp = FINGERPRINT_SCHEME + derived.toString('hex');
  if (scryptCache.size >= SCRYPT_CACHE_MAX) scryptCache.delete(scryptCache.keys().next().value!);
  scryptCache.set(key, fp);
  return fp;
}

/**
 * Computes a fingerprint's scrypt on libuv's thread pool ahead of its first read, so the read then
 * costs a cache lookup: a caller that knows which secrets it will report (the history scan, as it meets
 * them) overlaps the ~35 ms each with its other work. HMAC fingerprints need no warming.
 * node:crypto's scrypt, not scrypt/scrypt.ts's: that one runs on the calling thread, and the point here
 * is to run beside it (the bytes are the same).
 */
export function warmFingerprint(ruleId: string, secret: string, salt: string, kind?: CredentialKind): Promise<void> {
  if (!isLowEntropy(secret, kind)) return Promise.resolve();
  const key = scryptCacheKey(ruleId, secret, salt);
  if (scryptCache.has(key)) return Promise.resolve();
  const { N, r, p, keylen } = FINGERPRINT_SCRYPT;
  return new Promise((resolve) => {
    nodeCrypto().scrypt(`${ruleId}\0${secret}`, `credential-hygiene/v2\0${salt}`, keylen, { N, r, p }, (err, derived) => {
      if (!err && !scryptCache.has(key)) remember(key, derived);
      resolve(); // on an error the read computes it synchronously, as without warming
    });
  });
}

const SCRYPT_CACHE_MAX = 4096;
/** sha256(salt, rule, secret) -> fingerprint: a repeated scan of the same text costs no scrypt. */
const scryptCache = new Map<string, string>();

/** How many scrypt fingerprints this process computed (not served from the cache): for tests and benchmarks. */
export function scryptCacheSize(): number {
  return scryptCache.size;
}

/**
 * The rule a finding's fingerprint is computed under: for an `mcp-*` finding whose value a provider
 * (or generic) rule recognised, that rule, so one value has one fingerprint whichever rule reports it
 * (a baseline accepted it before the `mcp-*` rules existed, or with them disabled); else its own.
 */
export function fingerprintRule(f: { ruleId: string; agent?: { providerRule?: string } }): string {
  return f.agent?.providerRule ?? f.ruleId;
}

/** The v1 fingerprint (HMAC-SHA256 under the config's salt or the fixed default), for old baselines only. */
export function legacyFingerprint(ruleId: string, secret: string, salt = LEGACY_FINGERPRINT_SALT): string {
  return nodeCrypto().createHmac('sha256', salt).update(ruleId).update('\0').update(secret).digest('hex').slice(0, 32);
}

/** Whether a fingerprint is of the old scheme (32 hex characters, no `v2:`). */
export function isLegacyFingerprint(fp: string): boolean {
  return !fp.startsWith(FINGERPRINT_SCHEME);
}

/**
 * The preview of a secret: never one of its own characters. With a public prefix (one of `prefixes`,
 * read from the rule: `ghp_`, `AKIA`, `xoxb-`) that the secret starts with, that prefix and the exact
 * length, both fixed by the token format; without one, only a length bucket (`8-15 chars`): the exact
 * length of a password narrows a guess.
 */
export function redact(secret: string, prefixes: readonly string[] = []): string {
  let prefix = '';
  for (const p of prefixes) {
    // The secret's own characters only where they are the rule's literal (case-insensitive regexes).
    if (p.length > prefix.length && secret.length >= p.length + 8 && secret.slice(0, p.length).toLowerCase() === p.toLowerCase()) prefix = secret.slice(0, p.length);
  }
  if (prefix) return `${prefix}******** (${secret.length} chars)`;
  return `******** (${lengthBucket(secret.length)} chars)`;
}

/** 1-7, 8-15, 16-31, 32-63, 64-127, 128+. */
export function lengthBucket(n: number): string {
  if (n >= 128) return '128+';
  if (n < 8) return '1-7';
  const lo = 2 ** Math.floor(Math.log2(n));
  return `${lo}-${lo * 2 - 1}`;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/** Whether a finding counts at the project's minimum confidence (every face applies this one test). */
export function meetsConfidence(f: Pick<Finding, 'confidence'>, min: Confidence): boolean {
  return CONFIDENCE_RANK[f.confidence] >= CONFIDENCE_RANK[min];
}
