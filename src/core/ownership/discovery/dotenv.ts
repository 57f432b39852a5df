// Keys in `.env*` files that name a credential. `.env.example` lists what an app needs, so its keys
// count as references too (with no environment); values are never read.
import { credentialName } from '../../rules/providers/generic';
import type { NameHit } from './code-env';

const KEY = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]{0,127})[ \t]*[=:]/;

export function dotenvKeys(text: string): NameHit[] {
  const out: NameHit[] = [];
  let offset = 0;
  let openQuote: string | undefined; // inside a multi-line quoted value
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (openQuote) {
      if (closes(line, openQuote)) openQuote = undefined;
      continue;
    }
    const m = KEY.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length).trimStart();
    const q = rest[0];
    if ((q === '"' || q === "'" || q === '`') && !closes(rest.slice(1), q)) openQuote = q;
    if (!credentialName(m[1])) continue;
    const at = start + m[0].indexOf(m[1]);
    out.push({ name: m[1], start: at, end: at + m[1].length });
  }
  return out;
}

function closes(s: string, quote: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === quote) return true;
  }
  return false;
}
