// How deeply a JSON or YAML text nests, found in one pass without parsing it. The parsers (yaml,
// jsonc-parser) and the code that walks what they return recurse once per level: a hostile file of
// 200,000 `[` overflows the stack, and V8 aborts the whole process (an editor's extension host, the
// language server, a CI job) when that happens while it compiles a regular expression. A file nested
// deeper than MAX_NESTING is not parsed; real configuration and manifests nest a few dozen levels at most.

/** Levels of nesting a structured file may have to be parsed (the parsers overflow between 500 and 1,000). */
export const MAX_NESTING = 100;

// The characters the scan reads, by code.
const [OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE, DOUBLE_QUOTE, SINGLE_QUOTE, BACKSLASH, HASH, NEWLINE, SPACE, TAB, DASH, QUESTION, COLON, COMMA, CR] =
  [...'[]{}"\'\\#\n \t-?:,\r'].map((c) => c.charCodeAt(0));

const isBlank = (c: number) => c === SPACE || c === TAB || c === NEWLINE || c === CR || Number.isNaN(c);

/**
 * Whether `text` nests more than `limit` levels: brackets and braces (strings and comments skipped),
 * and for YAML also block structure (each deeper indentation, each `- ` or `? ` opening a line's content).
 * An overestimate at worst (a quote inside a plain YAML scalar is taken as one), never an underestimate.
 */
export function nestsDeeperThan(text: string, limit = MAX_NESTING, yaml = true): boolean {
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // A line's start: in YAML's block context, its indentation and the `- ` / `? ` before its content.
    let block = 0;
    if (yaml && flow === 0) {
      let indent = 0;
      while (i + indent < n && text.charCodeAt(i + indent) === SPACE) indent++;
      const c = text.charCodeAt(i + indent);
      if (i + indent < n && c !== NEWLINE && c !== CR && c !== HASH) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        block = indents.length;
        let j = i + indent;
        while (j + 1 < n && (text.charCodeAt(j) === DASH || text.charCodeAt(j) === QUESTION) && isBlank(text.charCodeAt(j + 1))) {
          block++;
          j += 2;
          while (j < n && text.charCodeAt(j) === SPACE) j++;
        }
        if (block > limit) return true;
      }
      i += indent;
    }
    // The rest of the line (a string may run on: JSON's cannot, YAML's quoted scalars can).
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        i++;
        break;
      }
      if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        if (++flow + block > limit) return true;
      } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (flow > 0) flow--;
      } else if (c === DOUBLE_QUOTE) {
        i++;
        while (i < n && text.charCodeAt(i) !== DOUBLE_QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
      } else if (yaml && c === SINGLE_QUOTE && (i === 0 || startsScalar(text.charCodeAt(i - 1)))) {
        // A YAML single-quoted scalar ('' is a quote inside it); a quote inside a plain scalar is text.
        i++;
        while (i < n && !(text.charCodeAt(i) === SINGLE_QUOTE && text.charCodeAt(i + 1) !== SINGLE_QUOTE)) i += text.charCodeAt(i) === SINGLE_QUOTE ? 2 : 1;
      } else if (c === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
        while (i < n && text.charCodeAt(i) !== NEWLINE) i++;
        i--; // the line break ends the line above
      }
    }
  }
  return false;
}

function startsScalar(before: number): boolean {
  return isBlank(before) || before === OPEN_BRACKET || before === OPEN_BRACE || before === COMMA || before === COLON;
}
