// What git knows changes the advice: a git-ignored .env is where local secrets belong; a tracked one
// is a finding with a fix; a secret already committed must be rotated, not just moved.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, apply, closeAll, codeActions, git, open, read, uriOf, waitFor, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(2718);

describe('git-aware advice', () => {
  afterEach(closeAll);

  it('a .env that git ignores raises nothing', async () => {
    write('.gitignore', `${read('.gitignore')}\n.env.local\n`);
    write('.env.local', `DB_PASSWORD=${g.password(16)}\nGITHUB_TOKEN=${g.checksummedToken('ghp_')}\n`);
    const editor = await open('.env.local');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Credential Hygiene').length, 0);
  });

  it('a .env that git tracks is a finding, fixed by ignoring it, with how to untrack it', async () => {
    write('deploy/.env.production', `STRIPE_SECRET_KEY=sk_${'live'}_${g.alnum(30)}\n`);
    git('add', '-f', 'deploy/.env.production');
    git('commit', '-q', '-m', 'add production env');
    const editor = await open('deploy/.env.production');
    const [diag] = await waitForDiagnostics(uriOf('deploy/.env.production'), 1);
    const actions = await codeActions(editor.document.uri, diag.range);
    assert.ok(!actions.some((a) => a.title.includes('to .env and read it')), 'no "move to .env" inside a .env file');
    const ignore = actions.find((a) => a.title === 'Add deploy/.env.production to .gitignore (and untrack it)');
    assert.ok(ignore, actions.map((a) => a.title).join(' | '));
    assert.equal(ignore.isPreferred, true);
    assert.equal(await apply(ignore), true);
    assert.match(read('.gitignore'), /^\/deploy\/\.env\.production$/m);
    const msg = (await api()).messages.at(-1)!;
    assert.match(msg.text, /git rm --cached deploy\/\.env\.production/);
    assert.match(msg.text, /rotate every credential in it/);
  });

  it('a secret already in HEAD: the hover and the message after the fix say to rotate it', async () => {
    const key = `sk_${'live'}_${g.alnum(30)}`;
    write('src/committed.ts', `export const payoutKey = "${key}";\n`);
    git('add', 'src/committed.ts');
    git('commit', '-q', '-m', 'payouts');
    const editor = await open('src/committed.ts');
    const [diag] = await waitForDiagnostics(uriOf('src/committed.ts'), 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, diag.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).join('\n');
    assert.match(text, /Already committed/);
    assert.match(text, /rotate it at Stripe/);
    const move = (await codeActions(editor.document.uri, diag.range)).find((a) => a.isPreferred);
    assert.ok(move);
    assert.equal(await apply(move), true);
    const msg = await waitFor('the message', async () => (await api()).messages.at(-1));
    assert.match(msg.text, /already in git history \(HEAD\): moving it is not enough, rotate it at Stripe/);
    assert.equal(msg.level, 'warning');
  });
});
