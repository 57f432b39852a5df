// The extension as a user has it: the .vsix `vsce package` builds, installed with --install-extension
// into a fresh extensions folder (test/vscode/run.js), and no extensionDevelopmentPath. It activates
// from there, flags the secret planted in src/settings.py, and opens its Get Started walkthrough.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const ID = 'credential-hygiene.credential-hygiene';
const REPO_ROOT = path.join(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; contributes: { walkthroughs: Array<{ id: string }> } };

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the installed .vsix', () => {
  it('is the packaged extension, installed in the extensions folder, not this source tree', () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `${ID} is not installed`);
    const dir = process.env.CH_TEST_EXTENSIONS_DIR;
    assert.ok(dir, 'CH_TEST_EXTENSIONS_DIR is not set (run through test/vscode/run.js)');
    assert.ok(ext.extensionPath.startsWith(dir + path.sep), `${ext.extensionPath} is not under ${dir}`);
    assert.ok(!ext.extensionPath.startsWith(REPO_ROOT + path.sep));
    assert.equal((ext.packageJSON as { version: string }).version, manifest.version);
    // What the .vsix holds, and nothing it must not.
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('activates on its own (onStartupFinished)', async () => {
    const ext = vscode.extensions.getExtension(ID)!;
    await waitFor('activation', () => ext.isActive);
  });

  it('flags the planted secret in a closed file (the workspace scan), without showing it', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, 'src/settings.py');
    const secret = /"([^"]+)"/.exec(readFileSync(file.fsPath, 'utf8'))![1];
    const diags = await waitFor('a diagnostic on src/settings.py', () => {
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'Credential Hygiene');
      return d.length > 0 && d;
    }, 60_000);
    assert.equal(diags[0].range.start.line, 0);
    assert.match(diags[0].message, /GitHub/);
    assert.ok(!diags[0].message.includes(secret.slice(4)), 'the diagnostic shows the token');
  });

  it('opens its Get Started walkthrough', async () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const welcome = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => /Welcome|Get Started|Walkthrough/i.test(t.label));
    assert.deepEqual(welcome().map((t) => t.label), [], 'a welcome page was open before'); // startupEditor none, skipWelcome
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ID}#${walkthrough.id}`, false);
    const tab = await waitFor('the walkthrough editor', () => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active && active.label !== '' && !(active.input instanceof vscode.TabInputText) && active;
    });
    assert.match(tab.label, /Welcome|Get Started|Walkthrough/i, `the active tab is "${tab.label}"`);
  });
});
