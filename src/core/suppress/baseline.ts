// A baseline accepts known findings by fingerprint (a salted hash of rule + secret), so it does not
// churn when lines move; each entry says why, and may expire. Entries of the old fingerprint scheme
// (v1: a fast hash under a salt shared by every installation) still match for one release, and
// `credential-hygiene baseline migrate` rewrites them as v2, keeping their reasons.
import * as path from 'node:path';
import { writeFileSync } from 'node:fs';
import type * as BaselineSchemaModule from './baseline-schema';
import type { Baseline, BaselineEntry } from './baseline-schema';
import { UserError } from '../errors';
import { writeInsideSync } from '../files/safe-write';
import { describeRefusal, LIMITS, readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import { decode } from '../files/read';
import { isLegacyFingerprint, type Finding } from '../findings';
import { MCP_CONFIG_PATHS } from '../rules/providers/agents';
import { baselineMayMatch, isAgentRule } from './may-match';
import { formatIssues } from '../config/load';
import { parseJsonFile } from '../config/json';

export type { Baseline, BaselineEntry } from './baseline-schema';

/** The validator, loaded when a baseline is read: a run without one never evaluates zod. */
function schema(): typeof BaselineSchemaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (the bundler keeps it lazy)
  return require('./baseline-schema') as typeof BaselineSchemaModule;
}

