// PostgreSQL back end (node-postgres, a Pool): several server instances can share one database.
// The schema is kept by a migrations table, applied under an advisory lock so instances starting
// together do not race. A write is one transaction: SELECT … FOR UPDATE locks the row, the UPDATE
// re-checks the version (WHERE version = $n), the audit events are inserted, then COMMIT; a concurrent
// create of the same id (no row to lock yet) loses on the primary key and the write is retried once,
// now seeing the row. Values are kept as text (ISO dates, JSON) so both back ends answer byte for byte
// alike; ids and owner refs use the "C" collation so ordering and cursors match SQLite's.
import type { Pool, PoolClient } from 'pg';
import type { AuditEvent, IdentityFilter, OwnerSummary, RegistryIdentity, TokenScope } from '../core/registry/types';
import { likeEscape, searchText, toEvent, toIdentity, toToken, type EventRow, type IdentityRow, type TokenRow } from './rows';
import { diffStates, stateOf, StoreUnavailableError, type RegistryStore, type TokenRecord, type WriteRequest, type WriteResult } from './store';

const MIGRATIONS: string[] = [
  // 1: identities, their audit trail, and API tokens (hashes only).
  `CREATE TABLE identities (
     id TEXT COLLATE "C" PRIMARY KEY,
     data TEXT NOT NULL,
     status TEXT NOT NULL,
     environment TEXT,
     owner_technical TEXT COLLATE "C",
     owner_business TEXT COLLATE "C",
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
     seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     identity_id TEXT COLLATE "C" NOT NULL,
     actor TEXT NOT NULL,
     at TEXT NOT NULL,
     field TEXT NOT NULL,
     from_value TEXT,
     to_value TEXT,
     source TEXT NOT NULL,
     version INTEGER NOT NULL
   );
   CREATE INDEX events_identity ON events(identity_id, seq);
   CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
   CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
   CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
   CREATE TABLE tokens (
     hash TEXT PRIMARY KEY,
     name TEXT COLLATE "C" NOT NULL UNIQUE,
     scope TEXT NOT NULL,
     owner TEXT,
     created_at TEXT NOT NULL,
     revoked BOOLEAN NOT NULL DEFAULT FALSE
   );`,
];

/** Arbitrary constant: the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK = 4_206_006;
const UNIQUE_VIOLATION = '23505';
const IDENTITY_COLUMNS = 'id, data, status, version, created_at, updated_at';

/** Query parameters of a connection URL that can hold a secret (password=, sslpassword=, …). */
const SECRET_PARAM = /pass|pwd|secret|token|key/i;

/**
 * A connection URL fit for messages and logs, whatever the case of its scheme (PostgreSQL://…): the
 * userinfo password and password-like query parameters become "***" and the #fragment is dropped.
 * A URL that does not parse is not shown at all.
 */
export function redactDbUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    if (u.password) u.password = '***';
    for (const k of [...new Set(u.searchParams.keys())]) if (SECRET_PARAM.test(k)) u.searchParams.set(k, '***');
    u.hash = '';
    return u.toString();
  } catch {
    return 'postgres://[unparsable URL]';
  }
}

/**
 * A store on the PostgreSQL database `url` names (postgres://user[:password]@host[:port]/db). It
 * returns at once; the pool connects and the migrations run before the first query, and a database
 * that cannot be reached fails that query with a StoreUnavailableError (a UserError) naming the (redacted) URL.
 */
export function openPostgresStore(url: string, opts: { max?: number } = {}): RegistryStore {
  // Loaded here, not at the top, so the CLI's other commands never load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', () => undefined);
  return new PostgresStore(pool, redactDbUrl(url));
}

