// The registry's routes, one entry a route (docs/registry-openapi.yaml describes the same table, and a
// unit test holds the two together). A route says what it needs: its scope, its query parameters, the
// media type of its body, whether it works on a stored identity and which preconditions apply. The
// router (app.ts) does all of that before the handler runs, so a handler holds only its own logic.
import * as z from 'zod';
import { ENTITY_REF, IdentitySchema } from '../core/ownership/schema';
import { ISO_DATE, parseDate } from '../core/ownership/dates';
import { IDENTITY_STATUSES, REPOSITORY_NAME, type EventSource, type IdentityFilter, type RegistryIdentity } from '../core/registry/types';
import { mergePatch } from './merge-patch';
import { HttpProblem } from './problem';
import { cursorParam, intParam, page, seqCursorParam } from './request';
import { stateOf, type IdentityState, type RegistryStore, type TokenRecord, type WriteRequest } from './store';

export type Scope = 'read' | 'write' | 'admin' | 'none';
export type Method = 'GET' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<B> {
  /** Path parameters, already checked (see PATH_PARAMS in app.ts). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The caller's token (undefined only on a `none` route). */
  token: TokenRecord;
  /** Where a change comes from (the x-registry-source header). */
  source: EventSource;
  /** The body as the route's `body.parse` returned it. */
  body: B;
  /** The stored identity `{id}` names (routes with `identity`), preconditions already met. */
  current: RegistryIdentity | undefined;
  store: RegistryStore;
  maxPageSize: number;
}

/** What a handler answers: the router sends it (an `identity` body gets its ETag, and 304 when current). */
export interface Reply {
  status: number;
  body?: unknown;
  /** The body is this identity: the router adds its ETag and answers If-None-Match. */
  identity?: RegistryIdentity;
  headers?: Record<string, string>;
}

export interface Route<B = unknown> {
  method: Method;
  /** OpenAPI-style path: `/v1/identities/{id}`. */
  path: string;
  /** The docs/registry-openapi.yaml operationId. */
  operationId: string;
  scope: Scope;
  /** Query parameters the route takes (each at most once; any other is 400). */
  query?: readonly string[];
  /** A JSON body of this media type, checked by `parse` (which may throw an HttpProblem). */
  body?: { mediaType: 'application/json' | 'application/merge-patch+json'; parse(raw: unknown, params: Record<string, string>): B };
  /** Loads the identity `{id}` names: `required` answers 404 (with `hint`) when there is none. */
  identity?: { required: boolean; hint?: string };
  /**
   * Write preconditions on the loaded identity: If-Match `required` (428 when it exists and none is
   * sent, with the detail `missing` gives) or `optional`; a stale or weak one is 412. `ifNoneMatch`:
   * a matching If-None-Match is 412.
   */
  preconditions?: { ifMatch: 'required'; missing: (id: string, etag: string) => string; ifNoneMatch?: boolean } | { ifMatch: 'optional'; ifNoneMatch?: boolean };
  handler(ctx: RouteContext<B>): Promise<Reply>;
}

const DEFAULT_PAGE = 50;
const READ_ONLY = ['version', 'createdAt', 'updatedAt'] as const;
const BodySchema = IdentitySchema.partial({ id: true }).extend({ status: z.enum(IDENTITY_STATUSES).optional() });
const StateSchema = IdentitySchema.extend({ status: z.enum(IDENTITY_STATUSES) });
type IdentityBody = z.infer<typeof BodySchema>;

/** 412 after a failed version check (the store saw another version than the one the client sent). */
export function staleEtag(current: RegistryIdentity | undefined): HttpProblem {
  return current
    ? new HttpProblem(412, 'stale-etag', `the identity changed since you read it (now at "${current.version}"); GET it again and reapply your change`, { currentEtag: `"${current.version}"` })
    : new HttpProblem(412, 'stale-etag', 'the identity does not exist (If-Match needs an existing identity)');
}

function validationError(error: z.ZodError): HttpProblem {
  const errors = error.issues.slice(0, 20).map((i) => ({ pointer: '/' + i.path.map(String).join('/'), detail: i.message }));
  return new HttpProblem(400, 'invalid-identity', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), { errors });
}

