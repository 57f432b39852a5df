// Opens the store a `--db` value names: a file path (SQLite, the default) or a postgres:// URL
// (PostgreSQL, for several server instances sharing one database).
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { openPostgresStore, redactDbUrl } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { RegistryStore } from './store';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** How a `--db` value is shown in logs and messages: a PostgreSQL URL redacted, a file path as it is. */
export function describeDb(db: string): string {
  return isPostgresUrl(db) ? redactDbUrl(db) : db;
}

/** The database URL (or SQLite file) from the environment, when no option names one. */
export const DB_ENV = 'CREDENTIAL_HYGIENE_REGISTRY_DB';
/** A file holding the database URL: keeps a password out of `ps` and of the environment. */
export const DB_FILE_ENV = 'CREDENTIAL_HYGIENE_REGISTRY_DB_FILE';
export const DEFAULT_DB = 'registry.db';

/**
 * The database a registry command uses: `--db`, else the first line of `--db-file`, else the file
 * $CREDENTIAL_HYGIENE_REGISTRY_DB_FILE names, else $CREDENTIAL_HYGIENE_REGISTRY_DB, else registry.db.
 * Messages name the file, never what it holds.
 */
export function resolveDb(opts: { db?: string; dbFile?: string }, env: NodeJS.ProcessEnv = process.env): string {
  if (opts.db !== undefined && opts.dbFile !== undefined) throw new UserError('give --db or --db-file, not both');
  if (opts.db !== undefined) return opts.db;
  const file = opts.dbFile ?? (env[DB_FILE_ENV] || undefined);
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UserError(`cannot read the database URL file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const value = text.trim();
    if (!value || value.includes('\n')) throw new UserError(`the database URL file ${file} must hold one line: a postgres:// URL or a SQLite file path`);
    return value;
  }
  return env[DB_ENV] || DEFAULT_DB;
}

/** The store for `db`. A PostgreSQL store connects (and migrates) on its first call. */
export function openStore(db: string): RegistryStore {
  if (isPostgresUrl(db)) {
    try {
      return openPostgresStore(db);
    } catch (e) {
      throw new UserError(`cannot use the registry database URL: ${(e as Error).message}`);
    }
  }
  const file = path.resolve(db);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    return openSqliteStore(file);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot open the registry database ${file}: ${(e as Error).message}`);
  }
}
