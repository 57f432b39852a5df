// Lists the files a scan covers: below each root, honouring .gitignore files (at every level, as
// git does), the config's include/exclude globs, and skipping what never holds text. What it does not
// list although the user did not exclude it (symbolic links, FIFOs, devices, unreadable folders, media
// and archives by extension, a .gitignore it could not read) goes to `onSkip` with a reason.
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UserError } from '../errors';
import { fileKind, LIMITS, readBounded } from './bounded';
import { compileGlob, GlobError, type Glob } from './glob';
import { decode, type Skipped } from './read';

export interface WalkOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  gitignore?: boolean;
  signal?: AbortSignal;
  /** What was not listed, and why (`path` relative to the walk root; a folder ends in `/`). */
  onSkip?(skipped: Skipped): void;
}

export interface WalkedFile {
  /** Absolute path. */
  abs: string;
  /** POSIX path relative to the scan root. */
  rel: string;
  /** The text, when the walk already read the file (a .gitignore): the scan need not read it again. */
  content?: string;
}

/** Folders that are never source, whatever the ignore files say. */
const ALWAYS_SKIP_DIRS = new Set(['.git', '.hg', '.svn']);
/**
 * Media, archives and compiled code: skipped by extension without reading (and reported as
 * `file-type`). Extensions that may well hold text (`.bin`, `.db`, `.sqlite`, `.dat`) are not here:
 * their content decides (NUL bytes make them `binary`).
 */
export const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'psd', 'mp3', 'mp4', 'mov', 'avi', 'mkv', 'wav', 'flac', 'ogg',
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'war', 'ear', 'class', 'pyc', 'o', 'a', 'so', 'dylib', 'dll', 'exe',
  'wasm', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'pdf', 'node', 'lockb',
]);

/** Compiles include/exclude globs with the bounded matcher; a refused pattern is a UserError naming it and `label`. */
export function compileGlobs(patterns: readonly string[] | undefined, label = 'include/exclude'): Glob[] {
  return (patterns ?? []).map((g) => {
    try {
      return compileGlob(g, { matchBase: true });
    } catch (e) {
      if (e instanceof GlobError) throw new UserError(`${label}: ${e.message}`);
      throw e;
    }
  });
}

export function globFilter(include?: readonly string[], exclude?: readonly string[], label?: string): (rel: string) => boolean {
  const inc = compileGlobs(include, label);
  // `exclude: ["dist"]` also excludes what is below dist/.
  const exc = compileGlobs(exclude, label).flatMap((g) => [g, compileGlob(`${g.pattern.replace(/\/$/, '')}/**`, { matchBase: true })]);
  return (rel) => {
    if (inc.length && !inc.some((g) => g.match(rel))) return false;
    return !exc.some((g) => g.match(rel));
  };
}

/** Yields files below `root` (a folder or a single file). */
export async function* walk(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const accept = globFilter(options.include, options.exclude);
  const skip = (p: string, reason: Skipped['reason'], detail: string) => options.onSkip?.({ path: p, reason, detail });
  const stat = await fs.stat(root);
  if (!stat.isDirectory()) {
    // A single file: the reader refuses FIFOs and devices (with a reason) when the scan reads it.
    yield { abs: root, rel: path.basename(root) };
    return;
  }
  const useGitignore = options.gitignore !== false;
  // Each frame: a folder, and the ignore rules in force there with the folder they are relative to.
  const stack: Array<{ dir: string; rules: Array<{ base: string; ig: Ignore }> }> = [{ dir: root, rules: [] }];
  while (stack.length) {
    if (options.signal?.aborted) return;
    const { dir, rules: inherited } = stack.pop()!;
    let rules = inherited;
    const relDir = toPosix(path.relative(root, dir));
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'read failed';
      skip(relDir ? `${relDir}/` : './', 'unreadable', `folder not listed: ${code === 'ENAMETOOLONG' ? 'path is longer than the OS allows (ENAMETOOLONG)' : code}`);
      continue;
    }
    let ignoreText: string | undefined;
    // Only a folder that lists a .gitignore is asked for one (most have none: no failed open per folder).
    if (useGitignore && entries.some((e) => e.name === '.gitignore')) {
      const read = await readIgnore(root, dir, relDir, skip);
      if (read) rules = [...inherited, { base: relDir, ig: read.ig }];
      ignoreText = read?.text;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1)); // popped in name order
    for (const e of entries) {
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (ALWAYS_SKIP_DIRS.has(e.name) || ignored(rules, rel, true)) continue;
        stack.push({ dir: path.join(dir, e.name), rules });
        continue;
      }
      if (ignored(rules, rel, false) || !accept(rel)) continue; // the user excluded it: not a skip
      if (e.isFile()) {
        const dot = e.name.lastIndexOf('.');
        const ext = dot > 0 ? e.name.slice(dot + 1).toLowerCase() : '';
        if (BINARY_EXTENSIONS.has(ext)) skip(rel, 'file-type', `.${ext} (media, archive or compiled code), not read`);
        else if (e.name === '.gitignore' && ignoreText !== undefined) yield { abs: path.join(dir, e.name), rel, content: ignoreText };
        else yield { abs: path.join(dir, e.name), rel };
      } else if (e.isSymbolicLink()) {
        skip(rel, 'symlink', `symbolic link, not followed (${await linkTarget(path.join(dir, e.name), root)})`);
      } else {
        skip(rel, 'not-a-file', fileKind(e));
      }
    }
  }
}

/** Where a link leads, in words, without opening it. */
async function linkTarget(link: string, root: string): Promise<string> {
  try {
    const [st, real, realRoot] = await Promise.all([fs.stat(link), fs.realpath(link), fs.realpath(root)]);
    const rel = path.relative(realRoot, real);
    const where = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? 'inside' : 'outside';
    return `to ${st.isFile() ? 'a file' : fileKind(st)} ${where} the scanned folder`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'dangling' : code === 'ELOOP' ? 'a loop' : code ?? 'unresolvable';
  }
}

function ignored(rules: Array<{ base: string; ig: Ignore }>, rel: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const sub = base ? rel.slice(base.length + 1) : rel;
    if (ig.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}

async function readIgnore(
  root: string, dir: string, relDir: string, skip: (p: string, reason: Skipped['reason'], detail: string) => void,
): Promise<{ ig: Ignore; text?: string } | undefined> {
  const r = await readBounded(path.join(dir, '.gitignore'), { maxBytes: LIMITS.gitignore, root });
  if (r.ok) {
    const d = decode(r.bytes);
    return { ig: ignore().add(r.bytes.toString('utf8')), ...('text' in d ? { text: d.text } : {}) };
  }
  if (r.code !== 'ENOENT') skip(relDir ? `${relDir}/.gitignore` : '.gitignore', r.reason, `its ignore rules are not applied: ${r.reason === 'not-a-file' ? `it is ${r.detail}` : r.detail}`);
  return undefined;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
