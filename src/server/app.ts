// The registry's HTTP API on node:http (see docs/registry-openapi.yaml). Each request: parse and check
// the target, refuse anything that carries a secret (422, the value never logged), authenticate,
// read a bounded body, then one storage transaction. Every response is JSON or RFC 9457 problem JSON.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { z } from 'zod';
import { IdentitySchema, ENTITY_REF } from '../core/ownership/schema';
import { ISO_DATE, parseDate } from '../core/ownership/dates';
import { EVENT_SOURCES, IDENTITY_STATUSES, SOURCE_HEADER, type EventSource, type IdentityFilter, type RegistryIdentity } from '../core/registry/types';
import { secretRulesIn, secretRulesInJson } from '../core/registry/guard';
import { mergePatch } from './merge-patch';
import { HttpProblem } from './problem';
import { isStoreUnavailable, stateOf, type IdentityState, type RegistryStore, type TokenRecord } from './store';
import { hashToken } from './tokens';

export interface AccessLogEntry {
  t: string;
  reqId: string;
  method: string;
  /** The path without its query; "[redacted]" when it carried a secret. */
  path: string;
  /** Names of the query parameters (never their values). */
  query?: string[];
  status: number;
  ms: number;
  actor?: string;
  bytesIn: number;
  problem?: string;
}

export interface AppOptions {
  store: RegistryStore;
  /** Largest request body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Largest `limit` a list accepts (default 500). */
  maxPageSize?: number;
  /** Access log sink (default: none). */
  log?: (entry: AccessLogEntry) => void;
  /** Errors the server did not expect (message only). */
  onError?: (message: string) => void;
}

const DEFAULT_PAGE = 50;
const ID = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const READ_ONLY = ['version', 'createdAt', 'updatedAt'] as const;
const BodySchema = IdentitySchema.partial({ id: true }).extend({ status: z.enum(IDENTITY_STATUSES).optional() });
const StateSchema = IdentitySchema.extend({ status: z.enum(IDENTITY_STATUSES) });
const LIST_PARAMS = new Set(['owner', 'environment', 'status', 'expiringBefore', 'q', 'limit', 'cursor']);
const SCOPE_RANK = { read: 1, write: 2, admin: 3 } as const;
/** Deepest nesting of arrays and objects a body may have (an identity needs 3). */
export const MAX_JSON_DEPTH = 32;
/** Seconds a client is asked to wait when the database is unavailable. */
const RETRY_AFTER_SECONDS = 5;

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  reqId: string;
  method: string;
  segments: string[];
  query: URLSearchParams;
  token?: TokenRecord;
  bytesIn: number;
}

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
function matchesStrong(header: string, version: number): boolean {
  return parseEtags(header, true).some((v) => v === '*' || v === version);
}

/** If-None-Match: weak comparison (RFC 9110 13.1.2). */
function matchesWeak(header: string, version: number): boolean {
  return parseEtags(header, false).some((v) => v === '*' || v === version);
}

const NUL = '\u0000';

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

function nulProblem(where: string): HttpProblem {
  return new HttpProblem(400, 'nul-character', `${where} contains a NUL character (U+0000), which the registry does not store`);
}

