// One analysis per file in the editor: the workspace scan reads each file once, on its workers, and
// ownership is evaluated from those analyses (the register, catalog and CODEOWNERS included) instead
// of reading the workspace a second time. Reads are counted by the extension's test API.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, root, uriOf, waitFor, write } from '../helpers';

const g = new SampleGen(5150);

const REGISTER = `identities:
  - id: stripe-live
    kind: api_key
    provider: Stripe
    owners: { business: group:commerce, technical: group:payments }
    purpose: Charges cards at checkout
    environment: production
    rotation: P90D
    lastRotated: 2026-01-01
    match: [STRIPE_LIVE_KEY]
`;
const FILES = 60; // more than the scan does in process: the workers do it

const owned = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene (ownership)');

/** Every file below the workspace root that the walk may list (not .git). */
function workspaceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.relative(dir, e.parentPath).split(path.sep).includes('.git'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('one analysis per file (editor)', () => {
  const registerFile = () => path.join(root(), 'credentials.yaml');
  const baselineFile = () => path.join(root(), '.credential-hygiene-baseline.json');
  let registerBefore: string | undefined;
  let baselineBefore: string | undefined;
  // These count reads: every file is read by each scan here, none answered from results kept by an
  // earlier one (kept-results.test.ts covers those).
  const settings = () => vscode.workspace.getConfiguration('credentialHygiene');
  before(async () => {
    await settings().update('keepScanResults', false, vscode.ConfigurationTarget.Global);
    registerBefore = existsSync(registerFile()) ? readFileSync(registerFile(), 'utf8') : undefined;
    baselineBefore = existsSync(baselineFile()) ? readFileSync(baselineFile(), 'utf8') : undefined;
  });
  after(async () => {
    await settings().update('keepScanResults', undefined, vscode.ConfigurationTarget.Global);
    rmSync(path.join(root(), 'reads'), { recursive: true, force: true });
    if (baselineBefore === undefined) rmSync(baselineFile(), { force: true });
    if (registerBefore === undefined) unlinkSync(registerFile());
    else writeFileSync(registerFile(), registerBefore);
    await (await api()).ownership.reload();
  });

  it('the start-up workspace scan read each file of the initial workspace once', async () => {
    const ext = await api();
    const startup = await ext.startup;
    assert.ok(ext.reads, 'the test API counts reads');
    // The files test/vscode/run.js starts the workspace with, which no test rewrites (other suites'
    // files are written while the start-up scan runs, and their watcher events read them again).
    const initial = ['README.md', '.gitignore', '.vscode/settings.json'].map((rel) => path.join(root(), rel));
    // The first suite starts a scan of its own while the start-up one may still run: one read per scan.
    assert.ok(startup.scans >= 1);
    // At most one read per scan (a scan that a newer one cancelled may stop before reaching a file).
    const over = initial.filter((f) => !((startup.counts.get(f) ?? 0) >= 1 && (startup.counts.get(f) ?? 0) <= startup.scans));
    assert.deepEqual(over.map((f) => [path.relative(root(), f), startup.counts.get(f), startup.scans]), [],
      'the walk hands .gitignore\'s text to the scan; ownership reads nothing again');
  });

  it('with ownership on, a workspace scan reads each file once and ownership comes from its analyses', async () => {
    const ext = await api();
    write('credentials.yaml', REGISTER);
    write('reads/catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: reads\nspec:\n  owner: group:commerce\n');
    // A baseline: read when the project loads, and the scan analyzes that text rather than reading it again.
    if (!existsSync(baselineFile())) write('.credential-hygiene-baseline.json', JSON.stringify({ version: 1, entries: [] }, null, 2));
    for (let i = 0; i < FILES; i++) write(`reads/app${i}.ts`, `export const key${i} = process.env.STRIPE_LIVE_KEY;\nexport const t${i} = process.env.READS_TOKEN_${i};\n`);
    await ext.ownership.reload();
    await waitFor('ownership diagnostics on the new files', () => owned(uriOf(`reads/app${FILES - 1}.ts`)).length > 0);
    await new Promise((r) => setTimeout(r, 1500)); // let the watcher's events for those writes settle

    ext.reads!.reset();
    await ext.scanWorkspace();
    const counts = ext.reads!.counts;
    const twice = [...counts].filter(([, n]) => n > 1).map(([f, n]) => `${path.relative(root(), f)} x${n}`);
    assert.deepEqual(twice, [], 'no file is read twice');
    const ours = workspaceFiles(root()).filter((f) => f.includes(`${path.sep}reads${path.sep}`) || f === registerFile());
    assert.equal(ours.length, FILES + 2);
    assert.deepEqual(ours.filter((f) => counts.get(f) !== 1).map((f) => path.relative(root(), f)), [], 'each file read exactly once');
    assert.ok((counts.get(baselineFile()) ?? 0) <= 1, 'the baseline is read at most once (when the project loads)');
    // Ownership saw every file through the scan's analyses: each unregistered name is reported where it is used.
    ext.ownership.evaluateNow();
    for (const i of [0, FILES - 1]) {
      const d = owned(uriOf(`reads/app${i}.ts`));
      assert.deepEqual(d.map((x) => `${x.code}@${x.range.start.line}`), ['owner/missing@1'], `reads/app${i}.ts`);
      assert.ok(d[0].message.includes(`READS_TOKEN_${i}`));
    }
  });

  it('a changed file is analyzed once for both faces', async () => {
    const ext = await api();
    write('reads/app1.ts', 'export const other = process.env.READS_RENAMED_TOKEN;\n');
    await waitFor('ownership of the changed file', () => owned(uriOf('reads/app1.ts')).some((d) => d.message.includes('READS_RENAMED_TOKEN')));
    assert.ok(!owned(uriOf('reads/app1.ts')).some((d) => d.message.includes('READS_TOKEN_1')));
    assert.ok(ext.ownership.results().some((r) => r.result.inventory.some((e) => e.id === 'stripe-live')));
  });

  it('a file made with its folder is analyzed, once, though the watcher may report only the folder', async () => {
    const ext = await api();
    ext.reads!.reset();
    const file = write('reads/new-folder/deep/app.ts', `export const token = process.env.READS_NEW_TOKEN;\n`);
    const folders = [path.dirname(file.fsPath), path.dirname(path.dirname(file.fsPath))];
    await waitFor('ownership of the file in the new folder', () => owned(file).some((d) => d.message.includes('READS_NEW_TOKEN')));
    // The folders' and the file's events land within a moment of the write; give them time, then count.
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(folders.filter((f) => ext.reads!.counts.has(f)), [], 'a folder is no file to read');
    assert.equal(ext.reads!.counts.get(file.fsPath), 1, 'the new file is read once, whichever events name it');
  });

  it('a folder moved into the workspace has its files analyzed (the watcher names only the folder)', async () => {
    // Made beside the workspace (the same file system), then moved in: one event, for the folder.
    const staging = mkdtempSync(path.join(path.dirname(root()), 'staging-'));
    try {
      writeFileSync(path.join(staging, 'app.ts'), 'export const token = process.env.READS_MOVED_TOKEN;\n');
      mkdirSync(path.join(staging, 'lib'));
      writeFileSync(path.join(staging, 'lib', 'db.ts'), 'export const db = process.env.READS_MOVED_DB_PASSWORD;\n');
      mkdirSync(path.join(root(), 'reads'), { recursive: true });
      renameSync(staging, path.join(root(), 'reads', 'moved'));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    await waitFor('ownership of the moved files', () => owned(uriOf('reads/moved/app.ts')).some((d) => d.message.includes('READS_MOVED_TOKEN')) &&
      owned(uriOf('reads/moved/lib/db.ts')).some((d) => d.message.includes('READS_MOVED_DB_PASSWORD')));
  });

  it('the watcher leaves what a workspace scan leaves: files git ignores are not analyzed', async () => {
    const token = () => `export const t = "${g.checksummedToken('ghp_')}";\n`;
    write('reads/ignored/.gitignore', '*.log\nout/\n');
    await new Promise((r) => setTimeout(r, 500));
    const kept = write('reads/ignored/app.ts', token());
    const log = write('reads/ignored/debug.log', token());
    const out = write('reads/ignored/out/bundle.js', token());
    const secrets = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source === 'Credential Hygiene');
    await waitFor('findings in the file git does not ignore', () => secrets(kept).length > 0);
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual([log, out].filter((u) => secrets(u).length > 0).map((u) => path.relative(root(), u.fsPath)), []);
    // The same as the workspace scan says.
    await (await api()).scanWorkspace();
    assert.ok(secrets(kept).length > 0);
    assert.deepEqual([log, out].filter((u) => secrets(u).length > 0).map((u) => path.relative(root(), u.fsPath)), []);
  });
});
