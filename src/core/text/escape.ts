// Escaping for text that came from the workspace (file names, register fields, suppression reasons,
// custom rules' descriptions) before it reaches a terminal, a Markdown comment or a JSON file. A file
// named `\x1b[2J…` must print as that, not clear the screen; a reason holding `</details><img …>` must
// read as that in a pull-request comment, not render.

/**
 * C0 and C1 control characters, DEL, and the invisible characters that reorder or hide text: bidi
 * embeddings, overrides and isolates (Trojan Source), LRM/RLM/ALM, and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/**
 * Workspace text for a terminal: every control character (newlines and tabs included: the line
 * breaks in our output are our own) and bidi control shows as an escape (`\x1b`, `\u202e`).
 */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, visible);
}

/**
 * A message of ours for the terminal (an error, which may quote a path or a value): its own line
 * breaks are kept (`\n` only, never a carriage return), every other control or bidi character shows as an escape.
 */
export function escapeMessage(s: string): string {
  return s.split('\n').map(escapeTerminal).join('\n');
}

/** JSON whose strings hold no raw C1 control or bidi character either (JSON.stringify escapes only C0). */
export function safeJson(value: unknown, space: number | undefined = 2): string {
  return JSON.stringify(value, null, space).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line: newlines and tabs become spaces, other control and bidi characters visible escapes. */
function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ').replace(UNSAFE, visible);
}

/**
 * Workspace text as literal Markdown text, inline or in a table cell: no HTML tag or entity, link,
 * image, code span or cell break survives, and newlines are collapsed. (`*` and `_` are left alone:
 * at worst they emphasise, they cannot add content or break out of the cell.)
 */
export function mdText(s: string | number | undefined | null): string {
  return oneLine(String(s ?? ''))
    .replace(/[\\`[\]|]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/**
 * Workspace text as a Markdown code span: fenced with more backticks than its longest run of them (so
 * none can close it), `|` escaped for tables (GFM reads `\|` in a cell's code span as `|`).
 */
export function mdCode(s: string | number | undefined | null): string {
  const text = oneLine(String(s ?? '')).replace(/\|/g, '\\|');
  if (!text) return '` `';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
