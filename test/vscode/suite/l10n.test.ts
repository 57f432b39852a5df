// Localization: every user-visible string goes through package.nls.json (the manifest) or
// vscode.l10n.t (the code). With no translation installed the user sees the English exactly as
// before: the manifest's %keys% are resolved, and messages and the status bar read word for word.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { statusText } from '../../../src/extension/secrets/status-bar';
import { api, EXTENSION_ID } from '../helpers';

/** The status bar's tooltip as it was written before localization (the English it must still show). */
function englishTooltip(n: number, coverage: string): string {
  const secrets = `${n} hard-coded secret${n === 1 ? '' : 's'}`;
  switch (coverage) {
    case 'scanning': return `Credential Hygiene: scanning the workspace… ${secrets} found so far`;
    case 'workspace': return `Credential Hygiene: ${n ? secrets : 'no hard-coded secrets'} in the workspace`;
    case 'partial': return `Credential Hygiene: ${secrets} found; the workspace scan was cancelled, so other files were not checked (run "Scan Workspace for Secrets")`;
    default: return `Credential Hygiene: ${n ? secrets : 'no hard-coded secrets'} in open files; the rest of the workspace has not been scanned (run "Scan Workspace for Secrets")`;
  }
}

describe('localization (English)', () => {
  it('resolves the manifest\'s %keys% from package.nls.json', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: Array<{ command: string; title: string; category: string }>; viewsWelcome: Array<{ contents: string }> };
    };
    const scan = manifest.contributes.commands.find((c) => c.command === 'credentialHygiene.scanWorkspace')!;
    assert.equal(scan.title, 'Scan Workspace for Secrets');
    assert.equal(scan.category, 'Credential Hygiene');
    assert.match(manifest.contributes.viewsWelcome[0].contents, /^No hard-coded secrets found yet\./);
    const unresolved = JSON.stringify(manifest.contributes).match(/"%[^"%\s]+%"/g);
    assert.equal(unresolved, null);
  });

  it('shows a notification in the English it always had', async () => {
    const ext = await api();
    assert.equal(vscode.l10n.bundle, undefined, 'no translation bundle in an English host');
    await vscode.commands.executeCommand('credentialHygiene.clearVaultToken');
    assert.deepEqual(ext.messages.at(-1), { level: 'info', text: 'Credential Hygiene: Vault token removed.' });
  });

  it('shows the status bar tooltip word for word as before', async () => {
    const ext = await api();
    assert.equal(ext.statusBar.tooltip, englishTooltip(ext.store.count(), ext.store.coverage));
    assert.equal(ext.statusBar.name, 'Credential Hygiene');
    for (const coverage of ['scanning', 'workspace', 'partial', 'open-files'] as const) {
      for (const n of [0, 1, 2, 17]) assert.equal(statusText(n, coverage).tooltip, englishTooltip(n, coverage), `${coverage} ${n}`);
    }
  });
});
