// The registry's HTTP API on node:http (see docs/registry-openapi.yaml): a router over the route table
// in routes.ts. For every request, in this order: parse and check the target (a secret in it is 422,
// never logged; NUL or a forbidden segment 400), match a route (404, 405 with Allow), check the path
// parameters, authenticate and check the scope, the query parameters and the source header, read a
// bounded body and parse it under the secret guard and the shape limits, load the identity the path
// names and apply If-Match / If-None-Match; then the handler. Its reply is sent as JSON (an identity
// with its ETag, 304 when the client's copy is current); any error as RFC 9457 problem JSON (503 with
// Retry-After while the database is unavailable); one access-log entry per request.
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { secretRulesIn } from '../core/registry/guard';
import { EVENT_SOURCES, SOURCE_HEADER, type EventSource, type RegistryIdentity } from '../core/registry/types';
import { HttpProblem } from './problem';
import { checkQueryNames, etagOf, matchesStrong, matchesWeak, nulProblem, NUL, parseJsonBody, readBody, refuseSecrets, requireMediaType } from './request';
import { ROUTES, staleEtag, type Reply, type Route, type RouteContext } from './routes';
import { isStoreUnavailable, type RegistryStore, type TokenRecord } from './store';
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

const SCOPE_RANK = { read: 1, write: 2, admin: 3 } as const;
/** Seconds a client is asked to wait when the database is unavailable. */
const RETRY_AFTER_SECONDS = 5;

/** Path parameters and how each is checked (a bad one is 400, before authentication). */
const PATH_PARAMS: Record<string, (raw: string) => string> = {
  id(raw) {
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(raw) || raw.length > 200) throw new HttpProblem(400, 'bad-id', 'an identity id is lower-case letters and digits, separated by ".", "_" or "-" (at most 200 characters)');
    return raw;
  },
};

/** The request's target, checked: decoded path segments and the query. */
interface Target {
  segments: string[];
  query: URLSearchParams;
  /** For the access log: the raw path (at most 300 characters) and the query's parameter names. */
  logPath: string;
  queryNames?: string[];
}

function parseTarget(url: string): Target {
  if (!url.startsWith('/') || url.length > 4096) throw new HttpProblem(400, 'bad-target', 'the request target must be a path of at most 4096 characters');
  const qi = url.indexOf('?');
  const rawPath = qi < 0 ? url : url.slice(0, qi);
  let segments: string[];
  try {
    segments = rawPath.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpProblem(400, 'bad-target', 'the path has an invalid percent-encoding');
  }
  const query = new URLSearchParams(qi < 0 ? '' : url.slice(qi + 1));
  // A secret in the path or query would end up in logs and proxies: refuse it before anything else.
  refuseSecrets(secretRulesIn([segments.join('/'), ...[...query].map(([k, v]) => `${k}=${v}`)].join('\n')), 'request target');
  if (segments.some((s) => s === '.' || s === '..' || /[/\\]/.test(s) || [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))) throw new HttpProblem(400, 'bad-target', 'the path has a forbidden segment');
  for (const [k, v] of query) if (k.includes(NUL) || v.includes(NUL)) throw nulProblem('the query');
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop(); // a trailing slash
  const queryNames = [...new Set(query.keys())].map((k) => k.slice(0, 40)).slice(0, 20);
  return { segments, query, logPath: rawPath.slice(0, 300), queryNames: queryNames.length ? queryNames : undefined };
}

/** The path parameters when `pattern` (`/v1/identities/{id}`) matches the segments, else undefined. */
function matchPath(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, p] of parts.entries()) {
    const name = /^\{(\w+)\}$/.exec(p)?.[1];
    if (name) params[name] = segments[i];
    else if (p !== segments[i]) return undefined;
  }
  return params;
}

/** The route for this method and path: 404 when no route has the path, 405 (with Allow) when none has the method. */
function findRoute(routes: readonly Route[], method: string, segments: string[]): { route: Route; params: Record<string, string> } {
  const onPath = routes.map((route) => ({ route, params: matchPath(route.path, segments) })).filter((m) => m.params !== undefined);
  if (onPath.length === 0) throw new HttpProblem(404, 'not-found', 'no such resource; see docs/registry-openapi.yaml');
  const hit = onPath.find((m) => m.route.method === (method === 'HEAD' ? 'GET' : method));
  if (!hit) {
    const allow = onPath.flatMap((m) => (m.route.method === 'GET' ? ['GET', 'HEAD'] : [m.route.method])).join(', ');
    throw new HttpProblem(405, 'method-not-allowed', `use ${allow}`, {}, { allow });
  }
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(hit.params!)) params[name] = PATH_PARAMS[name](raw);
  return { route: hit.route, params };
}

function sourceOf(req: http.IncomingMessage): EventSource {
  const v = req.headers[SOURCE_HEADER];
  if (v === undefined) return 'api';
  if (typeof v === 'string' && (EVENT_SOURCES as readonly string[]).includes(v)) return v as EventSource;
  throw new HttpProblem(400, 'bad-source', `${SOURCE_HEADER} must be one of ${EVENT_SOURCES.join(', ')}`);
}

/** If-Match and If-None-Match on a write, against the identity as stored (undefined: none yet). */
function checkPreconditions(route: Route, req: http.IncomingMessage, id: string, current: RegistryIdentity | undefined): void {
  const pre = route.preconditions;
  if (!pre) return;
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (!current) {
    if (ifMatch !== undefined) throw staleEtag(undefined);
    return;
  }
  if (pre.ifNoneMatch && ifNoneMatch !== undefined && matchesWeak(ifNoneMatch, current.version)) throw new HttpProblem(412, 'exists', `identity "${id}" already exists`, { currentEtag: etagOf(current) });
  if (ifMatch === undefined) {
    if (pre.ifMatch === 'required') throw new HttpProblem(428, 'if-match-required', pre.missing(id, etagOf(current)));
    return;
  }
  if (!matchesStrong(ifMatch, current.version)) throw staleEtag(current);
}

