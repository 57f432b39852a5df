// The SQLite driver (better-sqlite3), loaded on first use: it is a native module and an optional
// dependency of the npm package, needed only by the registry commands on a SQLite file. `scan`,
// `report` and the rest never load it, and where it is missing (no prebuilt binary and no compiler
// when the package was installed, or `--omit=optional`) a registry command says how to get it.
import type Database from 'better-sqlite3';
import { UserError } from '../core/errors';

/** What the user is told when the driver cannot be loaded (the cause is appended). */
export const SQLITE_DRIVER_HELP = [
  'the SQLite driver (better-sqlite3) is not available; the registry needs it for a SQLite database file.',
  'It is an optional dependency: install it next to credential-hygiene with `npm install better-sqlite3`',
  '(a prebuilt binary is downloaded for common platforms; elsewhere npm builds it and needs make, a C++ compiler and python3),',
  'or run the registry on PostgreSQL with --db postgres://…',
].join(' ');

let driver: typeof Database | undefined;

/** better-sqlite3's constructor, or a UserError saying how to install it. */
export function loadSqliteDriver(): typeof Database {
  if (driver) return driver;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    driver = require('better-sqlite3') as typeof Database;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Missing package, missing or mismatched native binary (built for another Node), or a failed dlopen.
    const cause = err.code === 'MODULE_NOT_FOUND' ? 'not installed' : (err.code ?? firstLine(err.message));
    throw new UserError(`${SQLITE_DRIVER_HELP} (${cause})`);
  }
  return driver;
}

function firstLine(s: unknown): string {
  return String(s ?? 'unknown error').split('\n')[0].slice(0, 200);
}
