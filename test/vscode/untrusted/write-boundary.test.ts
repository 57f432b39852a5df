// Fixes write only inside the workspace and never through a symbolic link: a hostile folder cannot
// make "Move to .env" or "Accept in the baseline" put a secret (or anything) somewhere else.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { answering, api, apply, closeAll, codeActions, open, root, uriOf, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(9191);

describe('writes stay inside the workspace', () => {
  const outside = mkdtempSync(path.join(path.dirname(root()), 'ch-outside-'));
  after(async () => {
    await closeAll();
    rmSync(outside, { recursive: true, force: true });
    for (const f of ['.env', '.credential-hygiene.json']) rmSync(path.join(root(), f), { force: true });
  });

  it('"Move to .env" refuses a .env that is a dangling link to a file outside, and changes nothing', async () => {
    const target = path.join(outside, 'planted.env');
    rmSync(path.join(root(), '.env'), { force: true });
    symlinkSync(target, path.join(root(), '.env'));
    write('src/billing.ts', `export const stripeSecretKey = "sk_${'live'}_${g.alnum(32)}";\n`);
    const editor = await open('src/billing.ts');
    const before = editor.document.getText();
    const [d] = await waitForDiagnostics(uriOf('src/billing.ts'), 1);
    const move = (await codeActions(editor.document.uri, d.range)).find((a) => a.title.startsWith('Move to .env as '));
    assert.ok(move);
    assert.equal(await apply(move), false);
    assert.equal(existsSync(target), false, 'the secret was written outside the workspace');
    assert.equal(editor.document.getText(), before, 'the code changed although the value was not stored');
    unlinkSync(path.join(root(), '.env'));
  });

  it('"Accept in the baseline" refuses a baseline path outside the workspace', async () => {
    const rel = path.relative(root(), path.join(outside, 'baseline.json')).split(path.sep).join('/');
    write('.credential-hygiene.json', JSON.stringify({ baseline: rel }));
    write('src/legacy.ts', `export const legacyToken = "${g.checksummedToken('ghp_')}";\n`);
    const ext = await api();
    ext.setPrompter(answering({ askReason: async () => 'accepted for the test' }));
    const editor = await open('src/legacy.ts');
    const [d] = await waitForDiagnostics(uriOf('src/legacy.ts'), 1);
    const accept = (await codeActions(editor.document.uri, d.range)).find((a) => a.title.startsWith('Accept in the baseline'));
    assert.ok(accept);
    await apply(accept).catch(() => undefined);
    assert.equal(existsSync(path.join(outside, 'baseline.json')), false, 'a baseline was written outside the workspace');
  });
});
