// Lists the files a scan covers: below each root, honouring .gitignore files (at every level, as
// git does), the config's include/exclude globs, and skipping what never holds text.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';

export interface WalkOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  gitignore?: boolean;
  signal?: AbortSignal;
}

export interface WalkedFile {
  /** Absolute path. */
  abs: string;
  /** POSIX path relative to the scan root. */
  rel: string;
}

/** Folders that are never source, whatever the ignore files say. */
const ALWAYS_SKIP_DIRS = new Set(['.git', '.hg', '.svn']);
/** Extensions that never hold text worth scanning (decided without reading the file). */
export const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'psd', 'mp3', 'mp4', 'mov', 'avi', 'mkv', 'wav', 'flac', 'ogg',
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'war', 'ear', 'class', 'pyc', 'o', 'a', 'so', 'dylib', 'dll', 'exe',
  'bin', 'wasm', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'pdf', 'sqlite', 'db', 'node', 'lockb',
]);

export function globFilter(include?: readonly string[], exclude?: readonly string[]): (rel: string) => boolean {
  const opts = { dot: true, matchBase: true };
  return (rel) => {
    if (include?.length && !include.some((g) => minimatch(rel, g, opts))) return false;
    return !exclude?.some((g) => minimatch(rel, g, opts) || minimatch(rel, `${g.replace(/\/$/, '')}/**`, opts));
  };
}

/** Yields files below `root` (a folder or a single file). */
export async function* walk(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const accept = globFilter(options.include, options.exclude);
  const stat = await fs.stat(root);
  if (stat.isFile()) {
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
    if (useGitignore) {
      const ig = await readIgnore(dir);
      if (ig) rules = [...inherited, { base: relDir, ig }];
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to list
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1)); // popped in name order
    for (const e of entries) {
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (ALWAYS_SKIP_DIRS.has(e.name) || ignored(rules, rel, true)) continue;
        stack.push({ dir: path.join(dir, e.name), rules });
      } else if (e.isFile()) {
        const ext = e.name.slice(e.name.lastIndexOf('.') + 1).toLowerCase();
        if (BINARY_EXTENSIONS.has(ext) || ignored(rules, rel, false) || !accept(rel)) continue;
        yield { abs: path.join(dir, e.name), rel };
      }
    }
  }
}

function ignored(rules: Array<{ base: string; ig: Ignore }>, rel: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const sub = base ? rel.slice(base.length + 1) : rel;
    if (ig.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}

async function readIgnore(dir: string): Promise<Ignore | undefined> {
  try {
    return ignore().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
