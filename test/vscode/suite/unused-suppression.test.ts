// A `credential-hygiene:allow` comment that allows nothing is a faded hint in the editor ("unnecessary"),
// and stops being one as soon as something on its line needs it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, open, waitFor, write } from '../helpers';

describe('unused suppressions', () => {
  it('shows a hint on a credential-hygiene:allow comment with nothing to allow, and none once a reference is on its line', async () => {
    const uri = write('src/unused-allow.ts', [
      'export const a = 1; // credential-hygiene:allow left behind',
      '// credential-hygiene:allow the key below is read from the environment',
      'export const k = process.env.PAYMENTS_API_KEY;',
      '',
    ].join('\n'));
    const editor = await open('src/unused-allow.ts');
    const hints = () => vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'unused-suppression');
    const [h] = await waitFor('the unused-suppression hint', () => (hints().length ? hints() : undefined));
    assert.equal(hints().length, 1);
    assert.equal(h.severity, vscode.DiagnosticSeverity.Hint);
    assert.deepEqual(h.tags, [vscode.DiagnosticTag.Unnecessary]);
    assert.equal(h.range.start.line, 0);
    assert.equal(h.range.start.character, 23);
    assert.match(h.message, /allows nothing/);
    // A reference on its line: the comment allows something now.
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(0, 0, 0, 19), 'export const a = process.env.LEGACY_TOKEN;')));
    await waitFor('the hint to go', () => hints().length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a closed file gets its hint from the workspace scan, under its own source (not counted as a finding)', async () => {
    const uri = write('src/unused-closed.ts', 'export const b = 2; // credential-hygiene:allow nothing here any more\n');
    await (await api()).scanWorkspace();
    const h = await waitFor('the hint on the closed file', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unused-suppression'));
    assert.equal(h.source, 'Credential Hygiene (suppressions)');
    assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Credential Hygiene'), 'no finding on the file');
  });
});
