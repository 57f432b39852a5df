// The storage interface of the reference server. Back ends: SQLite (sqlite-store.ts); PostgreSQL can
// implement the same interface. Every write is one transaction: the version check, the new state and
// its audit events commit together or not at all.
import { UserError } from '../core/errors';
import type { IdentityFields } from '../core/ownership/schema';
import type { AuditEvent, EventSource, IdentityFilter, IdentityStatus, OwnerSummary, RegistryIdentity, Sighting, TokenScope } from '../core/registry/types';

/** The state a write asks for: the register fields and the status. */
export type IdentityState = IdentityFields & { status: IdentityStatus };

export interface WriteRequest {
  id: string;
  /** The version the writer saw: null means "must not exist yet"; undefined means "whatever is there". */
  expectedVersion: number | null | undefined;
  next: IdentityState;
  actor: string;
  source: EventSource;
  at: string;
}

export type WriteResult =
  | { ok: true; created: boolean; identity: RegistryIdentity; events: AuditEvent[] }
  | { ok: false; current: RegistryIdentity | undefined };

export interface TokenRecord {
  name: string;
  scope: TokenScope;
  owner: string | null;
  createdAt: string;
  revoked: boolean;
}

export interface RegistryStore {
  getIdentity(id: string): Promise<RegistryIdentity | undefined>;
  /** Up to `limit` identities in id order, after the id `after`, matching `filter`. */
  listIdentities(filter: IdentityFilter, limit: number, after?: string): Promise<RegistryIdentity[]>;
  writeIdentity(req: WriteRequest): Promise<WriteResult>;
  /** Events of one identity in order, after `afterSeq`. */
  listEvents(id: string, limit: number, afterSeq?: number): Promise<AuditEvent[]>;
  listOwners(): Promise<OwnerSummary[]>;
  /** Records that `repository` referenced identity `id` on `lastSeen` (an earlier date never moves it back); the stored sighting. */
  recordSighting(id: string, repository: string, lastSeen: string, at: string): Promise<Sighting>;
  /** Each repository's last sighting of `id`, by repository. */
  listSightings(id: string): Promise<Sighting[]>;
  addToken(name: string, hash: string, scope: TokenScope, owner: string | null, at: string): Promise<void>;
  findToken(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(name: string): Promise<boolean>;
  close(): Promise<void>;
  /** One round trip to the database (readiness): rejects when it cannot answer. */
  ping(): Promise<void>;
  /** Resolves once the store can serve (connected, migrated); rejects with a UserError if it cannot. */
  ready?(): Promise<void>;
  /** Set-up problems an operator should fix, logged when the server starts (never secrets). */
  warnings?(): Promise<string[]>;
}

/** Field order of an identity (also the order audit events are written in). */
export const FIELD_ORDER = ['id', 'kind', 'provider', 'owners', 'purpose', 'environment', 'system', 'ref', 'rotation', 'lastRotated', 'expires', 'review', 'lastReviewed', 'match', 'status'] as const;

/** Stable JSON: object keys sorted, so equal values compare equal. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

/** The fields that differ between two states, in FIELD_ORDER, with their before and after values (null = unset). */
export function diffStates(before: Partial<IdentityState>, after: Partial<IdentityState>): Array<{ field: string; from: unknown; to: unknown }> {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const ordered = [...FIELD_ORDER.filter((k) => keys.has(k)), ...[...keys].filter((k) => !(FIELD_ORDER as readonly string[]).includes(k)).sort()];
  const out: Array<{ field: string; from: unknown; to: unknown }> = [];
  for (const k of ordered) {
    if (canonical(b[k]) !== canonical(a[k])) out.push({ field: k, from: b[k] ?? null, to: a[k] ?? null });
  }
  return out;
}

/** The register fields and status of a stored identity (without version and timestamps). */
export function stateOf(identity: RegistryIdentity): IdentityState {
  const { version: _v, createdAt: _c, updatedAt: _u, ...state } = identity;
  return state;
}

/** A store that cannot reach its database (connection refused or lost, database shut down or closed). */
export class StoreUnavailableError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** Network errors, and PostgreSQL's connection (08…), shutdown (57P0…) and too-many-connections classes. */
const UNAVAILABLE_CODES = /^(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|08\w{3}|57P0[1-4]|53300|SQLITE_BUSY|SQLITE_LOCKED|SQLITE_IOERR\w*|SQLITE_CANTOPEN|SQLITE_FULL)$/;
const UNAVAILABLE_MESSAGES = /^(?:Connection terminated|timeout exceeded when trying to connect|The database connection is not open|Client has encountered a connection error|Cannot use a pool after calling end)/;

/** Whether an error a store threw means "the database is unavailable" (503), not a bug (500). */
export function isStoreUnavailable(e: unknown): boolean {
  if (e instanceof StoreUnavailableError) return true;
  if (typeof e !== 'object' || e === null) return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) || (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message));
}
