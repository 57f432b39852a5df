// The hover of a secret that git history also holds says since when: the history index is built once,
// in the background on a worker thread (trusted workspaces only), and the hover reads it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, closeAll, git, open, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(90210);

describe('git history in the hover', () => {
  afterEach(closeAll);

  it('a secret committed earlier: the hover says since when, once the history index is ready', async () => {
    const token = g.checksummedToken('ghp_');
    write('src/history-hover.ts', `export const deployToken = "${token}";\n`);
    git('add', 'src/history-hover.ts');
    git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'deploy token');
    const day = git('log', '-1', '--format=%cI').trim();
    const sha = git('rev-parse', 'HEAD').trim();
    const ext = await api();
    ext.history.forget();
    await ext.history.ensure();
    const editor = await open('src/history-hover.ts');
    const [diag] = await waitForDiagnostics(uriOf('src/history-hover.ts'), 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, diag.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).join('\n');
    assert.match(text, new RegExp(`In git history since ${new Date(day).toISOString().slice(0, 10)}`));
    assert.ok(text.includes(sha.slice(0, 12)), 'the first commit');
    assert.ok(!text.includes(token), 'no secret value in the hover');
    // The workspace report gets the same section.
    const section = ext.report.model().leakedInHistory;
    assert.ok(section && section.rows.some((r) => r.path === 'src/history-hover.ts' && r.status === 'in-head'));
  });

  it('a later commit is indexed too: the index follows HEAD', async function () {
    this.timeout(60_000);
    const ext = await api();
    await ext.history.ensure();
    const token = g.checksummedToken('ghp_');
    write('src/history-later.ts', `export const laterToken = "${token}";\n`);
    git('add', 'src/history-later.ts');
    git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'later token');
    const sha = git('rev-parse', 'HEAD').trim();
    const editor = await open('src/history-later.ts');
    const [diag] = await waitForDiagnostics(uriOf('src/history-later.ts'), 1);
    // Nobody asks for a rebuild: the reflog of HEAD moved, the index is built again.
    let text = '';
    for (let i = 0; i < 100 && !text.includes(sha.slice(0, 12)); i++) {
      await new Promise((r) => setTimeout(r, 300));
      await ext.history.ready;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, diag.range.start.translate(0, 3));
      text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).join('\n');
    }
    assert.ok(text.includes(sha.slice(0, 12)), `the new commit in the hover: ${text.slice(0, 300)}`);
    assert.ok(!text.includes(token));
  });
});