function jsonObject(raw: unknown, slug: string, detail: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HttpProblem(400, slug, detail);
  return raw as Record<string, unknown>;
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

/** Authorizes, then writes `next` over `current` (at its version) with one audit entry per changed field. */
async function write(ctx: RouteContext<unknown>, id: string, current: RegistryIdentity | undefined, next: IdentityState): Promise<Reply> {
  authorizeWrite(ctx.token, current && stateOf(current), next);
  const req: WriteRequest = { id, expectedVersion: current ? current.version : null, next, actor: ctx.token.name, source: ctx.source, at: new Date().toISOString() };
  const result = await ctx.store.writeIdentity(req);
  if (!result.ok) throw staleEtag(result.current);
  if (result.created) return { status: 201, identity: result.identity, headers: { location: `/v1/identities/${id}` } };
  return { status: 200, identity: result.identity };
}

/** The list filters: each query parameter, how it is checked, and where it goes in the filter. */
const FILTERS: Array<{ name: string; ok: (v: string) => boolean; why: string; set: (f: IdentityFilter, v: string) => void }> = [
  { name: 'owner', ok: (v) => ENTITY_REF.test(v), why: 'owner must be an entity ref such as group:payments', set: (f, v) => (f.owner = v) },
  { name: 'environment', ok: (v) => v.length >= 1 && v.length <= 200, why: 'environment must be 1-200 characters', set: (f, v) => (f.environment = v) },
  {
    name: 'status', ok: (v) => (IDENTITY_STATUSES as readonly string[]).includes(v), why: `status must be one of ${IDENTITY_STATUSES.join(', ')}`,
    set: (f, v) => (f.status = v as IdentityFilter['status']),
  },
  { name: 'expiringBefore', ok: (v) => ISO_DATE.test(v) && Boolean(parseDate(v)), why: 'expiringBefore must be a date as YYYY-MM-DD', set: (f, v) => (f.expiringBefore = v.slice(0, 10)) },
  { name: 'q', ok: (v) => v.length >= 1 && v.length <= 200, why: 'q must be 1-200 characters', set: (f, v) => (f.q = v) },
  { name: 'unseenSince', ok: (v) => ISO_DATE.test(v) && Boolean(parseDate(v)), why: 'unseenSince must be a date as YYYY-MM-DD', set: (f, v) => (f.unseenSince = v.slice(0, 10)) },
];

function filterOf(query: URLSearchParams): IdentityFilter {
  const filter: IdentityFilter = {};
  for (const f of FILTERS) {
    const v = query.get(f.name);
    if (v === null) continue;
    if (!f.ok(v)) throw new HttpProblem(400, 'bad-parameter', f.why);
    f.set(filter, v);
  }
  return filter;
}

const listIdentities: Route = {
  method: 'GET', path: '/v1/identities', operationId: 'listIdentities', scope: 'read',
  query: [...FILTERS.map((f) => f.name), 'limit', 'cursor'],
  async handler({ query, store, maxPageSize }) {
    const filter = filterOf(query);
    const limit = intParam(query, 'limit', DEFAULT_PAGE, maxPageSize);
    const rows = await store.listIdentities(filter, limit + 1, cursorParam(query));
    return { status: 200, body: page(rows, limit, (last) => last.id) };
  },
};

const getIdentity: Route = {
  method: 'GET', path: '/v1/identities/{id}', operationId: 'getIdentity', scope: 'read', identity: { required: true },
  async handler({ current }) {
    return { status: 200, identity: current };
  },
};

const putIdentity: Route<IdentityBody> = {
  method: 'PUT', path: '/v1/identities/{id}', operationId: 'putIdentity', scope: 'write',
  body: {
    mediaType: 'application/json',
    parse(raw, { id }) {
      const body = { ...jsonObject(raw, 'invalid-identity', 'the body must be a JSON object with the identity\'s fields') };
      for (const k of READ_ONLY) delete body[k];
      const parsed = BodySchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error);
      if (parsed.data.id !== undefined && parsed.data.id !== id) throw new HttpProblem(400, 'id-mismatch', `the body's id "${parsed.data.id}" is not the id in the path "${id}"`);
      return parsed.data;
    },
  },
  identity: { required: false },
  preconditions: {
    ifMatch: 'required', ifNoneMatch: true,
    missing: (id, etag) => `identity "${id}" exists: replacing it needs If-Match with its ETag (${etag} when you last read it)`,
  },
  handler(ctx) {
    const { id } = ctx.params;
    return write(ctx, id, ctx.current, { id, ...ctx.body, status: ctx.body.status ?? ctx.current?.status ?? 'active' });
  },
};

