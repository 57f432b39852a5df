// "Sync Owners with Registry" against the real registry server (started by run.js on 127.0.0.1 with
// a SQLite file): push a new identity, pull a registry change into credentials.yaml (its comment
// kept), a real conflict shown on the register entry and settled by "Keep mine and push", and a pull
// into a register open in an editor with unsaved changes (kept; one undo reverts the pull).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answering, api, apply, codeActions, open, read, uriOf, waitFor, write } from '../helpers';

const URL_ = process.env.CH_TEST_REGISTRY_URL!;
const TOKEN = process.env.CH_TEST_REGISTRY_TOKEN!;
const REGISTER = `# Synced with the central registry.
identities:
  - id: sync-demo
    owners:
      business: group:commerce
      technical: group:payments # on call: #payments
    purpose: Charges cards
    environment: production
    rotation: P90D
    match: [SYNC_DEMO_KEY]
`;

async function remote(method: string, body?: unknown, ifMatch?: string): Promise<{ status: number; etag: string | null; json: Record<string, unknown> }> {
  const res = await fetch(`${URL_}/v1/identities/sync-demo`, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      ...(body ? { 'Content-Type': 'application/merge-patch+json' } : {}),
      ...(ifMatch ? { 'If-Match': ifMatch } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), json: text ? JSON.parse(text) : {} };
}

const conflicts = () => vscode.languages.getDiagnostics(uriOf('credentials.yaml')).filter((d) => d.code === 'registry/conflict');

