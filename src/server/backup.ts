// `registry backup`: a consistent copy of a live SQLite registry through SQLite's online backup API
// (better-sqlite3's db.backup()), safe while `registry serve` is writing (WAL): the copy is one
// snapshot, pages written meanwhile are re-copied. PostgreSQL has its own tools (pg_dump).
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { isPostgresUrl } from './open-store';
import { loadSqliteDriver } from './sqlite-driver';

export interface BackupResult {
  /** The backup file written. */
  out: string;
  bytes: number;
  pages: number;
}

/** Copies the SQLite registry `db` to `out` (written to a temporary name beside it, then renamed). */
export async function backupSqlite(db: string, out: string, opts: { overwrite?: boolean } = {}): Promise<BackupResult> {
  if (isPostgresUrl(db)) throw new UserError('registry backup copies a SQLite database file; for PostgreSQL use pg_dump (see README, "Backups")');
  const src = path.resolve(db);
  const dest = path.resolve(out);
  if (!existsSync(src)) throw new UserError(`no registry database at ${src}`);
  if (src === dest) throw new UserError('--out must name a different file than --db');
  if (existsSync(dest) && !opts.overwrite) throw new UserError(`${dest} exists (add --force to replace it)`);
  const Driver = loadSqliteDriver();
  let source;
  try {
    source = new Driver(src, { readonly: true, fileMustExist: true });
    source.pragma('busy_timeout = 5000');
  } catch (e) {
    throw new UserError(`cannot open the registry database ${src}: ${(e as Error).message}`);
  }
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.partial`);
  try {
    const { totalPages } = await source.backup(tmp);
    // One self-contained file (the copy inherits WAL mode; `registry serve` turns it back on), and a
    // registry, whole: a quick integrity check of what was written.
    const copy = new Driver(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const ok = copy.pragma('quick_check', { simple: true });
      if (ok !== 'ok') throw new UserError(`the backup failed its integrity check (${String(ok)})`);
      copy.prepare('SELECT COUNT(*) FROM migrations').get();
    } finally {
      copy.close();
    }
    renameSync(tmp, dest);
    return { out: dest, bytes: statSync(dest).size, pages: totalPages };
  } catch (e) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot back up ${src} to ${dest}: ${(e as Error).message}`);
  } finally {
    source.close();
  }
}
