// The mechanics of one request that the router applies to every route: reading a bounded body, parsing
// it as JSON under the secret guard and the shape limits, the query-parameter rules, and ETags. No route
// logic here (see routes.ts), no dispatch (see app.ts).
import type * as http from 'node:http';
import { secretRulesIn, secretRulesInJson } from '../core/registry/guard';
import type { RegistryIdentity } from '../core/registry/types';
import { HttpProblem } from './problem';

/** Deepest nesting of arrays and objects a body may have (an identity needs 3). */
export const MAX_JSON_DEPTH = 32;

export const NUL = '\u0000';

export function etagOf(identity: RegistryIdentity): string {
  return `"${identity.version}"`;
}

/**
 * The versions an If-Match / If-None-Match value names: a number, '*' for any, or NaN for garbage.
 * `strong` (If-Match, RFC 9110 13.1.1): a weak tag W/"n" never matches, so it names nothing (NaN).
 */
function parseEtags(header: string, strong: boolean): Array<number | '*'> {
  return header.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    if (s === '*') return '*';
    const m = /^(W\/)?"(\d{1,15})"$/.exec(s);
    return m && !(strong && m[1]) ? Number(m[2]) : NaN;
  });
}

/** If-Match: strong comparison. */
export function matchesStrong(header: string, version: number): boolean {
  return parseEtags(header, true).some((v) => v === '*' || v === version);
}

/** If-None-Match: weak comparison (RFC 9110 13.1.2). */
export function matchesWeak(header: string, version: number): boolean {
  return parseEtags(header, false).some((v) => v === '*' || v === version);
}

export function nulProblem(where: string): HttpProblem {
  return new HttpProblem(400, 'nul-character', `${where} contains a NUL character (U+0000), which the registry does not store`);
}

/** 422 when `rules` (of the secret scan) is not empty. */
export function refuseSecrets(rules: string[], where: string): void {
  if (rules.length === 0) return;
  throw new HttpProblem(422, 'secret-in-request',
    `the ${where} contains what looks like a credential (${rules.join(', ')}); the registry stores metadata only, never a credential's value. Nothing was stored or logged.`,
    { rules });
}

/**
 * A parsed body the stores can keep: at most MAX_JSON_DEPTH levels of nesting (a deeper one would
 * overflow the recursive merge) and no NUL in any string or key (PostgreSQL text cannot hold one).
 */
function checkJsonShape(value: unknown): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) throw nulProblem('the body');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) throw new HttpProblem(400, 'too-deep', `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`, { limit: MAX_JSON_DEPTH });
    if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
    else {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (k.includes(NUL)) throw nulProblem('the body');
        stack.push([x, depth + 1]);
      }
    }
  }
}

function tooLarge(maxBody: number): HttpProblem {
  return new HttpProblem(413, 'body-too-large', `the body is larger than ${maxBody} bytes`, { limit: maxBody }, { connection: 'close' });
}

/** The body as UTF-8 text, at most `maxBody` bytes; `onBytes` hears the running size (for the access log). */
export function readBody(req: http.IncomingMessage, maxBody: number, onBytes: (n: number) => void): Promise<string> {
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > maxBody) return Promise.reject(tooLarge(maxBody));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      onBytes(size);
      if (size > maxBody) {
        failed = true;
        reject(tooLarge(maxBody));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (failed) return;
      const buf = Buffer.concat(chunks);
      const text = buf.toString('utf8');
      // Invalid UTF-8 decodes to U+FFFD and does not round-trip: refuse rather than store a mangled value.
      if (!buf.equals(Buffer.from(text, 'utf8'))) reject(new HttpProblem(400, 'bad-encoding', 'the body is not valid UTF-8'));
      else resolve(text);
    });
    req.on('error', () => {
      failed = true;
      reject(new HttpProblem(400, 'bad-request', 'the request body could not be read'));
    });
  });
}

/** 415 unless the request's Content-Type is `mediaType`. */
export function requireMediaType(req: http.IncomingMessage, mediaType: string): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== mediaType) throw new HttpProblem(415, 'unsupported-media-type', `send the body as ${mediaType}${type ? `, not ${type}` : ''}`, {}, { 'accept-patch': 'application/merge-patch+json' });
}

/** The body text parsed as JSON, refused (422) when it holds a secret as sent or as decoded. */
export function parseJsonBody(text: string): unknown {
  refuseSecrets(secretRulesIn(text), 'request body');
  if (!text.trim()) throw new HttpProblem(400, 'bad-json', 'the body is empty; send a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new HttpProblem(400, 'bad-json', `the body is not valid JSON: ${(e as Error).message.replace(/"[^"]*"/g, '…').slice(0, 120)}`);
  }
  checkJsonShape(parsed);
  // The raw text hides what JSON escapes spell ("\u0067hp_…", "https:\/\/user:pass@…"): scan what is stored.
  refuseSecrets(secretRulesInJson(parsed), 'request body');
  return parsed;
}

/** 400 unless every query parameter is one of `allowed`, each at most once. */
export function checkQueryNames(query: URLSearchParams, allowed: readonly string[]): void {
  const seen = new Set<string>();
  for (const k of query.keys()) {
    if (!allowed.includes(k)) throw new HttpProblem(400, 'bad-parameter', `unknown query parameter "${k.slice(0, 40)}"; allowed: ${allowed.join(', ') || 'none'}`);
    if (seen.has(k)) throw new HttpProblem(400, 'bad-parameter', `query parameter "${k}" given more than once`);
    seen.add(k);
  }
}

export function intParam(query: URLSearchParams, name: string, def: number, max: number): number {
  const v = query.get(name);
  if (v === null) return def;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new HttpProblem(400, 'bad-parameter', `${name} must be a whole number from 1 to ${max}`);
  return Number(v);
}

function badCursor(): HttpProblem {
  return new HttpProblem(400, 'bad-cursor', 'cursor must be a nextCursor value from an earlier page');
}

/** What the `cursor` parameter points after, or undefined when there is none. */
export function cursorParam(query: URLSearchParams): string | undefined {
  const v = query.get('cursor');
  if (v === null || v === '') return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as unknown;
    const a = typeof decoded === 'object' && decoded !== null ? (decoded as { a?: unknown }).a : undefined;
    if (typeof a === 'string' && !a.includes(NUL)) return a;
  } catch { /* below */ }
  throw badCursor();
}

/** A sequence-number cursor (the audit trail): 0 when there is none. */
export function seqCursorParam(query: URLSearchParams): number {
  const after = query.get('cursor') ? Number(cursorParam(query) ?? NaN) : 0;
  if (!Number.isSafeInteger(after) || after < 0) throw badCursor();
  return after;
}

export function cursorFor(after: string | number): string {
  return Buffer.from(JSON.stringify({ a: after })).toString('base64url');
}

/** One page of `rows` (fetched with limit + 1) and the cursor of the next one. */
export function page<T>(rows: T[], limit: number, key: (last: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorFor(key(items[items.length - 1])) : null };
}
