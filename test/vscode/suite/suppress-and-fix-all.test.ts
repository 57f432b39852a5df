// Suppressing with a reason (inline comment or baseline), and fix-all: applied at once, checked per
// file, said exactly, and undoable.
import * as assert from 'node:assert/strict';
import { parse } from 'dotenv';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, ours, read, uriOf, waitFor, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(31337);

describe('quick-fix: suppress', () => {
  afterEach(async () => {
    (await api()).setPrompter(undefined);
    await closeAll();
  });

  const inline: Array<[string, string, string]> = [
    ['src/fixture.ts', 'export const token = "%s";\n', 'export const token = "%s";'],
    ['tests/conftest.py', 'def token():\n    return "%s"\n', '    # credential-hygiene:allow revoked token used by parser tests\n    return "%s"'],
    ['config/ci.yaml', 'ci:\n  token: %s\n', '  # credential-hygiene:allow revoked token used by parser tests\n  token: %s'],
  ];
  for (const [rel, template, expected] of inline) {
    it(`inline, in the language's comment syntax: ${rel}`, async () => {
      const token = g.checksummedToken('ghp_');
      write(rel, template.replace('%s', token));
      const editor = await open(rel);
      const [diag] = await waitForDiagnostics(uriOf(rel), 1);
      const action = (await codeActions(editor.document.uri, diag.range)).find((a) => a.title.startsWith('Suppress here with a reason'));
      assert.ok(action);
      (await api()).setPrompter(answering({ askReason: async () => 'revoked token used by parser tests' }));
      assert.equal(await apply(action), true);
      const text = editor.document.getText();
      if (rel.endsWith('.ts')) assert.ok(text.startsWith(`// credential-hygiene:allow revoked token used by parser tests\n${expected.replace('%s', token)}`), text);
      else assert.ok(text.includes(expected.replace('%s', token)), text);
      await waitForDiagnostics(editor.document.uri, 0);
    });
  }

  it('in the baseline, by fingerprint, with the reason', async () => {
    const token = g.checksummedToken('ghp_');
    write('config/legacy.json', `{ "token": "${token}" }\n`);
    const editor = await open('config/legacy.json');
    const [diag] = await waitForDiagnostics(uriOf('config/legacy.json'), 1);
    const actions = await codeActions(editor.document.uri, diag.range);
    assert.ok(!actions.some((a) => a.title.startsWith('Suppress here')), 'JSON has no comments: no inline suppression');
    const action = actions.find((a) => a.title.startsWith('Accept in the baseline'));
    assert.ok(action);
    (await api()).setPrompter(answering({ askReason: async () => 'rotated in INC-4711' }));
    assert.equal(await apply(action), true);
    const baseline = JSON.parse(read('.credential-hygiene-baseline.json'));
    assert.equal(baseline.entries.length, 1);
    assert.equal(baseline.entries[0].reason, 'rotated in INC-4711');
    assert.equal(baseline.entries[0].ruleId, 'github-pat-classic');
    assert.ok(!JSON.stringify(baseline).includes(token));
    // Its fingerprint uses the project's salt, which the action added to the config (a v2 fingerprint).
    assert.match(baseline.entries[0].fingerprint, /^v2:[0-9a-f]{32}$/);
    assert.match(read('.credential-hygiene.json'), /"fingerprintSalt": "[A-Za-z0-9_-]{43}"/);
    await waitForDiagnostics(editor.document.uri, 0);
    // No diagnostic, so no hover and no fix either: every face reads the same findings.
    await noHoverNoFix(editor.document.uri, diag.range);
  });

  it('a git-ignored .env gets no diagnostic, no hover and no fix', async () => {
    write('.gitignore', `${read('.gitignore')}.env.local\n`);
    write('.env.local', `LOCAL_GH_TOKEN=${g.checksummedToken('ghp_')}\n`);
    const editor = await open('.env.local');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(ours(editor.document.uri), []);
    await noHoverNoFix(editor.document.uri, new vscode.Range(0, 16, 0, 20));
  });
});

async function noHoverNoFix(uri: vscode.Uri, range: vscode.Range): Promise<void> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, range.start.translate(0, 1))) ?? [];
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  assert.ok(!texts.some((t) => t.includes('Hard-coded credential')), 'a hover where there is no diagnostic');
  const actions = await codeActions(uri, range);
  const fixes = ['Move to .env', 'Replace with a vault reference', 'Accept in the baseline', 'Suppress here'];
  assert.deepEqual(actions.filter((a) => fixes.some((f) => a.title.startsWith(f))).map((a) => a.title), []);
}

