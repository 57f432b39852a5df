// Database rows and the API records made from them: one shape for both back ends (SQLite and
// PostgreSQL store the same columns; only how a boolean or a big integer comes back differs).
import type { AuditEvent, EventSource, OwnerSummary, RegistryIdentity, Sighting, TokenScope } from '../core/registry/types';
import type { IdentityState, TokenRecord } from './store';

export interface IdentityRow {
  id: string;
  data: string;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface EventRow {
  /** PostgreSQL returns BIGSERIAL as a string. */
  seq: string | number;
  identity_id: string;
  actor: string;
  at: string;
  field: string;
  from_value: string | null;
  to_value: string | null;
  source: string;
  version: number;
}

export interface TokenRow {
  name: string;
  scope: string;
  owner: string | null;
  created_at: string;
  /** SQLite keeps booleans as 0/1. */
  revoked: boolean | number;
}

export function toIdentity(r: IdentityRow): RegistryIdentity {
  return { ...(JSON.parse(r.data) as IdentityState), status: r.status as RegistryIdentity['status'], version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function toEvent(r: EventRow): AuditEvent {
  return {
    seq: Number(r.seq), identityId: r.identity_id, actor: r.actor, at: r.at, field: r.field,
    from: r.from_value === null ? null : JSON.parse(r.from_value), to: r.to_value === null ? null : JSON.parse(r.to_value),
    source: r.source as EventSource, version: r.version,
  };
}

export function toToken(r: TokenRow): TokenRecord {
  return { name: r.name, scope: r.scope as TokenScope, owner: r.owner, createdAt: r.created_at, revoked: Boolean(r.revoked) };
}

export interface OwnerRow {
  ref: string;
  /** PostgreSQL returns COUNT as a string. */
  n: string | number;
}

export function toOwner(r: OwnerRow): OwnerSummary {
  return { ref: r.ref, identities: Number(r.n) };
}

/** Text the `q` filter searches, lower-cased. */
export function searchText(s: IdentityState): string {
  return [s.id, s.provider, s.purpose, s.system, s.ref].filter(Boolean).join('\n').toLowerCase();
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (both stores use `ESCAPE '\'`). */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface SightingRow {
  repository: string;
  last_seen: string;
  reported_at: string;
}

export function toSighting(r: SightingRow): Sighting {
  return { repository: r.repository, lastSeen: r.last_seen, reportedAt: r.reported_at };
}
