// Shell-like word splitting of one command-line string (an MCP server's `"command": "npx -y server
// --api-key=…"`), keeping where each character of each word came from, so a value found inside a word
// maps back to the original text. POSIX rules without expansion: blanks separate words; '…' keeps
// everything literally; "…" keeps everything but `\` before `"`, `\`, `$` and backquote; a `\` outside
// quotes keeps the next character. One pass, linear in the input; nothing is evaluated.

/** One word: its characters after quote removal, and for each the offset of its source character. */
export interface ShellWord {
  value: string;
  /** `at[i]`: where `value[i]` sits in the input (plus the caller's base). */
  at: number[];
}

const BLANK = /[ \t\r\n]/;

/**
 * The words of `line` (offsets relative to `base`); undefined when a quote is left open (the string is
 * not a command line as a shell would read it).
 */
export function splitShellWords(line: string, base = 0): ShellWord[] | undefined {
  const words: ShellWord[] = [];
  let value = '';
  let at: number[] = [];
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const push = (ch: string, i: number) => {
    value += ch;
    at.push(base + i);
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else push(ch, i);
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) push(line[++i], i);
      else push(ch, i);
      continue;
    }
    if (BLANK.test(ch)) {
      if (inWord) words.push({ value, at });
      value = '';
      at = [];
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\' && i + 1 < line.length) push(line[++i], i);
    else push(ch, i);
  }
  if (quote) return undefined;
  if (inWord) words.push({ value, at });
  return words;
}

/**
 * The source range of `word.value.slice(from, to)` when its characters are contiguous in the source
 * (no quote or backslash between them); undefined otherwise.
 */
export function sourceRange(word: ShellWord, from: number, to: number): { start: number; end: number } | undefined {
  if (from >= to || to > word.value.length) return undefined;
  const start = word.at[from];
  const last = word.at[to - 1];
  return last - start === to - 1 - from ? { start, end: last + 1 } : undefined;
}