describe('registry sync', () => {
  const cfg = () => vscode.workspace.getConfiguration('credentialHygiene');
  before(async () => {
    const ext = await api();
    await cfg().update('registry.url', URL_, vscode.ConfigurationTarget.Global);
    ext.setPrompter(answering({ askToken: async () => TOKEN }));
    await vscode.commands.executeCommand('credentialHygiene.setRegistryToken');
    write('credentials.yaml', REGISTER);
    await ext.ownership.reload();
  });
  after(async () => {
    (await api()).setPrompter(undefined);
    await cfg().update('registry.url', undefined, vscode.ConfigurationTarget.Global);
  });

  it('pushes a new identity to the registry', async () => {
    await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
    const r = await remote('GET');
    assert.equal(r.status, 200);
    assert.equal(r.json.purpose, 'Charges cards');
  });

  it('pulls a registry change into credentials.yaml and keeps its comments', async () => {
    const r = await remote('GET');
    assert.equal((await remote('PATCH', { purpose: 'Charges cards at checkout' }, r.etag!)).status, 200);
    await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
    const yaml = read('credentials.yaml');
    assert.match(yaml, /purpose: Charges cards at checkout\n/);
    assert.ok(yaml.startsWith('# Synced with the central registry.\n'));
    assert.match(yaml, /technical: group:payments # on call: #payments\n/);
  });

  it('shows a real conflict on the register entry; "Keep mine and push" settles it', async () => {
    write('credentials.yaml', read('credentials.yaml').replace('purpose: Charges cards at checkout', 'purpose: Charges cards (local)'));
    const r = await remote('GET');
    assert.equal((await remote('PATCH', { purpose: 'Charges cards (registry)' }, r.etag!)).status, 200);
    await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
    const [d] = await waitFor('a conflict diagnostic', () => (conflicts().length ? conflicts() : undefined));
    assert.match(d.message, /Registry conflict on sync-demo\.purpose/);
    assert.equal(d.range.start.line, 2);
    assert.match(read('credentials.yaml'), /purpose: Charges cards \(local\)/, 'the local value was overwritten');
    const doc = await vscode.workspace.openTextDocument(uriOf('credentials.yaml'));
    const offered = await codeActions(doc.uri, d.range);
    const keep = offered.find((a) => a.title === 'Keep mine for sync-demo and push');
    assert.ok(keep, offered.map((a) => a.title).join(' | '));
    await apply(keep);
    assert.equal((await remote('GET')).json.purpose, 'Charges cards (local)');
    await waitFor('the conflict to clear', () => conflicts().length === 0);
  });

  it('an unreachable registry changes nothing locally and says so', async () => {
    const before = read('credentials.yaml');
    await cfg().update('registry.url', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
    } finally {
      await cfg().update('registry.url', URL_, vscode.ConfigurationTarget.Global);
    }
    assert.equal(read('credentials.yaml'), before);
    assert.match((await api()).messages.at(-1)!.text, /registry sync failed: .*Nothing was changed locally/);
  });

  it('pulls into an open register with an unsaved edit: the pull lands in the document, the edit survives, one undo reverts the pull', async () => {
    const editor = await open('credentials.yaml');
    const doc = editor.document;
    await waitFor('the editor to show the file on disk', () => doc.getText() === read('credentials.yaml'));
    const before = doc.getText();
    assert.match(before, /purpose: Charges cards \(local\)\n/);
    // An unsaved edit elsewhere in the file (the comment on the first line).
    assert.ok(await editor.edit((b) => b.insert(doc.lineAt(0).range.end, ' Edited, not saved.')));
    assert.ok(doc.isDirty);
    const r = await remote('GET');
    assert.equal((await remote('PATCH', { purpose: 'Charges cards (from the registry)' }, r.etag!)).status, 200);
    try {
      await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
      const after = doc.getText();
      assert.match(after, /purpose: Charges cards \(from the registry\)\n/, 'the pull is not in the document');
      assert.ok(after.startsWith('# Synced with the central registry. Edited, not saved.\n'), 'the unsaved edit was lost');
      assert.match(after, /technical: group:payments # on call: #payments\n/);
      assert.equal(after, before.replace('(local)', '(from the registry)').replace('registry.\n', 'registry. Edited, not saved.\n'), 'only the pulled value changed');
      assert.equal(read('credentials.yaml'), after, 'the document was saved with the pull');
      // One undo takes back the pull, and only the pull.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      assert.match(doc.getText(), /purpose: Charges cards \(local\)\n/, 'one undo did not revert the pull');
      assert.ok(doc.getText().startsWith('# Synced with the central registry. Edited, not saved.\n'), 'the undo took the unsaved edit too');
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('"Retire this identity" on an identity nothing references any more; the next sync retires it in the registry', async () => {
    const ext = await api();
    await ext.ownership.reload();
    ext.ownership.evaluateNow();
    const editor = await open('credentials.yaml');
    const unreferenced = () => vscode.languages.getDiagnostics(uriOf('credentials.yaml')).filter((d) => d.code === 'owner/unreferenced');
    const [d] = await waitFor('owner/unreferenced on sync-demo (nothing reads SYNC_DEMO_KEY)', () => (unreferenced().length ? unreferenced() : undefined));
    assert.match(d.message, /sync-demo is no longer referenced here: revoke it, or retire it/);
    const actions = await codeActions(editor.document.uri, d.range);
    const retire = actions.find((a) => a.title === 'Retire this identity (sync-demo)');
    assert.ok(retire, actions.map((a) => a.title).join(' | '));
    try {
      await apply(retire);
      assert.ok(await editor.document.save());
      assert.match(read('credentials.yaml'), /\n {4}match: \[SYNC_DEMO_KEY\]\n {4}retired: \d{4}-\d{2}-\d{2}\n/);
      ext.ownership.evaluateNow();
      await waitFor('owner/unreferenced to clear once retired', () => unreferenced().length === 0);
      assert.equal((await remote('GET')).json.status, 'active');
      await vscode.commands.executeCommand('credentialHygiene.syncRegistry');
      const r = await remote('GET');
      assert.equal(r.json.status, 'retired');
      assert.equal(vscode.languages.getDiagnostics(uriOf('credentials.yaml')).filter((x) => x.code === 'registry/orphaned').length, 0, 'retired on both sides is no orphan');
    } finally {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
