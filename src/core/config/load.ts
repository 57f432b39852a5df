// Reads and validates the project config, turning JSON and schema errors into messages with a location.
import * as path from 'node:path';
import type * as z from 'zod';
import { UserError } from '../errors';
import { describeRefusal, LIMITS, readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import { globProblem } from '../files/glob';
import { decode } from '../files/read';
import { parseJsonFile } from './json';
import { builtinRules } from '../rules';
import { compileCustomRule } from './custom-rules';
import { defaultConfig } from './defaults';
import { CONFIG_FILE } from './files';
import type { Config } from './schema';
import type * as Schema from './schema';

/** The validator, loaded on first use: a run without a config file never evaluates zod (~30 ms). */
function schema(): typeof Schema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (the bundler keeps it lazy)
  return require('./schema') as typeof Schema;
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from, if any. */
  file?: string;
  /** Folder relative paths in the config resolve against. */
  dir: string;
  /** Non-fatal remarks (unknown rule ids), to show the user. */
  warnings: string[];
  /** Globs dropped because they were refused (only with `dropBadGlobs`). */
  globProblems: string[];
}

export interface LoadOptions {
  /**
   * Drop include/exclude globs that are refused (extglobs, too long) and say so in `globProblems`,
   * instead of failing (the editor: scanning goes on without them). Default: a UserError (the CLI exits 2).
   */
  dropBadGlobs?: boolean;
  /**
   * Receives the config file's text by absolute path once read, so a scan that reaches the same file
   * analyzes that text instead of reading it again (one read per file).
   */
  texts?: Map<string, string>;
}

/**
 * Loads `explicit`, or `<root>/.credential-hygiene.json` when present, or the defaults. Read with the
 * bounded reader: a FIFO, device or oversized file is a config error, never a hang.
 */
export function loadConfig(root: string, explicit?: string, opts: LoadOptions = {}): LoadedConfig {
  const file = explicit ? path.resolve(explicit) : path.join(root, CONFIG_FILE);
  return fromRead(readBoundedSync(file, configReadOptions(root, explicit)), root, file, explicit, opts);
}

/** The same, without blocking the thread (the editor's extension host). */
export async function loadConfigAsync(root: string, explicit?: string, opts: LoadOptions = {}): Promise<LoadedConfig> {
  const file = explicit ? path.resolve(explicit) : path.join(root, CONFIG_FILE);
  return fromRead(await readBounded(file, configReadOptions(root, explicit)), root, file, explicit, opts);
}

/** A config found in the workspace must be in it; one named on the command line is read where it is. */
function configReadOptions(root: string, explicit?: string) {
  return { maxBytes: LIMITS.config, root: explicit ? undefined : root };
}

function fromRead(r: BoundedRead, root: string, file: string, explicit: string | undefined, opts: LoadOptions): LoadedConfig {
  if (!r.ok) {
    if (!explicit && r.code === 'ENOENT') return { config: defaultConfig(), dir: root, warnings: [], globProblems: [] };
    throw new UserError(`cannot read config ${describeRefusal(file, r)}`);
  }
  const d = decode(r.bytes);
  if ('text' in d) opts.texts?.set(file, d.text);
  return { ...parseConfig(r.bytes.toString('utf8'), file, opts), file, dir: path.dirname(file) };
}

export function parseConfig(raw: string, label: string, opts: LoadOptions = {}): { config: Config; warnings: string[]; globProblems: string[] } {
  const json = parseJsonFile(raw, label);
  const parsed = schema().ConfigSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${label}: invalid configuration:\n${formatIssues(parsed.error)}`);
  const config = parsed.data;
  const known = new Set([...builtinRules.map((r) => r.id), ...config.customRules.map((r) => r.id)]);
  const warnings = Object.keys(config.rules).filter((id) => !known.has(id)).map((id) => `${label}: unknown rule id "${id}" in "rules"`);
  const globProblems = checkGlobs(config, label, opts);
  for (const r of config.customRules) compileCustomRule(r, label);
  const dup = config.customRules.find((r) => builtinRules.some((b) => b.id === r.id));
  if (dup) throw new UserError(`${label}: custom rule id "${dup.id}" is already a built-in rule`);
  return { config, warnings, globProblems };
}

/**
 * include/exclude globs must compile with the bounded matcher (no extglobs, a length cap). A refused
 * one is an error naming the pattern and the file, or is dropped with a message (`dropBadGlobs`).
 */
export function checkGlobs(config: Pick<Config, 'include' | 'exclude'>, label: string, opts: LoadOptions = {}): string[] {
  const problems: string[] = [];
  for (const field of ['include', 'exclude'] as const) {
    const list = config[field];
    if (!list) continue;
    const kept = list.filter((g) => {
      const why = globProblem(g, { matchBase: true });
      if (why) problems.push(`${label}: "${field}": ${why}`);
      return !why;
    });
    if (kept.length !== list.length) config[field] = kept;
  }
  if (problems.length && !opts.dropBadGlobs) throw new UserError(problems.join('\n'));
  return problems;
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}

export { compileCustomRule, engineOptionsFrom, toEngineOptions, type SerializableEngineOptions } from './custom-rules';
