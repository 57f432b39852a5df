// The registry's wire types, shared by the reference server (src/server) and the client. The registry
// stores identity METADATA only (the fields of a credentials.yaml entry), never a credential's value.
import type { IdentityFields } from '../ownership/schema';

export const IDENTITY_STATUSES = ['active', 'retired'] as const;
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

export const EVENT_SOURCES = ['vscode', 'cli', 'api'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Header a client sets to say where a change comes from (`vscode`, `cli`, `api`: the default). */
export const SOURCE_HEADER = 'x-registry-source';

/** An identity as the registry returns it: the register fields plus server-managed ones. */
export type RegistryIdentity = IdentityFields & {
  status: IdentityStatus;
  /** Increases by one on every change; the ETag is `"<version>"`. */
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** What PUT takes: the register fields (the id may be left out), and optionally `status`. */
export type IdentityBody = Omit<IdentityFields, 'id'> & { id?: string; status?: IdentityStatus };

export interface IdentityPage {
  items: RegistryIdentity[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface IdentityFilter {
  /** An entity ref: matches owners.technical or owners.business. */
  owner?: string;
  environment?: string;
  status?: IdentityStatus;
  /** YYYY-MM-DD: identities whose `expires` is before this date. */
  expiringBefore?: string;
  /** Case-insensitive text in id, provider, purpose, system or ref. */
  q?: string;
  /** YYYY-MM-DD: identities no repository has reported referencing on or after this date (offboarding candidates). */
  unseenSince?: string;
}

/** When one repository last referenced an identity, as its sync reported it. */
export interface Sighting {
  /** The repository's name as its sync sends it (`--repository`, default the register's folder name). */
  repository: string;
  /** YYYY-MM-DD. */
  lastSeen: string;
  /** When it was last reported. */
  reportedAt: string;
}

/** Names a repository may report under: letters, digits and `._/:@-`, at most 200 characters. */
export const REPOSITORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,199}$/;

export interface AuditEvent {
  seq: number;
  identityId: string;
  /** Name of the token that made the change. */
  actor: string;
  at: string;
  /** Top-level field that changed (`owners`, `expires`, `status`...). */
  field: string;
  /** Value before (null when it was not set). */
  from: unknown;
  /** Value after (null when it was removed). */
  to: unknown;
  source: EventSource;
  /** Version of the identity this change produced. */
  version: number;
}

export interface OwnerSummary {
  ref: string;
  /** Identities (retired included) naming it as technical or business owner. */
  identities: number;
}

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}
