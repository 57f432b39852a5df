// Ownership over a realistic workspace (test/fixtures/ownership: a Go API and a Python worker,
// Kubernetes manifests, Terraform, a workflow, .env files, Backstage catalog, CODEOWNERS and a register
// with good, incomplete, expired, expiring, overdue and shared entries), against an injected clock.
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { OwnershipRun } from '../../src/core/ownership/workspace';
import { EXPECTED, fixtureCopy, ownershipOf } from './ownership-support';

const rows = (run: Pick<OwnershipRun, 'findings'>) => run.findings.map((f) => [f.ruleId, `${f.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`, f.message]);

describe('ownership over a realistic workspace', () => {
  let ws: ReturnType<typeof fixtureCopy>;
  let run: OwnershipRun;
  before(async () => {
    ws = fixtureCopy();
    run = await ownershipOf(ws.dir);
  });
  after(() => ws.cleanup());

  it('reports exactly the expected ownership findings', () => {
    assert.deepEqual(rows(run), EXPECTED);
    assert.deepEqual(run.findings.map((f) => f.severity), ['medium', 'medium', 'low', 'high', 'medium', 'medium', 'medium', 'medium', 'medium', 'low', 'low', 'medium', 'medium']);
  });

  it('honours the inline allow marker', () => {
    assert.deepEqual(run.suppressed.map((f) => [f.ruleId, `${f.path}:${f.range.start.line + 1}`, f.reference, f.suppressed?.reason]), [
      ['owner/missing', 'worker/main.py:11', 'RECEIPTS_V1_API_TOKEN', 'retired with the v1 receipts API'],
    ]);
  });

  it('lists every identity with owners, status and references', () => {
    const table = run.inventory.map((e) => [e.id, e.status, e.source, e.owners.business ?? '', e.owners.technical ?? '', e.environments.join(' '), [...new Set(e.references.map((r) => `${r.path}:${r.range.start.line + 1}`))].join(' ')]);
    assert.deepEqual(table, [
      ['stripe-live-key', 'ok', 'register', 'group:payments', 'group:payments-platform', 'production', '.env.production:2 .env.example:3 api/main.go:13 k8s/prod/secrets.yaml:5 k8s/prod/deployment.yaml:30'],
      ['sendgrid-key', 'incomplete', 'register', 'group:payments', '', '', '.env.example:4 worker/main.py:7'],
      ['legacy-deploy-key', 'expired', 'register', 'group:payments', 'group:platform', 'production', 'terraform/envs/prod/main.tf:18'],
      ['payments-db', 'expiring', 'register', 'group:payments', 'group:payments-platform', 'production', '.env.production:3 .env.example:5 k8s/prod/secrets.yaml:15 k8s/prod/deployment.yaml:34 worker/main.py:8'],
      ['ci-deployer', 'overdue', 'register', 'group:payments', 'group:platform', 'production', '.github/workflows/deploy.yml:30 terraform/envs/prod/main.tf:13'],
      ['analytics-token', 'ok', 'register', 'group:payments', 'group:data', 'production test', '.env.production:4 .github/workflows/deploy.yml:17'],
      ['algolia-search-key', 'ok', 'catalog', 'group:search', 'group:search-platform', '', '.env.example:6 api/main.go:14'],
      ['REDIS_PASSWORD', 'no-owner', 'unregistered', '', '', '', 'docker-compose.yml:6'],
      ['NPM_TOKEN', 'no-owner', 'unregistered', '', '', 'test', '.github/workflows/deploy.yml:14'],
      ['GITHUB_WEBHOOK_SECRET', 'no-owner', 'unregistered', '', '', '', 'api/main.go:15'],
      ['k8s:ServiceAccount/payments-api', 'no-owner', 'unregistered', '', '', 'production', 'k8s/prod/deployment.yaml:4'],
      ['terraform:aws_secretsmanager_secret.stripe_webhook', 'no-owner', 'unregistered', '', '', 'production', 'terraform/envs/prod/main.tf:22'],
      ['RECEIPTS_V1_API_TOKEN', 'no-owner', 'unregistered', '', '', '', 'worker/main.py:11'],
      ['GITHUB_TOKEN', 'no-owner', 'unregistered', '', '', '', 'worker/release.py:2'],
    ]);
    assert.equal(run.inventory[0].nextRotation, '2026-04-15');
    assert.deepEqual(run.inventory[1].missing, ['owners.technical', 'purpose']);
  });

  it('never carries the planted secret', () => {
    assert.ok(!JSON.stringify(run).includes(ws.token));
  });

  it('gives the same answer a year later only as the dates say', async () => {
    const later = await ownershipOf(ws.dir, [ws.dir], new Date('2027-03-01T00:00:00Z'));
    const dated = later.findings.filter((f) => /expired|expiring|overdue/.test(f.ruleId)).map((f) => [f.ruleId, f.identityId]);
    assert.deepEqual(dated, [ // catalog-info.yaml sorts before credentials.yaml
      ['owner/rotation-overdue', 'algolia-search-key'],
      ['owner/rotation-overdue', 'stripe-live-key'],
      ['owner/expired', 'sendgrid-key'],
      ['owner/expired', 'legacy-deploy-key'],
      ['owner/expired', 'payments-db'],
      ['owner/rotation-overdue', 'ci-deployer'],
      ['owner/expired', 'analytics-token'],
    ]);
  });

  it('reports only the files scanned when given a path', async () => {
    const only = await ownershipOf(ws.dir, [path.join(ws.dir, 'terraform')]);
    assert.deepEqual(rows(only).map((r) => r[1]), ['terraform/envs/prod/main.tf:18:1', 'terraform/envs/prod/main.tf:22:1']);
  });

  it('keeps working when the register is malformed: its errors are positioned findings', async () => {
    const broken = fixtureCopy(8);
    try {
      const file = path.join(broken.dir, 'credentials.yaml');
      const text = readFileSync(file, 'utf8')
        .replace('    kind: api_key\n    provider: SendGrid', '    kind: api-key\n    provider: SendGrid\n    owner: group:mail') // bad enum, unknown key
        .replace('    expires: 2026-03-20', '    expires: 20 March 2026') // bad date: payments-db keeps owning its references
        .replace('  - id: analytics-token', '  - id: ci-deployer'); // duplicate id
      writeFileSync(file, text);
      const r = await ownershipOf(broken.dir);
      const invalid = rows(r).filter((x) => x[0] === 'owner/register-invalid');
      assert.deepEqual(invalid, [
        ['owner/register-invalid', 'credentials.yaml:30:11', 'credentials.yaml: identity "sendgrid-key": kind: Invalid option: expected one of "api_key"|"token"|"service_account"|"certificate"|"ssh_key"|"oauth_app"|"database_credential"|"password"|"webhook"|"agent"'],
        ['owner/register-invalid', 'credentials.yaml:32:5', 'credentials.yaml: identity "sendgrid-key": unknown key "owner" (did you mean "owners"?)'],
        ['owner/register-invalid', 'credentials.yaml:57:14', 'credentials.yaml: identity "payments-db": expires: a date as YYYY-MM-DD (or an ISO 8601 date-time)'],
        ['owner/register-invalid', 'credentials.yaml:77:9', 'credentials.yaml: duplicate id "ci-deployer" (first declared on line 63); this entry is ignored'],
      ]);
      // Everything else still works: the salvaged identities own their references, the others are reported as before.
      const rest = rows(r).filter((x) => x[0] !== 'owner/register-invalid').map((x) => `${x[0]} ${x[1]}`);
      assert.ok(rest.includes('owner/expired credentials.yaml:38:9'));
      assert.ok(rest.includes('owner/untagged-resource k8s/prod/secrets.yaml:15:9'));
      assert.ok(!rest.some((x) => x.startsWith('owner/expiring')), 'payments-db lost its unreadable expiry');
      assert.ok(!r.findings.some((f) => f.reference === 'DB_PASSWORD'), 'payments-db still owns DB_PASSWORD');
      assert.ok(r.findings.some((f) => f.ruleId === 'owner/missing' && f.reference === 'ANALYTICS_API_TOKEN'), 'the ignored duplicate owns nothing');
      const unparsable = fixtureCopy(9);
      try {
        writeFileSync(path.join(unparsable.dir, 'credentials.yaml'), 'identities:\n  - id: a\n    match: [A\n');
        const u = await ownershipOf(unparsable.dir);
        assert.ok(u.findings.some((f) => f.ruleId === 'owner/register-invalid' && f.path === 'credentials.yaml'));
        assert.ok(u.findings.some((f) => f.ruleId === 'owner/missing' && f.reference === 'NPM_TOKEN'));
      } finally {
        unparsable.cleanup();
      }
    } finally {
      broken.cleanup();
    }
  });

  it('reads the register path, required fields, window and severities from .credential-hygiene.json', async () => {
    const moved = fixtureCopy(10);
    try {
      cpSync(path.join(moved.dir, 'credentials.yaml'), path.join(moved.dir, 'ops/credentials.yaml'));
      rmSync(path.join(moved.dir, 'credentials.yaml'));
      writeFileSync(path.join(moved.dir, '.credential-hygiene.json'), JSON.stringify({
        ownership: {
          register: 'ops/credentials.yaml', required: ['owners.technical'], expiringWithinDays: 10,
          severities: { 'owner/missing': false, 'owner/untagged-resource': 'high' },
        },
      }));
      const r = await ownershipOf(moved.dir);
      assert.deepEqual(rows(r).map((x) => `${x[0]} ${x[1]}`), [
        'owner/untagged-resource k8s/prod/secrets.yaml:15:9',
        'owner/incomplete ops/credentials.yaml:29:9',
        'owner/expired ops/credentials.yaml:37:9',
        'owner/rotation-overdue ops/credentials.yaml:62:9',
        'owner/shared-across-environments ops/credentials.yaml:76:9',
        'owner/untagged-resource terraform/envs/prod/main.tf:18:1',
      ]);
      assert.equal(r.findings[1].message, 'sendgrid-key is missing owners.technical');
      assert.equal(r.findings[0].severity, 'high');
    } finally {
      moved.cleanup();
    }
  });
});