/** A baseline's JSON text, validated (`label` names it in errors). */
export function parseBaselineText(raw: string, label: string): Baseline {
  const parsed = schema().BaselineSchema.safeParse(parseJsonFile(raw, label));
  if (!parsed.success) throw new UserError(`${label}: invalid baseline:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * `root`: a baseline named by a workspace's config must resolve inside it. `texts` receives its text by
 * absolute path, so a scan that reaches the file analyzes that text instead of reading it again.
 */
export interface BaselineReadOptions {
  root?: string;
  texts?: Map<string, string>;
}

export function readBaseline(file: string, opts: BaselineReadOptions = {}): Baseline {
  return parseBaseline(readBoundedSync(file, { maxBytes: LIMITS.baseline, root: opts.root }), file, opts.texts);
}

/** The same, without blocking the thread (the editor). */
export async function readBaselineAsync(file: string, opts: BaselineReadOptions = {}): Promise<Baseline> {
  return parseBaseline(await readBounded(file, { maxBytes: LIMITS.baseline, root: opts.root }), file, opts.texts);
}

function parseBaseline(r: BoundedRead, file: string, texts?: Map<string, string>): Baseline {
  if (!r.ok) throw new UserError(`cannot read baseline ${describeRefusal(file, r)}`);
  const d = decode(r.bytes);
  if ('text' in d) texts?.set(path.resolve(file), d.text);
  return parseBaselineText(r.bytes.toString('utf8'), file);
}

/** With `root` (a path the workspace's config named), only inside it and never through a link. */
export function writeBaseline(file: string, baseline: Baseline, root?: string): void {
  const text = JSON.stringify(baseline, null, 2) + '\n';
  if (root) writeInsideSync(root, file, text);
  else writeFileSync(file, text);
}

export function baselineFrom(findings: readonly Finding[], reason: string, now = new Date()): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, reason, added: now.toISOString().slice(0, 10) });
  }
  return { version: 1, entries };
}

/** How many entries use the old (v1) fingerprint scheme. */
export function legacyEntryCount(baseline: Baseline): number {
  return baseline.entries.filter((e) => isLegacyFingerprint(e.fingerprint)).length;
}

export function legacyBaselineMessage(count: number, file = 'the baseline'): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'} of ${file} use${count === 1 ? 's' : ''} the old fingerprint scheme (v1, crackable): ` +
    'run `credential-hygiene baseline migrate` (keeps reasons and expiry dates) or re-create the baseline; v1 entries stop matching in the next release';
}

/**
 * Rewrites v1 entries as v2: `matched` maps an old fingerprint to the v2 fingerprint of the finding it
 * matched in a scan. Reasons, expiry, paths and dates are kept; an entry whose new fingerprint is
 * already in the baseline is dropped as a duplicate; v1 entries no finding matched stay as they are.
 */
export function migrateBaseline(baseline: Baseline, matched: ReadonlyMap<string, string>): { baseline: Baseline; migrated: number; duplicates: number; unmatched: number } {
  const present = new Set(baseline.entries.map((e) => e.fingerprint));
  const entries: BaselineEntry[] = [];
  let migrated = 0;
  let duplicates = 0;
  let unmatched = 0;
  for (const e of baseline.entries) {
    if (!isLegacyFingerprint(e.fingerprint)) {
      entries.push(e);
      continue;
    }
    const to = matched.get(`${e.ruleId}\0${e.fingerprint}`);
    if (to === undefined) {
      unmatched++;
      entries.push(e);
    } else if (present.has(to)) {
      duplicates++;
    } else {
      present.add(to);
      migrated++;
      entries.push({ ...e, fingerprint: to });
    }
  }
  return { baseline: { ...baseline, entries }, migrated, duplicates, unmatched };
}

/**
 * Looks findings up by fingerprint; an expired entry no longer suppresses. A v1 entry matches a
 * finding's `legacyFingerprints` (the engine sets them when `legacy > 0`); each such match is recorded
 * in `legacyMatches` (rule + old fingerprint -> new fingerprint) for `migrateBaseline`.
 */
export class BaselineMatcher {
  private readonly byFingerprint = new Map<string, BaselineEntry>();
  /** Rules with entries: a finding of another rule is not looked up (its fingerprint may cost scrypt). */
  private readonly rules = new Set<string>();
  /** Entries of the old scheme. */
  readonly legacy: number;
  readonly legacyMatches = new Map<string, string>();
  /** Fingerprints of the entries some finding matched (expired ones included: they still name a finding). */
  private readonly used = new Set<string>();

  constructor(baseline: Baseline, private readonly today = new Date().toISOString().slice(0, 10)) {
    for (const e of baseline.entries) {
      this.byFingerprint.set(e.fingerprint, e);
      this.rules.add(e.ruleId);
    }
    this.legacy = legacyEntryCount(baseline);
    this.agentEntries = [...this.rules].some(isAgentRule);
  }

  /** Whether some entry is of an `mcp-*` rule. */
  private readonly agentEntries: boolean;

  match(f: Finding): BaselineEntry | undefined {
    if (!this.mayMatch(f)) return undefined;
    const same = (e: BaselineEntry) => sameValueRule(e.ruleId, f);
    let e = this.byFingerprint.get(f.fingerprint);
    if (!e || !same(e)) {
      e = undefined;
      for (const old of this.legacy ? f.legacyFingerprints ?? [] : []) {
        const l = this.byFingerprint.get(old);
        if (l && same(l)) {
          e = l;
          this.legacyMatches.set(`${l.ruleId}\0${old}`, f.fingerprint);
          break;
        }
      }
    }
    if (!e) return undefined;
    this.used.add(e.fingerprint);
    if (e.expires && e.expires < this.today) return undefined;
    return e;
  }

  /** Whether an entry could match `f` (looking it up computes its fingerprint, which may cost scrypt). */
  private mayMatch(f: Finding): boolean {
    return baselineMayMatch(f, this.rules, this.agentEntries);
  }

  /** Entries no finding looked up so far matched: once a whole scan is done, they match nothing any more. */
  unmatched(): BaselineEntry[] {
    return [...this.byFingerprint.values()].filter((e) => !this.used.has(e.fingerprint));
  }

  expired(): BaselineEntry[] {
    return [...this.byFingerprint.values()].filter((e) => e.expires !== undefined && e.expires < this.today);
  }
}

/**
 * Whether an entry of `ruleId` may stand for finding `f` when their fingerprints agree. One value has
 * one fingerprint in an agent configuration, computed under the provider rule (`fingerprintRule`):
 * an entry written by the provider rule (before the `mcp-*` rules, or with them disabled) matches the
 * `mcp-*` finding, and an `mcp-*` entry matches the provider rule's finding there.
 */
function sameValueRule(ruleId: string, f: Finding): boolean {
  if (ruleId === f.ruleId) return true;
  if (f.agent) return ruleId === f.agent.providerRule;
  return isAgentRule(ruleId) && MCP_CONFIG_PATHS.test(f.path);
}

/** What a scan says of baseline entries that match no finding any more. */
export function staleBaselineMessage(count: number): string {
  return `${count} baseline ${count === 1 ? 'entry matches' : 'entries match'} nothing: \`credential-hygiene baseline prune\` removes ${count === 1 ? 'it' : 'them'}`;
}

/** The baseline without `stale` entries (by fingerprint); every other entry is kept as it is, reason and all. */
export function pruneBaseline(baseline: Baseline, stale: readonly BaselineEntry[]): { baseline: Baseline; removed: number } {
  const gone = new Set(stale.map((e) => e.fingerprint));
  const entries = baseline.entries.filter((e) => !gone.has(e.fingerprint));
  return { baseline: { ...baseline, entries }, removed: baseline.entries.length - entries.length };
}
