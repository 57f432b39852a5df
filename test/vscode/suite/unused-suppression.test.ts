// A `credential-hygiene:allow` comment that allows nothing is a faded hint in the editor ("unnecessary"),
// and stops being one as soon as something on its line needs it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, waitFor, write } from '../helpers';

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
});
