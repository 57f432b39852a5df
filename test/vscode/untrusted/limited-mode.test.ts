// An untrusted workspace: secrets are still found and shown, but nothing from the workspace can
// redirect a request (its settings point the Vault address at a local server that must never be
// called) or run (its custom rules are not loaded).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { FakeKv2 } from '../kv2-server';
import { answering, api, apply, codeActions, open, ours, read, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(1729);

describe('untrusted workspace (limited mode)', () => {
  const kv = new FakeKv2('any-token');

  before(async () => {
    await kv.start(Number(process.env.CH_TEST_HOSTILE_PORT));
  });
  after(() => kv.stop());

  it('is really untrusted; the workspace sets a Vault address, which is not in effect', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.match(read('.vscode/settings.json'), /"credentialHygiene\.vault\.address": "http:\/\/127\.0\.0\.1:\d+"/);
    assert.equal(vscode.workspace.getConfiguration('credentialHygiene').get('vault.address'), '');
  });

  it('still scans and shows diagnostics', async () => {
    await api();
    write('src/app.ts', `export const token = "${g.checksummedToken('ghp_')}";\n`);
    await open('src/app.ts');
    const [d] = await waitForDiagnostics(uriOf('src/app.ts'), 1);
    assert.equal(d.code, 'github-pat-classic');
  });

  it('does not run the workspace\'s custom rules', async () => {
    write('.credential-hygiene.json', JSON.stringify({ customRules: [{ id: 'acme-key', description: 'ACME key', keywords: ['acme_'], regex: '(acme_[a-z0-9]{24})' }] }));
    write('src/acme.ts', `export const a = "acme_${g.lowerAlnum(24)}";\nexport const b = "${g.checksummedToken('ghp_')}";\n`);
    await open('src/acme.ts');
    await waitForDiagnostics(uriOf('src/acme.ts'), 1);
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(ours(uriOf('src/acme.ts')).map((d) => d.code), ['github-pat-classic']);
  });

  it('replaces with a reference but sends nothing anywhere, even to a Vault the user configured', async () => {
    const cfg = vscode.workspace.getConfiguration('credentialHygiene');
    await cfg.update('vault.address', `http://127.0.0.1:${process.env.CH_TEST_HOSTILE_PORT}`, vscode.ConfigurationTarget.Global);
    try {
      await replaceAndCheck();
    } finally {
      await cfg.update('vault.address', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  async function replaceAndCheck(): Promise<void> {
    const ext = await api();
    ext.setPrompter(answering({ confirmStore: async () => 'store', askToken: async () => 'x' }));
    const editor = await open('src/app.ts');
    const [d] = await waitForDiagnostics(uriOf('src/app.ts'), 1);
    const action = (await codeActions(editor.document.uri, d.range)).find((a) => a.title === 'Replace with a vault reference…');
    assert.ok(action);
    assert.equal(await apply(action, 'vault'), true);
    assert.match(editor.document.getText(), /ref\+vault:\/\/secret\/data\//);
    assert.deepEqual(kv.requests, [], 'a request reached the address the workspace configured');
    assert.ok(ext.messages.some((m) => /Untrusted workspace: the value was not sent to HashiCorp Vault/.test(m.text)), JSON.stringify(ext.messages));
  }

  it('does not sync with a registry', async () => {
    const ext = await api();
    const result = await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
    assert.equal(result, undefined);
    assert.match(ext.messages.at(-1)!.text, /registry sync is off in an untrusted workspace/);
  });
});
