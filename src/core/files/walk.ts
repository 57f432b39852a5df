// Lists the files a scan covers: below each root, honouring .gitignore files (at every level, as
// git does, those of the folders above the root in its git work tree too, as git and ripgrep apply
// them), the config's include/exclude globs, and skipping what never holds text. What it does not
// list although the user did not exclude it (symbolic links, FIFOs, devices, unreadable folders, media
// and archives by extension, a .gitignore it could not read) goes to `onSkip` with a reason.
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { fileKind, LIMITS, readBounded } from './bounded';
import { IgnoreRules, MAX_IGNORE_RULES, MAX_IGNORE_SEGMENTS } from './gitignore';
import { compileGlob, GlobError, MAX_GLOB_LENGTH, type Glob } from './glob';
import { decode, type Skipped } from './read';

export interface WalkOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  gitignore?: boolean;
  signal?: AbortSignal;
  /** What was not listed, and why (`path` relative to the walk root; a folder ends in `/`). */
  onSkip?(skipped: Skipped): void;
  /**
   * Only what is at or below this absolute path (a folder or a file inside `root`), as the walk of the
   * whole root lists it: the ignore rules of the folders above it apply, paths stay relative to `root`.
   * An editor walks a folder the watcher reports as new, and asks whether a changed file is one a
   * workspace scan covers.
   */
  within?: string;
  /**
   * The `.gitignore` of folders by absolute path (null: the folder has none), kept by a caller that walks
   * again (an editor, whose watcher drops a folder's entry when its `.gitignore` changes): a walk takes a
   * folder's rules from here when it has them, reads them otherwise, and adds what it reads.
   */
  ignoreFiles?: Map<string, IgnoreFile | null>;
}

/** Drops what `known` keeps for `dir` and every folder below it (deleted: a folder made again there is listed anew). */
export function forgetIgnoreFilesUnder(known: Map<string, IgnoreFile | null> | undefined, dir: string): void {
  for (const k of [...(known?.keys() ?? [])]) if (k === dir || k.startsWith(dir + path.sep)) known!.delete(k);
}

/** A `.gitignore` as read: its rules' text (UTF-8), and its text for the scan when it decodes as text. */
export interface IgnoreFile {
  raw: string;
  text?: string;
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
  const known = options.ignoreFiles;
  const above = useGitignore ? await rulesAbove(root, known, skip) : [];
  // Each frame: a folder, and the ignore rules in force there with the folder they are relative to.
  const stack: Array<{ dir: string; rules: Rules }> = [];
  if (options.within === undefined) stack.push({ dir: root, rules: above });
  else {
    const start = await startWithin(root, options.within, useGitignore, known, skip, above);
    if (!start) return;
    if (start.file) {
      const rel = toPosix(path.relative(root, options.within));
      if (ignored(start.rules, rel, false) || !accept(rel)) return;
      if (start.regular && !BINARY_EXTENSIONS.has(extensionOf(path.basename(rel)))) yield { abs: options.within, rel };
      return;
    }
    stack.push({ dir: options.within, rules: start.rules });
  }
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
      const read = known?.get(dir) ?? (await readOnce(known, dir, () => readIgnore(root, dir, relDir, skip)));
      if (read) rules = [...inherited, { base: relDir, ig: ignoreRules(read.raw, relDir, '.gitignore', skip) }];
      ignoreText = read?.text;
      known?.set(dir, read ? { raw: read.raw, ...(read.text !== undefined ? { text: read.text } : {}) } : null);
    } else if (useGitignore) known?.set(dir, null);
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
        const ext = extensionOf(e.name);
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

/**
 * Ignore rules with where they apply from: `base`, the folder (relative to the walk's root) whose
 * `.gitignore` they are, or for a folder above the root, `above`: the root's path relative to that
 * folder, with a final `/`, put before a path to match it.
 */
type Rules = Array<{ base: string; ig: IgnoreRules; above?: string }>;

/** Whether `p` exists (a folder or a file: `.git` is a file in a linked work tree or a submodule). */
const exists = (p: string): Promise<boolean> => fs.lstat(p).then(() => true, () => false);

/**
 * The ignore rules that reach `root` from its git work tree: the `.gitignore` of each folder above it,
 * from the top of the work tree (the nearest folder holding `.git`) down to the root's parent, and the
 * repository's own `.git/info/exclude`, as git applies them. None outside a work tree, and none when
 * they ignore the root itself: a folder named on purpose is scanned (ripgrep does the same).
 */
async function rulesAbove(
  root: string, known: Map<string, IgnoreFile | null> | undefined, skip: (p: string, reason: Skipped['reason'], detail: string) => void,
): Promise<Rules> {
  const folders: string[] = []; // the root's parent first, the work tree's top last
  if (!(await exists(path.join(root, '.git')))) {
    for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
      folders.push(dir);
      if (await exists(path.join(dir, '.git'))) break;
      if (path.dirname(dir) === dir) return []; // no work tree above
    }
  }
  const top = folders.length ? folders[folders.length - 1] : root;
  const rules: Rules = [];
  const add = (file: IgnoreFile | null, from: string, dir: string, name: string) => {
    const rel = toPosix(path.relative(from, root));
    if (file) rules.push({ base: '', ig: ignoreRules(file.raw, toPosix(path.relative(root, dir)), name, skip), above: rel ? `${rel}/` : '' });
  };
  // The repository's exclude file (a linked work tree's or a submodule's `.git` is a file naming another).
  const info = path.join(top, '.git', 'info');
  if (await fs.lstat(path.join(top, '.git')).then((st) => st.isDirectory(), () => false)) {
    add(await keptOrRead(known, info, () => readIgnore(top, info, toPosix(path.relative(root, info)), skip, 'exclude')), top, info, 'exclude');
  }
  for (const dir of folders.reverse()) add(await keptOrRead(known, dir, () => readIgnore(top, dir, toPosix(path.relative(root, dir)), skip)), dir, dir, '.gitignore');
  return rules.some(({ ig, above }) => above && ig.ignores(above)) ? [] : rules;
}

