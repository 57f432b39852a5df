// The status bar says what is true: a scan under way, the count for the whole workspace, or, before
// any workspace scan (or after a cancelled one), the count for the open files only.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { statusText } from '../../../src/extension/secrets/status-bar';
import { api, open, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(4242);

describe('status bar', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(uriOf('src/status-bar-probe.ts').fsPath, { force: true });
    (await api()).store.delete(uriOf('src/status-bar-probe.ts'));
  });

  it('says "scanning…" while the workspace scan runs, then the count for the workspace', async () => {
    const ext = await api();
    write('src/status-bar-probe.ts', `export const probeToken = "${g.checksummedToken('ghp_')}";\n`);
    await open('src/status-bar-probe.ts');
    await waitForDiagnostics(uriOf('src/status-bar-probe.ts'), 1);
    const running = ext.scanWorkspace();
    assert.equal(ext.store.coverage, 'scanning');
    assert.match(ext.statusBar.text, /sync~spin/);
    assert.match(String(ext.statusBar.tooltip), /scanning the workspace/);
    await running;
    assert.equal(ext.store.coverage, 'workspace');
    const n = ext.store.count();
    assert.ok(n >= 1);
    assert.equal(ext.statusBar.text, `$(shield) ${n}`);
    assert.match(String(ext.statusBar.tooltip), new RegExp(`${n} hard-coded secrets? in the workspace`));
  });

  it('names open files, not the workspace, when only open files were scanned', () => {
    const open = statusText(2, 'open-files');
    assert.match(open.tooltip, /2 hard-coded secrets in open files; the rest of the workspace has not been scanned/);
    assert.doesNotMatch(open.tooltip, /in the workspace/);
    assert.match(statusText(0, 'open-files').tooltip, /no hard-coded secrets in open files/);
    assert.match(statusText(3, 'partial').tooltip, /cancelled/);
  });
});
