// The language server's ownership diagnostics (owner/*) against the CLI's: `dist/cli.js lsp` spoken to
// over stdio by a real LSP client, and `dist/cli.js scan --format json` on the same folder. What the
// server publishes is compared with what the CLI reports (rule, path, line, message): nothing expected is
// written here. No secret is involved: references are environment-variable reads.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_CAPABILITIES, LspClient, uriOf, type Diagnostic } from './support/lsp-client';
import { CLI, makeWorkspace } from './support/workspace';

const OWNERSHIP_SOURCE = 'Credential Hygiene (ownership)';

/** One owner/* fact: rule, path, line, message. */
type Fact = [string, string, number, string];

const CODE = 'const stripe = process.env.STRIPE_API_KEY;\nconst other = process.env.OTHER_SERVICE_TOKEN;\n';
/** The only references to the register's second and third identities (THREE). */
const OLD = 'const old = process.env.OLD_THING_KEY;\n';
const NEW = 'const fresh = process.env.NEW_THING_KEY;\n';

/** A register whose first identity has no owner, whose second names none of the code's references. */
const INCOMPLETE = [
  '# who owns what',
  'identities:',
  '  - id: stripe-live',
  '    match: [STRIPE_API_KEY]',
  '  - id: old-thing',
  '    owners: { technical: group:payments }',
  '    match: [OLD_THING_KEY]',
  '',
].join('\n');

/** INCOMPLETE and a third identity, new-thing. */
const THREE = `${INCOMPLETE}  - id: new-thing\n    owners: { technical: group:payments }\n    match: [NEW_THING_KEY]\n`;

/** Both references owned, every field there, expiring in a year (from the real clock, as the server's). */
function complete(): string {
  const expires = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const identity = (id: string, kind: string, team: string, match: string) => [
    `  - id: ${id}`, `    kind: ${kind}`, `    owners: { business: group:commerce, technical: group:${team} }`,
    `    purpose: used by ${id}`, '    environment: production', `    expires: ${expires}`, `    match: [${match}]`,
  ];
  return ['# who owns what', 'identities:', ...identity('stripe-live', 'api_key', 'payments', 'STRIPE_API_KEY'), ...identity('other-service', 'token', 'platform', 'OTHER_SERVICE_TOKEN'), ''].join('\n');
}

/** The CLI's ownership section for the folder, as facts (undefined: no ownership section). */
function cliFacts(dir: string): Fact[] | undefined {
  const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout) as { ownership?: { findings: Array<{ ruleId: string; path: string; range: { start: { line: number } }; message: string }> } };
  return report.ownership?.findings.map((f): Fact => [f.ruleId, f.path, f.range.start.line, f.message]).sort();
}

const ownerFacts = (dir: string, uri: string, ds: readonly Diagnostic[]): Fact[] =>
  ds.filter((d) => d.source === OWNERSHIP_SOURCE).map((d): Fact => [String(d.code), path.relative(dir, fileURLToPath(uri)).split(path.sep).join('/'), d.range.start.line, String(d.message)]);

const isOwner = (d: Diagnostic) => d.source === OWNERSHIP_SOURCE || String(d.code).startsWith('owner/');

type WorkspaceReport = { items: Array<{ uri: string; items: Diagnostic[] }> };

async function pulled(client: LspClient, dir: string): Promise<Fact[]> {
  const report = await client.connection.sendRequest<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [] });
  for (const i of report.items) for (const d of i.items) if (String(d.code).startsWith('owner/')) assert.equal(d.source, OWNERSHIP_SOURCE);
  return report.items.flatMap((i) => ownerFacts(dir, i.uri, i.items)).sort();
}

/** A workspace of `files` and a language server on it (not initialized yet); the server must exit with 0, and the workspace goes, whatever `fn` did. */
async function withServer(files: Record<string, string>, fn: (ws: ReturnType<typeof makeWorkspace>, client: LspClient) => Promise<void>): Promise<void> {
  const ws = makeWorkspace(files);
  const client = new LspClient(ws.dir);
  try {
    await fn(ws, client);
  } finally {
    assert.equal(await client.close(), 0);
    ws.cleanup();
  }
}

