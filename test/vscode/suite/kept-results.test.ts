// Scan results kept between sessions (src/core/run/results-cache.ts) in the real editor: a workspace
// scanned again reads only the files changed since, its workers comparing each file with what was kept
// in the extension's global storage; the Problems panel says the same; a changed file is read again.
// Reads are counted by the extension's test API.
import * as assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, root, uriOf, waitFor, write } from '../helpers';

const FILES = 60; // more than a scan does in process: the workers check what was kept

describe('scan results kept between sessions (editor)', () => {
  const g = new SampleGen(6060);
  after(async () => {
    rmSync(path.join(root(), 'kept'), { recursive: true, force: true });
    // The suites after this one fix every finding of a kind: they must not meet these.
    await waitFor('the deleted files\' findings gone', () => ['kept/deploy.py', 'kept/m7.ts'].every((f) => vscode.languages.getDiagnostics(uriOf(f)).length === 0));
  });

  it('a workspace scanned again reads only what changed since, and shows the same findings', async function () {
    this.timeout(120_000);
    const ext = await api();
    const token = g.checksummedToken('ghp_');
    for (let i = 0; i < FILES; i++) write(`kept/m${i}.ts`, `export const n${i} = ${i};\n`);
    write('kept/deploy.py', `GITHUB_TOKEN = "${token}"\n`);
    // Older than 3 s (a file changed just before a scan is not kept), and the watcher's events settled.
    await new Promise((r) => setTimeout(r, 3500));
    await ext.scanWorkspace();
    const ours = () => [...Array(FILES).keys()].map((i) => path.join(root(), `kept/m${i}.ts`)).concat(path.join(root(), 'kept/deploy.py'));
    const shown = () => vscode.languages.getDiagnostics(uriOf('kept/deploy.py')).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character} ${d.message}`);
    const before = shown();
    assert.equal(before.length, 1, 'the planted token is a finding');
    assert.ok(!before[0].includes(token.slice(4)), 'redacted');

    ext.reads!.reset();
    const again = await ext.scanWorkspace();
    const read = ours().filter((f) => (ext.reads!.counts.get(f) ?? 0) > 0).map((f) => path.relative(root(), f));
    assert.deepEqual(read, [], 'files unchanged since the last scan are not read');
    assert.ok(again.files >= FILES + 1);
    assert.deepEqual(shown(), before, 'the same finding, from what was kept');
    // Kept in the extension's global storage, privately.
    const storage = path.join(ext.globalStorage!, 'scan-results');
    assert.equal(statSync(storage).mode & 0o777, 0o700);
    assert.ok(readdirSync(storage).some((f) => f.endsWith('.jsonl')));

    // A changed file is read again by the next scan (after the watcher has read it once).
    const other = g.checksummedToken('ghp_');
    write('kept/m7.ts', `export const t = "${other}";\n`);
    await new Promise((r) => setTimeout(r, 1500));
    ext.reads!.reset();
    await ext.scanWorkspace();
    const readNow = ours().filter((f) => (ext.reads!.counts.get(f) ?? 0) > 0).map((f) => path.relative(root(), f));
    assert.deepEqual(readNow, ['kept/m7.ts']);
    assert.equal(vscode.languages.getDiagnostics(uriOf('kept/m7.ts')).length, 1);
  });
});
