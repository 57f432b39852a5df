// Per-language facts in one table: which language a path is, how it writes a comment (for inline
// suppressions), and where its comments are (so a comment that mentions `process.env.X` is not a read
// of X). How each language reads the environment for the quick-fix is in fix/env-lookup.ts, keyed by
// the same language ids.

const BY_EXTENSION: Record<string, string> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact', ts: 'typescript', mts: 'typescript',
  cts: 'typescript', tsx: 'typescriptreact', py: 'python', go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin',
  cs: 'csharp', rb: 'ruby', php: 'php', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', yml: 'yaml',
  yaml: 'yaml', properties: 'properties', groovy: 'groovy', scala: 'scala',
};

/** A language id (VS Code's) for a path when no editor has told us (CLI, closed files). */
export function languageIdForPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^Dockerfile/i.test(base)) return 'dockerfile';
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  return BY_EXTENSION[ext] ?? 'plaintext';
}

interface Syntax {
  /** Line-comment openers; the first is the one we write. */
  line: readonly string[];
  block?: readonly (readonly [string, string])[];
  /** String quotes (a comment opener inside a string is not a comment). */
  quotes: readonly string[];
  /** Python: a triple-quoted string is a docstring, documentation rather than code. */
  docstrings?: boolean;
}

const C: Syntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'", '`'] };
const HASH: Syntax = { line: ['#'], quotes: ['"', "'"] };
const SYNTAX: Record<string, Syntax> = {};
for (const id of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'kotlin', 'csharp', 'go', 'rust', 'swift', 'c', 'cpp', 'scala', 'groovy', 'jsonc', 'dart', 'vue', 'svelte', 'terraform', 'hcl']) SYNTAX[id] = C;
for (const id of ['ruby', 'shellscript', 'yaml', 'toml', 'dockerfile', 'properties', 'dotenv', 'perl', 'r', 'makefile', 'powershell', 'elixir', 'dockercompose', 'plaintext', 'ignore', 'ini']) SYNTAX[id] = HASH;
SYNTAX.python = { ...HASH, docstrings: true };
SYNTAX.php = { line: ['//', '#'], block: [['/*', '*/']], quotes: ['"', "'"] };
for (const id of ['sql', 'lua', 'haskell']) SYNTAX[id] = { line: ['--'], quotes: ["'", '"'] };
for (const id of ['html', 'xml', 'markdown', 'svg']) SYNTAX[id] = { line: [], block: [['<!--', '-->']], quotes: [] };

/** `text` as a comment in the language (`// text`, `# text`, `<!-- text -->`); undefined when it has none (JSON). */
export function commentFor(languageId: string, text: string): string | undefined {
  const s = SYNTAX[languageId];
  if (!s) return undefined;
  if (s.line.length) return `${s.line[0]} ${text}`;
  const [open, close] = s.block![0];
  return `${open} ${text} ${close}`;
}

/**
 * The comment spans of `text` ([start, end) offsets, in order), with strings skipped so that `"//"`
 * is no comment. One linear pass; a light lexer, not a parser (a JavaScript regex literal holding a
 * quote can confuse it, which costs at most a missed or an extra reference).
 */
export function commentSpans(text: string, languageId: string): Array<[number, number]> {
  const s = SYNTAX[languageId];
  if (!s) return [];
  const out: Array<[number, number]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (s.docstrings && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      const q = text.slice(i, i + 3);
      const end = text.indexOf(q, i + 3);
      const stop = end < 0 ? n : end + 3;
      out.push([i, stop]);
      i = stop;
      continue;
    }
    const line = s.line.find((l) => text.startsWith(l, i));
    if (line) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out.push([i, stop]);
      i = stop;
      continue;
    }
    const block = s.block?.find(([open]) => text.startsWith(open, i));
    if (block) {
      const end = text.indexOf(block[1], i + block[0].length);
      const stop = end < 0 ? n : end + block[1].length;
      out.push([i, stop]);
      i = stop;
      continue;
    }
    if (s.quotes.includes(c)) {
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n' && c !== '`') break; // an unclosed quote ends with its line
        i++;
      }
      i++;
      continue;
    }
    i++;
  }
  return out;
}

/** Whether `offset` lies in one of `spans` (sorted, as commentSpans returns them). */
export function inSpans(spans: ReadonlyArray<readonly [number, number]>, offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[mid][0]) hi = mid - 1;
    else if (offset >= spans[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
