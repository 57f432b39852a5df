// What the editor builds on: ownership state updated one document at a time, and the "Add owner
// label/tag" edit, checked by discovering the edited text again.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { discoverReferences } from '../../src/core/ownership/discovery';
import type { CredentialReference } from '../../src/core/ownership/reference';
import { applyEdit } from '../../src/core/ownership/register-edit';
import { labelValue, ownerTagEdit } from '../../src/core/ownership/resource-tag';
import { OwnershipState, findingsByPath } from '../../src/core/ownership/state';
import { Engine } from '../../src/core/scan/engine';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { OWNERSHIP_FIXTURE } from './ownership-support';

const NOW = new Date('2026-03-01T00:00:00Z');

describe('ownership state and resource edits', () => {
  it('tracks documents as they change and re-evaluates', () => {
    const state = new OwnershipState();
    state.updateFile('src/app.ts', 'const k = process.env.STRIPE_SECRET_KEY;\n');
    state.updateFile('.github/CODEOWNERS', '* @acme/payments\n');
    let result = state.evaluate(NOW);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.path, f.suggestedOwners]), [['owner/missing', 'src/app.ts', ['group:payments']]]);

    state.updateFile('credentials.yaml', [
      'identities:',
      '  - id: stripe',
      '    owners: { business: group:payments, technical: group:platform }',
      '    purpose: charges',
      '    environment: production',
      '    expires: 2026-03-10',
      '    match: [STRIPE_SECRET_KEY]',
    ].join('\n'));
    result = state.evaluate(NOW);
    assert.deepEqual([...findingsByPath(result)].map(([p, fs]) => [p, fs.map((f) => f.ruleId)]), [['credentials.yaml', ['owner/expiring']]]);
    assert.deepEqual(result.findings[0].related?.map((r) => r.path), ['src/app.ts']);

    const g = new SampleGen(3);
    const text = `token = "${g.checksummedToken('ghp_')}"\n`;
    state.updateFile('tools/release.py', text);
    state.setSecretFindings('tools/release.py', new Engine().scanText(text, 'tools/release.py'));
    assert.deepEqual(state.evaluate(NOW).findings.map((f) => [f.ruleId, f.path, f.reference]), [
      ['owner/expiring', 'credentials.yaml', undefined],
      ['owner/missing', 'tools/release.py', 'GH_TOKEN'],
    ]);

    state.updateFile('tools/release.py', undefined);
    state.updateFile('credentials.yaml', 'identities:\n  - id: [broken\n');
    result = state.evaluate(NOW);
    // A broken register is a finding of its own; the reference is unowned again.
    assert.deepEqual([...new Set(result.findings.map((f) => `${f.ruleId} ${f.path}`))], ['owner/register-invalid credentials.yaml', 'owner/missing src/app.ts']);
    assert.deepEqual(state.suggestions('src/app.ts').map((s) => [s.ref, s.source]), [['group:payments', 'codeowners']]);
  });

  it('loads catalog-info.yaml entities as identities and suggestions', () => {
    const state = new OwnershipState('ops/credentials.yaml', { required: [] });
    state.updateFile('catalog-info.yaml', readFileSync(path.join(OWNERSHIP_FIXTURE, 'catalog-info.yaml'), 'utf8'));
    state.updateFile('api/main.go', 'package main\nimport "os"\nvar k = os.Getenv("ALGOLIA_API_KEY")\n');
    const result = state.evaluate(NOW);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.inventory.map((e) => [e.id, e.source, e.status]), [['algolia-search-key', 'catalog', 'ok']]);
    assert.deepEqual(state.suggestions().map((s) => s.ref), ['group:payments', 'group:search-platform']);
  });

  describe('owner label or tag', () => {
    /** Applies the edit for the reference named `name`, then discovers the result again. */
    function tag(text: string, file: string, name: string, owner = 'group:payments-platform') {
      const ref = discoverReferences(text, file).find((r) => r.name === name && r.resource) as CredentialReference;
      const edit = ownerTagEdit(text, ref, owner);
      if (!edit) return undefined;
      const out = applyEdit(text, edit);
      const again = discoverReferences(out, file).find((r) => r.name === name);
      return { out, resource: again?.resource };
    }

    it('adds an owner label to Kubernetes metadata in the file\'s own style', () => {
      const fixture = readFileSync(path.join(OWNERSHIP_FIXTURE, 'k8s/prod/secrets.yaml'), 'utf8');
      const block = tag(fixture, 'k8s/prod/secrets.yaml', 'k8s:Secret/payments-db')!;
      assert.equal(block.out, fixture.replace('  name: payments-db\n  namespace: payments\n  labels:\n    app: payments\n', '  name: payments-db\n  namespace: payments\n  labels:\n    app: payments\n    owner: payments-platform\n'));
      assert.deepEqual(block.resource, { platform: 'kubernetes', owner: 'payments-platform', tagged: true });

      const none = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db # the database\n  namespace: x\ntype: Opaque\n';
      assert.equal(tag(none, 'k8s/db.yaml', 'k8s:Secret/db')!.out, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db # the database\n  labels:\n    owner: payments-platform\n  namespace: x\ntype: Opaque\n');
      const flow = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: api, labels: { app: api } }\n';
      assert.equal(tag(flow, 'k8s/sa.yaml', 'k8s:ServiceAccount/api')!.out, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: api, labels: { app: api, owner: payments-platform } }\n');
      const flowNoLabels = 'apiVersion: v1\nkind: Secret\nmetadata: { name: db }\n';
      assert.deepEqual(tag(flowNoLabels, 'k8s/db.yaml', 'k8s:Secret/db')!.resource?.owner, 'payments-platform');
    });

    it('adds an Owner tag to Terraform resources, and to the IAM user of an access key', () => {
      const fixture = readFileSync(path.join(OWNERSHIP_FIXTURE, 'terraform/envs/prod/main.tf'), 'utf8');
      assert.equal(tag(fixture, 'main.tf', 'terraform:aws_iam_access_key.legacy'), undefined, 'its user is not declared here');
      const tf = [
        'resource "aws_iam_user" "ci" {',
        '  name = "ci"',
        '}',
        '',
        'resource "aws_iam_access_key" "ci" {',
        '  user = aws_iam_user.ci.name',
        '}',
        '',
        'resource "aws_secretsmanager_secret" "a" {',
        '  name = "a"',
        '  tags = {',
        '    Env = "prod"',
        '  }',
        '}',
        '',
        'resource "azurerm_key_vault_secret" "b" {',
        '  tags = { Env = "prod" }',
        '}',
        '',
        'resource "google_secret_manager_secret" "c" {',
        '    secret_id = "c"',
        '}',
        '',
        'resource "kubernetes_secret" "d" {',
        '  metadata {',
        '    name = "d"',
        '  }',
        '}',
        '',
      ].join('\n');
      const ci = tag(tf, 'main.tf', 'terraform:aws_iam_access_key.ci')!;
      assert.equal(ci.out, tf.replace('resource "aws_iam_user" "ci" {\n', 'resource "aws_iam_user" "ci" {\n  tags = {\n    Owner = "group:payments-platform"\n  }\n'));
      assert.deepEqual(ci.resource, { platform: 'terraform', owner: 'group:payments-platform', tagged: true });
      const multi = tag(tf, 'main.tf', 'terraform:aws_secretsmanager_secret.a')!;
      assert.equal(multi.out, tf.replace('    Env = "prod"\n', '    Env = "prod"\n    Owner = "group:payments-platform"\n'));
      const one = tag(tf, 'main.tf', 'terraform:azurerm_key_vault_secret.b')!;
      assert.equal(one.out, tf.replace('tags = { Env = "prod" }', 'tags = { Env = "prod", Owner = "group:payments-platform" }'));
      const google = tag(tf, 'main.tf', 'terraform:google_secret_manager_secret.c')!;
      assert.equal(google.out, tf.replace('    secret_id = "c"\n', '    labels = {\n      owner = "payments-platform"\n    }\n    secret_id = "c"\n'));
      const k8s = tag(tf, 'main.tf', 'terraform:kubernetes_secret.d')!;
      assert.equal(k8s.out, tf.replace('    name = "d"\n', '    labels = {\n      owner = "payments-platform"\n    }\n    name = "d"\n'));
      for (const r of [multi, one, google, k8s]) assert.equal(r.resource?.tagged, true);
      // A block padded with blank lines (a hostile file) is read in linear time: it took 23 s for 200,000.
      const padded = tf.replace('  user = aws_iam_user.ci.name', `${'\n'.repeat(200_000)}  user = aws_iam_user.ci.name`);
      const started = Date.now();
      assert.equal(tag(padded, 'main.tf', 'terraform:aws_iam_access_key.ci')?.resource?.tagged, true);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });

    it('makes label values from entity refs', () => {
      assert.deepEqual(['group:payments', 'group:default/payments-platform', 'user:j.doe', 'Group:Team_A'].map(labelValue), ['payments', 'payments-platform', 'j.doe', 'Team_A']);
    });
  });
});
