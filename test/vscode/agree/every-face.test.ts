// One workspace, every face: the editor's diagnostics, its Credentials inventory and its report
// webview's model, and the language server's diagnostics (a real LSP client, pulling the workspace),
// say the same as the CLI's `scan`, `inventory` and `report` about the same files —
// the same counts, the same names, the same statuses. The workspace (test/vscode/run.js, suite
// "agree") has a register, a git-ignored .env, a baseline and an inline suppression.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileURLToPath } from 'node:url';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../../unit/support/lsp-client';
import { api, root, waitFor } from '../helpers';

interface CliFinding { ruleId: string; path: string; range: { start: { line: number } }; fix?: { envName: string }; confidence?: string }

function cli(args: string[]): unknown {
  const node = process.env.CH_TEST_NODE;
  assert.ok(node, 'CH_TEST_NODE (the Node that runs the CLI) is not set');
  const r = spawnSync(node, [path.join(__dirname, '../../../../dist/cli.js'), ...args], { cwd: root(), encoding: 'utf8', timeout: 60_000 });
  assert.ok(r.status === 0 || r.status === 1, `credential-hygiene ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const key = (p: string, line: number, rule: string) => `${p}:${line + 1}:${rule}`;

/** The editor's certificate-check diagnostics (cert/*, crypto/*), as keys. */
function certificateDiagnostics(): string[] {
  return vscode.languages.getDiagnostics()
    .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'Credential Hygiene (certificates)').map((d) => key(vscode.workspace.asRelativePath(uri), d.range.start.line, String(d.code))))
    .sort();
}

describe('every face says the same about one workspace', () => {
  let scan: { findings: CliFinding[]; suppressed: CliFinding[]; ownership?: { findings: CliFinding[] }; certificates?: { findings: CliFinding[] } };
  let inventory: { identities: Array<{ id: string; status: string }> };
  let report: { tiles: Record<string, unknown> & { findings: { total: number; secrets: number; ownership: number } } };

  before(async function () {
    this.timeout(120_000);
    const ext = await api();
    await ext.scanWorkspace();
    await ext.ownership.load();
    ext.ownership.evaluateNow();
    scan = cli(['scan', '.', '--format', 'json', '--no-progress']) as typeof scan;
    inventory = cli(['inventory', '--format', 'json', '--no-progress']) as typeof inventory;
    report = cli(['report', '--format', 'json', '--no-progress']) as typeof report;
  });

  it('the same hard-coded secrets, at the same places, under the same names', async () => {
    const ext = await api();
    const editor = vscode.languages.getDiagnostics()
      .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'Credential Hygiene').map((d) => key(vscode.workspace.asRelativePath(uri), d.range.start.line, String(d.code))))
      .sort();
    const fromCli = scan.findings.map((f) => key(f.path, f.range.start.line, f.ruleId)).sort();
    assert.deepEqual(editor, fromCli);
    assert.ok(fromCli.length >= 2, 'the workspace should hold open findings');
    assert.ok(fromCli.includes(key('deploy/release.p12', 0, 'private-key-pkcs12')), fromCli.join());
    const names = ext.store.all().flatMap((e) => e.findings.map((f) => f.fix.envName)).sort();
    assert.deepEqual(names, scan.findings.map((f) => f.fix!.envName).sort());
    assert.ok(!editor.some((k) => k.startsWith('.env.local')), 'the git-ignored .env.local has no diagnostic');
  });

  it('the same ownership findings', () => {
    const editor = vscode.languages.getDiagnostics()
      .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'Credential Hygiene (ownership)').map((d) => key(vscode.workspace.asRelativePath(uri), d.range.start.line, String(d.code))))
      .sort();
    assert.deepEqual(editor, (scan.ownership?.findings ?? []).map((f) => key(f.path, f.range.start.line, f.ruleId)).sort());
    assert.ok(editor.length >= 2, 'the workspace should hold ownership findings');
  });

  it('the same certificate findings, each once', () => {
    const editor = certificateDiagnostics();
    assert.deepEqual(editor, (scan.certificates?.findings ?? []).map((f) => key(f.path, f.range.start.line, f.ruleId)).sort());
    assert.ok(editor.includes(key('tls/agree-old.pem', 0, 'cert/expired')), editor.join());
    assert.ok(!(scan.ownership?.findings ?? []).some((f) => f.ruleId.startsWith('cert/') || f.ruleId.startsWith('crypto/')));
  });

  it('the language server says the same: secret, ownership and certificate diagnostics', async function () {
    this.timeout(120_000);
    const node = process.env.CH_TEST_NODE;
    assert.ok(node, 'CH_TEST_NODE (the Node that runs the CLI) is not set');
    // Trusted as the editor is here (git decides what is ignored), one pull of the whole workspace.
    const client = new LspClient(root(), [], undefined, node);
    try {
      await client.initialize(root(), { trusted: true, credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
      const report = await client.connection.sendRequest<{ items: Array<{ uri: string; items: LspDiagnostic[] }> }>('workspace/diagnostic', { previousResultIds: [] });
      const bySource = (source: string) => report.items
        .flatMap((i) => i.items.filter((d) => d.source === source).map((d) => key(path.relative(root(), fileURLToPath(i.uri)).split(path.sep).join('/'), d.range.start.line, String(d.code))))
        .sort();
      const keys = (fs: CliFinding[] | undefined) => (fs ?? []).map((f) => key(f.path, f.range.start.line, f.ruleId)).sort();
      assert.deepEqual(bySource('Credential Hygiene'), keys(scan.findings));
      assert.deepEqual(bySource('Credential Hygiene (ownership)'), keys(scan.ownership?.findings));
      assert.deepEqual(bySource('Credential Hygiene (certificates)'), keys(scan.certificates?.findings));
    } finally {
      await client.close();
    }
  });

  it('the same inventory: ids and statuses', async () => {
    const ext = await api();
    const [first] = ext.ownership.results();
    assert.ok(first, 'ownership is on (there is a register)');
    const editor = first.result.inventory.map((e) => `${e.id}=${e.status}`).sort();
    assert.deepEqual(editor, inventory.identities.map((e) => `${e.id}=${e.status}`).sort());
  });

  it('the report webview\'s model and `report --format json` give the same tiles', async () => {
    const ext = await api();
    const model = ext.report.model();
    for (const k of ['identities', 'expired', 'expiring', 'overdue', 'noOwner', 'incomplete']) {
      assert.deepEqual(model.tiles[k as keyof typeof model.tiles], report.tiles[k], `tile ${k}`);
    }
    assert.deepEqual(model.tiles.findings, report.tiles.findings);
    assert.deepEqual(model.tiles.coverage, report.tiles.coverage);
  });

  it('and without a register: the same secrets, no ownership findings anywhere, and the report says the checks are off', async function () {
    this.timeout(120_000);
    const ext = await api();
    rmSync(path.join(root(), 'credentials.yaml'));
    await ext.ownership.reload();
    // The editor converges as the watcher reports the deletion (a scan under way may still hold the register).
    await waitFor('ownership checks off in the editor', () => {
      ext.ownership.evaluateNow();
      return ext.ownership.results().length === 0 && !vscode.languages.getDiagnostics().some(([, ds]) => ds.some((d) => d.source === 'Credential Hygiene (ownership)'));
    }, 20_000);
    const cliScan = cli(['scan', '.', '--format', 'json', '--no-progress']) as typeof scan;
    const cliReport = cli(['report', '--format', 'json', '--no-progress']) as typeof report & { ownership: { enabled: boolean }; cryptoReadiness?: unknown };
    assert.equal(cliScan.ownership, undefined);
    assert.deepEqual(cliReport.ownership, { enabled: false });
    // The certificate checks need no register: the same findings in the editor and the CLI, and the readiness in both reports.
    await waitFor('the certificate findings without a register', () => {
      ext.ownership.evaluateNow();
      return JSON.stringify(certificateDiagnostics()) === JSON.stringify((cliScan.certificates?.findings ?? []).map((f) => key(f.path, f.range.start.line, f.ruleId)).sort());
    }, 20_000);
    assert.ok(certificateDiagnostics().includes(key('tls/agree-old.pem', 0, 'cert/expired')));
    assert.ok(cliReport.cryptoReadiness, 'the CLI report has the cryptographic readiness');
    const editorOwnership = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source === 'Credential Hygiene (ownership)'));
    assert.deepEqual(editorOwnership.map((d) => d.code), []);
    assert.equal(ext.ownership.results().length, 0);
    const model = ext.report.model();
    assert.equal(model.ownership.enabled, false);
    assert.deepEqual(model.tiles.findings, cliReport.tiles.findings);
    assert.deepEqual(model.cryptoReadiness, cliReport.cryptoReadiness);
    const editor = vscode.languages.getDiagnostics()
      .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'Credential Hygiene').map((d) => key(vscode.workspace.asRelativePath(uri), d.range.start.line, String(d.code))))
      .sort();
    assert.deepEqual(editor, cliScan.findings.map((f) => key(f.path, f.range.start.line, f.ruleId)).sort());
  });
});

describe('every face at the project\'s minimum confidence "low"', () => {
  const configFile = () => path.join(root(), '.credential-hygiene.json');
  let before: string | undefined;
  after(async () => {
    const { writeFileSync } = await import('node:fs');
    if (before === undefined) rmSync(configFile(), { force: true });
    else writeFileSync(configFile(), before);
  });

  it('the editor shows the low-confidence findings the CLI reports, wherever they are', async function () {
    this.timeout(120_000);
    const ext = await api();
    const { existsSync, readFileSync, writeFileSync } = await import('node:fs');
    // The config keeps what `baseline create` put there (its fingerprint salt): only the minimum changes.
    before = existsSync(configFile()) ? readFileSync(configFile(), 'utf8') : undefined;
    writeFileSync(configFile(), JSON.stringify({ ...(before ? JSON.parse(before) : {}), minConfidence: 'low' }, null, 2));
    const fromCli = (cli(['scan', '.', '--format', 'json', '--no-progress']) as { findings: CliFinding[] }).findings;
    assert.ok(fromCli.some((f) => f.confidence === 'low'), 'the workspace holds low-confidence findings');
    assert.ok(!fromCli.some((f) => f.path === 'src/old.ts'), 'the baseline still applies');
    const expected = fromCli.map((f) => key(f.path, f.range.start.line, f.ruleId)).sort();
    await waitFor('the editor at minConfidence low', async () => {
      await ext.scanWorkspace();
      const editor = vscode.languages.getDiagnostics()
        .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'Credential Hygiene').map((d) => key(vscode.workspace.asRelativePath(uri), d.range.start.line, String(d.code))))
        .sort();
      return JSON.stringify(editor) === JSON.stringify(expected);
    }, 30_000);
  });
});
