// PostgreSQL back end (node-postgres, a Pool): several server instances can share one database.
// The schema is kept by a migrations table, applied under an advisory lock so instances starting
// together do not race. A write is one transaction: SELECT … FOR UPDATE locks the row, the UPDATE
// re-checks the version (WHERE version = $n), the audit events are inserted, then COMMIT; a concurrent
// create of the same id (no row to lock yet) loses on the primary key and the write is retried once,
// now seeing the row. Values are kept as text (ISO dates, JSON) so both back ends answer byte for byte
// alike; ids and owner refs use the "C" collation so ordering and cursors match SQLite's.
import type { Pool, PoolClient } from 'pg';
import type { AuditEvent, IdentityFilter, OwnerSummary, RegistryIdentity, Sighting, TokenScope } from '../core/registry/types';
import { toEvent, toIdentity, toOwner, toSighting, toToken, type EventRow, type IdentityRow, type OwnerRow, type SightingRow, type TokenRow } from './rows';
import { listIdentitiesQuery, migrations, numbered, planWrite, POSTGRES, SQL } from './sql';
import { StoreUnavailableError, type RegistryStore, type TokenRecord, type WriteRequest, type WriteResult } from './store';

/** Arbitrary constant: the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK = 4_206_006;
const UNIQUE_VIOLATION = '23505';

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
    if (!exists) await c.query(SQL.createMigrations);
    const done = new Set((await c.query<{ version: number }>(SQL.listMigrations)).rows.map((r) => r.version));
    for (const [i, sql] of migrations(POSTGRES).entries()) {
      if (done.has(i + 1)) continue;
      await c.query(sql);
      await c.query(numbered(SQL.addMigration), [i + 1, new Date().toISOString()]);
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

  /** A shared statement (`?` placeholders) on the pool. */
  private async query<R extends object>(sql: string, args: unknown[] = []): Promise<R[]> {
    await this.init();
    return (await this.pool.query<R>(numbered(sql), args)).rows;
  }

  async getIdentity(id: string): Promise<RegistryIdentity | undefined> {
    const [row] = await this.query<IdentityRow>(SQL.getIdentity, [id]);
    return row ? toIdentity(row) : undefined;
  }

  async listIdentities(filter: IdentityFilter, limit: number, after?: string): Promise<RegistryIdentity[]> {
    const q = listIdentitiesQuery(filter, limit, after);
    return (await this.query<IdentityRow>(q.text, q.args)).map(toIdentity);
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
    const one = async <R extends object>(sql: string, args: unknown[]) => (await c.query<R>(numbered(sql), args)).rows[0] as R | undefined;
    // FOR UPDATE: the row stays locked until COMMIT, so the version read is the version written over.
    const row = await one<IdentityRow>(`${SQL.getIdentity} FOR UPDATE`, [req.id]);
    const current = row ? toIdentity(row) : undefined;
    const plan = planWrite(current, req);
    if (plan.kind === 'conflict') return { ok: false, current };
    if (plan.kind === 'unchanged') return { ok: true, created: false, identity: current!, events: [] };
    const written = await one<IdentityRow>(plan.query.text, plan.query.args);
    if (!written) return { ok: false, current };
    const events: AuditEvent[] = [];
    for (const q of plan.events(written.version)) events.push(toEvent((await one<EventRow>(q.text, q.args))!));
    return { ok: true, created: !current, identity: toIdentity(written), events };
  }

  async listEvents(id: string, limit: number, afterSeq = 0): Promise<AuditEvent[]> {
    return (await this.query<EventRow>(SQL.listEvents, [id, afterSeq, limit])).map(toEvent);
  }

  async listOwners(): Promise<OwnerSummary[]> {
    return (await this.query<OwnerRow>(SQL.listOwners)).map(toOwner);
  }

  async recordSighting(id: string, repository: string, lastSeen: string, at: string): Promise<Sighting> {
    const [row] = await this.query<SightingRow>(SQL.recordSighting, [id, repository, lastSeen, at]);
    return toSighting(row);
  }

  async listSightings(id: string): Promise<Sighting[]> {
    return (await this.query<SightingRow>(SQL.listSightings, [id])).map(toSighting);
  }

  async addToken(name: string, hash: string, scope: TokenScope, owner: string | null, at: string): Promise<void> {
    await this.query(SQL.addToken, [hash, name, scope, owner, at]);
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.query<TokenRow>(SQL.findToken, [hash]);
    return row ? toToken(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.query<TokenRow>(SQL.listTokens)).map(toToken);
  }

  async revokeToken(name: string): Promise<boolean> {
    await this.init();
    return (await this.pool.query(numbered(SQL.revokeToken), [name])).rowCount === 1;
  }

  async ping(): Promise<void> {
    await this.query(SQL.ping);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
