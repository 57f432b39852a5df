// SQLite back end (better-sqlite3): one real file in WAL mode, schema kept by a migrations table. The
// statements are the shared ones (sql.ts); what is SQLite's own is here: the pragmas, the migration
// runner, and the write transaction. better-sqlite3 is synchronous, so a write transaction runs to the
// end without yielding; across processes sharing the file, SQLite's write lock and the version check in
// the UPDATE keep it correct.
import type Database from 'better-sqlite3';
import type { AuditEvent, IdentityFilter, OwnerSummary, RegistryIdentity, Sighting, TokenScope } from '../core/registry/types';
import { toEvent, toIdentity, toOwner, toSighting, toToken, type EventRow, type IdentityRow, type OwnerRow, type SightingRow, type TokenRow } from './rows';
import { listIdentitiesQuery, migrations, planWrite, SQL, SQLITE } from './sql';
import { loadSqliteDriver } from './sqlite-driver';
import type { RegistryStore, TokenRecord, WriteRequest, WriteResult } from './store';

/** Opens (creating if needed) a registry database file and brings its schema up to date. */
export function openSqliteStore(file: string): RegistryStore {
  // Loaded here, not at the top, so the CLI's other commands never load the native module.
  const BetterSqlite3 = loadSqliteDriver();
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return new SqliteStore(db);
}

function migrate(db: Database.Database): void {
  db.exec(SQL.createMigrations);
  const done = new Set((db.prepare(SQL.listMigrations).all() as Array<{ version: number }>).map((r) => r.version));
  const apply = db.transaction((version: number, sql: string) => {
    db.exec(sql);
    db.prepare(SQL.addMigration).run(version, new Date().toISOString());
  });
  migrations(SQLITE).forEach((sql, i) => {
    if (!done.has(i + 1)) apply.immediate(i + 1, sql);
  });
}

class SqliteStore implements RegistryStore {
  private readonly writeTx: (req: WriteRequest) => WriteResult;
  /** Prepared once: the shared statements are a fixed set, plus the list query's filter combinations. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    const tx = db.transaction((req: WriteRequest): WriteResult => {
      const row = this.one<IdentityRow>(SQL.getIdentity, req.id);
      const current = row ? toIdentity(row) : undefined;
      const plan = planWrite(current, req);
      if (plan.kind === 'conflict') return { ok: false, current };
      if (plan.kind === 'unchanged') return { ok: true, created: false, identity: current!, events: [] };
      const written = this.one<IdentityRow>(plan.query.text, ...plan.query.args);
      if (!written) return { ok: false, current };
      const events = plan.events(written.version).map((q) => toEvent(this.one<EventRow>(q.text, ...q.args)!));
      return { ok: true, created: !current, identity: toIdentity(written), events };
    });
    this.writeTx = (req) => tx.immediate(req);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private one<R>(sql: string, ...args: unknown[]): R | undefined {
    return this.stmt(sql).get(...args) as R | undefined;
  }

  private all<R>(sql: string, ...args: unknown[]): R[] {
    return this.stmt(sql).all(...args) as R[];
  }

  async getIdentity(id: string): Promise<RegistryIdentity | undefined> {
    const row = this.one<IdentityRow>(SQL.getIdentity, id);
    return row ? toIdentity(row) : undefined;
  }

  async listIdentities(filter: IdentityFilter, limit: number, after?: string): Promise<RegistryIdentity[]> {
    const q = listIdentitiesQuery(filter, limit, after);
    return this.all<IdentityRow>(q.text, ...q.args).map(toIdentity);
  }

  async writeIdentity(req: WriteRequest): Promise<WriteResult> {
    return this.writeTx(req);
  }

  async listEvents(id: string, limit: number, afterSeq = 0): Promise<AuditEvent[]> {
    return this.all<EventRow>(SQL.listEvents, id, afterSeq, limit).map(toEvent);
  }

  async listOwners(): Promise<OwnerSummary[]> {
    return this.all<OwnerRow>(SQL.listOwners).map(toOwner);
  }

  async recordSighting(id: string, repository: string, lastSeen: string, at: string): Promise<Sighting> {
    return toSighting(this.one<SightingRow>(SQL.recordSighting, id, repository, lastSeen, at)!);
  }

  async listSightings(id: string): Promise<Sighting[]> {
    return this.all<SightingRow>(SQL.listSightings, id).map(toSighting);
  }

  async addToken(name: string, hash: string, scope: TokenScope, owner: string | null, at: string): Promise<void> {
    this.stmt(SQL.addToken).run(hash, name, scope, owner, at);
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const row = this.one<TokenRow>(SQL.findToken, hash);
    return row ? toToken(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return this.all<TokenRow>(SQL.listTokens).map(toToken);
  }

  async revokeToken(name: string): Promise<boolean> {
    return this.stmt(SQL.revokeToken).run(name).changes === 1;
  }

  async ping(): Promise<void> {
    this.one(SQL.ping);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
