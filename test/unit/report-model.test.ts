// The workspace report model: coverage arithmetic, grouping, trend history.
import * as assert from 'node:assert/strict';
import type { Finding } from '../../src/core/findings';
import type { InventoryEntry } from '../../src/core/ownership/evaluate';
import {
  appendHistory, buildWorkspaceReport, coverageByOwner, coverageOf, emptyBySeverity, groupCount, NO_OWNER, parseHistory, percent,
  ROOT_FOLDER, summarize, topFolder, type ReportSummary,
} from '../../src/core/report/workspace-report';
import { sparkline, toWorkspaceCsv, toWorkspaceMarkdown } from '../../src/core/report/workspace-formats';
import type { Severity } from '../../src/core/rules/types';

const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } };

function finding(path: string, provider: string, severity: Severity, ruleId = `${provider.toLowerCase()}-key`, suppressed?: string): Finding {
  return {
    ruleId, description: `${provider} key`, provider, kind: 'api_key', severity, confidence: 'high', path, range, offset: { start: 0, end: 16 },
    preview: 'abcd******** (40 chars)', fingerprint: `fp-${path}-${ruleId}`, fix: { envName: 'X', provider, kind: 'api_key' },
    ...(suppressed ? { suppressed: { by: 'inline' as const, reason: suppressed } } : {}),
  };
}

function entry(id: string, status: InventoryEntry['status'], refs: number, owners: InventoryEntry['owners'] = {}, source: InventoryEntry['source'] = 'register', problems: InventoryEntry['problems'] = []): InventoryEntry {
  return {
    id, status, source, owners, environments: [], missing: [], problems,
    references: Array.from({ length: refs }, (_, i) => ({ name: id, kind: 'env-read' as const, path: `src/f${i}.ts`, range })),
  };
}

function summary(at: string, findings = 1): ReportSummary {
  return {
    at, findings, bySeverity: { ...emptyBySeverity(), high: findings }, ownershipFindings: 0, suppressed: 0, references: 0, ownedReferences: 0,
    coverage: null, identities: 0, expired: 0, expiring: 0, overdue: 0, noOwner: 0,
  };
}

const NOW = new Date('2026-03-01T00:00:00Z');

