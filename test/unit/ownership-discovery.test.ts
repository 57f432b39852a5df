// Discovery: every kind of credential reference, with its exact range and environment; and the
// owner sources (Backstage catalog, CODEOWNERS).
import * as assert from 'node:assert/strict';
import { discoverReferences, environmentFromPath, referencesFromFindings } from '../../src/core/ownership/discovery';
import type { CredentialReference } from '../../src/core/ownership/reference';
import { isCredentialResource, mergeCatalog, parseCatalog } from '../../src/core/ownership/sources/catalog';
import { codeownersFor, codeownerToEntityRef, parseCodeowners } from '../../src/core/ownership/sources/codeowners';
import { ownerSuggestions } from '../../src/core/ownership/suggest';
import { parseRegister } from '../../src/core/ownership/register';
import { Engine } from '../../src/core/scan/engine';
import { SampleGen } from '../../src/core/rules/sample-gen';

/** [kind, name, "line:col-col" (1-based), environment?] of each reference. */
function refs(text: string, path: string): Array<[string, string, string, string?]> {
  return discoverReferences(text, path).map((r) => {
    const row: [string, string, string, string?] = [r.kind, r.name, `${r.range.start.line + 1}:${r.range.start.character + 1}-${r.range.end.character + 1}`];
    if (r.environment) row.push(r.environment);
    return row;
  });
}

/** The text each reference's range covers. */
function covered(text: string, path: string): string[] {
  return discoverReferences(text, path).map((r: CredentialReference) => text.slice(r.offset.start, r.offset.end));
}

