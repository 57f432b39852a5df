// A small typed client for the registry API (docs/registry-openapi.yaml). Retries network errors and
// 5xx/429 with exponential backoff and jitter (every call is safe to repeat: reads are idempotent and
// writes are conditional on an ETag or idempotent PUTs). Errors carry the server's problem details.
// It never logs, and its errors never include a request body or the token.
import type { AuditEvent, EventSource, IdentityBody, IdentityFilter, IdentityPage, OwnerSummary, ProblemDetails, RegistryIdentity, Sighting } from './types';
import { SOURCE_HEADER } from './types';
import { redactUrl } from '../scan/redact-text';

export interface RegistryClientOptions {
  /** e.g. http://127.0.0.1:8787 (no trailing /v1). */
  baseUrl: string;
  token?: string;
  /** Recorded in the audit trail (default `api`). */
  source?: EventSource;
  /** Attempts after the first for network errors, 5xx and 429 (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 200). */
  backoffMs?: number;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** An identity with the ETag to send back in If-Match. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export class RegistryError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly problem?: ProblemDetails,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  /** 412: someone changed it since you read it. */
  get isConflict(): boolean { return this.status === 412; }
  get isNotFound(): boolean { return this.status === 404; }
  /** The server could not be reached (after the retries). */
  get isOffline(): boolean { return this.status === 0; }
}

interface Call {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

export class RegistryClient {
  private readonly base: string;
  /** The base URL as messages show it (token-like query parameters redacted). */
  private readonly shown: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: RegistryClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new RegistryError(`the registry URL "${redactUrl(opts.baseUrl)}" is not a URL`, 0);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RegistryError('the registry URL must be http:// or https://', 0);
    // fetch() refuses such a URL, which used to read as "cannot be reached"; and the password would be printed.
    if (url.username || url.password) {
      throw new RegistryError(`the registry URL ${redactUrl(url.href)} carries credentials: give the client the token, not the URL`, 0);
    }
    this.base = url.href.replace(/\/+$/, '');
    this.shown = redactUrl(this.base);
    this.fetchImpl = opts.fetch ?? fetch;
  }

  health(): Promise<{ status: string }> {
    return this.json({ method: 'GET', path: '/healthz' });
  }

  /** One page of identities. */
  list(filter: IdentityFilter = {}, page: { limit?: number; cursor?: string } = {}): Promise<IdentityPage> {
    return this.json({ method: 'GET', path: '/v1/identities', query: { ...filter, limit: page.limit, cursor: page.cursor } });
  }