export function createApp(opts: AppOptions): http.RequestListener {
  const { store } = opts;
  const maxBody = opts.maxBodyBytes ?? 64 * 1024;
  const maxPageSize = opts.maxPageSize ?? 500;

  async function authenticate(req: http.IncomingMessage, need: keyof typeof SCOPE_RANK, seen: (t: TokenRecord) => void): Promise<TokenRecord> {
    const header = req.headers.authorization;
    const challenge = { 'www-authenticate': 'Bearer realm="credential-hygiene-registry"' };
    if (!header) throw new HttpProblem(401, 'unauthenticated', 'send "Authorization: Bearer <token>" (create one with `credential-hygiene registry token create`)', {}, challenge);
    const m = /^Bearer +([A-Za-z0-9._~+/-]{1,512}=*) *$/i.exec(header);
    if (!m) throw new HttpProblem(401, 'unauthenticated', 'the Authorization header must be "Bearer <token>"', {}, challenge);
    const token = await store.findToken(hashToken(m[1]));
    if (!token || token.revoked) throw new HttpProblem(401, 'unauthenticated', 'unknown or revoked token', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    seen(token);
    if (SCOPE_RANK[token.scope] < SCOPE_RANK[need]) throw new HttpProblem(403, 'insufficient-scope', `this needs a token with ${need} scope; "${token.name}" has ${token.scope}`);
    return token;
  }

  /** Everything a route declares, then its handler. */
  async function dispatch(req: http.IncomingMessage, target: Target, log: { actor?: string; bytesIn: number }): Promise<Reply> {
    const { route, params } = findRoute(ROUTES, req.method ?? 'GET', target.segments);
    const token = route.scope === 'none' ? undefined : await authenticate(req, route.scope, (t) => (log.actor = t.name));
    checkQueryNames(target.query, route.query ?? []);
    const source = route.method === 'GET' ? 'api' : sourceOf(req);
    let body: unknown;
    if (route.body) {
      requireMediaType(req, route.body.mediaType);
      body = route.body.parse(parseJsonBody(await readBody(req, maxBody, (n) => (log.bytesIn = n))), params);
    }
    let current: RegistryIdentity | undefined;
    if (route.identity) {
      current = await store.getIdentity(params.id);
      if (!current && route.identity.required) throw new HttpProblem(404, 'not-found', `no identity "${params.id}"${route.identity.hint ? ` (${route.identity.hint})` : ''}`);
      checkPreconditions(route, req, params.id, current);
    }
    const ctx: RouteContext<unknown> = { params, query: target.query, token: token!, source, body, current, store, maxPageSize };
    return route.handler(ctx);
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, reqId: string, reply: Reply): void {
    const headers: Record<string, string> = { 'x-request-id': reqId, ...reply.headers };
    const body = reply.identity ?? reply.body;
    if (reply.identity) {
      headers.etag = etagOf(reply.identity);
      const inm = req.headers['if-none-match'];
      if ((req.method === 'GET' || req.method === 'HEAD') && reply.status === 200 && inm && matchesWeak(inm, reply.identity.version)) {
        res.writeHead(304, { etag: headers.etag, 'x-request-id': reqId });
        res.end();
        return;
      }
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  function sendProblem(req: http.IncomingMessage, res: http.ServerResponse, reqId: string, problem: HttpProblem): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(problem.status, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': reqId, ...problem.headers });
    res.end(JSON.stringify(problem.body(`urn:uuid:${reqId}`)));
    // Unread request bytes: drain small ones so the connection can be reused; close on a refused large one.
    // (bounded: past 16 times the body limit the connection is cut).
    let drained = 0;
    req.on('data', (c: Buffer) => {
      drained += c.length;
      if (drained > 16 * maxBody) req.destroy();
    });
    req.resume();
  }

  function asProblem(e: unknown, reqId: string): HttpProblem {
    if (e instanceof HttpProblem) return e;
    const unavailable = isStoreUnavailable(e);
    opts.onError?.(`request ${reqId}: ${unavailable ? 'database unavailable: ' : ''}${(e as Error)?.message ?? String(e)}`);
    return unavailable
      ? new HttpProblem(503, 'database-unavailable', 'the registry\'s database is unavailable; retry later (a write is applied whole or not at all)', {}, { 'retry-after': String(RETRY_AFTER_SECONDS) })
      : new HttpProblem(500, 'internal', 'the server failed to handle the request; its log has the request id');
  }

  return (req, res) => {
    const started = process.hrtime.bigint();
    const reqId = randomUUID();
    const entry: { path: string; query?: string[]; actor?: string; bytesIn: number; problem?: string } = { path: '', bytesIn: 0 };
    res.on('finish', () => {
      opts.log?.({
        t: new Date().toISOString(), reqId, method: (req.method ?? 'GET').slice(0, 16), path: entry.path, query: entry.query, status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000, actor: entry.actor, bytesIn: entry.bytesIn, problem: entry.problem,
      });
    });
    const run = async () => {
      const target = parseTarget(req.url ?? '');
      entry.path = target.logPath;
      entry.query = target.queryNames;
      send(req, res, reqId, await dispatch(req, target, entry));
    };
    run().catch((e: unknown) => {
      const problem = asProblem(e, reqId);
      if (!entry.path) entry.path = problem.slug === 'secret-in-request' ? '[redacted]' : '[invalid]';
      entry.problem = problem.slug;
      sendProblem(req, res, reqId, problem);
    });
  };
}