describe('ownership discovery', () => {
  describe('environment variables read in code (credential names only)', () => {
    const cases: Array<[string, string, string[]]> = [
      ['app.ts', "const k = process.env.STRIPE_SECRET_KEY;\nconst p = process.env.PORT;\nconst t = process.env['GITHUB_TOKEN'] ?? import.meta.env.VITE_API_KEY;\n", ['STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'VITE_API_KEY']],
      ['app.mjs', 'const pw = process.env["DB_PASSWORD"]; const url = process.env.DATABASE_URL;\n', ['DB_PASSWORD']],
      ['main.py', 'import os\nkey = os.environ["SENDGRID_API_KEY"]\npw = os.getenv(\'DB_PASSWORD\', "")\ntok = os.environ.get("SLACK_BOT_TOKEN")\ndebug = os.getenv("DEBUG")\n', ['SENDGRID_API_KEY', 'DB_PASSWORD', 'SLACK_BOT_TOKEN']],
      ['main.go', 'key := os.Getenv("STRIPE_SECRET_KEY")\ntok, ok := os.LookupEnv("NPM_TOKEN")\nport := os.Getenv("PORT")\n', ['STRIPE_SECRET_KEY', 'NPM_TOKEN']],
      ['App.java', 'String key = System.getenv("TWILIO_AUTH_TOKEN");\n', ['TWILIO_AUTH_TOKEN']],
      ['App.kt', 'val secret = System.getenv("JWT_SECRET") ?: ""\n', ['JWT_SECRET']],
      ['Program.cs', 'var pw = Environment.GetEnvironmentVariable("SQL_PASSWORD");\n', ['SQL_PASSWORD']],
      ['app.rb', "key = ENV['STRIPE_API_KEY']\ntoken = ENV.fetch(\"GITHUB_TOKEN\", nil)\nport = ENV['PORT']\n", ['STRIPE_API_KEY', 'GITHUB_TOKEN']],
      ['index.php', "$key = getenv('MAILGUN_API_KEY');\n$pw = $_ENV['DB_PASSWORD'];\n", ['MAILGUN_API_KEY', 'DB_PASSWORD']],
      // A comment or a docstring that mentions a read is not one; a comment opener inside a string is no comment.
      ['notes.ts', "// set process.env.OLD_API_KEY first\n/* or process.env.LEGACY_TOKEN */\nconst u = 'https://x//y'; const k = process.env.STRIPE_SECRET_KEY;\n", ['STRIPE_SECRET_KEY']],
      ['doc.py', '"""Reads os.environ["OLD_API_KEY"]."""\nimport os\n# os.getenv("LEGACY_TOKEN")\nkey = os.environ["SENDGRID_API_KEY"]  # the live one\n', ['SENDGRID_API_KEY']],
      ['legacy.php', "<?php\n# getenv('OLD_API_KEY');\n$k = getenv('MAILGUN_API_KEY'); // not getenv('LEGACY_TOKEN')\n", ['MAILGUN_API_KEY']],
    ];
    for (const [file, text, names] of cases) {
      it(file, () => {
        assert.deepEqual(covered(text, file), names);
        assert.ok(discoverReferences(text, file).every((r) => r.kind === 'env-read' && r.environment === undefined), 'code is environment-neutral');
      });
    }

    it('gives the exact range of the name, even in a folder named after an environment', () => {
      assert.deepEqual(refs('x = 1\nconst k = process.env.STRIPE_SECRET_KEY;\n', 'prod/app.ts'), [['env-read', 'STRIPE_SECRET_KEY', '2:23-40']]);
    });

    it('does not read other languages\' syntax or documentation', () => {
      assert.deepEqual(refs('ENV["STRIPE_API_KEY"]\n', 'app.ts'), []);
      assert.deepEqual(refs('Set `process.env.STRIPE_SECRET_KEY` and `op://payments/stripe/credential`.\n', 'README.md'), []);
    });
  });

  it('.env keys, with the environment from the file name', () => {
    const text = '# comment\nexport STRIPE_SECRET_KEY=op://payments/stripe/credential\nPORT=8080\nCERT="-----BEGIN\nDB_PASSWORD=not-a-key\n"\nDB_PASSWORD=changeme\n';
    assert.deepEqual(refs(text, 'deploy/.env.production'), [
      ['dotenv-key', 'STRIPE_SECRET_KEY', '2:8-25', 'production'],
      ['vault-ref', 'op://payments/stripe/credential', '2:26-57', 'production'],
      ['dotenv-key', 'DB_PASSWORD', '7:1-12', 'production'],
    ]);
    assert.deepEqual(refs('API_TOKEN=\n', '.env.example'), [['dotenv-key', 'API_TOKEN', '1:1-10']]);
    assert.deepEqual(refs('API_TOKEN=x\n', '.env.staging').map((r) => r[3]), ['staging']);
  });

  it('vault references in vals and native syntaxes', () => {
    const text = [
      'a: ref+vault://secret/data/payments#/stripe_key',
      'b: "ref+awssecrets://payments/db#/password+"',
      'c: op://payments/stripe/credential',
      '"d": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/stripe/)",',
      'e: "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/db-AbCdEf:SecretString:password}}"',
      'f: arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/npm-token-XyZ123',
      'g: projects/acme-prod/secrets/stripe-key/versions/latest',
      'h: ref+gcpsecrets://projects/acme/secrets/db',
    ].join('\n');
    assert.deepEqual(covered(text, 'config/settings.yaml'), [
      'ref+vault://secret/data/payments#/stripe_key',
      'ref+awssecrets://payments/db#/password',
      'op://payments/stripe/credential',
      '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/stripe/)',
      '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/db-AbCdEf:SecretString:password}}',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/npm-token-XyZ123',
      'projects/acme-prod/secrets/stripe-key/versions/latest',
      'ref+gcpsecrets://projects/acme/secrets/db',
    ]);
    assert.ok(discoverReferences(text, 'config/settings.yaml').every((r) => r.kind === 'vault-ref'));
  });

  describe('Kubernetes', () => {
    const manifests = [
      'apiVersion: v1', //                               1
      'kind: Secret', //                                 2
      'metadata:', //                                    3
      '  name: payments-db', //                          4
      '  labels: { app: payments }', //                  5
      '---', //                                          6
      'apiVersion: v1', //                               7
      'kind: ServiceAccount', //                         8
      'metadata:', //                                    9
      '  name: payments-api', //                        10
      '  annotations:', //                              11
      '    app.kubernetes.io/owner: payments', //       12
      '---', //                                         13
      'apiVersion: external-secrets.io/v1beta1', //     14
      'kind: ExternalSecret', //                        15
      'metadata:', //                                   16
      '  name: stripe', //                              17
      '  labels:', //                                   18
      '    team: payments', //                          19
      '---', //                                         20
      'apiVersion: apps/v1', //                         21
      'kind: Deployment', //                            22
      'metadata: { name: api }', //                     23
      'spec:', //                                       24
      '  template:', //                                 25
      '    spec:', //                                   26
      '      imagePullSecrets: [{ name: ghcr }]', //    27
      '      containers:', //                           28
      '        - name: api', //                         29
      '          env:', //                              30
      '            - name: DB_PASSWORD', //             31
      '              valueFrom:', //                    32
      '                secretKeyRef:', //               33
      '                  name: payments-db', //         34
      '                  key: password', //             35
      '          envFrom:', //                          36
      '            - secretRef: { name: stripe }', //   37
      '      volumes:', //                              38
      '        - name: tls', //                         39
      '          secret: { secretName: api-tls }', //   40
      '',
    ].join('\n');

    it('finds secrets, service accounts, external secrets and the references to them', () => {
      assert.deepEqual(refs(manifests, 'deploy/k8s/overlays/prod/all.yaml'), [
        ['k8s-secret', 'k8s:Secret/payments-db', '4:9-20', 'production'],
        ['k8s-service-account', 'k8s:ServiceAccount/payments-api', '10:9-21', 'production'],
        ['k8s-external-secret', 'k8s:ExternalSecret/stripe', '17:9-15', 'production'],
        ['k8s-secret-ref', 'k8s:Secret/ghcr', '27:34-38', 'production'],
        ['k8s-secret-ref', 'k8s:Secret/payments-db', '34:25-36', 'production'],
        ['k8s-secret-ref', 'k8s:Secret/stripe', '37:34-40', 'production'],
        ['k8s-secret-ref', 'k8s:Secret/api-tls', '40:33-40', 'production'],
      ]);
    });

    it('knows which carriers name an owner in a label or annotation', () => {
      const carriers = discoverReferences(manifests, 'k8s/all.yaml').filter((r) => r.resource);
      assert.deepEqual(carriers.map((r) => [r.name, r.resource]), [
        ['k8s:Secret/payments-db', { platform: 'kubernetes', owner: undefined, tagged: false }],
        ['k8s:ServiceAccount/payments-api', { platform: 'kubernetes', owner: 'payments', tagged: true }],
        ['k8s:ExternalSecret/stripe', { platform: 'kubernetes', owner: 'payments', tagged: true }],
      ]);
    });

    it('takes the environment from the namespace when the path does not say', () => {
      const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments-staging\n';
      assert.deepEqual(refs(text, 'k8s/db.yaml'), [['k8s-secret', 'k8s:Secret/db', '4:9-11', 'staging']]);
      assert.deepEqual(refs('kind: Secret\nmetadata: {name: x}\n', 'k8s/db.yaml'), [], 'no apiVersion: not a manifest');
    });
  });

  describe('Terraform', () => {
    const tf = [
      'provider "aws" {', //                                             1
      '  default_tags {', //                                             2
      '    tags = { Team = "platform" }', //                             3
      '  }', //                                                          4
      '}', //                                                            5
      'resource "aws_iam_user" "ci" {', //                               6
      '  name = "ci"', //                                                7
      '  tags = { Owner = "group:platform" } # "}" in a comment', //    8
      '}', //                                                            9
      'resource "aws_iam_access_key" "ci" {', //                        10
      '  user = aws_iam_user.ci.name', //                               11
      '}', //                                                           12
      'resource "aws_iam_access_key" "legacy" { user = "jenkins" }', // 13
      'resource "google_service_account_key" "sa" {', //                14
      '  service_account_id = google_service_account.sa.name', //       15
      '}', //                                                           16
      'resource "azurerm_key_vault_secret" "db" {', //                  17
      '  name  = "db-password"', //                                     18
      '  value = "${var.prefix}-x"', //                                 19
      '}', //                                                           20
      'resource "vault_kv_secret_v2" "stripe" {', //                    21
      '  data_json = <<EOT', //                                         22
      '{ "a": "}" }', //                                                23
      'EOT', //                                                         24
      '}', //                                                           25
      'resource "kubernetes_secret" "app" {', //                        26
      '  metadata {', //                                                27
      '    name   = "app"', //                                          28
      '    labels = local.labels', //                                   29
      '  }', //                                                         30
      '}', //                                                           31
      'resource "aws_secretsmanager_secret" "x" {}', //                 32
      'resource "aws_s3_bucket" "logs" {}', //                          33
      'data "aws_secretsmanager_secret" "y" {}', //                     34
      '',
    ].join('\n');

    it('finds the resources that create credentials, with their address and header range', () => {
      assert.deepEqual(refs(tf, 'infra/envs/test/main.tf'), [
        ['terraform-resource', 'terraform:aws_iam_access_key.ci', '10:1-35', 'test'],
        ['terraform-resource', 'terraform:aws_iam_access_key.legacy', '13:1-39', 'test'],
        ['terraform-resource', 'terraform:google_service_account_key.sa', '14:1-43', 'test'],
        ['terraform-resource', 'terraform:azurerm_key_vault_secret.db', '17:1-41', 'test'],
        ['terraform-resource', 'terraform:vault_kv_secret_v2.stripe', '21:1-39', 'test'],
        ['terraform-resource', 'terraform:kubernetes_secret.app', '26:1-35', 'test'],
        ['terraform-resource', 'terraform:aws_secretsmanager_secret.x', '32:1-41', 'test'],
      ]);
    });

    it('checks owner tags where a resource can carry one (IAM keys through their user, AWS default tags)', () => {
      const tagged = discoverReferences(tf, 'main.tf').map((r) => [r.name.slice('terraform:'.length), r.resource?.tagged, r.resource?.owner]);
      assert.deepEqual(tagged, [
        ['aws_iam_access_key.ci', true, 'group:platform'],
        ['aws_iam_access_key.legacy', false, undefined], // a user named as a string is not managed here
        ['google_service_account_key.sa', undefined, undefined], // cannot carry labels
        ['azurerm_key_vault_secret.db', false, undefined],
        ['vault_kv_secret_v2.stripe', undefined, undefined],
        ['kubernetes_secret.app', true, undefined], // labels from a local: assumed to carry one
        ['aws_secretsmanager_secret.x', true, 'platform'], // the provider's default_tags
      ]);
    });
  });

  it('GitHub Actions secrets, with the environment of their job; GITHUB_TOKEN is not a credential to own', () => {
    const wf = [
      'on: push', //                                                              1
      'env:', //                                                                  2
      '  SLACK_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}', //                         3
      'jobs:', //                                                                 4
      '  test:', //                                                               5
      '    environment: qa', //                                                   6
      '    steps:', //                                                            7
      '      - run: make test', //                                                8
      '        env: { TOKEN: "${{ secrets.NPM_TOKEN || secrets[\'FALLBACK_TOKEN\'] }}", GH: "${{ secrets.GITHUB_TOKEN }}" }', // 9
      '  deploy:', //                                                             10
      '    environment: { name: prod, url: "https://x" }', //                     11
      '    steps: [{ run: "deploy ${{ secrets.DEPLOY_KEY }}" }]', //              12
      '  preview:', //                                                            13
      '    environment: ${{ inputs.env }}', //                                    14
      '    steps: [{ run: "echo ${{secrets.PREVIEW_TOKEN}}" }]', //               15
      '',
    ].join('\n');
    assert.deepEqual(refs(wf, '.github/workflows/ci.yml'), [
      ['actions-secret', 'SLACK_BOT_TOKEN', '3:28-43'],
      ['actions-secret', 'NPM_TOKEN', '9:36-45', 'test'],
      ['actions-secret', 'FALLBACK_TOKEN', '9:58-72', 'test'],
      ['actions-secret', 'DEPLOY_KEY', '12:40-50', 'production'],
      ['actions-secret', 'PREVIEW_TOKEN', '15:37-50'],
    ]);
  });

  it('docker-compose environment, as a map and as a list', () => {
    const compose = [
      'services:',
      '  api:',
      '    environment:',
      '      STRIPE_SECRET_KEY: ${STRIPE_SECRET_KEY}',
      '      PORT: "8080"',
      '  worker:',
      '    environment:',
      '      - "SENDGRID_API_KEY=${SENDGRID_API_KEY}"',
      '      - LOG_LEVEL=debug',
      '      - DB_PASSWORD',
      '',
    ].join('\n');
    assert.deepEqual(refs(compose, 'docker-compose.prod.yml'), [
      ['compose-env', 'STRIPE_SECRET_KEY', '4:7-24', 'production'],
      ['compose-env', 'SENDGRID_API_KEY', '8:10-26', 'production'],
      ['compose-env', 'DB_PASSWORD', '10:9-20', 'production'],
    ]);
  });

  it('literal secrets the engine found, named by their fix and never by their value', () => {
    const g = new SampleGen(11);
    const token = g.checksummedToken('ghp_');
    const findings = new Engine().scanText(`token = "${token}"\nother = "${g.checksummedToken('ghp_')}"  # credential-hygiene:allow test data\n`, 'scripts/release.py');
    const literal = referencesFromFindings(findings);
    assert.deepEqual(literal.map((r) => [r.kind, r.name, r.ruleId, r.range.start.line]), [['literal-secret', 'GH_TOKEN', 'github-pat-classic', 0]]);
    assert.ok(!JSON.stringify(literal).includes(token));
  });

  it('records an inline allow marker on the reference', () => {
    const [r] = discoverReferences('# credential-hygiene:allow read-only demo key\nkey = os.environ["DEMO_API_KEY"]\n', 'demo.py');
    assert.equal(r.allowed, 'read-only demo key');
  });

  it('infers the environment from one unambiguous path word', () => {
    const cases: Array<[string, string | undefined]> = [
      ['k8s/prod/secret.yaml', 'production'], ['envs/production/main.tf', 'production'], ['.env.production', 'production'],
      ['values-stg.yaml', 'staging'], ['deploy/dev/x.yaml', 'development'], ['.env.local', 'development'], ['ci/qa/x.yml', 'test'],
      ['.env.example', undefined], ['k8s/base/secret.yaml', undefined], ['envs/prod/test/x.tf', undefined],
    ];
    for (const [p, env] of cases) assert.equal(environmentFromPath(p), env, p);
  });

  describe('owner sources', () => {
    const catalog = [
      'apiVersion: backstage.io/v1alpha1', //                     1
      'kind: Group', //                                           2
      'metadata: { name: payments }', //                          3
      'spec: { type: team, children: [] }', //                   4
      '---', //                                                   5
      'apiVersion: backstage.io/v1alpha1', //                     6
      'kind: Resource', //                                        7
      'metadata:', //                                             8
      '  name: stripe-live-key', //                               9
      '  annotations:', //                                       10
      '    credential-hygiene.io/business-owner: group:finance', // 11
      'spec: { type: api-key, owner: payments-platform }', //    12
      '---', //                                                  13
      'apiVersion: backstage.io/v1alpha1', //                    14
      'kind: Resource', //                                       15
      'metadata:', //                                            16
      '  name: search-key', //                                   17
      '  description: Queries the product index', //             18
      '  annotations:', //                                       19
      '    credential-hygiene.io/match: ALGOLIA_API_KEY, ALGOLIA_*_KEY', // 20
      '    credential-hygiene.io/expires: "2026-09-01"', //        21
      'spec: { type: database, owner: "user:jdoe" }', //          22
      '---', //                                                  23
      'apiVersion: backstage.io/v1alpha1', //                    24
      'kind: Resource', //                                       25
      'metadata: { name: orders-db }', //                        26
      'spec: { type: database, owner: dba }', //                 27
      '',
    ].join('\n');

    it('reads Backstage entities; credential Resources complete or add identities, the register wins', () => {
      const file = parseCatalog(catalog, 'catalog-info.yaml');
      assert.deepEqual(file.errors, []);
      assert.deepEqual(file.entities.map((e) => [e.kind, e.name, e.owner, isCredentialResource(e)]), [
        ['Group', 'payments', undefined, false],
        ['Resource', 'stripe-live-key', 'group:payments-platform', true],
        ['Resource', 'search-key', 'user:jdoe', true],
        ['Resource', 'orders-db', 'group:dba', false],
      ]);
      const reg = parseRegister('identities:\n  - id: stripe-live-key\n    owners: { technical: group:sre }\n    match: [STRIPE_SECRET_KEY]\n');
      const merged = mergeCatalog(reg.identities, file.entities);
      assert.deepEqual(merged.map((i) => [i.id, i.source, i.owners, i.ownerSources, i.match, i.path, i.range.start.line + 1]), [
        ['stripe-live-key', 'register', { technical: 'group:sre', business: 'group:finance' }, { technical: 'register', business: 'catalog' }, ['STRIPE_SECRET_KEY'], 'credentials.yaml', 2],
        ['search-key', 'catalog', { technical: 'user:jdoe', business: undefined }, { technical: 'catalog', business: undefined }, ['ALGOLIA_API_KEY', 'ALGOLIA_*_KEY'], 'catalog-info.yaml', 17],
      ]);
      assert.equal(merged[1].purpose, 'Queries the product index');
      assert.equal(merged[1].expires, '2026-09-01');
    });

    it('reads CODEOWNERS as GitHub does: the last matching pattern wins', () => {
      const co = parseCodeowners('# owners\n*  @acme/platform\n/api/ @acme/payments @jdoe\n*.tf @acme/infra\ndocs/ \n', '.github/CODEOWNERS');
      assert.deepEqual(codeownersFor(co, 'api/main.go'), ['@acme/payments', '@jdoe']);
      assert.deepEqual(codeownersFor(co, 'envs/prod/main.tf'), ['@acme/infra']);
      assert.deepEqual(codeownersFor(co, 'worker/main.py'), ['@acme/platform']);
      assert.deepEqual(codeownersFor(co, 'docs/readme.md'), []);
      assert.deepEqual(['@acme/Payments', '@jdoe', 'dev@example.com'].map(codeownerToEntityRef), ['group:payments', 'user:jdoe', undefined]);
    });

    it('offers owners from the register, then Backstage, then CODEOWNERS for the file', () => {
      const reg = parseRegister('defaults: { owners: { business: group:payments } }\nidentities:\n  - id: a\n  - id: b\n    owners: { technical: group:sre }\n');
      const co = parseCodeowners('/api/ @acme/api-team\n', 'CODEOWNERS');
      const s = ownerSuggestions({ identities: reg.identities, catalog: parseCatalog(catalog, 'catalog-info.yaml').entities, codeowners: co, path: 'api/x.go' });
      assert.deepEqual(s.map((x) => [x.ref, x.source]), [
        ['group:payments', 'register'], ['group:sre', 'register'], ['group:payments-platform', 'catalog'], ['user:jdoe', 'catalog'],
        ['group:dba', 'catalog'], ['group:api-team', 'codeowners'],
      ]);
    });
  });
});
