// `.env` files are read with dotenv, as the application will read them, so quoted, multi-line and
// `export`-prefixed values are understood; credential-named values the line rules missed are reported
// under the generic rules' ids.
import { parse } from 'dotenv';
import type { Rule } from '../rules/types';
import { credentialName, looksLikeWords } from '../rules/providers/generic';
import { shannonEntropy } from '../text/entropy';
import { notASecret } from './filters';

export function isEnvFile(relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  return /^\.env(?:\.[\w.-]+)?$|\.env$/.test(base);
}

export interface EnvCandidate {
  rule: Rule;
  start: number;
  end: number;
  secret: string;
}

/** Candidates from dotenv's view of the file; `rules` supplies the generic rules (if enabled). */
export function envCandidates(text: string, rules: { password?: Rule; secret?: Rule }): EnvCandidate[] {
  const out: EnvCandidate[] = [];
  const parsed = parse(text);
  for (const [key, value] of Object.entries(parsed)) {
    const kind = credentialName(key);
    const rule = kind === 'password' ? rules.password : kind === 'secret' ? rules.secret : undefined;
    if (!rule || !value || value.length > 4096) continue;
    const ok = kind === 'password' ? value.length >= 6 && shannonEntropy(value) >= 2.5 : value.length >= 12 && shannonEntropy(value) >= 3.2;
    if (!ok || notASecret(value, value, rule)) continue;
    // As on a line: a namespaced identifier is no password, words are no secret.
    if (kind === 'password' ? /[.:]/.test(value) && looksLikeWords(value) : looksLikeWords(value)) continue;
    const start = locate(text, key, value);
    if (start !== -1) out.push({ rule, start, end: start + value.length, secret: value });
  }
  return out;
}

/** Offset of `value` on the line that assigns `key` (first line of a multi-line value). */
function locate(text: string, key: string, value: string): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escaped}[ \\t]*[=:][ \\t]*`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = text.indexOf(value.split('\n')[0], m.index + m[0].length);
    if (at !== -1 && at - (m.index + m[0].length) <= 1) return at;
  }
  return -1;
}
