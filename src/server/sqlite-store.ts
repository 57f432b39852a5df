// SQLite back end (better-sqlite3): one real file in WAL mode, schema kept by a migrations table.
// better-sqlite3 is synchronous, so a write transaction runs to the end without yielding; across
// processes sharing the file, SQLite's write lock and the version check in the UPDATE keep it correct.
import type Database from 'better-sqlite3';
import type { AuditEvent, IdentityFilter, OwnerSummary, RegistryIdentity, TokenScope } from '../core/registry/types';
import { likeEscape, searchText, toEvent, toIdentity, toToken, type EventRow, type IdentityRow, type TokenRow } from './rows';
import { diffStates, stateOf, type RegistryStore, type TokenRecord, type WriteRequest, type WriteResult } from './store';

const MIGRATIONS: string[] = [
  // 1: identities, their audit trail, and API tokens (hashes only).
  `CREATE TABLE identities (
     id TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     status TEXT NOT NULL,
     environment TEXT,
     owner_technical TEXT,
     owner_business TEXT,
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
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     identity_id TEXT NOT NULL,
     actor TEXT NOT NULL,
     at TEXT NOT NULL,
     field TEXT NOT NULL,
     from_value TEXT,
     to_value TEXT,
     source TEXT NOT NULL,
     version INTEGER NOT NULL
   );
   CREATE INDEX events_identity ON events(identity_id, seq);
   CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
   CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
   CREATE TABLE tokens (
     hash TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     scope TEXT NOT NULL,
     owner TEXT,
     created_at TEXT NOT NULL,
     revoked INTEGER NOT NULL DEFAULT 0
   );`,
];

/** Opens (creating if needed) a registry database file and brings its schema up to date. */
export function openSqliteStore(file: string): RegistryStore {
  // Loaded here, not at the top, so the CLI's other commands never load the native module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const BetterSqlite3 = require('better-sqlite3') as typeof Database;
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return new SqliteStore(db);
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM migrations').all() as Array<{ version: number }>).map((r) => r.version));
  const apply = db.transaction((version: number, sql: string) => {
    db.exec(sql);
    db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
  });
  MIGRATIONS.forEach((sql, i) => {
    if (!done.has(i + 1)) apply.immediate(i + 1, sql);
  });
}

class SqliteStore implements RegistryStore {
  private readonly getStmt: Database.Statement<[string], IdentityRow>;
  private readonly writeTx: (req: WriteRequest) => WriteResult;