export function createApp(opts: AppOptions): http.RequestListener {
  const { store } = opts;
  const maxBody = opts.maxBodyBytes ?? 64 * 1024;
  const maxPage = opts.maxPageSize ?? 500;

  /** 422 when `rules` (of the secret scan) is not empty. */
  function refuseSecrets(rules: string[], where: string): void {
    if (rules.length === 0) return;
    throw new HttpProblem(422, 'secret-in-request',
      `the ${where} contains what looks like a credential (${rules.join(', ')}); the registry stores metadata only, never a credential's value. Nothing was stored or logged.`,
      { rules });
  }

  function send(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    const type = status >= 400 ? 'application/problem+json' : 'application/json';
    ctx.res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-request-id': ctx.reqId, ...headers });
    ctx.res.end(text);
  }

  function sendIdentity(ctx: Ctx, status: number, identity: RegistryIdentity, headers: Record<string, string> = {}): void {
    send(ctx, status, identity, { etag: etagOf(identity), ...headers });
  }

  async function authenticate(ctx: Ctx, need: keyof typeof SCOPE_RANK): Promise<TokenRecord> {
    const header = ctx.req.headers.authorization;
    const challenge = { 'www-authenticate': 'Bearer realm="credential-hygiene-registry"' };
    if (!header) throw new HttpProblem(401, 'unauthenticated', 'send "Authorization: Bearer <token>" (create one with `credential-hygiene registry token create`)', {}, challenge);
    const m = /^Bearer +([A-Za-z0-9._~+/-]{1,512}=*) *$/i.exec(header);
    if (!m) throw new HttpProblem(401, 'unauthenticated', 'the Authorization header must be "Bearer <token>"', {}, challenge);
    const token = await store.findToken(hashToken(m[1]));
    if (!token || token.revoked) throw new HttpProblem(401, 'unauthenticated', 'unknown or revoked token', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    ctx.token = token;
    if (SCOPE_RANK[token.scope] < SCOPE_RANK[need]) throw new HttpProblem(403, 'insufficient-scope', `this needs a token with ${need} scope; "${token.name}" has ${token.scope}`);
    return token;
  }

  /** A write needs admin, or write scope for an owner of the identity (before and after the change). */
  function authorizeWrite(token: TokenRecord, ...states: Array<Partial<IdentityState> | undefined>): void {
    if (token.scope === 'admin' || token.owner === null) return;
    for (const s of states) {
      if (!s) continue;
      if (s.owners?.technical !== token.owner && s.owners?.business !== token.owner) {
        throw new HttpProblem(403, 'not-owner', `token "${token.name}" may only change identities owned by ${token.owner} (owners.technical or owners.business)${s.id ? `; "${s.id}" would not be` : ''}`);
      }
    }
  }

  function readBody(ctx: Ctx): Promise<string> {
    const len = ctx.req.headers['content-length'];
    if (len !== undefined && Number(len) > maxBody) {
      return Promise.reject(new HttpProblem(413, 'body-too-large', `the body is larger than ${maxBody} bytes`, { limit: maxBody }, { connection: 'close' }));
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      ctx.req.on('data', (c: Buffer) => {
        if (failed) return;
        size += c.length;
        ctx.bytesIn = size;
        if (size > maxBody) {
          failed = true;
          reject(new HttpProblem(413, 'body-too-large', `the body is larger than ${maxBody} bytes`, { limit: maxBody }, { connection: 'close' }));
          return;
        }
        chunks.push(c);
      });
      ctx.req.on('end', () => {
        if (failed) return;
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        // Invalid UTF-8 decodes to U+FFFD and does not round-trip: refuse rather than store a mangled value.
        if (!buf.equals(Buffer.from(text, 'utf8'))) reject(new HttpProblem(400, 'bad-encoding', 'the body is not valid UTF-8'));
        else resolve(text);
      });
      ctx.req.on('error', () => {
        failed = true;
        reject(new HttpProblem(400, 'bad-request', 'the request body could not be read'));
      });
    });
  }

  async function readJson(ctx: Ctx, mediaType: string): Promise<unknown> {
    const type = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== mediaType) throw new HttpProblem(415, 'unsupported-media-type', `send the body as ${mediaType}${type ? `, not ${type}` : ''}`, {}, { 'accept-patch': 'application/merge-patch+json' });
    const text = await readBody(ctx);
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

  function validationError(error: z.ZodError): HttpProblem {
    const errors = error.issues.slice(0, 20).map((i) => ({ pointer: '/' + i.path.map(String).join('/'), detail: i.message }));
    return new HttpProblem(400, 'invalid-identity', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), { errors });
  }

  function sourceOf(ctx: Ctx): EventSource {
    const v = ctx.req.headers[SOURCE_HEADER];
    if (v === undefined) return 'api';
    if (typeof v === 'string' && (EVENT_SOURCES as readonly string[]).includes(v)) return v as EventSource;
    throw new HttpProblem(400, 'bad-source', `${SOURCE_HEADER} must be one of ${EVENT_SOURCES.join(', ')}`);
  }

  function identityId(raw: string): string {
    if (!ID.test(raw) || raw.length > 200) throw new HttpProblem(400, 'bad-id', 'an identity id is lower-case letters and digits, separated by ".", "_" or "-" (at most 200 characters)');
    return raw;
  }

  function intParam(ctx: Ctx, name: string, def: number, max: number): number {
    const v = ctx.query.get(name);
    if (v === null) return def;
    if (!/^\d{1,6}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new HttpProblem(400, 'bad-parameter', `${name} must be a whole number from 1 to ${max}`);
    return Number(v);
  }

  function cursorParam(ctx: Ctx): string | undefined {
    const v = ctx.query.get('cursor');
    if (v === null || v === '') return undefined;
    try {
      const decoded = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as unknown;
      const a = typeof decoded === 'object' && decoded !== null ? (decoded as { a?: unknown }).a : undefined;
      if (typeof a === 'string' && !a.includes(NUL)) return a;
    } catch { /* below */ }
    throw new HttpProblem(400, 'bad-cursor', 'cursor must be a nextCursor value from an earlier page');
  }

  function cursorFor(after: string | number): string {
    return Buffer.from(JSON.stringify({ a: after })).toString('base64url');
  }

  function singleParams(ctx: Ctx, allowed: Set<string>): void {
    const seen = new Set<string>();
    for (const k of ctx.query.keys()) {
      if (!allowed.has(k)) throw new HttpProblem(400, 'bad-parameter', `unknown query parameter "${k.slice(0, 40)}"; allowed: ${[...allowed].join(', ') || 'none'}`);
      if (seen.has(k)) throw new HttpProblem(400, 'bad-parameter', `query parameter "${k}" given more than once`);
      seen.add(k);
    }
  }

  async function listIdentities(ctx: Ctx): Promise<void> {
    await authenticate(ctx, 'read');
    singleParams(ctx, LIST_PARAMS);
    const filter: IdentityFilter = {};
    const q = ctx.query;
    const owner = q.get('owner');
    if (owner !== null) {
      if (!ENTITY_REF.test(owner)) throw new HttpProblem(400, 'bad-parameter', 'owner must be an entity ref such as group:payments');
      filter.owner = owner;
    }
    const env = q.get('environment');
    if (env !== null) {
      if (!env || env.length > 200) throw new HttpProblem(400, 'bad-parameter', 'environment must be 1-200 characters');
      filter.environment = env;
    }
    const status = q.get('status');
    if (status !== null) {
      if (!(IDENTITY_STATUSES as readonly string[]).includes(status)) throw new HttpProblem(400, 'bad-parameter', `status must be one of ${IDENTITY_STATUSES.join(', ')}`);
      filter.status = status as IdentityFilter['status'];
    }
    const before = q.get('expiringBefore');
    if (before !== null) {
      if (!ISO_DATE.test(before) || !parseDate(before)) throw new HttpProblem(400, 'bad-parameter', 'expiringBefore must be a date as YYYY-MM-DD');
      filter.expiringBefore = before.slice(0, 10);
    }
    const text = q.get('q');
    if (text !== null) {
      if (!text || text.length > 200) throw new HttpProblem(400, 'bad-parameter', 'q must be 1-200 characters');
      filter.q = text;
    }
    const limit = intParam(ctx, 'limit', DEFAULT_PAGE, maxPage);
    const after = cursorParam(ctx);
    const rows = await store.listIdentities(filter, limit + 1, after);
    const items = rows.slice(0, limit);
    send(ctx, 200, { items, nextCursor: rows.length > limit ? cursorFor(items[items.length - 1].id) : null });
  }

  async function getIdentity(ctx: Ctx, id: string): Promise<void> {
    await authenticate(ctx, 'read');
    singleParams(ctx, new Set());
    const identity = await store.getIdentity(id);
    if (!identity) throw new HttpProblem(404, 'not-found', `no identity "${id}"`);
    const inm = ctx.req.headers['if-none-match'];
    if (inm && matchesWeak(inm, identity.version)) {
      ctx.res.writeHead(304, { etag: etagOf(identity), 'x-request-id': ctx.reqId });
      ctx.res.end();
      return;
    }
    sendIdentity(ctx, 200, identity);
  }

  function conflict(current: RegistryIdentity | undefined): HttpProblem {
    return current
      ? new HttpProblem(412, 'stale-etag', `the identity changed since you read it (now at ${etagOf(current)}); GET it again and reapply your change`, { currentEtag: etagOf(current) })
      : new HttpProblem(412, 'stale-etag', 'the identity does not exist (If-Match needs an existing identity)');
  }

  async function putIdentity(ctx: Ctx, id: string): Promise<void> {
    const token = await authenticate(ctx, 'write');
    singleParams(ctx, new Set());
    const source = sourceOf(ctx);
    const raw = await readJson(ctx, 'application/json');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HttpProblem(400, 'invalid-identity', 'the body must be a JSON object with the identity\'s fields');
    const body: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const k of READ_ONLY) delete body[k];
    const parsed = BodySchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    if (parsed.data.id !== undefined && parsed.data.id !== id) throw new HttpProblem(400, 'id-mismatch', `the body's id "${parsed.data.id}" is not the id in the path "${id}"`);
    const current = await store.getIdentity(id);
    const ifMatch = ctx.req.headers['if-match'];
    const ifNoneMatch = ctx.req.headers['if-none-match'];
    if (current) {
      if (ifNoneMatch !== undefined && matchesWeak(ifNoneMatch, current.version)) throw new HttpProblem(412, 'exists', `identity "${id}" already exists`, { currentEtag: etagOf(current) });
      if (ifMatch === undefined) throw new HttpProblem(428, 'if-match-required', `identity "${id}" exists: replacing it needs If-Match with its ETag (${etagOf(current)} when you last read it)`);
      if (!matchesStrong(ifMatch, current.version)) throw conflict(current);
    } else if (ifMatch !== undefined) throw conflict(undefined);
    const next: IdentityState = { id, ...parsed.data, status: parsed.data.status ?? current?.status ?? 'active' };
    authorizeWrite(token, current && stateOf(current), next);
    const result = await store.writeIdentity({ id, expectedVersion: current ? current.version : null, next, actor: token.name, source, at: new Date().toISOString() });
    if (!result.ok) throw conflict(result.current);
    sendIdentity(ctx, result.created ? 201 : 200, result.identity, result.created ? { location: `/v1/identities/${id}` } : {});
  }

  async function patchIdentity(ctx: Ctx, id: string): Promise<void> {
    const token = await authenticate(ctx, 'write');
    singleParams(ctx, new Set());
    const source = sourceOf(ctx);
    const patch = await readJson(ctx, 'application/merge-patch+json');
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new HttpProblem(400, 'invalid-patch', 'a merge patch of an identity must be a JSON object');
    for (const k of READ_ONLY) if (Object.hasOwn(patch, k)) throw new HttpProblem(400, 'read-only', `${k} is set by the server and cannot be patched`);
    const current = await store.getIdentity(id);
    if (!current) throw new HttpProblem(404, 'not-found', `no identity "${id}" (create it with PUT)`);
    const ifMatch = ctx.req.headers['if-match'];
    if (ifMatch === undefined) throw new HttpProblem(428, 'if-match-required', `PATCH needs If-Match with the identity's ETag (${etagOf(current)} now)`);
    if (!matchesStrong(ifMatch, current.version)) throw conflict(current);
    const merged = mergePatch(stateOf(current), patch) as Record<string, unknown>;
    if (merged.id !== id) throw new HttpProblem(400, 'id-mismatch', 'the id cannot be changed or removed');
    const parsed = StateSchema.safeParse(merged);
    if (!parsed.success) throw validationError(parsed.error);
    authorizeWrite(token, stateOf(current), parsed.data);
    const version = parseEtags(ifMatch, true).find((v): v is number => typeof v === 'number' && v === current.version) ?? current.version;
    const result = await store.writeIdentity({ id, expectedVersion: version, next: parsed.data, actor: token.name, source, at: new Date().toISOString() });
    if (!result.ok) throw conflict(result.current);
    sendIdentity(ctx, 200, result.identity);
  }

  async function deleteIdentity(ctx: Ctx, id: string): Promise<void> {
    const token = await authenticate(ctx, 'write');
    singleParams(ctx, new Set());
    const source = sourceOf(ctx);
    const current = await store.getIdentity(id);
    if (!current) throw new HttpProblem(404, 'not-found', `no identity "${id}"`);
    const ifMatch = ctx.req.headers['if-match'];
    if (ifMatch !== undefined && !matchesStrong(ifMatch, current.version)) throw conflict(current);
    authorizeWrite(token, stateOf(current));
    if (current.status === 'retired') return sendIdentity(ctx, 200, current);
    const result = await store.writeIdentity({ id, expectedVersion: current.version, next: { ...stateOf(current), status: 'retired' }, actor: token.name, source, at: new Date().toISOString() });
    if (!result.ok) throw conflict(result.current);
    sendIdentity(ctx, 200, result.identity);
  }

  async function listEvents(ctx: Ctx, id: string): Promise<void> {
    await authenticate(ctx, 'read');
    singleParams(ctx, new Set(['limit', 'cursor']));
    if (!(await store.getIdentity(id))) throw new HttpProblem(404, 'not-found', `no identity "${id}"`);
    const limit = intParam(ctx, 'limit', 100, 1000);
    const after = ctx.query.get('cursor') ? Number(cursorParam(ctx) ?? NaN) : 0;
    if (!Number.isSafeInteger(after) || after < 0) throw new HttpProblem(400, 'bad-cursor', 'cursor must be a nextCursor value from an earlier page');
    const rows = await store.listEvents(id, limit + 1, after);
    const items = rows.slice(0, limit);
    send(ctx, 200, { items, nextCursor: rows.length > limit ? cursorFor(String(items[items.length - 1].seq)) : null });
  }

  async function route(ctx: Ctx): Promise<void> {
    const [a, b, c, d, ...rest] = ctx.segments;
    const allow = (methods: string, handlers: Record<string, () => Promise<void>>) => {
      const h = handlers[ctx.method === 'HEAD' ? 'GET' : ctx.method];
      if (!h) throw new HttpProblem(405, 'method-not-allowed', `use ${methods}`, {}, { allow: methods });
      return h();
    };
    if (rest.length === 0) {
      if (a === 'healthz' && b === undefined) {
        return allow('GET, HEAD', { GET: async () => { singleParams(ctx, new Set()); send(ctx, 200, { status: 'ok' }); } });
      }
      if (a === 'v1' && b === 'owners' && c === undefined) {
        return allow('GET, HEAD', {
          GET: async () => {
            await authenticate(ctx, 'read');
            singleParams(ctx, new Set());
            send(ctx, 200, { items: await store.listOwners() });
          },
        });
      }
      if (a === 'v1' && b === 'identities') {
        if (c === undefined) return allow('GET, HEAD', { GET: () => listIdentities(ctx) });
        if (d === undefined) {
          return allow('GET, HEAD, PUT, PATCH, DELETE', {
            GET: () => getIdentity(ctx, identityId(c)),
            PUT: () => putIdentity(ctx, identityId(c)),
            PATCH: () => patchIdentity(ctx, identityId(c)),
            DELETE: () => deleteIdentity(ctx, identityId(c)),
          });
        }
        if (d === 'events') return allow('GET, HEAD', { GET: () => listEvents(ctx, identityId(c)) });
      }
    }
    throw new HttpProblem(404, 'not-found', 'no such resource; see docs/registry-openapi.yaml');
  }

  return (req, res) => {
    const started = process.hrtime.bigint();
    const reqId = randomUUID();
    const ctx: Ctx = { req, res, reqId, method: req.method ?? 'GET', segments: [], query: new URLSearchParams(), bytesIn: 0 };
    let logPath = '';
    let queryNames: string[] | undefined;
    let problemSlug: string | undefined;
    res.on('finish', () => {
      opts.log?.({
        t: new Date().toISOString(), reqId, method: ctx.method.slice(0, 16), path: logPath, query: queryNames, status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000, actor: ctx.token?.name, bytesIn: ctx.bytesIn, problem: problemSlug,
      });
    });
    const run = async () => {
      const url = req.url ?? '';
      if (!url.startsWith('/') || url.length > 4096) throw new HttpProblem(400, 'bad-target', 'the request target must be a path of at most 4096 characters');
      const qi = url.indexOf('?');
      const rawPath = qi < 0 ? url : url.slice(0, qi);
      const rawQuery = qi < 0 ? '' : url.slice(qi + 1);
      let decoded: string[];
      try {
        decoded = rawPath.split('/').slice(1).map((s) => decodeURIComponent(s));
      } catch {
        throw new HttpProblem(400, 'bad-target', 'the path has an invalid percent-encoding');
      }
      const query = new URLSearchParams(rawQuery);
      // A secret in the path or query would end up in logs and proxies: refuse it before anything else.
      refuseSecrets(secretRulesIn([decoded.join('/'), ...[...query].map(([k, v]) => `${k}=${v}`)].join('\n')), 'request target');
      if (decoded.some((s) => s === '.' || s === '..' || /[/\\]/.test(s) || [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))) throw new HttpProblem(400, 'bad-target', 'the path has a forbidden segment');
      for (const [k, v] of query) if (k.includes(NUL) || v.includes(NUL)) throw nulProblem('the query');
      logPath = rawPath.slice(0, 300);
      queryNames = [...new Set(query.keys())].map((k) => k.slice(0, 40)).slice(0, 20);
      if (queryNames.length === 0) queryNames = undefined;
      if (decoded.length > 1 && decoded[decoded.length - 1] === '') decoded.pop(); // a trailing slash
      ctx.segments = decoded;
      ctx.query = query;
      await route(ctx);
    };
    run().catch((e: unknown) => {
      const unavailable = !(e instanceof HttpProblem) && isStoreUnavailable(e);
      const problem = e instanceof HttpProblem ? e
        : unavailable ? new HttpProblem(503, 'database-unavailable', 'the registry\'s database is unavailable; retry later (a write is applied whole or not at all)', {}, { 'retry-after': String(RETRY_AFTER_SECONDS) })
          : new HttpProblem(500, 'internal', 'the server failed to handle the request; its log has the request id');
      if (!(e instanceof HttpProblem)) opts.onError?.(`request ${reqId}: ${unavailable ? 'database unavailable: ' : ''}${(e as Error)?.message ?? String(e)}`);
      if (!logPath) logPath = problem.slug === 'secret-in-request' ? '[redacted]' : '[invalid]';
      problemSlug = problem.slug;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = problem.body(`urn:uuid:${reqId}`);
      res.writeHead(problem.status, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': reqId, ...problem.headers });
      res.end(JSON.stringify(body));
      // Unread request bytes: drain small ones so the connection can be reused; close on a refused large one.
      // (bounded: past 16 times the body limit the connection is cut).
      let drained = 0;
      req.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > 16 * maxBody) req.destroy();
      });
      req.resume();
    });
  };
}
