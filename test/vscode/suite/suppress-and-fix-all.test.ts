// Suppressing with a reason (inline comment or baseline), and fix-all as one WorkspaceEdit.
import * as assert from 'node:assert/strict';
import { parse } from 'dotenv';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, ours, read, uriOf, waitForDiagnostics, write } from '../helpers';

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
  after(closeAll);

  it('in a file: one WorkspaceEdit for every value of that rule, values in .env first', async () => {
    const a = g.checksummedToken('ghp_');
    const b = g.checksummedToken('ghp_');
    const other = `sk_${'live'}_${g.alnum(30)}`;
    write('src/clients.ts', `export const ciToken = "${a}";\nexport const releaseToken = "${b}";\nexport const billingKey = "${other}";\n`);
    const editor = await open('src/clients.ts');
    const diags = await waitForDiagnostics(uriOf('src/clients.ts'), 3);
    const actions = await codeActions(editor.document.uri, diags.find((d) => d.code === 'github-pat-classic')!.range);
    const fileAction = actions.find((x) => x.title.startsWith('Move all 2 "GitHub personal access token (classic)" findings in this file'));
    assert.ok(fileAction, actions.map((x) => x.title).join(' | '));
    const ext = await api();
    const built = await ext.buildFixAll({ uri: editor.document.uri, ruleId: 'github-pat-classic' });
    assert.ok(built);
    assert.equal(built.edit.size, 1, 'one document in the edit');
    assert.equal(built.edit.get(editor.document.uri).length, 2, 'two replacements');
    assert.equal(built.edit.entries().length, 1);
    const env = parse(read('.env'));
    assert.equal(env.CI_TOKEN, a);
    assert.equal(env.RELEASE_TOKEN, b);
    // The command applies the same single edit (preview off: no person here to confirm it).
    assert.equal(await vscode.commands.executeCommand('credentialHygiene.fixAllInFile', { ...(fileAction.command!.arguments![0] as object), preview: false }), true);
    assert.equal(editor.document.getText(), `export const ciToken = process.env.CI_TOKEN;\nexport const releaseToken = process.env.RELEASE_TOKEN;\nexport const billingKey = "${other}";\n`);
    await vscode.commands.executeCommand('undo');
    assert.ok(editor.document.getText().includes(a) && editor.document.getText().includes(b), 'one undo brings both back');
  });

  it('in the workspace: one edit across files', async () => {
    const ext = await api();
    write('svc/a.py', `SLACK_BOT_TOKEN = "xoxb-${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}"\n`);
    write('svc/b.py', `ALERTS_SLACK_TOKEN = "xoxb-${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}"\n`);
    await ext.scanWorkspace();
    const built = await ext.buildFixAll({ ruleId: 'slack-bot-token' });
    assert.ok(built);
    assert.ok(built.edit.size >= 2, `documents in the edit: ${built.edit.size}`);
    for (const uri of [uriOf('svc/a.py'), uriOf('svc/b.py')]) assert.ok(built.edit.has(uri));
    assert.ok(built.edit.entries().every(([, edits]) => edits.every((e) => !e.newText.includes('xoxb-'))));
  });
});
