// A baseline accepts known findings by fingerprint (a salted hash of rule + secret), so it does not
// churn when lines move; each entry says why, and may expire.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors';
import { describeRefusal, LIMITS, readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import type { Finding } from '../findings';
import { formatIssues } from '../config/load';
import { parseJsonFile } from '../config/json';

const EntrySchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/),
  ruleId: z.string(),
  path: z.string().optional().describe('Where it was seen when added (informational; matching uses the fingerprint)'),
  reason: z.string().min(1),
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').optional(),
  added: z.string().optional(),
}).strict();

export const BaselineSchema = z.object({
  version: z.literal(1),
  entries: z.array(EntrySchema),
}).strict();

export type Baseline = z.infer<typeof BaselineSchema>;
export type BaselineEntry = z.infer<typeof EntrySchema>;

/** `root`: a baseline named by a workspace's config must resolve inside it. */
export function readBaseline(file: string, opts: { root?: string } = {}): Baseline {
  return parseBaseline(readBoundedSync(file, { maxBytes: LIMITS.baseline, root: opts.root }), file);
}

/** The same, without blocking the thread (the editor). */
export async function readBaselineAsync(file: string, opts: { root?: string } = {}): Promise<Baseline> {
  return parseBaseline(await readBounded(file, { maxBytes: LIMITS.baseline, root: opts.root }), file);
}

function parseBaseline(r: BoundedRead, file: string): Baseline {
  if (!r.ok) throw new UserError(`cannot read baseline ${describeRefusal(file, r)}`);
  const json = parseJsonFile(r.bytes.toString('utf8'), file);
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${file}: invalid baseline:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
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

/** Looks findings up by fingerprint; an expired entry no longer suppresses. */
export class BaselineMatcher {
  private readonly byFingerprint = new Map<string, BaselineEntry>();

  constructor(baseline: Baseline, private readonly today = new Date().toISOString().slice(0, 10)) {
    for (const e of baseline.entries) this.byFingerprint.set(e.fingerprint, e);
  }

  match(f: Finding): BaselineEntry | undefined {
    const e = this.byFingerprint.get(f.fingerprint);
    if (!e || e.ruleId !== f.ruleId) return undefined;
    if (e.expires && e.expires < this.today) return undefined;
    return e;
  }

  expired(): BaselineEntry[] {
    return [...this.byFingerprint.values()].filter((e) => e.expires !== undefined && e.expires < this.today);
  }
}
