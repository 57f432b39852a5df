// How each language reads an environment variable, and what it must import to do so. The quick-fix
// replaces a literal with this lookup. Language ids come from the one table in core/languages.ts.
import { languageIdForPath } from '../languages';
import type { TextEdit } from '../types/edit';

export type LookupStyle =
  | 'js' | 'python' | 'go' | 'java' | 'csharp' | 'ruby' | 'php' | 'shell' | 'compose' | 'github-actions';

export interface LanguageContext {
  /** VS Code language id (`typescript`, `python`, `yaml`, `shellscript`, ...). */
  languageId: string;
  /** Workspace-relative POSIX path (decides GitHub Actions workflows and compose files). */
  path: string;
}

const BY_LANGUAGE: Record<string, LookupStyle> = {
  javascript: 'js', typescript: 'js', javascriptreact: 'js', typescriptreact: 'js', vue: 'js', svelte: 'js',
  python: 'python', go: 'go', java: 'java', kotlin: 'java', groovy: 'java', scala: 'java', csharp: 'csharp',
  ruby: 'ruby', php: 'php', shellscript: 'shell', bash: 'shell', sh: 'shell', zsh: 'shell', dotenv: 'shell',
  dockerfile: 'shell', makefile: 'shell', yaml: 'compose', 'dockercompose': 'compose', properties: 'compose',
};

export { languageIdForPath };

export function lookupStyle(ctx: LanguageContext): LookupStyle | undefined {
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(ctx.path)) return 'github-actions';
  return BY_LANGUAGE[ctx.languageId];
}

/** The expression that reads NAME (for template styles, the interpolation). */
export function lookupExpression(style: LookupStyle, name: string): string {
  switch (style) {
    case 'js': return `process.env.${name}`;
    case 'python': return `os.environ["${name}"]`;
    case 'go': return `os.Getenv("${name}")`;
    case 'java': return `System.getenv("${name}")`;
    case 'csharp': return `Environment.GetEnvironmentVariable("${name}")`;
    case 'ruby': return `ENV["${name}"]`;
    case 'php': return `getenv('${name}')`;
    case 'shell':
    case 'compose': return `\${${name}}`;
    case 'github-actions': return `\${{ secrets.${name} }}`;
  }
}

/** Template styles interpolate inside strings; the others are expressions that replace the string. */
export function interpolates(style: LookupStyle): boolean {
  return style === 'shell' || style === 'compose' || style === 'github-actions';
}

/** The operator that joins string pieces in an expression language. */
function concat(style: LookupStyle): string {
  return style === 'php' ? ' . ' : ' + ';
}

export type { TextEdit } from '../types/edit';

/**
 * The edits that swap the literal at [start, end) for a lookup of NAME: the string (quotes included)
 * becomes the expression, or, when the secret is part of a longer string (a URL with a password), the
 * string is split around it. Also the import the language needs, if the file lacks it.
 */
export function replaceWithLookup(text: string, start: number, end: number, style: LookupStyle, name: string): TextEdit[] {
  const expr = lookupExpression(style, name);
  if (interpolates(style)) {
    const str = style === 'shell' ? enclosingString(text, start, end) : undefined;
    // A single-quoted shell string does not expand variables: it becomes a double-quoted one.
    if (str?.quote === "'") {
      const esc = (s: string) => s.replace(/[\\"$`]/g, '\\$&');
      return [{ start: str.open, end: str.close + 1, newText: `"${esc(text.slice(str.open + 1, start))}${expr}${esc(text.slice(end, str.close))}"` }];
    }
    return [{ start, end, newText: expr }];
  }
  const edits: TextEdit[] = [];
  const str = enclosingString(text, start, end);
  if (!str) edits.push({ start, end, newText: expr });
  else {
    const { open, close, quote } = str;
    const before = text.slice(open + 1, start);
    const after = text.slice(end, close);
    const q = quote === '@"' ? '"' : quote;
    // Python's string prefixes (`b"…"`, `rb'…'`, `f"…"`) stay on what is left of the string; a bytes
    // literal's value becomes bytes (`os.environ["NAME"].encode()`), so the call still gets bytes.
    const prefix = style === 'python' ? (/(?:^|[^\w])([bBrRuUfF]{1,2})$/.exec(text.slice(Math.max(0, open - 3), open))?.[1] ?? '') : '';
    const value = /b/i.test(prefix) ? `${expr}.encode()` : expr;
    const lead = quote === '@"' ? '@"' : `${prefix}${q}`;
    const parts = [before ? `${lead}${before}${q}` : '', value, after ? `${lead}${after}${q}` : ''].filter(Boolean);
    edits.push({ start: open - (quote === '@"' ? 1 : prefix.length), end: close + 1, newText: parts.join(concat(style)) });
  }
  const imp = missingImport(text, style);
  if (imp) edits.push(imp);
  return edits;
}

/** The quoted string literal on the same line that contains [start, end), if any. */
function enclosingString(text: string, start: number, end: number): { open: number; close: number; quote: string } | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  for (const q of ['"', "'", '`']) {
    const open = text.lastIndexOf(q, start - 1);
    if (open < lineStart) continue;
    const close = text.indexOf(q, end);
    if (close === -1 || close >= lineEnd) continue;
    // The literal must not contain the quote between open and start (we want the innermost string).
    if (text.slice(open + 1, start).includes(q) || text.slice(end, close).includes(q)) continue;
    const verbatim = q === '"' && text[open - 1] === '@';
    return { open, close, quote: verbatim ? '@"' : q };
  }
  return undefined;
}

function missingImport(text: string, style: LookupStyle): TextEdit | undefined {
  if (style === 'python') {
    // `import os` or `import os.path` binds `os`; `from os import environ` does not.
    if (/^[ \t]*import\s+(?:[\w.]+\s*,\s*)*os\b/m.test(text)) return undefined;
    // After a shebang, encoding line, module docstring and `from __future__` imports.
    // A docstring is read to its first closing quotes only (no lazy `[\s\S]*?` to back into: a line of
    // quotes made that quadratic).
    const head = /^(?:#![^\n]*\n)?(?:#[^\n]*coding[^\n]*\n)?(?:(?:"""(?:[^"]|"(?!""))*"""|'''(?:[^']|'(?!''))*''')[^\n]*\n)?(?:from __future__ import[^\n]*\n)*/.exec(text);
    return { start: head![0].length, end: head![0].length, newText: 'import os\n' };
  }
  if (style === 'go') {
    if (/^import\s+(?:\(\s*[^)]*"os"|"os")/m.test(text)) return undefined;
    const block = /^import\s*\(\s*\n/m.exec(text);
    if (block) return { start: block.index + block[0].length, end: block.index + block[0].length, newText: '\t"os"\n' };
    const pkg = /^package\s+\w+[^\n]*\n/m.exec(text);
    const at = pkg ? pkg.index + pkg[0].length : 0;
    return { start: at, end: at, newText: '\nimport "os"\n' };
  }
  if (style === 'csharp' && !/^[ \t]*using\s+System\s*;/m.test(text) && !/\bSystem\.Environment\b/.test(text)) {
    return { start: 0, end: 0, newText: 'using System;\n' };
  }
  return undefined;
}