describe('fix all of one kind', () => {
  afterEach(async () => {
    (await api()).setPrompter(undefined);
  });
  after(async () => {
    await closeAll();
  });

  it('in a file: applies at once, says what moved under which names, and one undo in the file brings both back', async () => {
    const ext = await api();
    const a = g.checksummedToken('ghp_');
    const b = g.checksummedToken('ghp_');
    const other = `sk_${'live'}_${g.alnum(30)}`;
    write('src/clients.ts', `export const ciToken = "${a}";\nexport const releaseToken = "${b}";\nexport const billingKey = "${other}";\n`);
    const editor = await open('src/clients.ts');
    const diags = await waitForDiagnostics(uriOf('src/clients.ts'), 3);
    const actions = await codeActions(editor.document.uri, diags.find((d) => d.code === 'github-pat-classic')!.range);
    const fileAction = actions.find((x) => x.title.startsWith('Move all 2 "GitHub personal access token (classic)" findings in this file'));
    assert.ok(fileAction, actions.map((x) => x.title).join(' | '));
    const asked: string[] = [];
    ext.setPrompter(answering({ confirm: async (q) => (asked.push(q), false) }));
    const seen = ext.messages.length;
    assert.equal(await apply(fileAction), true);
    assert.equal(editor.document.getText(), `export const ciToken = process.env.CI_TOKEN;\nexport const releaseToken = process.env.RELEASE_TOKEN;\nexport const billingKey = "${other}";\n`);
    const env = parse(read('.env'));
    assert.equal(env.CI_TOKEN, a);
    assert.equal(env.RELEASE_TOKEN, b);
    assert.deepEqual(ext.messages.slice(seen).map((m) => m.text), ['Moved 2 secrets from 1 file to .env as CI_TOKEN, RELEASE_TOKEN; the code now reads them from the environment.']);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.ok(editor.document.getText().includes(a) && editor.document.getText().includes(b), 'one undo brings both back');
    await waitFor('the offer to take them back out', () => asked.length === 1);
    assert.equal(asked[0], 'The undo put the values of CI_TOKEN, RELEASE_TOKEN back in src/clients.ts. Take CI_TOKEN, RELEASE_TOKEN back out of .env and .env.example?');
  });

  it('in the workspace, as the quick-fix runs it: every file changed, .env holds exactly the moved values, the notification says so, and its Undo puts it all back', async () => {
    const ext = await api();
    const slack = () => `xoxb-${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}`;
    const [va, vb] = [slack(), slack()];
    const keep = g.checksummedToken('ghp_');
    write('svc/a.py', `SLACK_BOT_TOKEN = "${va}"\nDEPLOY_TOKEN = "${keep}"\n`);
    write('svc/b.py', `ALERTS_SLACK_TOKEN = "${vb}"\n`);
    await ext.scanWorkspace();
    const envBefore = read('.env');
    const exampleBefore = read('.env.example');
    const editor = await open('svc/a.py');
    const diag = await waitFor('the Slack finding', () => ours(editor.document.uri).find((d) => d.code === 'slack-bot-token'));
    const actions = await codeActions(editor.document.uri, diag.range);
    const everywhere = actions.find((x) => x.title.startsWith('Move every "Slack bot token" finding in the workspace to .env'));
    assert.ok(everywhere, actions.map((x) => x.title).join(' | '));
    const seen = ext.messages.length;
    assert.equal(await apply(everywhere), true);

    const text = async (rel: string) => (await vscode.workspace.openTextDocument(uriOf(rel))).getText();
    assert.equal(await text('svc/a.py'), `import os\nSLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]\nDEPLOY_TOKEN = "${keep}"\n`);
    assert.equal(await text('svc/b.py'), 'import os\nALERTS_SLACK_TOKEN = os.environ["ALERTS_SLACK_TOKEN"]\n');
    // .env gained exactly the two values that moved; .env.example exactly their names.
    const before = parse(envBefore);
    const after = parse(read('.env'));
    const added = Object.keys(after).filter((k) => !(k in before)).sort();
    assert.deepEqual(added, ['ALERTS_SLACK_TOKEN', 'SLACK_BOT_TOKEN']);
    assert.equal(after.SLACK_BOT_TOKEN, va);
    assert.equal(after.ALERTS_SLACK_TOKEN, vb);
    assert.ok(read('.env').startsWith(envBefore));
    assert.ok(read('.env.example').startsWith(exampleBefore));
    assert.deepEqual(read('.env.example').slice(exampleBefore.length).split('\n').sort(), ['', 'ALERTS_SLACK_TOKEN=', 'SLACK_BOT_TOKEN=']);
    const said = ext.messages.slice(seen);
    assert.deepEqual(said.map((m) => [m.level, m.text]), [['info', 'Moved 2 secrets from 2 files to .env as ALERTS_SLACK_TOKEN, SLACK_BOT_TOKEN; the code now reads them from the environment.']]);

    // The notification's Undo: both files back, .env and .env.example exactly as before.
    assert.equal(await vscode.commands.executeCommand('credentialHygiene.undoFixAll'), true);
    assert.equal(await text('svc/a.py'), `SLACK_BOT_TOKEN = "${va}"\nDEPLOY_TOKEN = "${keep}"\n`);
    assert.equal(await text('svc/b.py'), `ALERTS_SLACK_TOKEN = "${vb}"\n`);
    assert.equal(read('.env'), envBefore);
    assert.equal(read('.env.example'), exampleBefore);
    assert.equal(ext.messages.at(-1)?.text, 'Put back 2 files and took ALERTS_SLACK_TOKEN, SLACK_BOT_TOKEN back out of .env and .env.example.');
    assert.ok(!said.some((m) => m.text.includes(va) || m.text.includes(vb)), 'a message shows a value');
  });

  it('a file that changed while the values were written to .env is left alone, and its value taken back out of .env', async () => {
    const ext = await api();
    const user = () => `xoxp-${g.digits(12)}-${g.digits(12)}-${g.digits(13)}-${g.hex(32)}`;
    const [vd, ve] = [user(), user()];
    write('svc/d.py', `PAGER_SLACK_TOKEN = "${vd}"\n`);
    write('svc/e.py', `OPS_SLACK_TOKEN = "${ve}"\n`);
    await ext.scanWorkspace();
    const envBefore = read('.env');
    const exampleBefore = read('.env.example');
    // The command's two halves: plan and write .env, then (after the user typed in e.py) apply.
    const plan = await ext.buildFixAll({ ruleId: 'slack-user-token' });
    assert.ok(plan);
    assert.deepEqual(plan.docs.map((d) => d.plans.map((p) => p.name)).flat().sort(), ['OPS_SLACK_TOKEN', 'PAGER_SLACK_TOKEN']);
    assert.equal(parse(read('.env')).OPS_SLACK_TOKEN, ve, '.env is written first');
    const e = await vscode.workspace.openTextDocument(uriOf('svc/e.py'));
    const typing = new vscode.WorkspaceEdit();
    typing.insert(e.uri, new vscode.Position(0, 0), '# reviewed\n');
    assert.equal(await vscode.workspace.applyEdit(typing), true);
    const seen = ext.messages.length;
    assert.equal(await ext.applyFixAll(plan), true);

    assert.equal((await vscode.workspace.openTextDocument(uriOf('svc/d.py'))).getText(), 'import os\nPAGER_SLACK_TOKEN = os.environ["PAGER_SLACK_TOKEN"]\n');
    assert.equal(e.getText(), `# reviewed\nOPS_SLACK_TOKEN = "${ve}"\n`);
    assert.equal(read('.env').slice(0, envBefore.length), envBefore);
    const added = parse(read('.env').slice(envBefore.length));
    assert.deepEqual(added, { PAGER_SLACK_TOKEN: vd }, 'nothing half-done: only the value that moved is in .env');
    assert.equal(read('.env.example'), `${exampleBefore}PAGER_SLACK_TOKEN=\n`);
    assert.deepEqual(ext.messages.slice(seen).map((m) => [m.level, m.text]), [[
      'warning',
      'Moved 1 secret from 1 file to .env as PAGER_SLACK_TOKEN; the code now reads it from the environment. 1 secret left in place, not in .env (svc/e.py: the file changed while moving).',
    ]]);
  });
});
