// Writing a file the workspace names (.env, .env.example, .gitignore, the baseline, the register, the
// sync state, the config's salt): only inside the workspace, only to a regular file or a new one, and
// never through a symbolic link. A config that points `baseline` at `../../somewhere`, or a dangling
// `.env -> ~/.config/…` link, must not make a fix write outside the folder the user opened.
import { constants, promises as fs, closeSync, lstatSync, openSync, realpathSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

/** Why `file` may not be written under `root`, or undefined when it may. Synchronous: a few stat calls. */
export function writeRefusal(root: string, file: string): string | undefined {
  const abs = path.resolve(file);
  const rel = path.relative(path.resolve(root), abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return `${file} is outside the workspace folder ${root}`;
  let realRoot: string;
  let realDir: string;
  try {
    realRoot = realpathSync(root);
    realDir = realpathSync(path.dirname(abs));
  } catch (e) {
    return `${path.dirname(abs)} cannot be resolved (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  const relDir = path.relative(realRoot, realDir);
  if (relDir.startsWith('..') || path.isAbsolute(relDir)) return `${path.dirname(abs)} resolves outside the workspace folder (a symbolic link)`;
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) return `${file} is a symbolic link: not written through`;
    if (!st.isFile()) return `${file} is not a regular file`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `${file} cannot be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return undefined;
}

const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

/** Writes `content` to `file` under `root`, or throws a UserError saying why it will not. */
export function writeInsideSync(root: string, file: string, content: string | Uint8Array): void {
  const why = writeRefusal(root, file);
  if (why) throw new UserError(`not written: ${why}`);
  const fd = openSync(file, FLAGS, 0o644); // O_NOFOLLOW: a link swapped in since the check fails here
  try {
    const buf = typeof content === 'string' ? Buffer.from(content) : content;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } finally {
    closeSync(fd);
  }
}

export async function writeInside(root: string, file: string, content: string | Uint8Array): Promise<void> {
  const why = writeRefusal(root, file);
  if (why) throw new UserError(`not written: ${why}`);
  const handle = await fs.open(file, FLAGS, 0o644);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}