const patchIdentity: Route<Record<string, unknown>> = {
  method: 'PATCH', path: '/v1/identities/{id}', operationId: 'patchIdentity', scope: 'write',
  body: {
    mediaType: 'application/merge-patch+json',
    parse(raw) {
      const patch = jsonObject(raw, 'invalid-patch', 'a merge patch of an identity must be a JSON object');
      for (const k of READ_ONLY) if (Object.hasOwn(patch, k)) throw new HttpProblem(400, 'read-only', `${k} is set by the server and cannot be patched`);
      return patch;
    },
  },
  identity: { required: true, hint: 'create it with PUT' },
  preconditions: { ifMatch: 'required', missing: (_id, etag) => `PATCH needs If-Match with the identity's ETag (${etag} now)` },
  handler(ctx) {
    const current = ctx.current!;
    const merged = mergePatch(stateOf(current), ctx.body) as Record<string, unknown>;
    if (merged.id !== ctx.params.id) throw new HttpProblem(400, 'id-mismatch', 'the id cannot be changed or removed');
    const parsed = StateSchema.safeParse(merged);
    if (!parsed.success) throw validationError(parsed.error);
    return write(ctx, current.id, current, parsed.data);
  },
};

const retireIdentity: Route = {
  method: 'DELETE', path: '/v1/identities/{id}', operationId: 'retireIdentity', scope: 'write',
  identity: { required: true }, preconditions: { ifMatch: 'optional' },
  async handler(ctx) {
    const current = ctx.current!;
    if (current.status === 'retired') {
      authorizeWrite(ctx.token, stateOf(current));
      return { status: 200, identity: current };
    }
    return write(ctx, current.id, current, { ...stateOf(current), status: 'retired' });
  },
};

const listEvents: Route = {
  method: 'GET', path: '/v1/identities/{id}/events', operationId: 'listEvents', scope: 'read', query: ['limit', 'cursor'], identity: { required: true },
  async handler({ params, query, store }) {
    const limit = intParam(query, 'limit', 100, 1000);
    const rows = await store.listEvents(params.id, limit + 1, seqCursorParam(query));
    return { status: 200, body: page(rows, limit, (last) => String(last.seq)) };
  },
};

const SightingSchema = z.object({
  repository: z.string().regex(REPOSITORY_NAME, 'a repository name: letters, digits and ._/:@- (at most 200 characters)'),
  lastSeen: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((v) => parseDate(v) !== undefined, 'not a calendar date'),
}).strict();

/** A sighting changes no field of the identity: no new version, no audit event, no If-Match. */
const putSighting: Route<z.infer<typeof SightingSchema>> = {
  method: 'PUT', path: '/v1/identities/{id}/sightings', operationId: 'putSighting', scope: 'write',
  body: {
    mediaType: 'application/json',
    parse(raw) {
      const parsed = SightingSchema.safeParse(jsonObject(raw, 'invalid-sighting', 'the body must be a JSON object: { "repository": ..., "lastSeen": "YYYY-MM-DD" }'));
      if (!parsed.success) throw validationError(parsed.error);
      return parsed.data;
    },
  },
  identity: { required: true, hint: 'create it with PUT first' },
  async handler(ctx) {
    authorizeWrite(ctx.token, stateOf(ctx.current!));
    return { status: 200, body: await ctx.store.recordSighting(ctx.current!.id, ctx.body.repository, ctx.body.lastSeen, new Date().toISOString()) };
  },
};

const listSightings: Route = {
  method: 'GET', path: '/v1/identities/{id}/sightings', operationId: 'listSightings', scope: 'read', identity: { required: true },
  async handler({ params, store }) {
    return { status: 200, body: { items: await store.listSightings(params.id) } };
  },
};

const listOwners: Route = {
  method: 'GET', path: '/v1/owners', operationId: 'listOwners', scope: 'read',
  async handler({ store }) {
    return { status: 200, body: { items: await store.listOwners() } };
  },
};

const health: Route = {
  method: 'GET', path: '/healthz', operationId: 'health', scope: 'none',
  async handler() {
    return { status: 200, body: { status: 'ok' } };
  },
};

/** Readiness: the database answers (503 with Retry-After while it does not, as for every route). */
const ready: Route = {
  method: 'GET', path: '/readyz', operationId: 'ready', scope: 'none',
  async handler({ store }) {
    await store.ping();
    return { status: 200, body: { status: 'ready' } };
  },
};

/** Every route the registry serves. */
export const ROUTES: readonly Route[] = [
  health, ready, listIdentities, getIdentity, putIdentity as Route, patchIdentity as Route, retireIdentity, listEvents,
  putSighting as Route, listSightings, listOwners,
];