describe('language server: ownership diagnostics (owner/*), as the CLI reports them', function () {
  this.timeout(120_000);

  it('fixes as the extension offers them: "Register an owner" on a reference nobody owns, "Retire" on an identity nothing references', () => withServer({ 'credentials.yaml': INCOMPLETE, 'src/pay.js': CODE, 'README.md': '# demo\n' }, async (ws, client) => {
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
    const report = await client.connection.sendRequest<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [] });
    const code = client.open(path.join(ws.dir, 'src/pay.js'), CODE, 'javascript');
    const register = client.open(path.join(ws.dir, 'credentials.yaml'), INCOMPLETE, 'yaml');
    const diag = (uri: string, rule: string) => report.items.find((i) => i.uri === uri)?.items.find((d) => d.code === rule && d.source === OWNERSHIP_SOURCE);
    type Action = { title: string; edit?: { changes?: Record<string, Array<{ range: Diagnostic['range']; newText: string }>>; documentChanges?: Array<{ textDocument: { uri: string }; edits: Array<{ range: Diagnostic['range']; newText: string }> }> } };
    const editsOf = (a: Action) => a.edit?.documentChanges?.flatMap((c) => c.edits) ?? Object.values(a.edit?.changes ?? {}).flat();
    await client.nextDiagnostics(code.uri, () => true, 1);
    await client.nextDiagnostics(register.uri, () => true, 1);

    const missing = diag(code.uri, 'owner/missing');
    assert.ok(missing, JSON.stringify(report.items.map((i) => i.items.map((d) => d.code))));
    const onCode = await client.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri: code.uri }, range: missing.range, context: { diagnostics: [missing] } });
    const registerOwner = onCode.find((a) => a.title === 'Register an owner for OTHER_SERVICE_TOKEN in credentials.yaml');
    assert.ok(registerOwner, onCode.map((a) => a.title).join(' | '));
    assert.match(editsOf(registerOwner).map((e) => e.newText).join(''), /- id: other-service-token[\s\S]*match:[\s\S]*OTHER_SERVICE_TOKEN/);

    const unreferenced = diag(register.uri, 'owner/unreferenced');
    assert.ok(unreferenced);
    const onRegister = await client.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri: register.uri }, range: unreferenced.range, context: { diagnostics: [unreferenced] } });
    const retire = onRegister.find((a) => a.title.startsWith('Retire old-thing'));
    assert.ok(retire, onRegister.map((a) => a.title).join(' | '));
    assert.match(editsOf(retire).map((e) => e.newText).join(''), /retired: \d{4}-\d{2}-\d{2}/);
  }));

  it('publishes the CLI\'s owner/* findings (rule, path, line, message); editing the register to own everything clears them', () => withServer({ 'credentials.yaml': INCOMPLETE, 'src/pay.js': CODE, 'README.md': '# demo\n' }, async (ws, client) => {
    const expected = cliFacts(ws.dir);
    assert.ok(expected && expected.length > 0, 'the CLI reports ownership findings here');
    assert.ok(expected.some((f) => f[1] === 'credentials.yaml') && expected.some((f) => f[1] === 'src/pay.js'), 'register-side and reference-side findings');
    assert.ok(expected.some((f) => f[0] === 'owner/unreferenced'), 'and owner/unreferenced (every file analyzed)');
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });

    // Closed files: the workspace diagnostics (the server scans the folder first).
    assert.deepEqual(await pulled(client, ws.dir), expected);

    // The register opened: its own diagnostics carry its owner/* findings, on the identities' lines.
    const register = client.open(path.join(ws.dir, 'credentials.yaml'), INCOMPLETE, 'yaml');
    const opened = await client.nextDiagnostics(register.uri, (p) => p.diagnostics.some(isOwner), 1);
    assert.deepEqual(ownerFacts(ws.dir, register.uri, opened.diagnostics).sort(), expected.filter((f) => f[1] === 'credentials.yaml'));
    const missing = opened.diagnostics.find((d) => d.code === 'owner/incomplete' && String(d.message).startsWith('stripe-live'));
    assert.ok(missing?.relatedInformation?.some((r) => r.location.uri === uriOf(path.join(ws.dir, 'src/pay.js'))), 'the identity\'s reference as related information');

    // The register edited (not saved): every owner/* diagnostic goes, the register's and the code's.
    const fixed = complete();
    const next = client.change(register.uri, [{ range: { start: { line: 0, character: 0 }, end: register.positionAt(INCOMPLETE.length) }, newText: fixed }]);
    const cleared = await client.nextDiagnostics(register.uri, (p) => !p.diagnostics.some(isOwner), next.version);
    assert.deepEqual(cleared.diagnostics.filter(isOwner), []);
    assert.deepEqual(await pulled(client, ws.dir), []);

    // The CLI says the same of the folder with that register.
    writeFileSync(path.join(ws.dir, 'credentials.yaml'), fixed);
    assert.deepEqual(cliFacts(ws.dir), []);
  }));

  it('follows an open document as it is typed in: a new reference nobody owns gets the CLI\'s owner/missing on its line', () => withServer({ 'credentials.yaml': complete(), 'src/pay.js': CODE }, async (ws, client) => {
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
    assert.deepEqual(await pulled(client, ws.dir), [], 'everything owned');
    const doc = client.open(path.join(ws.dir, 'src/pay.js'), CODE, 'javascript');
    await client.nextDiagnostics(doc.uri, () => true, 1);
    const line = 'const fresh = process.env.FRESH_SERVICE_TOKEN;\n';
    const next = client.change(doc.uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: line }]);
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.some(isOwner), next.version);
    // The CLI on the same text, saved.
    writeFileSync(path.join(ws.dir, 'src/pay.js'), next.getText());
    const expected = cliFacts(ws.dir)!;
    assert.ok(expected.some((f) => f[0] === 'owner/missing' && f[1] === 'src/pay.js' && f[2] === 2), 'the CLI reports the new reference');
    assert.deepEqual(ownerFacts(ws.dir, doc.uri, pub.diagnostics).sort(), expected.filter((f) => f[1] === 'src/pay.js'));
  }));

  it('follows the register changed on disk (didChangeWatchedFiles): the owner/* diagnostics are the CLI\'s for the new register', () => withServer({ 'credentials.yaml': INCOMPLETE, 'src/pay.js': CODE }, async (ws, client) => {
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
    assert.deepEqual(await pulled(client, ws.dir), cliFacts(ws.dir));
    writeFileSync(path.join(ws.dir, 'credentials.yaml'), complete());
    const expected = cliFacts(ws.dir);
    assert.deepEqual(expected, [], 'the CLI reports nothing with the complete register');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(ws.dir, 'credentials.yaml')), type: 2 }] });
    // Each answer is complete for what the server has seen: ask until it has seen the change.
    let now = await pulled(client, ws.dir);
    for (let i = 0; i < 200 && now.length; i++) {
      await new Promise((r) => setTimeout(r, 25));
      now = await pulled(client, ws.dir);
    }
    assert.deepEqual(now, expected);
  }));

  it('a folder deleted on disk: a saved open document in it no longer stands for its file, an unsaved one does (as the extension)', () => withServer({ 'credentials.yaml': THREE, 'src/pay.js': CODE, 'saved/a.js': OLD, 'unsaved/b.js': NEW }, async (ws, client) => {
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0 } });
    const unreferenced = (facts: Fact[] | undefined) => (facts ?? []).filter((f) => f[0] === 'owner/unreferenced').length;
    const untilPulled = async (expected: Fact[] | undefined) => {
      let now = await pulled(client, ws.dir);
      // Up to 15 s: a loaded CI machine once took longer than 5 s to publish after a folder's deletion.
      for (let i = 0; i < 600 && JSON.stringify(now) !== JSON.stringify(expected); i++) {
        await new Promise((r) => setTimeout(r, 25));
        now = await pulled(client, ws.dir);
      }
      assert.deepEqual(now, expected);
    };
    const before = cliFacts(ws.dir);
    assert.equal(unreferenced(before), 0, 'both identities are referenced');
    await untilPulled(before);
    // saved/a.js: open, changed, written and saved. unsaved/b.js: open with a change not saved.
    const a = client.open(path.join(ws.dir, 'saved/a.js'), OLD, 'javascript');
    const aText = client.change(a.uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '// saved\n' }]);
    writeFileSync(path.join(ws.dir, 'saved/a.js'), aText.getText());
    client.save(a.uri);
    const b = client.open(path.join(ws.dir, 'unsaved/b.js'), NEW, 'javascript');
    const bText = client.change(b.uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '// not saved\n' }]);
    await client.nextDiagnostics(b.uri, () => true, bText.version);
    const deleted = async (folder: string) => {
      rmSync(path.join(ws.dir, folder), { recursive: true });
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(ws.dir, folder)), type: 3 }] });
    };
    // The saved document's folder deleted: its identity is unreferenced, as the CLI says of the disk.
    await deleted('saved');
    const once = cliFacts(ws.dir);
    assert.equal(unreferenced(once), 1);
    await untilPulled(once);
    // The unsaved one's: its text still references the other identity (the CLI, given that text, agrees).
    await deleted('unsaved');
    writeFileSync(path.join(ws.dir, 'stand-in.js'), bText.getText());
    const withText = cliFacts(ws.dir);
    rmSync(path.join(ws.dir, 'stand-in.js'));
    assert.equal(unreferenced(withText), 1);
    await untilPulled(withText);
    // Closed without saving: nothing references it any more.
    client.closeDocument(b.uri);
    const after = cliFacts(ws.dir);
    assert.equal(unreferenced(after), 2);
    await untilPulled(after);
  }));

  it('pushes them to a client that cannot pull, after the start-up scan', () => withServer({ 'credentials.yaml': INCOMPLETE, 'src/pay.js': CODE }, async (ws, client) => {
    const expected = cliFacts(ws.dir)!;
    const caps = { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined } };
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0 } }, caps);
    const got: Fact[] = [];
    for (const rel of new Set(expected.map((f) => f[1]))) {
      const uri = uriOf(path.join(ws.dir, rel));
      const pushed = await client.nextDiagnostics(uri, (p) => p.diagnostics.some(isOwner));
      assert.equal(pushed.version, undefined, 'from the disk, not a document version');
      got.push(...ownerFacts(ws.dir, uri, pushed.diagnostics));
    }
    assert.deepEqual(got.sort(), expected);
  }));

  it('publishes none in a folder without a register (ownership off), as the CLI', () => withServer({ 'src/pay.js': CODE, 'README.md': '# demo\n' }, async (ws, client) => {
    assert.equal(cliFacts(ws.dir)?.length ?? 0, 0, 'the CLI reports no ownership finding');
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
    const report = await client.connection.sendRequest<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [] });
    assert.deepEqual(report.items.flatMap((i) => i.items.filter(isOwner)), []);
    const doc = client.open(path.join(ws.dir, 'src/pay.js'), CODE, 'javascript');
    const pub = await client.nextDiagnostics(doc.uri, () => true, 1);
    assert.deepEqual(pub.diagnostics.filter(isOwner), []);
  }));
});
