// The CLI's ownership output as CI runs it: the real bundle (dist/cli.js) in a child process on a copy
// of the fixture workspace, with the clock pinned by --now.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXPECTED, fixtureCopy } from './ownership-support';
import { CLI, makeWorkspace } from './support/workspace';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NOW = ['--now', '2026-03-01'];

interface JsonFinding { ruleId: string; path: string; range: { start: { line: number; character: number } }; message: string; severity: string }

describe('ownership in the CLI', () => {
  let ws: ReturnType<typeof fixtureCopy>;
  before(() => {
    ws = fixtureCopy();
  });
  after(() => ws.cleanup());

  it('scan reports the ownership findings in JSON, next to the secret it found', () => {
    const r = cli(['scan', '.', '--format', 'json', ...NOW], ws.dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings.map((f: { ruleId: string; path: string }) => [f.ruleId, f.path]), [['github-pat-classic', 'worker/release.py']]);
    assert.equal(report.generatedAt, '2026-03-01T00:00:00.000Z');
    const o = report.ownership;
    assert.equal(o.register, 'credentials.yaml');
    assert.equal(o.registerFound, true);
    assert.deepEqual(o.findings.map((f: JsonFinding) => [f.ruleId, `${f.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`, f.message]), EXPECTED);
    assert.deepEqual(o.summary, { findings: 13, bySeverity: { critical: 0, high: 1, medium: 9, low: 3, info: 0 }, suppressed: 1, identities: 7, references: 29 });
    assert.equal(o.suppressed[0].suppressed.reason, 'retired with the v1 receipts API');
    assert.ok(!r.stdout.includes(ws.token));
  });

  it('scan writes SARIF with rule metadata for the owner/* ids, related locations and fingerprints', () => {
    const r = cli(['scan', '.', '--format', 'sarif', '--output', 'out.sarif', ...NOW], ws.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /1 finding\(s\), 13 ownership finding\(s\); report written to out\.sarif/);
    const run = JSON.parse(readFileSync(path.join(ws.dir, 'out.sarif'), 'utf8')).runs[0];
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.deepEqual(ids, [
      'github-pat-classic', 'owner/expired', 'owner/expiring', 'owner/incomplete', 'owner/missing', 'owner/rotation-overdue',
      'owner/shared-across-environments', 'owner/untagged-resource',
    ]);
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'owner/expired');
    assert.equal(rule.name, 'ExpiredCredential');
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.ok(rule.shortDescription.text && rule.help.text);
    assert.deepEqual(rule.properties.tags, ['security', 'credential', 'ownership', 'OWASP-NHI7']);
    const owned = run.results.filter((x: { ruleId: string }) => x.ruleId.startsWith('owner/'));
    assert.equal(owned.length, 14); // 13 and the suppressed one
    for (const res of owned) assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    const shared = owned.find((x: { ruleId: string }) => x.ruleId === 'owner/shared-across-environments');
    assert.deepEqual(shared.locations[0].physicalLocation, {
      artifactLocation: { uri: 'credentials.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 76, startColumn: 9, endLine: 76, endColumn: 24 },
    });
    assert.deepEqual(shared.relatedLocations.map((l: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }) =>
      [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine, l.message.text]), [
      ['.env.production', 4, 'ANALYTICS_API_TOKEN (production)'],
      ['.env.production', 4, 'ref+awssecrets://payments/analytics#/token (production)'],
      ['.github/workflows/deploy.yml', 17, 'ANALYTICS_API_TOKEN (test)'],
    ]);
    assert.equal(shared.properties.identity, 'analytics-token');
    assert.match(shared.partialFingerprints['credentialHygieneOwnership/v1'], /^[0-9a-f]{32}$/);
    const missing = owned.find((x: { ruleId: string; properties: { reference?: string } }) => x.properties.reference === 'NPM_TOKEN');
    assert.deepEqual(missing.properties, { severity: 'medium', reference: 'NPM_TOKEN', referenceKind: 'actions-secret', suggestedOwners: ['group:platform'] });
    const allowed = owned.find((x: { suppressions?: unknown }) => x.suppressions);
    assert.deepEqual(allowed.suppressions, [{ kind: 'inSource', justification: 'retired with the v1 receipts API' }]);
  });

  it('scan shows them in Markdown and text too', () => {
    const md = cli(['scan', '.', '--format', 'markdown', ...NOW], ws.dir).stdout;
    assert.match(md, /### Credential ownership/);
    assert.match(md, /\*\*13 ownership findings\*\*: 🟠 1 high · 🟡 9 medium · 🔵 3 low \(7 identities, 29 references; register: `credentials.yaml`\)/);
    assert.match(md, /\| 🟠 high \| `credentials.yaml:37` \| legacy-deploy-key expired on 2026-02-01 \(28 days ago\) \| `owner\/expired` \|/);
    const text = cli(['scan', '.', ...NOW], ws.dir).stdout;
    assert.match(text, /\n\nOwnership \(credentials\.yaml\)\n\.github\/workflows\/deploy\.yml\n {2}14:40 +medium +GitHub Actions secret NPM_TOKEN has no owner/);
    assert.match(text, /\ncredentials\.yaml\n {2}29:9 +low +sendgrid-key is missing owners\.technical, purpose {2}owner\/incomplete\n/);
    assert.match(text, /✖ 13 ownership findings \(1 high, 9 medium, 3 low\) · 7 identities · 29 references · 1 suppressed\n✖ 1 finding \(1 critical\)/);
  });

  it('exit codes weigh ownership findings with --fail-on; --no-ownership skips them', () => {
    const clean = fixtureCopy(7, false);
    try {
      assert.equal(cli(['scan', '.', ...NOW, '--fail-on', 'critical'], clean.dir).code, 0);
      assert.equal(cli(['scan', '.', ...NOW, '--fail-on', 'high'], clean.dir).code, 1); // owner/expired is high
      assert.equal(cli(['scan', '.', '--now', '2025-06-01', '--fail-on', 'high'], clean.dir).code, 0, 'nothing had expired yet');
      const off = cli(['scan', '.', '--no-ownership', '--format', 'json'], clean.dir);
      assert.equal(off.code, 0);
      assert.equal(JSON.parse(off.stdout).ownership, undefined);
    } finally {
      clean.cleanup();
    }
  });

  it('inventory lists every credential as JSON', () => {
    const r = cli(['inventory', '--format', 'json', ...NOW], ws.dir);
    assert.equal(r.code, 0, r.stderr);
    const inv = JSON.parse(r.stdout);
    assert.equal(inv.generatedAt, '2026-03-01T00:00:00.000Z');
    assert.deepEqual(inv.register, { path: 'credentials.yaml', found: true, issues: [] });
    assert.deepEqual(inv.summary, { entries: 14, byStatus: { expired: 1, overdue: 1, 'no-owner': 7, expiring: 1, incomplete: 1, ok: 3, retired: 0 }, references: 29 });
    assert.deepEqual(inv.identities.map((e: { id: string; status: string }) => `${e.id}:${e.status}`), [
      'stripe-live-key:ok', 'sendgrid-key:incomplete', 'legacy-deploy-key:expired', 'payments-db:expiring', 'ci-deployer:overdue',
      'analytics-token:ok', 'algolia-search-key:ok', 'REDIS_PASSWORD:no-owner', 'NPM_TOKEN:no-owner', 'GITHUB_WEBHOOK_SECRET:no-owner',
      'k8s:ServiceAccount/payments-api:no-owner', 'terraform:aws_secretsmanager_secret.stripe_webhook:no-owner', 'RECEIPTS_V1_API_TOKEN:no-owner',
      'GITHUB_TOKEN:no-owner',
    ]);
    const ci = inv.identities[4];
    assert.deepEqual([ci.owners, ci.nextRotation, ci.problems, ci.declaredAt.range.start.line], [{ business: 'group:payments', technical: 'group:platform' }, '2025-12-30', ['owner/rotation-overdue'], 61]);
    assert.ok(!r.stdout.includes(ws.token));
  });

  it('inventory as CSV and Markdown, to a file', () => {
    const r = cli(['inventory', '--format', 'csv', '--output', 'inventory.csv', ...NOW], ws.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /14 credential\(s\); inventory written to inventory\.csv/);
    const csv = readFileSync(path.join(ws.dir, 'inventory.csv'), 'utf8').split('\r\n');
    assert.equal(csv[0], 'id,status,source,kind,provider,business_owner,technical_owner,purpose,environment,used_in,system,ref,rotation,last_rotated,next_rotation,expires,missing,problems,declared_at,references,review,last_reviewed,next_review,retired');
    assert.equal(csv[1], 'stripe-live-key,ok,register,api_key,Stripe,group:payments,group:payments-platform,Charges customer cards,production,production,payments,op://payments/stripe-live/credential,P90D,2026-01-15,2026-04-15,,,,credentials.yaml:12,.env.production:2; .env.example:3; api/main.go:13; k8s/prod/secrets.yaml:5; k8s/prod/deployment.yaml:30,,,,');
    assert.equal(csv[2], 'sendgrid-key,incomplete,register,api_key,SendGrid,group:payments,,,production,,,,,,,2026-12-31,owners.technical; purpose,owner/incomplete,credentials.yaml:29,.env.example:4; worker/main.py:7,,,,');
    assert.equal(csv.length, 16); // header, 14 rows, and the final line break
    const md = cli(['inventory', '--format', 'markdown', ...NOW], ws.dir).stdout;
    assert.match(md, /^## Credential inventory\n\n\*\*14 credentials\*\*: ⛔ 1 expired · 🔁 1 overdue · ❓ 7 no-owner · ⏳ 1 expiring · 📝 1 incomplete · ✅ 3 ok · 29 references · register: `credentials.yaml`/);
    assert.match(md, /\| ⏳ expiring \| `payments-db` \(database_credential, PostgreSQL\) \| group:payments \| group:payments-platform \| production \| expires 2026-03-20 \| `.env.production:3`, `.env.example:5`, `k8s\/prod\/secrets.yaml:15` \+2 more \|/);
    const text = cli(['inventory', ...NOW], ws.dir).stdout;
    assert.match(text, /^stripe-live-key {2}✅ ok {2}api_key, Stripe\n {2}owners: business group:payments · technical group:payments-platform\n {2}environment production · rotation P90D \(next 2026-04-15\)\n/);
    assert.match(text, /14 credentials \(1 expired, 1 overdue, 7 no-owner, 1 expiring, 1 incomplete, 3 ok\) · 29 references · register: credentials.yaml\n$/);
  });

  it('without a register, scan stays as it was and inventory still lists what has no owner', () => {
    const plain = makeWorkspace({ 'src/app.ts': 'const key = process.env.STRIPE_SECRET_KEY;\n' });
    try {
      const scan = cli(['scan', '.', '--format', 'json'], plain.dir);
      assert.equal(scan.code, 0, scan.stderr);
      assert.equal(JSON.parse(scan.stdout).ownership, undefined);
      const inv = JSON.parse(cli(['inventory', '--format', 'json'], plain.dir).stdout);
      assert.deepEqual(inv.register, { path: 'credentials.yaml', found: false, issues: [] });
      assert.deepEqual(inv.identities.map((e: { id: string; status: string }) => [e.id, e.status]), [['STRIPE_SECRET_KEY', 'no-owner']]);
      // The report applies the same rule as scan: no register, no ownership findings, and it says so.
      const report = JSON.parse(cli(['report', '--format', 'json'], plain.dir).stdout);
      assert.deepEqual(report.ownership, { enabled: false });
      assert.equal(report.tiles.findings.ownership, 0);
      const md = cli(['report', '--format', 'markdown'], plain.dir).stdout;
      assert.match(md, /Ownership checks are off/);
      assert.doesNotMatch(md, /\| Expired \|/);
      const html = cli(['report', '--format', 'html'], plain.dir).stdout;
      assert.match(html, /Ownership not checked/);
      assert.doesNotMatch(html, /tile-expired/);
      writeFileSync(path.join(plain.dir, '.credential-hygiene.json'), JSON.stringify({ ownership: {} }));
      const optedIn = cli(['scan', '.', '--format', 'json'], plain.dir);
      assert.equal(optedIn.code, 1);
      assert.deepEqual(JSON.parse(optedIn.stdout).ownership.findings.map((f: JsonFinding) => f.message), ['Environment variable STRIPE_SECRET_KEY has no owner: there is no credentials.yaml yet']);
    } finally {
      plain.cleanup();
    }
  });

  it('a broken register is reported, positioned, and the scan goes on', () => {
    const broken = fixtureCopy(12, false);
    try {
      writeFileSync(path.join(broken.dir, 'credentials.yaml'), 'identities:\n  - id: stripe-live-key\n    match: [STRIPE_SECRET_KEY\n');
      const r = cli(['scan', '.', '--format', 'json', ...NOW], broken.dir);
      assert.equal(r.code, 1, r.stderr);
      const o = JSON.parse(r.stdout).ownership;
      const invalid = o.findings.filter((f: JsonFinding) => f.ruleId === 'owner/register-invalid');
      assert.ok(invalid.length >= 1);
      assert.deepEqual([invalid[0].path, invalid[0].range.start.line + 1, invalid[0].severity], ['credentials.yaml', 4, 'high']);
      assert.ok(o.findings.some((f: JsonFinding) => f.ruleId === 'owner/untagged-resource'));
      const inv = cli(['inventory', '--format', 'json', ...NOW], broken.dir);
      assert.equal(inv.code, 0, inv.stderr);
      assert.ok(JSON.parse(inv.stdout).register.issues.length >= 1);
    } finally {
      broken.cleanup();
    }
  });

  it('explains a bad --now or ownership config and exits 2', () => {
    const bad = cli(['scan', '.', '--now', 'next tuesday'], ws.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--now must be an ISO 8601 date such as 2026-03-01/);
    const cfg = makeWorkspace({ '.credential-hygiene.json': JSON.stringify({ ownership: { expiringWithinDays: -1, severities: { 'owner/nope': 'high' } } }) });
    try {
      const r = cli(['inventory'], cfg.dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /ownership\.expiringWithinDays: /);
      assert.match(r.stderr, /ownership\.severities: Unrecognized key: "owner\/nope"/);
    } finally {
      cfg.cleanup();
    }
  });

  it('lists the ownership rules with the others', () => {
    const rules = JSON.parse(cli(['rules', '--format', 'json'], ws.dir).stdout) as Array<{ id: string; severity: string }>;
    assert.deepEqual(rules.filter((r) => r.id.startsWith('owner/')).map((r) => `${r.id}:${r.severity}`), [
      'owner/missing:medium', 'owner/incomplete:low', 'owner/expired:high', 'owner/expiring:medium', 'owner/rotation-overdue:medium',
      'owner/shared-across-environments:medium', 'owner/untagged-resource:low', 'owner/register-invalid:high', 'owner/unreferenced:low', 'owner/review-overdue:low',
    ]);
  });
});