async function migrate(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // No DDL at all once the schema is current: a service role granted only DML can start (see README).
    const exists = (await c.query<{ t: string | null }>("SELECT to_regclass('migrations')::text AS t")).rows[0].t !== null;
    if (!exists) await c.query('CREATE TABLE migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM migrations')).rows.map((r) => r.version));
    for (const [i, sql] of MIGRATIONS.entries()) {
      if (done.has(i + 1)) continue;
      await c.query(sql);
      await c.query('INSERT INTO migrations (version, applied_at) VALUES ($1, $2)', [i + 1, new Date().toISOString()]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

class PostgresStore implements RegistryStore {
  private opening?: Promise<void>;
  private closed = false;

  constructor(private readonly pool: Pool, private readonly label: string) {}

  /** Connects and migrates once; a failure is reported as a StoreUnavailableError and retried on the next call. */
  private init(): Promise<void> {
    this.opening ??= migrate(this.pool).catch((e: unknown) => {
      this.opening = undefined;
      const err = e as NodeJS.ErrnoException;
      throw new StoreUnavailableError(`cannot open the registry database ${this.label}: ${err.message || err.code || String(e)}`);
    });
    return this.opening;
  }

  /** `registry serve` waits for this, so it never listens on top of a database it cannot reach. */
  ready(): Promise<void> {
    return this.init();
  }

  /**
   * The audit trail is append-only by a trigger, and a table's owner (or a superuser) can disable a
   * trigger: warn when the role this server connects as is one of those.
   */
  async warnings(): Promise<string[]> {
    const [r] = await this.query<{ role: string; owns: boolean; su: boolean }>(`SELECT current_user AS role, r.rolsuper AS su,
        pg_has_role(current_user, c.relowner, 'MEMBER') AS owns FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = to_regclass('events')`);
    if (!r || !(r.owns || r.su)) return [];
    return [`the database role "${r.role}" this server connects as ${r.su ? 'is a superuser' : 'owns the audit table "events"'}, so it could disable the trigger that keeps the audit trail append-only; apply migrations as a separate owner role and grant this role only SELECT, INSERT and UPDATE (see README, "Database roles")`];
  }

  private async query<R extends object>(sql: string, args: unknown[] = []): Promise<R[]> {
    await this.init();
    return (await this.pool.query<R>(sql, args)).rows;
  }

  async getIdentity(id: string): Promise<RegistryIdentity | undefined> {
    const [row] = await this.query<IdentityRow>(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id = $1`, [id]);
    return row ? toIdentity(row) : undefined;
  }

  async listIdentities(filter: IdentityFilter, limit: number, after?: string): Promise<RegistryIdentity[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => { args.push(v); return `$${args.length}`; };
    if (after !== undefined) where.push(`id > ${arg(after)}`);
    if (filter.owner) { const p = arg(filter.owner); where.push(`(owner_technical = ${p} OR owner_business = ${p})`); }
    if (filter.environment) where.push(`environment = ${arg(filter.environment)}`);
    if (filter.status) where.push(`status = ${arg(filter.status)}`);
    if (filter.expiringBefore) where.push(`expires IS NOT NULL AND expires < ${arg(filter.expiringBefore)}`);
    if (filter.q) where.push(`search LIKE ${arg(`%${likeEscape(filter.q.toLowerCase())}%`)} ESCAPE '\\'`);
    const sql = `SELECT ${IDENTITY_COLUMNS} FROM identities ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ${arg(limit)}`;
    return (await this.query<IdentityRow>(sql, args)).map(toIdentity);
  }

  async writeIdentity(req: WriteRequest): Promise<WriteResult> {
    await this.init();
    for (let attempt = 0; ; attempt++) {
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        const result = await this.writeIn(c, req);
        await c.query(result.ok ? 'COMMIT' : 'ROLLBACK');
        return result;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        // Two creates of one new id: the loser retries and now sees (and locks) the winner's row.
        if ((e as { code?: string }).code === UNIQUE_VIOLATION && attempt < 2) continue;
        throw e;
      } finally {
        c.release();
      }
    }
  }

  private async writeIn(c: PoolClient, req: WriteRequest): Promise<WriteResult> {
    const row = (await c.query<IdentityRow>(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id = $1 FOR UPDATE`, [req.id])).rows[0];
    const current = row ? toIdentity(row) : undefined;
    if (req.expectedVersion === null && current) return { ok: false, current };
    if (typeof req.expectedVersion === 'number' && current?.version !== req.expectedVersion) return { ok: false, current };
    const { status, ...fields } = req.next;
    const values = [
      req.id, JSON.stringify({ ...fields, id: req.id }), status, fields.environment ?? null, fields.owners?.technical ?? null,
      fields.owners?.business ?? null, fields.expires?.slice(0, 10) ?? null, searchText(req.next), req.at,
    ];
    const changes = diffStates(current ? stateOf(current) : {}, { ...req.next, id: req.id });
    if (current && changes.length === 0) return { ok: true, created: false, identity: current, events: [] };
    let written: IdentityRow | undefined;
    if (current) {
      written = (await c.query<IdentityRow>(`UPDATE identities SET data = $2, status = $3, environment = $4, owner_technical = $5, owner_business = $6,
        expires = $7, search = $8, version = version + 1, updated_at = $9 WHERE id = $1 AND version = $10 RETURNING ${IDENTITY_COLUMNS}`,
      [...values, current.version])).rows[0];
      if (!written) return { ok: false, current };
    } else {
      written = (await c.query<IdentityRow>(`INSERT INTO identities (id, data, status, environment, owner_technical, owner_business, expires, search, version, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING ${IDENTITY_COLUMNS}`, values)).rows[0];
    }
    const version = written.version;
    const events: AuditEvent[] = [];
    for (const ch of changes) {
      const from = ch.from === null ? null : JSON.stringify(ch.from);
      const to = ch.to === null ? null : JSON.stringify(ch.to);
      const ins = await c.query<{ seq: string }>(`INSERT INTO events (identity_id, actor, at, field, from_value, to_value, source, version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq`, [req.id, req.actor, req.at, ch.field, from, to, req.source, version]);
      events.push({ seq: Number(ins.rows[0].seq), identityId: req.id, actor: req.actor, at: req.at, field: ch.field, from: ch.from, to: ch.to, source: req.source, version });
    }
    return { ok: true, created: !current, identity: toIdentity(written), events };
  }

  async listEvents(id: string, limit: number, afterSeq = 0): Promise<AuditEvent[]> {
    return (await this.query<EventRow>('SELECT * FROM events WHERE identity_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [id, afterSeq, limit])).map(toEvent);
  }

  async listOwners(): Promise<OwnerSummary[]> {
    const rows = await this.query<{ ref: string; n: string }>(`SELECT ref, COUNT(DISTINCT id) AS n FROM (
        SELECT owner_technical AS ref, id FROM identities WHERE owner_technical IS NOT NULL
        UNION ALL SELECT owner_business AS ref, id FROM identities WHERE owner_business IS NOT NULL) AS o
      GROUP BY ref ORDER BY ref`);
    return rows.map((r) => ({ ref: r.ref, identities: Number(r.n) }));
  }

  async addToken(name: string, hash: string, scope: TokenScope, owner: string | null, at: string): Promise<void> {
    await this.query('INSERT INTO tokens (hash, name, scope, owner, created_at) VALUES ($1, $2, $3, $4, $5)', [hash, name, scope, owner, at]);
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.query<TokenRow>('SELECT name, scope, owner, created_at, revoked FROM tokens WHERE hash = $1', [hash]);
    return row ? toToken(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.query<TokenRow>('SELECT name, scope, owner, created_at, revoked FROM tokens ORDER BY name')).map(toToken);
  }

  async revokeToken(name: string): Promise<boolean> {
    await this.init();
    return (await this.pool.query('UPDATE tokens SET revoked = TRUE WHERE name = $1 AND revoked = FALSE', [name])).rowCount === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