  /** Every identity matching the filter, page by page. */
  async *listAll(filter: IdentityFilter = {}, pageSize = 200): AsyncGenerator<RegistryIdentity> {
    let cursor: string | undefined;
    do {
      const page = await this.list(filter, { limit: pageSize, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The identity, or undefined when the registry has none with that id. */
  async get(id: string): Promise<Versioned<RegistryIdentity> | undefined> {
    try {
      return await this.versioned({ method: 'GET', path: `/v1/identities/${encodeURIComponent(id)}` });
    } catch (e) {
      if (e instanceof RegistryError && e.isNotFound) return undefined;
      throw e;
    }
  }

  /** Creates (no `ifMatch`) or replaces (with the ETag you read) an identity. */
  put(id: string, body: IdentityBody, opts: { ifMatch?: string; createOnly?: boolean } = {}): Promise<Versioned<RegistryIdentity>> {
    const headers: Record<string, string> = {};
    if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
    if (opts.createOnly) headers['if-none-match'] = '*';
    return this.versioned({ method: 'PUT', path: `/v1/identities/${encodeURIComponent(id)}`, body, contentType: 'application/json', headers });
  }

  /** JSON Merge Patch (RFC 7396): null removes a field. Needs the ETag you read. */
  patch(id: string, patch: Record<string, unknown>, ifMatch: string): Promise<Versioned<RegistryIdentity>> {
    return this.versioned({
      method: 'PATCH', path: `/v1/identities/${encodeURIComponent(id)}`, body: patch, contentType: 'application/merge-patch+json', headers: { 'if-match': ifMatch },
    });
  }

  /** Marks it retired (the registry never erases an identity or its history). */
  retire(id: string, ifMatch?: string): Promise<Versioned<RegistryIdentity>> {
    return this.versioned({ method: 'DELETE', path: `/v1/identities/${encodeURIComponent(id)}`, headers: ifMatch ? { 'if-match': ifMatch } : {} });
  }

  /** The whole audit trail of one identity, oldest first. */
  async events(id: string): Promise<AuditEvent[]> {
    const out: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.json<{ items: AuditEvent[]; nextCursor: string | null }>({
        method: 'GET', path: `/v1/identities/${encodeURIComponent(id)}/events`, query: { limit: 1000, cursor },
      });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** Reports that `repository` referenced identity `id` on `lastSeen` (YYYY-MM-DD); the registry keeps the latest. */
  sighting(id: string, repository: string, lastSeen: string): Promise<Sighting> {
    return this.json({ method: 'PUT', path: `/v1/identities/${encodeURIComponent(id)}/sightings`, body: { repository, lastSeen }, contentType: 'application/json' });
  }

  /** Each repository's last sighting of identity `id`. */
  async sightings(id: string): Promise<Sighting[]> {
    return (await this.json<{ items: Sighting[] }>({ method: 'GET', path: `/v1/identities/${encodeURIComponent(id)}/sightings` })).items;
  }

  async owners(): Promise<OwnerSummary[]> {
    return (await this.json<{ items: OwnerSummary[] }>({ method: 'GET', path: '/v1/owners' })).items;
  }

  private async json<T>(call: Call): Promise<T> {
    return (await this.send(call)).body as T;
  }

  private async versioned(call: Call): Promise<Versioned<RegistryIdentity>> {
    const r = await this.send(call);
    return { value: r.body as RegistryIdentity, etag: r.etag ?? `"${(r.body as RegistryIdentity).version}"` };
  }

  private async send(call: Call): Promise<{ body: unknown; etag?: string }> {
    const url = new URL(this.base + call.path);
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...call.headers };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (this.opts.source) headers[SOURCE_HEADER] = this.opts.source;
    if (call.contentType) headers['content-type'] = call.contentType;
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const retries = this.opts.retries ?? 3;
    const what = `${call.method} ${call.path}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 10_000);
        const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, timeout]) : timeout;
        res = await this.fetchImpl(url, { method: call.method, headers, body: payload, signal });
      } catch (e) {
        if (this.opts.signal?.aborted) throw e;
        if (attempt < retries) {
          await this.backoff(attempt);
          continue;
        }
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        throw new RegistryError(`${what}: the registry at ${this.shown} cannot be reached (${cause}) after ${attempt + 1} attempt(s)`, 0);
      }
      if ((res.status >= 500 || res.status === 429) && attempt < retries) {
        await res.body?.cancel().catch(() => undefined);
        await this.backoff(attempt, res.headers.get('retry-after'));
        continue;
      }
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (!res.ok) {
        const problem = body && typeof body === 'object' && 'status' in body ? (body as ProblemDetails) : undefined;
        const detail = problem?.detail ?? problem?.title ?? res.statusText;
        throw new RegistryError(`${what}: ${res.status} ${detail}`, res.status, problem);
      }
      return { body, etag: res.headers.get('etag') ?? undefined };
    }
  }

  private backoff(attempt: number, retryAfter?: string | null): Promise<void> {
    const base = this.opts.backoffMs ?? 200;
    const hinted = retryAfter && /^\d{1,3}$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    const delay = Math.max(hinted, Math.min(base * 2 ** attempt, 10_000) * (0.5 + Math.random() / 2));
    return sleep(delay, this.opts.signal);
  }
}
