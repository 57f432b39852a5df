// Opens the store a `--db` value names: a file path (SQLite, the default) or a postgres:// URL
// (PostgreSQL, for several server instances sharing one database).
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { RegistryStore } from './store';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
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
