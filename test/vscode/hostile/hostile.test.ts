// A trusted workspace full of traps, in place before the extension activated (run.js plants them):
// FIFOs as credentials.yaml, catalog-info.yaml, CODEOWNERS, a sub-folder's .gitignore and the
// config's baseline; a link to /dev/zero as big.env; an exclude glob, +(a|a)b, that backtracks
// for ever on a 40-character name; a .gitignore line that a backtracking matcher takes exponential
// time on over a folder nest forty deep; and JSON and YAML nested 200,000 levels deep. The extension host must keep answering, and a workspace scan must
// finish and say what it did not read, and why.
import * as assert from 'node:assert/strict';
import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, open, ours, root, uriOf, waitFor, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(8086);
export const LONG_NAME = `${'a'.repeat(39)}c`;

/** Rejects when `p` has not settled after `ms`: a frozen host would never settle it. */
function within<T>(ms: number, what: string, p: Thenable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(p),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

interface ScanResult { files: number; findings: number; cancelled: boolean; skipped: Array<{ path: string; reason: string; detail: string }> }

describe('hostile workspace (FIFOs, a /dev/zero link, a catastrophic exclude glob)', () => {
  it('is trusted, and the traps are in place', () => {
    assert.equal(vscode.workspace.isTrusted, true);
    for (const f of ['credentials.yaml', 'catalog-info.yaml', 'CODEOWNERS', 'sub/.gitignore', 'accepted.json']) {
      assert.ok(lstatSync(path.join(root(), f)).isFIFO(), `${f} is not a FIFO`);
    }
    assert.ok(lstatSync(path.join(root(), 'big.env')).isSymbolicLink());
  });

  it('keeps answering: a planted secret gets its diagnostic within 10 s', async () => {
    await within(10_000, 'activation', api());
    write('src/app.ts', `export const token = "${g.checksummedToken('ghp_')}";\n`);
    await within(10_000, 'opening a file', open('src/app.ts'));
    const [d] = await waitForDiagnostics(uriOf('src/app.ts'), 1);
    assert.equal(d.code, 'github-pat-classic');
  });

  it('keeps answering: a command returns', async () => {
    await within(5_000, 'a command', vscode.commands.executeCommand('credentialHygiene.groupByRule'));
    await within(5_000, 'a command', vscode.commands.executeCommand('credentialHygiene.groupByFile'));
  });

  it('a workspace scan completes and reports the files it skipped, with reasons', async () => {
    write(`src/${LONG_NAME}`, `k = "${g.checksummedToken('ghp_')}"\n`);
    const r = await within(30_000, 'the workspace scan', vscode.commands.executeCommand<ScanResult>('credentialHygiene.scanWorkspace'));
    assert.equal(r.cancelled, false);
    const why = (p: string) => r.skipped.find((s) => s.path === p);
    for (const p of ['credentials.yaml', 'catalog-info.yaml', 'CODEOWNERS', 'sub/.gitignore', 'accepted.json']) {
      assert.equal(why(p)?.reason, 'not-a-file', `${p}: ${JSON.stringify(why(p))}`);
      assert.match(why(p)!.detail, /FIFO/);
    }
    assert.equal(why('big.env')?.reason, 'symlink');
    assert.match(why('big.env')!.detail, /character device/);
    // The refused glob is dropped and scanning goes on without it: the long name is scanned.
    await waitForDiagnostics(uriOf(`src/${LONG_NAME}`), 1);
  });

  it('says once that the exclude glob was refused, naming the pattern and the file', async () => {
    const ext = await api();
    const about = ext.messages.filter((m) => m.text.includes('+(a|a)b'));
    assert.equal(about.length, 1, JSON.stringify(ext.messages));
    assert.match(about[0].text, /\.credential-hygiene\.json: "exclude": glob "\+\(a\|a\)b" uses extglob syntax/);
    assert.ok(ext.messages.some((m) => /accepted\.json: is a FIFO/.test(m.text)), 'the FIFO baseline is not reported');
  });

  it('a .gitignore line that backtracks for ever, and files nested 200,000 deep: the host answers, the files around them are analyzed', async () => {
    const nested = `trap/${'a/'.repeat(40)}leak.ts`;
    write(nested, `export const token = "${g.checksummedToken('ghp_')}";\n`);
    write('deploy/values.ts', `export const token = "${g.checksummedToken('ghp_')}";\n`);
    await within(5_000, 'a command', vscode.commands.executeCommand('credentialHygiene.groupByFile'));
    const r = await within(30_000, 'the workspace scan', vscode.commands.executeCommand<ScanResult>('credentialHygiene.scanWorkspace'));
    assert.equal(r.cancelled, false);
    for (const f of [nested, 'deploy/values.ts']) assert.equal((await waitForDiagnostics(uriOf(f), 1))[0].code, 'github-pat-classic', f);
    // The deep files were read as text, not parsed: no diagnostic of theirs, and the host still answers.
    await within(10_000, 'opening a deep file', open('deploy/k8s.yaml'));
    await within(5_000, 'a command', vscode.commands.executeCommand('credentialHygiene.groupByRule'));
  });

  it('shows the FIFO register as a register problem', async () => {
    const ext = await api();
    await within(10_000, 'ownership load', ext.ownership.load());
    ext.ownership.evaluateNow();
    const d = await waitFor('an ownership diagnostic on credentials.yaml', () => {
      const list = vscode.languages.getDiagnostics(uriOf('credentials.yaml')).filter((x) => x.code === 'owner/register-invalid');
      return list.length ? list : undefined;
    }, 10_000);
    assert.match(d[0].message, /cannot read the register: it is a FIFO/);
    assert.equal(ours(uriOf('credentials.yaml')).length, 0);
  });
});
