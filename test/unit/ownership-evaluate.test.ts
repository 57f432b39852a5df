// The ownership checks over an injected clock: each owner/* rule, its boundaries, configured
// severities and required fields, suppression, and the inventory's statuses.
import * as assert from 'node:assert/strict';
import { addDuration, parseDate } from '../../src/core/ownership/dates';
import { evaluateOwnership, type OwnershipInput } from '../../src/core/ownership/evaluate';
import type { CredentialReference } from '../../src/core/ownership/reference';
import { emptyRegister, parseRegister } from '../../src/core/ownership/register';

const NOW = new Date('2026-03-01T00:00:00Z');

/** A reference at `line` (1-based) of `path`. */
function ref(name: string, path: string, line: number, extra: Partial<CredentialReference> = {}): CredentialReference {
  return {
    kind: 'env-read', name, path,
    range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: name.length } },
    offset: { start: 0, end: name.length },
    ...extra,
  };
}

/** [ruleId, "path:line", message] of each finding. */
function run(input: Partial<OwnershipInput> & Pick<OwnershipInput, 'register'>) {
  const result = evaluateOwnership({ references: [], now: NOW, ...input });
  return { result, rows: result.findings.map((f) => [f.ruleId, `${f.path}:${f.range.start.line + 1}`, f.message]) };
}

const complete = (id: string, extra: string[] = []) => [
  `  - id: ${id}`,
  '    owners: { business: group:payments, technical: group:platform }',
  '    purpose: test',
  '    environment: production',
  ...extra,
];