describe('workspace report model', () => {
  it('computes coverage as owned references over all references, null when there are none', () => {
    assert.deepEqual(coverageOf([]), { owned: 0, references: 0, percent: null });
    assert.deepEqual(coverageOf([entry('a', 'ok', 0)]), { owned: 0, references: 0, percent: null });
    assert.deepEqual(coverageOf([entry('a', 'ok', 2), entry('B', 'no-owner', 1, {}, 'unregistered')]), { owned: 2, references: 3, percent: 66.7 });
    assert.equal(percent(1, 8), 12.5);
    assert.equal(percent(3, 0), null);
    const r = buildWorkspaceReport({ root: '/w/app', version: '1', now: NOW, findings: [] });
    assert.equal(r.tiles.coverage.percent, null);
    assert.equal(r.ownership.enabled, false);
    assert.equal(r.tiles.findings.total, 0);
    assert.equal(r.workspace, 'app');
  });

  it('groups by top-level folder, provider and rule, largest first, folding the tail into "other"', () => {
    assert.equal(topFolder('src/a/b.ts'), 'src');
    assert.equal(topFolder('.env'), ROOT_FOLDER);
    const items = ['a', 'b', 'b', 'c', 'c', 'c', 'd'];
    assert.deepEqual(groupCount(items, (x) => x), [{ label: 'c', value: 3 }, { label: 'b', value: 2 }, { label: 'a', value: 1 }, { label: 'd', value: 1 }]);
    assert.deepEqual(groupCount(items, (x) => x, 3), [{ label: 'c', value: 3 }, { label: 'b', value: 2 }, { label: 'other (2)', value: 2 }]);
    const r = buildWorkspaceReport({
      root: '/w', version: '1', now: NOW,
      findings: [finding('src/a.ts', 'Stripe', 'critical'), finding('src/b.ts', 'Stripe', 'high'), finding('config.yaml', 'AWS', 'critical')],
      suppressed: [finding('test/x.ts', 'AWS', 'critical', 'aws-key', 'test fixture'), finding('test/y.ts', 'AWS', 'critical', 'aws-key', 'test fixture')],
    });
    assert.deepEqual(r.series.byProvider.map((p) => [p.label, p.value, p.bySeverity?.critical]), [['Stripe', 2, 1], ['AWS', 1, 1]]);
    assert.deepEqual(r.series.byFolder.map((p) => [p.label, p.value]), [['src', 2], [ROOT_FOLDER, 1]]);
    assert.deepEqual(r.tiles.findings.bySeverity, { critical: 2, high: 1, medium: 0, low: 0, info: 0 });
    assert.deepEqual(r.tiles.suppressed, { total: 2, byReason: [{ reason: 'test fixture', by: 'inline', count: 2 }] });
    // Open first, most severe first; suppressed rows last, with their reason.
    assert.deepEqual(r.findings.map((f) => [f.state, f.severity, f.path, f.line]), [
      ['open', 'critical', 'config.yaml', 3], ['open', 'critical', 'src/a.ts', 3], ['open', 'high', 'src/b.ts', 3],
      ['suppressed', 'critical', 'test/x.ts', 3], ['suppressed', 'critical', 'test/y.ts', 3],
    ]);
    assert.equal(r.findings[3].suppressedReason, 'test fixture');
  });

  it('counts identities by problem and coverage by accountable owner, unowned last', () => {
    const inventory = [
      entry('stripe', 'ok', 3, { technical: 'group:payments', business: 'group:commerce' }),
      entry('db', 'expired', 1, { technical: 'group:payments' }, 'register', ['owner/expired', 'owner/rotation-overdue']),
      entry('ci', 'expiring', 2, { business: 'group:platform' }, 'register', ['owner/expiring']),
      entry('NPM_TOKEN', 'no-owner', 2, {}, 'unregistered', ['owner/missing']),
    ];
    const r = buildWorkspaceReport({ root: '/w', version: '1', now: NOW, findings: [], ownership: { findings: [], inventory } });
    assert.deepEqual(r.tiles.coverage, { owned: 6, references: 8, percent: 75 });
    assert.equal(r.tiles.identities, 3);
    assert.deepEqual([r.tiles.expired, r.tiles.overdue, r.tiles.expiring, r.tiles.noOwner], [1, 1, 1, 1]);
    assert.deepEqual(coverageByOwner(inventory), [
      { owner: 'group:payments', identities: 2, healthy: 1, references: 4, share: 50 },
      { owner: 'group:platform', identities: 1, healthy: 0, references: 2, share: 25 },
      { owner: NO_OWNER, identities: 0, healthy: 0, references: 2, share: 25 },
    ]);
    assert.deepEqual(r.identities.map((i) => i.id), ['db', 'NPM_TOKEN', 'ci', 'stripe']); // worst status first
  });

  it('keeps a capped, ordered trend with one entry per scan time', () => {
    let h: ReportSummary[] = [];
    for (let d = 1; d <= 60; d++) h = appendHistory(h, summary(new Date(Date.UTC(2026, 0, 1) + d * 3_600_000).toISOString(), d));
    assert.equal(h.length, 50);
    assert.deepEqual(h.map((x) => x.findings), Array.from({ length: 50 }, (_, i) => i + 11)); // the 50 newest, oldest first
    const shuffled = appendHistory([summary('2026-02-03T00:00:00Z'), summary('2026-02-01T00:00:00Z')], summary('2026-02-02T00:00:00Z'), 10);
    assert.deepEqual(shuffled.map((x) => x.at.slice(8, 10)), ['01', '02', '03']);
    const replaced = appendHistory([summary('2026-02-01T00:00:00Z', 5)], summary('2026-02-01T00:00:00Z', 7));
    assert.deepEqual(replaced.map((x) => x.findings), [7]);
    assert.deepEqual(appendHistory([summary('2026-02-01T00:00:00Z')], summary('2026-02-02T00:00:00Z'), 1).map((x) => x.at.slice(8, 10)), ['02']);
    assert.deepEqual(parseHistory('not json'), []);
    assert.deepEqual(parseHistory(JSON.stringify([{ at: 'nope' }, summary('2026-02-01T00:00:00Z'), 3])).length, 1);
  });

  it('appends the current scan to the trend given, and summarizes counts only', () => {
    const history = [summary('2026-02-01T00:00:00Z', 4), summary('2026-02-15T00:00:00Z', 2)];
    const r = buildWorkspaceReport({ root: '/w', version: '1', now: NOW, findings: [finding('a.ts', 'AWS', 'high')], history, historyCap: 2 });
    assert.deepEqual(r.trend.map((t) => [t.at.slice(0, 10), t.findings]), [['2026-02-15', 2], ['2026-03-01', 1]]);
    const s = summarize(r);
    assert.equal(s.at, '2026-03-01T00:00:00.000Z');
    assert.ok(Object.values(s).every((v) => typeof v !== 'string' || v === s.at), 'a summary holds counts and its date only');
    assert.equal(sparkline([3, 1, 2]), '█▁▅');
    const md = toWorkspaceMarkdown(buildWorkspaceReport({ root: '/w', version: '1', now: NOW, findings: [finding('a.ts', 'AWS', 'high')], history }));
    assert.match(md, /\*\*1 open finding\*\*: 🟠 1 high/);
    assert.match(md, /\*\*Trend\*\* \(last 3 scans\)/);
    const csv = toWorkspaceCsv(r).split('\r\n');
    assert.match(csv[0], /^record,severity_or_status,state,/);
    assert.match(csv[1], /^finding,high,open,secret,aws-key,AWS,a\.ts,3,5,\(root\)/);
  });
});
