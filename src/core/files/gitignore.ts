// `.gitignore` rules (and CODEOWNERS patterns, which use their syntax), matched with the bounded glob
// matcher of ./glob.ts: in time linear in the pattern times the path, with no regular expression.
// A workspace's ignore files are the workspace's input, and the usual way to match them (the `ignore`
// package compiles each line to a backtracking regular expression) can take exponential time: one line
// `**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b` and a path forty folders named `a` deep kept a
// process busy for minutes, in an editor's extension host as in a CI job.
//
// The syntax is git's (gitignore(5)): `#` comments, trailing spaces dropped unless escaped, `!` negates,
// a trailing `/` matches folders only, a `/` at the start or in the middle anchors the pattern to the
// file's folder (otherwise it matches at any depth), `*`, `?`, `[...]`, `**` as a whole segment, `\`
// escapes; braces are literal. The last rule that matches a path decides, and a path inside an ignored
// folder is ignored whatever a later rule says (git does not look inside such a folder).
import { compileGlob, GlobError, type Glob } from './glob';

/** Rules read from one file at most; the rest are not applied (and the caller can say so). */
export const MAX_IGNORE_RULES = 10_000;
/**
 * Path segments a rule may have. Matching costs the rule's segments times the path's, for every folder
 * on the way down: a rule of hundreds of `**` segments makes a deep path slow (no real one has 32).
 */
export const MAX_IGNORE_SEGMENTS = 32;

interface IgnoreRule {
  glob: Glob;
  negative: boolean;
  dirOnly: boolean;
  /** A pattern without `/` matches a path's last segment, at any depth. */
  base: boolean;
  /**
   * For a base-name pattern of the common shapes (`dist`, `*.log`, `npm-debug.log*`), the same test
   * without the glob machinery: most lines of a real .gitignore are one of these.
   */
  name?: (name: string) => boolean;
}

/** A literal (no `*?[\`), or undefined. */
const literal = (p: string): string | undefined => (/[*?[\\]/.test(p) ? undefined : p);

/** A quick test for a base-name pattern that is a literal, `*` + literal, or literal + `*`. */
function nameTest(pattern: string): ((name: string) => boolean) | undefined {
  const whole = literal(pattern);
  if (whole !== undefined) return (n) => n === whole;
  const suffix = pattern.startsWith('*') ? literal(pattern.slice(1)) : undefined;
  if (suffix !== undefined) return (n) => n.endsWith(suffix);
  const prefix = pattern.endsWith('*') ? literal(pattern.slice(0, -1)) : undefined;
  if (prefix !== undefined) return (n) => n.startsWith(prefix);
  return undefined;
}

/**
 * One line's pattern as a glob for ./glob.ts, or undefined for a blank line or a comment. `base`: it
 * has no `/`, so it matches the last segment of a path at any depth.
 */
export function parseIgnoreLine(line: string): { pattern: string; negative: boolean; dirOnly: boolean; base: boolean } | undefined {
  let body = line.endsWith('\r') ? line.slice(0, -1) : line;
  // Trailing spaces are dropped, unless the last of them is escaped (`foo\ `).
  let end = body.length;
  while (end > 0 && body[end - 1] === ' ') end--;
  if (end < body.length && end > 0 && body[end - 1] === '\\') end++;
  body = body.slice(0, end);
  if (body === '' || body.startsWith('#')) return undefined;
  const negative = body.startsWith('!');
  if (negative) body = body.slice(1);
  const dirOnly = body.endsWith('/') && !body.endsWith('\\/');
  if (dirOnly) body = body.replace(/\/+$/, '');
  if (body === '') return undefined;
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  // Braces are not special to git: escaped, so that the glob matcher does not expand them.
  let pattern = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) pattern += c + body[++i];
    else pattern += c === '{' || c === '}' ? `\\${c}` : c;
  }
  return { pattern, negative, dirOnly, base: !anchored };
}

/** The rules of one ignore file, relative to its folder. */
export class IgnoreRules {
  private readonly rules: IgnoreRule[] = [];
  /** Folders already decided (a walk asks about each folder of every path below it). */
  private readonly folders = new Map<string, boolean>();
  /** Rules left out: over MAX_IGNORE_RULES or MAX_IGNORE_SEGMENTS, or refused by the glob matcher (too long). */
  readonly dropped: number;

  constructor(text: string) {
    let dropped = 0;
    for (const line of text.split('\n')) {
      const parsed = parseIgnoreLine(line);
      if (!parsed) continue;
      if (this.rules.length >= MAX_IGNORE_RULES || parsed.pattern.split('/').length > MAX_IGNORE_SEGMENTS) {
        dropped++;
        continue;
      }
      try {
        const glob = compileGlob(parsed.pattern, { negate: false, extglob: 'literal' });
        const name = parsed.base ? nameTest(parsed.pattern) : undefined;
        this.rules.push({ glob, negative: parsed.negative, dirOnly: parsed.dirOnly, base: parsed.base, ...(name ? { name } : {}) });
      } catch (e) {
        if (!(e instanceof GlobError)) throw e;
        dropped++;
      }
    }
    this.dropped = dropped;
  }

  /**
   * Whether `rel` (POSIX, relative to the file's folder; a folder's path ends in `/`) is ignored.
   * `foldersChecked`: the caller asked about each folder above it already, as a walk does before it
   * enters one (then only the path itself is decided).
   */
  ignores(rel: string, foldersChecked = false): boolean {
    const isDir = rel.endsWith('/');
    const parts = (isDir ? rel.slice(0, -1) : rel).split('/');
    if (foldersChecked) return this.decide(parts, isDir);
    let folder = '';
    for (let i = 0; i < parts.length - 1; i++) {
      folder = i ? `${folder}/${parts[i]}` : parts[i];
      let decided = this.folders.get(folder);
      if (decided === undefined) this.folders.set(folder, (decided = this.decide(parts.slice(0, i + 1), true)));
      if (decided) return true;
    }
    return this.decide(parts, isDir);
  }

  /** The last matching rule's word on the path `parts` itself. */
  private decide(parts: readonly string[], isDir: boolean): boolean {
    let ignored = false;
    const last = parts[parts.length - 1];
    let name: string[] | undefined;
    for (const r of this.rules) {
      // Only a rule that would change the answer is tried.
      if (r.negative !== ignored || (r.dirOnly && !isDir)) continue;
      const hit = r.name ? r.name(last) : r.glob.matchParts(r.base ? (name ??= [last]) : parts);
      if (hit) ignored = !r.negative;
    }
    return ignored;
  }
}
