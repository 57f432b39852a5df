// "Replace with a vault reference": the provider's native syntax where the file has one, the vals
// URI elsewhere; for HashiCorp Vault the value is stored first through KV v2 (here: FakeKv2, a test
// stand-in for Vault's documented endpoints), and when storing fails the file is left alone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { FakeKv2 } from '../kv2-server';
import { answering, api, apply, closeAll, codeActions, open, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(9001);
const stripe = () => `sk_${'live'}_${g.alnum(32)}`;

async function vaultAction(rel: string) {
  const editor = await open(rel);
  const [diag] = await waitForDiagnostics(uriOf(rel), 1);
  const action = (await codeActions(editor.document.uri, diag.range)).find((a) => a.title === 'Replace with a vault reference…');
  assert.ok(action, `no vault action among: ${JSON.stringify((await codeActions(editor.document.uri, diag.range)).map((a) => a.title))} for ${diag.code}`);
  return { editor, action };
}

describe('quick-fix: replace with a vault reference', () => {
  const token = `hvs.${g.alnum(24)}`;
  const kv = new FakeKv2(token);
  const cfg = () => vscode.workspace.getConfiguration('credentialHygiene');

  before(async () => {
    const address = await kv.start();
    await cfg().update('vault.address', address, vscode.ConfigurationTarget.Global);
    const ext = await api();
    ext.setPrompter(answering({ askToken: async () => token }));
    await vscode.commands.executeCommand('credentialHygiene.setVaultToken');
  });
  after(async () => {
    (await api()).setPrompter(undefined);
    await cfg().update('vault.address', undefined, vscode.ConfigurationTarget.Global);
    await kv.stop();
    await closeAll();
  });

  it('stores the value in Vault (KV v2, with owner tags) before replacing it with ref+vault://', async () => {
    const secret = stripe();
    write('src/vault.ts', `export const stripeSecretKey = "${secret}";\n`);
    const { editor, action } = await vaultAction('src/vault.ts');
    (await api()).setPrompter(answering({ pickVaultProvider: async () => 'vault', confirmStore: async () => 'store', askToken: async () => token }));
    assert.equal(await apply(action), true);
    assert.equal(editor.document.getText(), 'export const stripeSecretKey = "ref+vault://secret/data/shop-api#/stripe_secret_key";\n');
    const stored = kv.secrets.get('secret/shop-api');
    assert.equal(stored?.data.stripe_secret_key, secret);
    assert.equal(stored?.customMetadata['managed-by'], 'credential-hygiene');
    assert.equal(stored?.customMetadata.source, 'src/vault.ts');
    assert.equal(stored?.customMetadata['credential-rule'], 'stripe-live-secret-key');
  });

  it('tags the stored secret with its owners from credentials.yaml', async () => {
    const ext = await api();
    write('credentials.yaml', 'identities:\n  - id: payouts-stripe\n    owners: { business: group:finance, technical: group:payouts }\n    purpose: Pays out sellers\n    environment: production\n    rotation: P90D\n    match: [PAYOUTS_STRIPE_KEY]\n');
    await ext.ownership.reload();
    const secret = stripe();
    write('src/vault-payouts.ts', `export const payoutsStripeKey = "${secret}";\n`);
    const { action } = await vaultAction('src/vault-payouts.ts');
    assert.equal(await apply(action), true);
    const meta = kv.secrets.get('secret/shop-api')?.customMetadata;
    assert.equal(meta?.['credential-id'], 'payouts-stripe');
    assert.equal(meta?.['owner-business'], 'group:finance');
    assert.equal(meta?.['owner-technical'], 'group:payouts');
  });

  it('keeps the secret\'s other keys when it adds one', async () => {
    const secret = stripe();
    write('src/vault2.ts', `export const refundsKey = "${secret}";\n`);
    const { action } = await vaultAction('src/vault2.ts');
    assert.equal(await apply(action), true);
    const stored = kv.secrets.get('secret/shop-api');
    assert.ok(stored?.data.stripe_secret_key && stored.data.payouts_stripe_key && stored.data.refunds_key === secret && stored.version === 3);
  });

  it('leaves the file untouched and says why when Vault refuses', async () => {
    const secret = stripe();
    const original = `export const payoutKey = "${secret}";\n`;
    write('src/vault3.ts', original);
    const { editor, action } = await vaultAction('src/vault3.ts');
    kv.failWith = 503;
    try {
      assert.equal(await apply(action), false);
    } finally {
      kv.failWith = undefined;
    }
    assert.equal(editor.document.getText(), original);
    const last = (await api()).messages.at(-1);
    assert.equal(last?.level, 'error');
    assert.match(last!.text, /could not store the value in HashiCorp Vault: Vault refused to read secret\/shop-api \(HTTP 503\)/);
    assert.ok(!last!.text.includes(secret));
  });

  it('refuses a path template that leaves its mount: nothing is sent, the file is untouched', async () => {
    const secret = stripe();
    const original = `export const ledgerKey = "${secret}";\n`;
    write('src/vault4.ts', original);
    const { editor, action } = await vaultAction('src/vault4.ts');
    const before = kv.requests.length;
    await cfg().update('vault.pathTemplate', 'secret/data/{project}/../../sys/policies/acl/{slug}#/{name}', vscode.ConfigurationTarget.Global);
    try {
      assert.equal(await apply(action), false);
    } finally {
      await cfg().update('vault.pathTemplate', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(editor.document.getText(), original);
    assert.equal(editor.document.isDirty, false);
    assert.deepEqual(kv.requests.slice(before), [], 'a request reached the KV server');
    const last = (await api()).messages.at(-1);
    assert.equal(last?.level, 'error');
    assert.match(last!.text, /refused the Vault path .*"\." and "\.\." segments are not allowed.*Nothing was stored and the file was not changed/);
    assert.ok(!last!.text.includes(secret));
  });

  const native: Array<[string, string, (s: string) => string, string, RegExp]> = [
    ['awssecrets', 'infra/stack.yaml', (s) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          STRIPE_KEY: ${s}\n`,
      'CloudFormation dynamic reference', /STRIPE_KEY: \{\{resolve:secretsmanager:shop-api\/stripe-key\}\}\n$/],
    ['azurekeyvault', 'appsettings.json', (s) => `{\n  "Stripe": {\n    "SecretKey": "${s}"\n  }\n}\n`,
      'App Service Key Vault reference', /"SecretKey": "@Microsoft\.KeyVault\(SecretUri=https:\/\/shop-api-kv\.vault\.azure\.net\/secrets\/secret-key\/\)"/],
    ['op', 'config/app.toml', (s) => `[stripe]\nsecret_key = "${s}"\n`, '1Password reference', /secret_key = "op:\/\/shop-api\/secret-key\/credential"/],
    ['gcpsecrets', 'config/app.yaml', (s) => `stripe:\n  apiKey: "${s}"\n`, 'vals URI', /apiKey: "ref\+gcpsecrets:\/\/shop-api\/stripe-secret-key"/],
    ['k8s', 'k8s/deployment.yaml', (s) => `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: STRIPE_KEY\n              value: "${s}"\n`,
      'Kubernetes secretKeyRef', /- name: STRIPE_KEY\n {14}valueFrom:\n {16}secretKeyRef:\n {18}name: shop-api-secrets\n {18}key: stripe_key\n$/],
  ];
  for (const [provider, rel, content, label, expected] of native) {
    it(`${provider}: ${label}`, async () => {
      const secret = stripe();
      write(rel, content(secret));
      const { editor, action } = await vaultAction(rel);
      assert.equal(await apply(action, provider), true);
      const text = editor.document.getText();
      assert.match(text, expected);
      assert.ok(!text.includes(secret));
    });
  }
});