describe('ownership evaluation', () => {
  it('is quiet for a complete, current identity and reports each problem at the identity in the register', () => {
    const register = parseRegister([
      'identities:', //                                                   1
      ...complete('good', ['    rotation: P90D', '    lastRotated: 2026-01-15', '    match: [GOOD_TOKEN]']), // 2-8
      ...complete('old', ['    expires: 2026-02-01']), //                  9-13
      ...complete('soon', ['    expires: 2026-03-31']), //                  14-18
      ...complete('later', ['    expires: 2026-04-01']), //                 19-23
      ...complete('stale', ['    rotation: P3M', '    lastRotated: 2025-11-30']), // 24-29
      '  - id: bare', //                                                     30
      '',
    ].join('\n'));
    const { rows, result } = run({ register, references: [ref('GOOD_TOKEN', 'src/app.ts', 3)] });
    assert.deepEqual(rows, [
      ['owner/expired', 'credentials.yaml:9', 'old expired on 2026-02-01 (28 days ago)'],
      ['owner/expiring', 'credentials.yaml:14', 'soon expires on 2026-03-31 (in 30 days)'],
      ['owner/rotation-overdue', 'credentials.yaml:24', 'stale was due for rotation on 2026-02-28 (P3M after 2025-11-30), 1 day ago'],
      ['owner/incomplete', 'credentials.yaml:30', 'bare is missing owners.business, owners.technical, purpose, environment, expires or rotation'],
    ]);
    assert.deepEqual(result.inventory.map((e) => [e.id, e.status]), [
      ['good', 'ok'], ['old', 'expired'], ['soon', 'expiring'], ['later', 'ok'], ['stale', 'overdue'], ['bare', 'no-owner'],
    ]);
    assert.equal(result.inventory[0].nextRotation, '2026-04-15');
    assert.deepEqual(result.inventory[0].references.map((r) => `${r.path}:${r.range.start.line + 1}`), ['src/app.ts:3']);
  });

  it('counts expiry to the second: expired at the instant, not yet the second before', () => {
    const register = parseRegister(['identities:', ...complete('k', ['    expires: 2026-03-01T00:00:00Z'])].join('\n'));
    assert.deepEqual(run({ register }).rows.map((r) => r[0]), ['owner/expired']);
    assert.deepEqual(run({ register, now: new Date('2026-02-28T23:59:59Z') }).rows.map((r) => r[2]), ['k expires on 2026-03-01 (in 1 day)']);
    const due = parseRegister(['identities:', ...complete('r', ['    rotation: P1D', '    lastRotated: 2026-02-28'])].join('\n'));
    assert.deepEqual(run({ register: due }).rows, [], 'due exactly now is not overdue yet');
    assert.deepEqual(run({ register: due, now: new Date('2026-03-01T00:00:01Z') }).rows.map((r) => r[2]), ['r was due for rotation on 2026-03-01 (P1D after 2026-02-28), today']);
  });

  it('never reads the system clock', () => {
    const RealDate = Date;
    class NoClock extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) throw new Error('the evaluation read the clock');
        super(...(args as [string]));
      }
      static override now(): number {
        throw new Error('the evaluation read the clock');
      }
    }
    const register = parseRegister(['identities:', ...complete('k', ['    expires: 2026-03-10', '    rotation: P30D', '    lastRotated: 2026-01-01'])].join('\n'));
    globalThis.Date = NoClock as DateConstructor;
    try {
      const { rows } = run({ register, now: new RealDate('2026-03-01T00:00:00Z') });
      assert.deepEqual(rows.map((r) => r[0]), ['owner/expiring', 'owner/rotation-overdue']);
    } finally {
      globalThis.Date = RealDate;
    }
  });

  it('reports references no identity owns, with CODEOWNERS as a suggestion only', () => {
    const register = parseRegister(['identities:', ...complete('stripe', ['    expires: 2027-01-01', '    match: ["STRIPE_*"]', '    ref: op://payments/stripe/credential'])].join('\n'));
    const references = [
      ref('STRIPE_SECRET_KEY', 'api/main.go', 4),
      ref('op://payments/stripe/credential', '.env.production', 2, { kind: 'vault-ref', environment: 'production' }),
      ref('NPM_TOKEN', '.github/workflows/ci.yml', 9, { kind: 'actions-secret' }),
      ref('LEGACY_TOKEN', 'worker.py', 3, { allowed: 'retired' }),
    ];
    const { result, rows } = run({ register, references, suggestOwners: (p) => (p.startsWith('.github/') ? ['group:platform'] : []) });
    assert.deepEqual(rows, [
      ['owner/missing', '.github/workflows/ci.yml:9', 'GitHub Actions secret NPM_TOKEN has no owner: no identity in credentials.yaml matches it (CODEOWNERS suggests group:platform)'],
    ]);
    assert.deepEqual(result.findings[0].suggestedOwners, ['group:platform']);
    assert.deepEqual([result.findings[0].reference, result.findings[0].referenceKind], ['NPM_TOKEN', 'actions-secret']);
    assert.deepEqual(result.suppressed.map((f) => [f.ruleId, f.reference, f.suppressed]), [['owner/missing', 'LEGACY_TOKEN', { by: 'inline', reason: 'retired' }]]);
    assert.deepEqual(result.inventory.map((e) => [e.id, e.status, e.references.length]), [['stripe', 'ok', 2], ['NPM_TOKEN', 'no-owner', 1], ['LEGACY_TOKEN', 'no-owner', 1]]);
  });

  it('says so when there is no register at all', () => {
    const { rows } = run({ register: emptyRegister('ops/credentials.yaml'), references: [ref('API_TOKEN', 'a.ts', 1)] });
    assert.deepEqual(rows, [['owner/missing', 'a.ts:1', 'Environment variable API_TOKEN has no owner: there is no ops/credentials.yaml yet']]);
  });

  it('flags one identity used from several environments, listing where', () => {
    const register = parseRegister(['identities:', ...complete('analytics', ['    expires: 2027-01-01', '    match: [ANALYTICS_TOKEN]'])].join('\n'));
    const references = [
      ref('ANALYTICS_TOKEN', 'src/a.ts', 1),
      ref('ANALYTICS_TOKEN', 'k8s/prod/a.yaml', 7, { environment: 'production' }),
      ref('ANALYTICS_TOKEN', '.github/workflows/e2e.yml', 12, { environment: 'test' }),
    ];
    const { result, rows } = run({ register, references });
    assert.deepEqual(rows, [['owner/shared-across-environments', 'credentials.yaml:2', 'analytics is used in production and test: give each environment its own credential']]);
    assert.deepEqual(result.findings[0].related?.map((r) => [r.path, r.message]), [
      ['src/a.ts', 'ANALYTICS_TOKEN'], ['k8s/prod/a.yaml', 'ANALYTICS_TOKEN (production)'], ['.github/workflows/e2e.yml', 'ANALYTICS_TOKEN (test)'],
    ]);
    assert.deepEqual(result.inventory[0].environments, ['production', 'test']);
  });

  it('flags resources without an owner tag, suggesting the register\'s owner', () => {
    const register = parseRegister(['identities:', ...complete('db', ['    expires: 2027-01-01', '    match: ["k8s:Secret/db"]'])].join('\n'));
    const references = [
      ref('k8s:Secret/db', 'k8s/db.yaml', 4, { kind: 'k8s-secret', resource: { platform: 'kubernetes', tagged: false } }),
      ref('terraform:aws_iam_access_key.ci', 'main.tf', 9, { kind: 'terraform-resource', resource: { platform: 'terraform', tagged: false } }),
      ref('terraform:aws_secretsmanager_secret.x', 'main.tf', 20, { kind: 'terraform-resource', resource: { platform: 'terraform', tagged: true, owner: 'group:x' } }),
    ];
    const { result, rows } = run({ register, references });
    assert.deepEqual(rows, [
      ['owner/untagged-resource', 'k8s/db.yaml:4', 'Kubernetes Secret/db carries a credential but has no owner label or annotation (owner: group:platform)'],
      ['owner/missing', 'main.tf:9', 'Terraform resource aws_iam_access_key.ci has no owner: no identity in credentials.yaml matches it'],
      ['owner/untagged-resource', 'main.tf:9', 'Terraform resource aws_iam_access_key.ci carries a credential but has no Owner tag on its IAM user'],
      ['owner/missing', 'main.tf:20', 'Terraform resource aws_secretsmanager_secret.x has no owner: no identity in credentials.yaml matches it'],
    ]);
    assert.deepEqual(result.findings[0].suggestedOwners, ['group:platform', 'group:payments']);
    assert.equal(result.findings[0].identityId, 'db');
  });

  it('turns register problems into owner/register-invalid findings and keeps evaluating', () => {
    const register = parseRegister('identities:\n  - id: a\n    match: [A_TOKEN]\n    expires: someday\n  - id: a\n');
    const { rows } = run({ register, references: [ref('A_TOKEN', 'x.ts', 1), ref('B_TOKEN', 'x.ts', 2)] });
    assert.deepEqual(rows, [
      ['owner/incomplete', 'credentials.yaml:2', 'a is missing owners.business, owners.technical, purpose, environment, expires or rotation'],
      ['owner/register-invalid', 'credentials.yaml:4', 'credentials.yaml: identity "a": expires: a date as YYYY-MM-DD (or an ISO 8601 date-time)'],
      ['owner/register-invalid', 'credentials.yaml:5', 'credentials.yaml: duplicate id "a" (first declared on line 2); this entry is ignored'],
      ['owner/missing', 'x.ts:2', 'Environment variable B_TOKEN has no owner: no identity in credentials.yaml matches it'],
    ]);
  });

  it('uses configured severities, rules turned off and required fields', () => {
    const register = parseRegister(['identities:', '  - id: k', '    owners: { technical: group:platform }', '    rotation: P30D', '    expires: 2026-03-05'].join('\n'));
    const references = [ref('X_TOKEN', 'a.ts', 1)];
    const defaults = run({ register, references }).result.findings.map((f) => [f.ruleId, f.severity]);
    assert.deepEqual(defaults, [['owner/missing', 'medium'], ['owner/expiring', 'medium'], ['owner/incomplete', 'low']]);
    const configured = run({
      register, references,
      options: { required: ['owners.technical', 'provider'], severities: { 'owner/missing': false, 'owner/expiring': 'critical' } },
    });
    assert.deepEqual(configured.rows.map((r) => [r[0], r[2]]), [
      ['owner/expiring', 'k expires on 2026-03-05 (in 4 days)'],
      ['owner/incomplete', 'k is missing provider, lastRotated'],
    ]);
    assert.equal(configured.result.findings[0].severity, 'critical');
    const window = run({ register, options: { expiringWithinDays: 3, required: [] } });
    assert.deepEqual(window.rows.map((r) => r[0]), ['owner/incomplete'], 'outside a 3-day window; lastRotated is still needed for the rotation');
  });

  it('gives stable fingerprints that do not depend on the line', () => {
    const register = emptyRegister();
    const a = run({ register, references: [ref('X_TOKEN', 'a.ts', 1), ref('X_TOKEN', 'a.ts', 5)] }).result.findings.map((f) => f.fingerprint);
    const b = run({ register, references: [ref('X_TOKEN', 'a.ts', 10), ref('X_TOKEN', 'a.ts', 12)] }).result.findings.map((f) => f.fingerprint);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, 2);
    assert.match(a[0], /^[0-9a-f]{32}$/);
  });

  it('adds ISO 8601 durations on the calendar', () => {
    const add = (d: string, p: string) => addDuration(parseDate(d)!, p)!.toISOString();
    assert.equal(add('2026-01-31', 'P1M'), '2026-02-28T00:00:00.000Z');
    assert.equal(add('2024-02-29', 'P1Y'), '2025-02-28T00:00:00.000Z');
    assert.equal(add('2026-01-01', 'P2W'), '2026-01-15T00:00:00.000Z');
    assert.equal(add('2026-01-01', 'P1Y2M3DT4H5M6S'), '2027-03-04T04:05:06.000Z');
    assert.equal(addDuration(NOW, 'P'), undefined);
    assert.equal(parseDate('2026-02-30'), undefined);
    assert.equal(parseDate('2026-03-01T12:00:00+02:00')?.toISOString(), '2026-03-01T10:00:00.000Z');
  });
});