  constructor(private readonly db: Database.Database) {
    this.getStmt = db.prepare('SELECT id, data, status, version, created_at, updated_at FROM identities WHERE id = ?');
    const insert = db.prepare(`INSERT INTO identities (id, data, status, environment, owner_technical, owner_business, expires, search, version, created_at, updated_at)
      VALUES (@id, @data, @status, @environment, @ownerT, @ownerB, @expires, @search, 1, @at, @at)`);
    const update = db.prepare(`UPDATE identities SET data = @data, status = @status, environment = @environment, owner_technical = @ownerT,
      owner_business = @ownerB, expires = @expires, search = @search, version = version + 1, updated_at = @at WHERE id = @id AND version = @version`);
    const addEvent = db.prepare(`INSERT INTO events (identity_id, actor, at, field, from_value, to_value, source, version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const tx = db.transaction((req: WriteRequest): WriteResult => {
      const row = this.getStmt.get(req.id);
      const current = row ? toIdentity(row) : undefined;
      if (req.expectedVersion === null && current) return { ok: false, current };
      if (typeof req.expectedVersion === 'number' && current?.version !== req.expectedVersion) return { ok: false, current };
      const { status, ...fields } = req.next;
      const params = {
        id: req.id, data: JSON.stringify({ ...fields, id: req.id }), status, environment: fields.environment ?? null,
        ownerT: fields.owners?.technical ?? null, ownerB: fields.owners?.business ?? null, expires: fields.expires?.slice(0, 10) ?? null,
        search: searchText(req.next), at: req.at,
      };
      const changes = diffStates(current ? stateOf(current) : {}, { ...req.next, id: req.id });
      if (current && changes.length === 0) return { ok: true, created: false, identity: current, events: [] };
      let version: number;
      if (current) {
        if (update.run({ ...params, version: current.version }).changes !== 1) return { ok: false, current };
        version = current.version + 1;
      } else {
        insert.run(params);
        version = 1;
      }
      const events: AuditEvent[] = changes.map((c) => {
        const from = c.from === null ? null : JSON.stringify(c.from);
        const to = c.to === null ? null : JSON.stringify(c.to);
        const seq = Number(addEvent.run(req.id, req.actor, req.at, c.field, from, to, req.source, version).lastInsertRowid);
        return { seq, identityId: req.id, actor: req.actor, at: req.at, field: c.field, from: c.from, to: c.to, source: req.source, version };
      });
      return { ok: true, created: !current, identity: toIdentity(this.getStmt.get(req.id)!), events };
    });
    this.writeTx = (req) => tx.immediate(req);
  }

  async getIdentity(id: string): Promise<RegistryIdentity | undefined> {
    const row = this.getStmt.get(id);
    return row ? toIdentity(row) : undefined;
  }

  async listIdentities(filter: IdentityFilter, limit: number, after?: string): Promise<RegistryIdentity[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (after !== undefined) { where.push('id > ?'); args.push(after); }
    if (filter.owner) { where.push('(owner_technical = ? OR owner_business = ?)'); args.push(filter.owner, filter.owner); }
    if (filter.environment) { where.push('environment = ?'); args.push(filter.environment); }
    if (filter.status) { where.push('status = ?'); args.push(filter.status); }
    if (filter.expiringBefore) { where.push('expires IS NOT NULL AND expires < ?'); args.push(filter.expiringBefore); }
    if (filter.q) { where.push("search LIKE ? ESCAPE '\\'"); args.push(`%${likeEscape(filter.q.toLowerCase())}%`); }
    const sql = `SELECT id, data, status, version, created_at, updated_at FROM identities ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    return (this.db.prepare(sql).all(...args, limit) as IdentityRow[]).map(toIdentity);
  }

  async writeIdentity(req: WriteRequest): Promise<WriteResult> {
    return this.writeTx(req);
  }

  async listEvents(id: string, limit: number, afterSeq = 0): Promise<AuditEvent[]> {
    return (this.db.prepare('SELECT * FROM events WHERE identity_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(id, afterSeq, limit) as EventRow[]).map(toEvent);
  }

  async listOwners(): Promise<OwnerSummary[]> {
    const rows = this.db.prepare(`SELECT ref, COUNT(DISTINCT id) AS n FROM (
        SELECT owner_technical AS ref, id FROM identities WHERE owner_technical IS NOT NULL
        UNION ALL SELECT owner_business AS ref, id FROM identities WHERE owner_business IS NOT NULL)
      GROUP BY ref ORDER BY ref`).all() as Array<{ ref: string; n: number }>;
    return rows.map((r) => ({ ref: r.ref, identities: r.n }));
  }

  async addToken(name: string, hash: string, scope: TokenScope, owner: string | null, at: string): Promise<void> {
    this.db.prepare('INSERT INTO tokens (hash, name, scope, owner, created_at) VALUES (?, ?, ?, ?, ?)').run(hash, name, scope, owner, at);
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const row = this.db.prepare('SELECT name, scope, owner, created_at, revoked FROM tokens WHERE hash = ?').get(hash) as TokenRow | undefined;
    return row ? toToken(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (this.db.prepare('SELECT name, scope, owner, created_at, revoked FROM tokens ORDER BY name').all() as TokenRow[]).map(toToken);
  }

  async revokeToken(name: string): Promise<boolean> {
    return this.db.prepare('UPDATE tokens SET revoked = 1 WHERE name = ? AND revoked = 0').run(name).changes === 1;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