/** An ignore file's rules; those it could not apply (too many, too deep) are reported as skipped. */
function ignoreRules(raw: string, relDir: string, name: string, skip: (p: string, reason: Skipped['reason'], detail: string) => void): IgnoreRules {
  const rules = new IgnoreRules(raw);
  if (rules.dropped) {
    skip(relDir ? `${relDir}/${name}` : name, 'too-large', `${rules.dropped} of its rules are not applied: only a file's first ${MAX_IGNORE_RULES} rules are, each of at most ${MAX_IGNORE_SEGMENTS} path segments and ${MAX_GLOB_LENGTH} characters`);
  }
  return rules;
}

/** A folder's ignore file from `known`, or read (and kept there). */
async function keptOrRead(
  known: Map<string, IgnoreFile | null> | undefined, dir: string, read: () => Promise<IgnoreFile | undefined>,
): Promise<IgnoreFile | null> {
  const kept = known?.get(dir);
  if (kept !== undefined) return kept;
  const r = await readOnce(known, dir, read);
  const file = r ? { raw: r.raw, ...(r.text !== undefined ? { text: r.text } : {}) } : null;
  known?.set(dir, file);
  return file;
}

/** Reads under way, by the `known` map they will be kept in: walks that start together read a file once. */
const reading = new WeakMap<Map<string, IgnoreFile | null>, Map<string, Promise<IgnoreFile | undefined>>>();

/** `read()`, or the same read already under way for `dir` and `known` (none is shared without a map). */
function readOnce(known: Map<string, IgnoreFile | null> | undefined, dir: string, read: () => Promise<IgnoreFile | undefined>): Promise<IgnoreFile | undefined> {
  if (!known) return read();
  let pending = reading.get(known);
  if (!pending) reading.set(known, (pending = new Map()));
  let p = pending.get(dir);
  if (!p) {
    p = read().finally(() => pending!.delete(dir));
    pending.set(dir, p);
  }
  return p;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The ignore rules in force at `within` (a path inside `root`), from the `.gitignore` of each folder on
 * the way down (`known` first), whether it is not a folder, and whether it is a regular file (one lstat);
 * undefined when the way down leaves `root`, or a folder on it is one the whole walk would not enter.
 */
async function startWithin(
  root: string, within: string, useGitignore: boolean, known: Map<string, IgnoreFile | null> | undefined,
  skip: (p: string, reason: Skipped['reason'], detail: string) => void, above: Rules,
): Promise<{ rules: Rules; file: boolean; regular: boolean } | undefined> {
  const rel = path.relative(root, within);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  const parts = rel === '' ? [] : rel.split(path.sep);
  const st = await fs.lstat(within).catch(() => undefined);
  if (!st || st.isSymbolicLink()) return undefined; // gone, or a link: the walk never follows one
  const file = !st.isDirectory();
  let rules: Rules = above;
  let dir = root;
  // Every folder from the root down: the walk would enter each, and the rules of each above `within`
  // apply (a folder's own .gitignore is read when the walk lists it).
  for (let i = 0; i < parts.length + (file ? 0 : 1); i++) {
    const relDir = toPosix(parts.slice(0, i).join(path.sep));
    if (i > 0) {
      dir = path.join(dir, parts[i - 1]);
      if (ALWAYS_SKIP_DIRS.has(parts[i - 1]) || ignored(rules, relDir, true)) return undefined;
      // A folder no walk has listed: the walk enters folders, never links to them.
      if (!known?.has(dir) && !(await fs.lstat(dir).then((d) => d.isDirectory(), () => false))) return undefined;
    }
    if (i === parts.length || !useGitignore) continue;
    const kept = await keptOrRead(known, dir, () => readIgnore(root, dir, relDir, skip));
    if (kept !== null) rules = [...rules, { base: relDir, ig: ignoreRules(kept.raw, relDir, '.gitignore', skip) }];
  }
  return { rules, file, regular: st.isFile() };
}

/**
 * Whether `rel` is ignored, the folders above it having been asked about already: the walk asks about a
 * folder before it enters it, startWithin about each folder on its way down, rulesAbove about the root.
 */
function ignored(rules: Rules, rel: string, isDir: boolean): boolean {
  for (const { base, ig, above } of rules) {
    const sub = above !== undefined ? above + rel : base ? rel.slice(base.length + 1) : rel;
    if (ig.ignores(isDir ? `${sub}/` : sub, true)) return true;
  }
  return false;
}

async function readIgnore(
  root: string, dir: string, relDir: string, skip: (p: string, reason: Skipped['reason'], detail: string) => void, name = '.gitignore',
): Promise<IgnoreFile | undefined> {
  const r = await readBounded(path.join(dir, name), { maxBytes: LIMITS.gitignore, root });
  if (r.ok) {
    const d = decode(r.bytes);
    return { raw: r.bytes.toString('utf8'), ...('text' in d ? { text: d.text } : {}) };
  }
  if (r.code !== 'ENOENT') skip(relDir ? `${relDir}/${name}` : name, r.reason, `its ignore rules are not applied: ${r.reason === 'not-a-file' ? `it is ${r.detail}` : r.detail}`);
  return undefined;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
