// Text edits for moving a value into `.env`: append `NAME=value` (quoted as dotenv needs), add
// `NAME=` to `.env.example`, and make sure `.gitignore` keeps `.env` out of git.
import { parse } from 'dotenv';
import { IgnoreRules } from '../files/gitignore';

export function readEnv(text: string): Map<string, string> {
  return new Map(Object.entries(parse(text)));
}

/** A dotenv value that reads back exactly as `value`. */
export function quoteEnvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@+=%,^~-]*$/.test(value) && !value.startsWith('=')) return value;
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`;
  if (!value.includes('"')) return `"${value.replace(/\n/g, '\\n')}"`;
  return `\`${value}\``;
}

function appendLine(text: string, line: string): string {
  if (text.length && !text.endsWith('\n')) text += '\n';
  return text + line + '\n';
}

export function withEnvEntry(envText: string, name: string, value: string, comment?: string): string {
  const lines = comment ? `# ${comment}\n${name}=${quoteEnvValue(value)}` : `${name}=${quoteEnvValue(value)}`;
  return appendLine(envText, lines);
}

export function withExampleEntry(exampleText: string, name: string): string {
  if (new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`, 'm').test(exampleText)) return exampleText;
  return appendLine(exampleText, `${name}=`);
}

/** `.gitignore` text that ignores `envPath` (relative to the .gitignore's folder); unchanged if it already does. */
export function withGitignoreEntry(gitignoreText: string, envPath = '.env'): string {
  if (new IgnoreRules(gitignoreText).ignores(envPath)) return gitignoreText;
  const entry = envPath.includes('/') ? `/${envPath}` : envPath;
  return appendLine(gitignoreText, `${gitignoreText.includes('# local secrets') ? '' : '# local secrets (added by Credential Hygiene)\n'}${entry}`);
}

export function gitignoreCovers(gitignoreText: string, path: string): boolean {
  return new IgnoreRules(gitignoreText).ignores(path);
}

/**
 * `text` without `block`, a piece this tool appended earlier (`# comment\nNAME=value\n` in `.env`,
 * `NAME=\n` in `.env.example`): its last occurrence is removed, so a same-name entry that was there
 * before stays. Undefined when the block is no longer there as written (edited since: left alone).
 */
export function withoutAppended(text: string, block: string): string | undefined {
  if (!block) return text;
  const at = text.lastIndexOf(block);
  if (at < 0) return undefined;
  // A block that began with the newline the file lacked keeps that newline when more text follows.
  const rest = text.slice(at + block.length);
  const keep = block.startsWith('\n') && rest.length ? '\n' : '';
  return text.slice(0, at) + keep + rest;
}
