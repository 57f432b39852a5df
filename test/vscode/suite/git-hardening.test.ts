// Even in a trusted workspace the repository's own config runs nothing through us: every git call
// goes through the hardened helper (core/git.ts). Here the workspace's .git/config points fsmonitor,
// hooks, diff.external, the pager, filters, textconv, the credential helper and gpg at a script that
// leaves a marker; the git-aware advice (a tracked .env, a secret already in HEAD) still works and the
// marker is never written.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { armHostileGit, closeAll, codeActions, git, gitMarker, open, root, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(1618);

describe('git: a hostile .git/config runs nothing, even when trusted', () => {
  let disarm: (() => void) | undefined;
  const ran = () => (existsSync(gitMarker()) ? readFileSync(gitMarker(), 'utf8') : '');

  before(() => {
    write('deploy/.env.staging', `STRIPE_SECRET_KEY=sk_${'live'}_${g.alnum(30)}\n`);
    write('src/hardened.ts', `export const refundKey = "sk_${'live'}_${g.alnum(30)}";\n`);
    git('add', '-f', 'deploy/.env.staging', 'src/hardened.ts');
    git('commit', '-q', '-m', 'staging env and refunds');
    rmSync(gitMarker(), { force: true });
    disarm = armHostileGit(gitMarker());
  });
  after(async () => {
    disarm?.();
    rmSync(gitMarker(), { force: true });
    await closeAll();
  });

  it('a tracked .env is still recognised, and nothing ran', async () => {
    const editor = await open('deploy/.env.staging');
    const [diag] = await waitForDiagnostics(uriOf('deploy/.env.staging'), 1);
    const titles = (await codeActions(editor.document.uri, diag.range)).map((a) => a.title);
    assert.ok(titles.includes('Add deploy/.env.staging to .gitignore (and untrack it)'), titles.join(' | '));
    assert.equal(ran(), '');
  });

  it('a secret in HEAD is still recognised on hover (asked once, then cached), and nothing ran', async () => {
    const editor = await open('src/hardened.ts');
    const [diag] = await waitForDiagnostics(uriOf('src/hardened.ts'), 1);
    for (let i = 0; i < 3; i++) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, diag.range.start.translate(0, 3));
      const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).join('\n');
      assert.match(text, /Already committed/);
    }
    await codeActions(editor.document.uri, diag.range);
    assert.equal(ran(), '');
  });

  it('(the fixture is really hostile: a plain `git status` runs the script)', () => {
    spawnSync('git', ['status', '--short'], { cwd: root(), encoding: 'utf8' });
    assert.match(ran(), /ran: /);
  });
});
