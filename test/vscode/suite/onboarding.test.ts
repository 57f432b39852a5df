// Ownership from zero: no credentials.yaml, so the checks are off. Ctrl+. still offers "Register an
// owner for NAME…" on a hard-coded secret (under its fix name) and on an environment read of that
// name; the wizard asks, step by step, for everything owner/incomplete requires; the register is
// created, and right after it every reference in the workspace is judged: the new identity is
// complete and ok, the references it owns have no owner/missing, others do. Then "Create the
// ownership register" (the Credentials view's welcome button) from zero, and the register deleted
// on disk while its document is open.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, ours, read, root, uriOf, waitFor, write } from '../helpers';

const g = new SampleGen(4242);
const owned = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene (ownership)');

async function noRegister(): Promise<void> {
  rmSync(path.join(root(), 'credentials.yaml'), { force: true });
  await (await api()).ownership.reload();
}

describe('ownership from zero', () => {
  before(noRegister);
  after(async () => {
    (await api()).setPrompter(undefined);
    await closeAll();
    await noRegister();
  });

  it('registers an owner from a hard-coded secret: the register is created complete, and judged at once', async () => {
    const ext = await api();
    assert.equal(ext.ownership.results().length, 0, 'ownership checks are on without a register');
    const key = `sk_${'live'}_${g.alnum(32)}`;
    write('src/ledger.ts', `export const ledgerSecretKey = "${key}";\n`);
    write('src/ledger-client.ts', 'export const key = process.env.LEDGER_SECRET_KEY;\nexport const db = process.env.LEDGER_DB_PASSWORD;\n');

    // An environment read offers it too, though the checks are off (no diagnostic there yet).
    const client = await open('src/ledger-client.ts');
    const onRead = await codeActions(client.document.uri, new vscode.Range(0, 33, 0, 36));
    assert.ok(onRead.some((a) => a.title === 'Register an owner for LEDGER_SECRET_KEY…'), onRead.map((a) => a.title).join(' | '));

    const editor = await open('src/ledger.ts');
    const diag = await waitFor('the secret diagnostic', () => ours(editor.document.uri)[0]);
    const actions = await codeActions(editor.document.uri, diag.range);
    const register = actions.find((a) => a.title === 'Register an owner for LEDGER_SECRET_KEY…');
    assert.ok(register, actions.map((a) => a.title).join(' | '));

    const titles: string[] = [];
    const technicalOffered: string[] = [];
    const step = (t: string) => t.replace(/^Register LEDGER_SECRET_KEY · Step \d+ of \d+: /, '');
    const today = new Date().toISOString().slice(0, 10);
    ext.setPrompter(answering({
      pick: async (title, items) => {
        titles.push(title);
        const what = step(title);
        if (what.startsWith('Business owner')) return items.find((i) => i.label === 'Someone else…')?.value;
        if (what.startsWith('Technical owner')) {
          technicalOffered.push(...items.map((i) => i.value));
          return 'group:ledger';
        }
        if (what === 'Environment') return 'production';
        if (what === 'Rotation or expiry') return 'P90D';
        if (what.startsWith('Last rotated')) return items.find((i) => i.label.startsWith('Today'))?.value;
        return undefined;
      },
      input: async (title, o) => {
        titles.push(title);
        const what = step(title);
        if (what.startsWith('Business owner')) return 'group:ledger';
        if (what === 'Purpose') return 'Reconciles payouts for the ledger service';
        return o?.value;
      },
    }));
    assert.equal(await apply(register), true);

    // Numbered steps, every one of them asked; the technical owner offered the business owner just typed.
    assert.deepEqual(titles.map((t) => /Step (\d+) of (\d+)/.exec(t)?.slice(1).join('/')), ['1/7', '2/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    assert.deepEqual(titles.map(step), [
      'Identity id', 'Business owner (accountable for why it exists)', 'Business owner (accountable for why it exists)',
      'Technical owner (rotates and revokes it)', 'Purpose', 'Environment', 'Rotation or expiry', 'Last rotated (or issued) — the rotation is counted from it',
    ]);
    assert.ok(technicalOffered.includes('group:ledger'), technicalOffered.join(', '));

    // The register exists, with exactly what was asked.
    const data = parse(read('credentials.yaml'));
    assert.deepEqual(data.identities, [{
      id: 'ledger-secret-key',
      owners: { business: 'group:ledger', technical: 'group:ledger' },
      purpose: 'Reconciles payouts for the ledger service',
      environment: 'production',
      rotation: 'P90D',
      lastRotated: today,
      lastReviewed: today,
      match: ['LEDGER_SECRET_KEY'],
    }]);

    // Right after (no pause, no refresh): the whole workspace is judged.
    const registerUri = uriOf('credentials.yaml');
    assert.deepEqual(owned(registerUri).map((d) => `${d.code}: ${d.message}`), []);
    assert.deepEqual(owned(editor.document.uri).map((d) => d.code), []);
    const clientCodes = owned(client.document.uri).map((d) => `${d.code}@${d.range.start.line}`);
    assert.deepEqual(clientCodes, ['owner/missing@1'], 'LEDGER_DB_PASSWORD has no owner, LEDGER_SECRET_KEY has');
    const view = ext.credentialsView;
    view.setGrouping('status');
    const ok = view.getChildren().find((n) => view.getTreeItem(n).label === 'ok');
    assert.ok(ok, 'no "ok" group in the Credentials view');
    const entry = view.getChildren(ok).find((n) => view.getTreeItem(n).label === 'ledger-secret-key');
    assert.ok(entry, 'ledger-secret-key is not listed as ok');
    assert.deepEqual(view.getChildren(entry).map((n) => view.getTreeItem(n).label).sort(), ['src/ledger-client.ts:1', 'src/ledger.ts:1']);
    assert.equal(ext.messages.at(-1)?.text, 'Created credentials.yaml and registered LEDGER_SECRET_KEY in it as ledger-secret-key, complete: its owners, purpose, environment and lifetime are recorded.');
    assert.ok(!read('credentials.yaml').includes(key));
  });

  it('"Create the ownership register" (the Credentials view\'s welcome button) turns the checks on everywhere at once', async () => {
    const ext = await api();
    await noRegister();
    // A scan still running from an earlier test ends with the register gone: the checks turn off.
    await waitFor('ownership checks off', () => ext.ownership.results().length === 0, 20_000);
    assert.equal(await vscode.commands.executeCommand('credentialHygiene.createRegister'), true);
    assert.match(read('credentials.yaml'), /^# Credential register: [^\n]*\n(?:#[^\n]*\n)*identities: \[\]\n$/);
    assert.equal(ext.ownership.results().length, 1);
    // Both references in the client, and the hard-coded secret, have no owner now: all judged at once.
    assert.deepEqual(owned(uriOf('src/ledger-client.ts')).map((d) => `${d.code}@${d.range.start.line}`).sort(), ['owner/missing@0', 'owner/missing@1']);
    assert.deepEqual(owned(uriOf('src/ledger.ts')).map((d) => d.code), ['owner/missing']);
    assert.match(ext.messages.at(-1)?.text ?? '', /^Created credentials\.yaml\. \d+ credentials have no owner yet: they are in the Problems panel and the Credentials view; Ctrl\+\. on each offers "Register an owner for NAME…"\.$/);
  });

  it('a register deleted on disk while its saved document is open turns the checks off: a saved document says what the disk says', async () => {
    const ext = await api();
    // The register the test before created is open in an editor, saved.
    const registerUri = uriOf('credentials.yaml');
    await waitFor('the register open and saved', () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === registerUri.toString() && !d.isDirty));
    await waitFor('ownership checks on', () => ext.ownership.results().length === 1);
    rmSync(path.join(root(), 'credentials.yaml'));
    // No reload is asked: the watcher's deletion alone must end the checks (the open document's old
    // analysis must not stand in for a file that is gone).
    await waitFor('ownership checks off', () => ext.ownership.results().length === 0, 20_000);
    assert.deepEqual(owned(uriOf('src/ledger-client.ts')), []);
  });
});
