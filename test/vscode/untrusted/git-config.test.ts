// A folder from a zip, a share or a volume carries its own .git/config. This workspace's (armed by
// run.js, before the editor starts) makes git run a marker-writing script from core.fsmonitor, hooks,
// diff.external, the pager, filters, textconv, the credential helper and gpg. In Restricted Mode the
// extension runs no git at all: opening a .env and a code file with secrets, hovering and asking for
// quick-fixes must leave no marker, and the answers that needed git say they were not checked.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, closeAll, codeActions, gitMarker, open, read, root, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(31337);
const ran = () => (existsSync(gitMarker()) ? readFileSync(gitMarker(), 'utf8') : '');

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).join('\n');
}

describe('untrusted workspace: a hostile .git/config runs nothing', () => {
  after(closeAll);

  it('the workspace is armed and nothing has run git yet', async () => {
    await api();
    assert.equal(vscode.workspace.isTrusted, false);
    assert.match(read('.git/config'), /fsmonitor = ".*run\.sh"/);
    assert.equal(ran(), '');
  });

  it('a .env with a secret: diagnostics, hover and quick-fixes without git', async () => {
    write('.env', `STRIPE_SECRET_KEY=sk_${'live'}_${g.alnum(30)}\n`);
    const editor = await open('.env');
    const [diag] = await waitForDiagnostics(uriOf('.env'), 1); // tracked or ignored is unknown: the finding stays
    const text = await hoverText(editor.document.uri, diag.range.start.translate(0, 3));
    assert.match(text, /Hard-coded credential/);
    assert.match(text, /Git history not checked/);
    assert.doesNotMatch(text, /Already committed/);
    const titles = (await codeActions(editor.document.uri, diag.range)).map((a) => a.title);
    assert.ok(titles.includes('Replace with a vault reference…'), titles.join(' | '));
    assert.ok(!titles.some((t) => /gitignore/.test(t)), 'whether git ignores it was not asked');
    assert.equal(ran(), '');
  });

  it('a code file with a secret: hover and quick-fixes without git', async () => {
    write('src/pay.ts', `export const stripeKey = "sk_${'live'}_${g.alnum(30)}";\n`);
    const editor = await open('src/pay.ts');
    const [diag] = await waitForDiagnostics(uriOf('src/pay.ts'), 1);
    for (let i = 0; i < 3; i++) {
      const text = await hoverText(editor.document.uri, diag.range.start.translate(0, 3));
      assert.match(text, /Git history not checked/);
    }
    const actions = await codeActions(editor.document.uri, diag.range);
    assert.ok(actions.some((a) => a.isPreferred), actions.map((a) => a.title).join(' | '));
    await new Promise((r) => setTimeout(r, 1000)); // anything scheduled after the edits has had its turn
    assert.equal(ran(), '', 'a git command ran the repository\'s configured script');
  });

  it('the host keeps answering', async () => {
    const editor = await open('src/pay.ts');
    const [diag] = await waitForDiagnostics(uriOf('src/pay.ts'), 1);
    assert.match(await hoverText(editor.document.uri, diag.range.start.translate(0, 3)), /Hard-coded credential/);
    assert.equal(ran(), '');
  });

  it('no git-history index: a workspace scan does not start one, asking for it runs nothing', async () => {
    const ext = await api();
    await ext.scanWorkspace();
    await ext.history.ensure();
    assert.equal(ext.history.section(), undefined);
    assert.equal(ext.report.model().leakedInHistory, undefined);
    assert.equal(ran(), '');
  });

  it('(the fixture is really hostile: a plain `git status` runs the script)', () => {
    spawnSync('git', ['status', '--short'], { cwd: root(), encoding: 'utf8' });
    assert.match(ran(), /ran: /);
  });
});
