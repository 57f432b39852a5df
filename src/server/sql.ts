// The SQL both back ends run, written once with `?` placeholders (PostgreSQL's `$1, $2…` are rendered by
// `numbered`), the schema with its few dialect differences as parameters, and the decision part of a
// write (version check, audit diff, column values). What differs stays in the stores: transactions,
// locking, migration runners and driver calls.
import type { IdentityFilter, RegistryIdentity } from '../core/registry/types';
import { likeEscape, searchText } from './rows';
import { diffStates, stateOf, type WriteRequest } from './store';

export const IDENTITY_COLUMNS = 'id, data, status, version, created_at, updated_at';

export const SQL = {
  getIdentity: `SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id = ?`,
  insertIdentity: `INSERT INTO identities (id, data, status, environment, owner_technical, owner_business, expires, search, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING ${IDENTITY_COLUMNS}`,
  updateIdentity: `UPDATE identities SET data = ?, status = ?, environment = ?, owner_technical = ?, owner_business = ?, expires = ?, search = ?,
    version = version + 1, updated_at = ? WHERE id = ? AND version = ? RETURNING ${IDENTITY_COLUMNS}`,
  insertEvent: `INSERT INTO events (identity_id, actor, at, field, from_value, to_value, source, version)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  listEvents: 'SELECT * FROM events WHERE identity_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  listOwners: `SELECT ref, COUNT(DISTINCT id) AS n FROM (
      SELECT owner_technical AS ref, id FROM identities WHERE owner_technical IS NOT NULL
      UNION ALL SELECT owner_business AS ref, id FROM identities WHERE owner_business IS NOT NULL) AS o
    GROUP BY ref ORDER BY ref`,
  addToken: 'INSERT INTO tokens (hash, name, scope, owner, created_at) VALUES (?, ?, ?, ?, ?)',
  findToken: 'SELECT name, scope, owner, created_at, revoked FROM tokens WHERE hash = ?',
  listTokens: 'SELECT name, scope, owner, created_at, revoked FROM tokens ORDER BY name',
  revokeToken: 'UPDATE tokens SET revoked = TRUE WHERE name = ? AND revoked = FALSE',
  recordSighting: `INSERT INTO sightings (identity_id, repository, last_seen, reported_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (identity_id, repository) DO UPDATE SET
      last_seen = CASE WHEN excluded.last_seen > sightings.last_seen THEN excluded.last_seen ELSE sightings.last_seen END,
      reported_at = excluded.reported_at
    RETURNING repository, last_seen, reported_at`,
  listSightings: 'SELECT repository, last_seen, reported_at FROM sightings WHERE identity_id = ? ORDER BY repository',
  createMigrations: 'CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  listMigrations: 'SELECT version FROM migrations',
  /** Readiness: the database answers and holds the schema. */
  ping: 'SELECT MAX(version) AS version FROM migrations',
  addMigration: 'INSERT INTO migrations (version, applied_at) VALUES (?, ?)',
} as const;

export interface Query {
  text: string;
  args: unknown[];
}

/** `?` placeholders as PostgreSQL's `$1, $2…` (a `?` inside a quoted literal is left alone). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/'(?:[^']|'')*'|\?/g, (m) => (m === '?' ? `$${++n}` : m));
}

/** Up to `limit` identities in id order after `after`, matching `filter`. */
export function listIdentitiesQuery(filter: IdentityFilter, limit: number, after?: string): Query {
  const where: string[] = [];
  const args: unknown[] = [];
  if (after !== undefined) { where.push('id > ?'); args.push(after); }
  if (filter.owner) { where.push('(owner_technical = ? OR owner_business = ?)'); args.push(filter.owner, filter.owner); }
  if (filter.environment) { where.push('environment = ?'); args.push(filter.environment); }
  if (filter.status) { where.push('status = ?'); args.push(filter.status); }
  if (filter.expiringBefore) { where.push('expires IS NOT NULL AND expires < ?'); args.push(filter.expiringBefore); }
  // Offboarding candidates: no repository has reported referencing it on or after the date (or ever).
  if (filter.unseenSince) { where.push('NOT EXISTS (SELECT 1 FROM sightings s WHERE s.identity_id = identities.id AND s.last_seen >= ?)'); args.push(filter.unseenSince); }
  if (filter.q) { where.push("search LIKE ? ESCAPE '\\'"); args.push(`%${likeEscape(filter.q.toLowerCase())}%`); }
  return { text: `SELECT ${IDENTITY_COLUMNS} FROM identities ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`, args: [...args, limit] };
}

/** What the dialects spell differently in the schema. */
export interface Dialect {
  /** Type of a text key compared byte-wise (ids, owner refs, token names). */
  key: string;
  /** The audit sequence column. */
  seq: string;
  /** Statements that make `events` append-only. */
  appendOnly: string;
  /** The revoked flag. */
  flag: string;
}

export const SQLITE: Dialect = {
  key: 'TEXT',
  seq: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  appendOnly: `CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
   CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`,
  flag: 'INTEGER NOT NULL DEFAULT 0',
};

export const POSTGRES: Dialect = {
  // The "C" collation: ordering and cursors match SQLite's byte order.
  key: 'TEXT COLLATE "C"',
  seq: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  appendOnly: `CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
   CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
   CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();`,
  flag: 'BOOLEAN NOT NULL DEFAULT FALSE',
};

/** The migrations, in order (the index + 1 is the version recorded). */
export function migrations(d: Dialect): string[] {
  return [
    // 1: identities, their audit trail, and API tokens (hashes only).
    `CREATE TABLE identities (
       id ${d.key} PRIMARY KEY,
       data TEXT NOT NULL,
       status TEXT NOT NULL,
       environment TEXT,
       owner_technical ${d.key},
       owner_business ${d.key},
       expires TEXT,
       search TEXT NOT NULL,
       version INTEGER NOT NULL,
       created_at TEXT NOT NULL,
       updated_at TEXT NOT NULL
     );
     CREATE INDEX identities_owner_t ON identities(owner_technical);
     CREATE INDEX identities_owner_b ON identities(owner_business);
     CREATE INDEX identities_env ON identities(environment);
     CREATE INDEX identities_expires ON identities(expires);
     CREATE TABLE events (
       seq ${d.seq},
       identity_id ${d.key} NOT NULL,
       actor TEXT NOT NULL,
       at TEXT NOT NULL,
       field TEXT NOT NULL,
       from_value TEXT,
       to_value TEXT,
       source TEXT NOT NULL,
       version INTEGER NOT NULL
     );
     CREATE INDEX events_identity ON events(identity_id, seq);
     ${d.appendOnly}
     CREATE TABLE tokens (
       hash TEXT PRIMARY KEY,
       name ${d.key} NOT NULL UNIQUE,
       scope TEXT NOT NULL,
       owner TEXT,
       created_at TEXT NOT NULL,
       revoked ${d.flag}
     );`,
    // 2: when each repository last referenced each identity (sync pushes it; no version, no audit event).
    `CREATE TABLE sightings (
       identity_id ${d.key} NOT NULL,
       repository ${d.key} NOT NULL,
       last_seen TEXT NOT NULL,
       reported_at TEXT NOT NULL,
       PRIMARY KEY (identity_id, repository)
     );
     CREATE INDEX sightings_seen ON sightings(identity_id, last_seen);`,
  ];
}

/** The statements of a write, decided from the identity as it is now (read inside the transaction). */
export type WritePlan =
  | { kind: 'conflict' }
  | { kind: 'unchanged' }
  /** `query` returns the row written; `events(version)` are the audit inserts, each returning its row. */
  | { kind: 'insert' | 'update'; query: Query; events: (version: number) => Query[] };

export function planWrite(current: RegistryIdentity | undefined, req: WriteRequest): WritePlan {
  if (req.expectedVersion === null && current) return { kind: 'conflict' };
  if (typeof req.expectedVersion === 'number' && current?.version !== req.expectedVersion) return { kind: 'conflict' };
  const changes = diffStates(current ? stateOf(current) : {}, { ...req.next, id: req.id });
  if (current && changes.length === 0) return { kind: 'unchanged' };
  const { status, ...fields } = req.next;
  const values = [
    JSON.stringify({ ...fields, id: req.id }), status, fields.environment ?? null, fields.owners?.technical ?? null,
    fields.owners?.business ?? null, fields.expires?.slice(0, 10) ?? null, searchText(req.next),
  ];
  const events = (version: number) => changes.map((c) => ({
    text: SQL.insertEvent,
    args: [req.id, req.actor, req.at, c.field, c.from === null ? null : JSON.stringify(c.from), c.to === null ? null : JSON.stringify(c.to), req.source, version],
  }));
  return current
    ? { kind: 'update', query: { text: SQL.updateIdentity, args: [...values, req.at, req.id, current.version] }, events }
    : { kind: 'insert', query: { text: SQL.insertIdentity, args: [req.id, ...values, req.at, req.at] }, events };
}
