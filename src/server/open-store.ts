// Opens the store a `--db` value names: a file path (SQLite, the default) or, later, postgres://.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { openSqliteStore } from './sqlite-store';
import type { RegistryStore } from './store';

export function openStore(db: string): RegistryStore {
  if (/^postgres(ql)?:\/\//i.test(db)) {
    throw new UserError('the PostgreSQL back end is not implemented yet; use a SQLite file path for --db');
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
