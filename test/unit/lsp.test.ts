// The language server at the protocol level: `dist/cli.js lsp` in a child process, spoken to over
// JSON-RPC on its stdio, on real folders. Secrets are generated at run time; expected rule ids and
// ranges come from core's engine on the same text, never written here. Assertions never print a secret.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { engineOptionsFrom, toEngineOptions } from '../../src/core/config/load';
import { ConfigSchema } from '../../src/core/config/schema';
import { builtinRules } from '../../src/core/rules';
import { RULE_DOC_ANCHORS } from '../../src/core/rules/docs';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { AnalysisWorkers } from '../../src/lsp/workers';
import { FULL_CAPABILITIES, LspClient, overPipe, uriOf } from './support/lsp-client';
import { makeWorkspace, REPO_ROOT } from './support/workspace';

const g = new SampleGen(0x15b);
const engine = new Engine(toEngineOptions(engineOptionsFrom(ConfigSchema.parse({}))));

/** The rule core's engine reports for `text` at `secret`, and the secret's range. */
function expected(text: string, rel: string, secret: string) {
  const start = text.indexOf(secret);
  const f = engine.scanText(text, rel).find((x) => x.offset.start === start);
  assert.ok(f, 'core finds the planted secret');
  return f;
}

/** Text of the worst case the benchmark knows for the engine: every rule keyword, repeated. */
function hostileText(bytes: number): string {
  const unit = [...new Set(builtinRules.flatMap((r) => r.keywords))].join(' ') + '\n';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** GitHub's anchor for a README heading. */
const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

describe('language server (protocol, child process)', function () {
  this.timeout(120_000);
  const token = g.checksummedToken('ghp_');
  let ws: ReturnType<typeof makeWorkspace>;
  let client: LspClient;
  const closedToken = g.checksummedToken('ghp_');

  before(async () => {
    ws = makeWorkspace({
      'src/closed.js': `module.exports = { token: "${closedToken}" };\n`,
      'README.md': '# demo\n',
    });
    client = new LspClient(ws.dir);
    const init = await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
    const c = init.capabilities;
    assert.deepEqual(c.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } }, 'incremental sync, saves without their text');
    assert.equal(c.hoverProvider, true);
    assert.ok(c.codeActionProvider);
    assert.deepEqual((c.diagnosticProvider as { workspaceDiagnostics: boolean }).workspaceDiagnostics, true);
    assert.ok(c.executeCommandProvider?.commands.includes('credential-hygiene.scanWorkspace'));
  });
  after(async () => {
    if (client) assert.equal(await client.close(), 0, 'shutdown then exit: exit code 0');
    ws?.cleanup();
  });

  it('publishes a diagnostic for a secret typed into an open document (incremental change), with range, code, docs link and data', async () => {
    const file = path.join(ws.dir, 'src/app.ts');
    const doc = client.open(file, 'import x from "y";\n\nexport const a = 1;\n', 'typescript');
    const first = await client.nextDiagnostics(doc.uri, () => true, 1);
    assert.deepEqual(first.diagnostics, []);
    const line = `const GITHUB_TOKEN = "${token}";\n`;
    const next = client.change(doc.uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: line }]);
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0, next.version);
    const f = expected(next.getText(), 'src/app.ts', token);
    assert.equal(pub.diagnostics.length, 1);
    const d = pub.diagnostics[0];
    assert.deepEqual(d.range, f.range);
    assert.equal(d.range.start.line, 1);
    assert.equal(d.code, f.ruleId);
    assert.equal(d.source, 'Credential Hygiene');
    assert.equal(d.severity, 1, 'a high-confidence token is an error');
    assert.deepEqual(d.tags, []);
    assert.match(d.codeDescription!.href, new RegExp(`README\\.md#${RULE_DOC_ANCHORS.secret}$`));
    // Named by rule and place (the version says which text): not by fingerprint, which for a password is scrypt on every keystroke.
    assert.deepEqual(d.data, { id: `${f.ruleId}@${f.offset.start}-${f.offset.end}`, version: next.version });
    assert.ok(!JSON.stringify(pub).includes(token), 'no secret in the diagnostics');
  });

  it('links rules to README sections that exist', () => {
    const headings = new Set(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));
    for (const anchor of Object.values(RULE_DOC_ANCHORS)) assert.ok(headings.has(anchor), `README has a heading for #${anchor}`);
  });

  it('answers a hover on the finding with its redacted preview, never the value', async () => {
    const uri = uriOf(path.join(ws.dir, 'src/app.ts'));
    const doc = client.docs.get(uri)!;
    const at = doc.positionAt(doc.getText().indexOf(token) + 5);
    const hover = await client.connection.sendRequest<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: at });
    assert.ok(hover, 'a hover on the secret');
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /Hard-coded credential/);
    assert.match(hover.contents.value, /ghp_\*{8} \(40 chars\)/);
    assert.match(hover.contents.value, /Git history not checked/, 'untrusted by default: git does not run');
    assert.ok(!hover.contents.value.includes(token));
    const away = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.equal(away, null);
  });

  it('offers code actions for the diagnostic; applying "suppress inline" clears it', async () => {
    const uri = uriOf(path.join(ws.dir, 'src/app.ts'));
    const pub = client.diagnostics.filter((p) => p.uri === uri && p.diagnostics.length).pop()!;
    const d = pub.diagnostics[0];
    const actions = await client.connection.sendRequest<Array<{ title: string; kind: string; edit?: unknown; command?: { command: string; arguments: unknown[] } }>>(
      'textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /^Move to \.env as GITHUB_TOKEN/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /^Accept in the baseline/.test(t)));
    for (const a of actions) assert.equal(a.kind, 'quickfix');
    assert.ok(!JSON.stringify(actions).includes(token), 'no secret in any action');
    const suppress = actions.find((a) => /^Suppress here/.test(a.title))!;
    assert.ok(suppress.edit, 'suppress inline is a workspace edit');
    client.apply(suppress.edit as never);
    const doc = client.docs.get(uri)!;
    assert.match(doc.getText(), /\n\/\/ credential-hygiene:allow .*\nconst GITHUB_TOKEN/);
    const cleared = await client.nextDiagnostics(uri, () => true, doc.version);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('follows workspace/didChangeConfiguration: the severity mapping changes how the finding shows', async () => {
    const uri = uriOf(path.join(ws.dir, 'lib/config.ts'));
    const doc = client.open(path.join(ws.dir, 'lib/config.ts'), `export const T = "${g.checksummedToken('ghp_')}";\n`, 'typescript');
    const before = await client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0, 1);
    assert.equal(before.diagnostics[0].severity, 1);
    const count = client.diagnostics.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { credentialHygiene: { debounceMs: 0, scanOnStartup: false, severity: { critical: 'information', high: 'information' } } } });
    const after = await client.nextDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= count && p.diagnostics.length > 0, doc.version);
    assert.equal(after.diagnostics[0].severity, 3, 'information');
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { credentialHygiene: { debounceMs: 0, scanOnStartup: false } } });
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '\n' }]);
  });

  it('moves a secret to .env: the server writes .env, then the client applies the lookup edit', async () => {
    const password = g.checksummedToken('ghp_');
    const file = path.join(ws.dir, 'settings.py');
    const doc = client.open(file, `API_TOKEN = "${password}"\n`, 'python');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0, 1);
    const actions = await client.connection.sendRequest<Array<{ title: string; command?: { command: string; arguments: unknown[] } }>>(
      'textDocument/codeAction', { textDocument: { uri: doc.uri }, range: pub.diagnostics[0].range, context: { diagnostics: pub.diagnostics } });
    const move = actions.find((a) => a.title.startsWith('Move to .env'))!;
    assert.equal(move.command!.command, 'credential-hygiene.moveToEnv');
    const ok = await client.connection.sendRequest('workspace/executeCommand', { command: move.command!.command, arguments: move.command!.arguments });
    assert.equal(ok, true);
    const after = client.docs.get(doc.uri)!;
    const name = /Move to \.env as (\w+)/.exec(move.title)![1];
    assert.equal(after.getText(), `import os\nAPI_TOKEN = os.environ["${name}"]\n`);
    const env = readFileSync(path.join(ws.dir, '.env'), 'utf8');
    assert.ok(env.includes(`${name}=${password}`), '.env holds the value under the name');
    assert.match(readFileSync(path.join(ws.dir, '.gitignore'), 'utf8'), /^\.env$/m);
    assert.match(readFileSync(path.join(ws.dir, '.env.example'), 'utf8'), new RegExp(`^${name}=$`, 'm'));
    const cleared = await client.nextDiagnostics(doc.uri, () => true, after.version);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('accepts a finding in the baseline with a reason the user picks', async () => {
    const secret = g.checksummedToken('ghp_');
    const doc = client.open(path.join(ws.dir, 'lib/keep.ts'), `export const TOKEN = "${secret}";\n`, 'typescript');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0, 1);
    const actions = await client.connection.sendRequest<Array<{ title: string; command?: { command: string; arguments: unknown[] } }>>(
      'textDocument/codeAction', { textDocument: { uri: doc.uri }, range: pub.diagnostics[0].range, context: { diagnostics: pub.diagnostics } });
    const accept = actions.find((a) => a.title.startsWith('Accept in the baseline'))!;
    client.pick = 1;
    const before = client.diagnostics.length;
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: accept.command!.command, arguments: accept.command!.arguments }), true);
    const baseline = JSON.parse(readFileSync(path.join(ws.dir, '.credential-hygiene-baseline.json'), 'utf8')) as { entries: Array<{ ruleId: string; path: string; reason: string; fingerprint: string }> };
    assert.equal(baseline.entries.length, 1);
    assert.equal(baseline.entries[0].path, 'lib/keep.ts');
    assert.equal(baseline.entries[0].reason, 'documented example value');
    assert.ok(!readFileSync(path.join(ws.dir, '.credential-hygiene-baseline.json'), 'utf8').includes(secret));
    // The project reloads with the baseline: the document's diagnostic goes.
    const cleared = await client.nextDiagnostics(doc.uri, (p) => client.diagnostics.indexOf(p) >= before && p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('answers workspace/diagnostic for closed files, and follows file changes (didChangeWatchedFiles)', async () => {
    const closed = uriOf(path.join(ws.dir, 'src/closed.js'));
    const report = await client.connection.sendRequest<{ items: Array<{ uri: string; kind: string; items: Array<{ code: string; range: unknown }> }> }>('workspace/diagnostic', { previousResultIds: [] });
    const text = readFileSync(path.join(ws.dir, 'src/closed.js'), 'utf8');
    const f = expected(text, 'src/closed.js', closedToken);
    const item = report.items.find((i) => i.uri === closed);
    assert.ok(item, 'the closed file is reported');
    assert.equal(item.kind, 'full');
    assert.equal(item.items.length, 1);
    assert.equal(item.items[0].code, f.ruleId);
    assert.deepEqual(item.items[0].range, f.range);
    assert.ok(!report.items.some((i) => client.docs.has(i.uri)), 'open documents are pushed, not reported here');
    assert.ok(!JSON.stringify(report).includes(closedToken));

    writeFileSync(path.join(ws.dir, 'src/closed.js'), 'module.exports = { token: process.env.TOKEN };\n');
    mkdirSync(path.join(ws.dir, 'new'), { recursive: true });
    const fresh = g.checksummedToken('ghp_');
    writeFileSync(path.join(ws.dir, 'new/leak.sh'), `export GH="${fresh}"\n`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: closed, type: 2 }, { uri: uriOf(path.join(ws.dir, 'new/leak.sh')), type: 1 }] });
    // The notification is handled before the next request is answered only if the server is done with
    // it: ask until the index shows the change (no timing: each answer is complete for what it has seen).
    let next = report;
    for (let i = 0; i < 200; i++) {
      next = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
      if (next.items.some((x) => x.uri.endsWith('new/leak.sh'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(next.items.find((x) => x.uri === closed)?.items.length ?? 0, 0, 'the fixed file has no diagnostic');
    assert.equal(next.items.find((x) => x.uri.endsWith('new/leak.sh'))?.items.length, 1, 'the new file has one');

    // A folder deleted: the client reports the folder, not each file in it; its files' findings go too.
    rmSync(path.join(ws.dir, 'new'), { recursive: true });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(ws.dir, 'new')), type: 3 }] });
    for (let i = 0; i < 200; i++) {
      next = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
      if (!next.items.some((x) => x.uri.endsWith('new/leak.sh') && x.items.length)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(next.items.find((x) => x.uri.endsWith('new/leak.sh'))?.items.length ?? 0, 0, 'the deleted folder\'s file has no diagnostic');
  });

  it('follows a folder moved in (the client names only the folder) and leaves the files git ignores, as the workspace scan does', async () => {
    const leak = () => `export GH="${g.checksummedToken('ghp_')}"\n`;
    writeFileSync(path.join(ws.dir, '.gitignore'), 'ignored/\n*.log\n');
    mkdirSync(path.join(ws.dir, 'moved/lib'), { recursive: true });
    writeFileSync(path.join(ws.dir, 'moved/lib/leak.sh'), leak());
    writeFileSync(path.join(ws.dir, 'moved/debug.log'), leak());
    mkdirSync(path.join(ws.dir, 'ignored'));
    writeFileSync(path.join(ws.dir, 'ignored/leak.sh'), leak());
    const changes = ['.gitignore', 'moved', 'ignored/leak.sh'].map((rel) => ({ uri: uriOf(path.join(ws.dir, rel)), type: 1 }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    type Report = { items: Array<{ uri: string; items: unknown[] }> };
    let next: Report = { items: [] };
    for (let i = 0; i < 200; i++) {
      next = await client.connection.sendRequest<Report>('workspace/diagnostic', { previousResultIds: [] });
      if (next.items.some((x) => x.uri.endsWith('moved/lib/leak.sh'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const count = (rel: string) => next.items.find((x) => x.uri.endsWith(rel))?.items.length ?? 0;
    assert.equal(count('moved/lib/leak.sh'), 1, 'a file in the folder moved in');
    assert.equal(count('moved/debug.log'), 0, 'ignored by *.log');
    assert.equal(count('ignored/leak.sh'), 0, 'ignored by ignored/');
    // The workspace scan says the same.
    await client.connection.sendRequest('workspace/executeCommand', { command: 'credential-hygiene.scanWorkspace', arguments: [] });
    next = await client.connection.sendRequest<Report>('workspace/diagnostic', { previousResultIds: [] });
    assert.deepEqual(['moved/lib/leak.sh', 'moved/debug.log', 'ignored/leak.sh'].map(count), [1, 0, 0]);
  });
});

describe('language server: a long workspace scan, cancelled', function () {
  this.timeout(180_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let client: LspClient;
  before(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 4000; i++) files[`pkg${i % 40}/file${i}.js`] = `export const value${i} = ${i};\n// ${'x'.repeat(200)}\n`;
    ws = makeWorkspace(files);
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir, { scanOnStartup: false });
  });
  after(async () => {
    await client?.close();
    ws?.cleanup();
  });

  it('reports $/progress and stops on $/cancelRequest with RequestCancelled; the server keeps answering', async () => {
    const { CancellationTokenSource } = await import('vscode-languageserver-protocol/node');
    const source = new CancellationTokenSource();
    const reported = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (client.progress.some((p) => p.token === 'scan-1' && p.value.kind === 'report')) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    const request = client.connection.sendRequest('workspace/executeCommand', { command: 'credential-hygiene.scanWorkspace', arguments: [], workDoneToken: 'scan-1' }, source.token);
    await reported;
    source.cancel();
    await assert.rejects(request, (e: { code?: number }) => e.code === -32800);
    const mine = client.progress.filter((p) => p.token === 'scan-1');
    assert.equal(mine[0].value.kind, 'begin');
    assert.equal(mine[mine.length - 1].value.kind, 'end');
    const last = mine.filter((p) => p.value.kind === 'report').pop()!;
    assert.ok((last.value.percentage ?? 0) < 100, `stopped before the end (${last.value.message})`);
    // Still answering: a document opened now gets its diagnostics.
    const secret = g.checksummedToken('ghp_');
    const doc = client.open(path.join(ws.dir, 'after.ts'), `const t = "${secret}";\n`, 'typescript');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0);
    assert.equal(pub.diagnostics.length, 1);
  });
});

describe('language server: a hostile document', function () {
  this.timeout(180_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let client: LspClient;
  before(async () => {
    ws = makeWorkspace({ 'README.md': '# x\n' });
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false, maxFileSize: 64 * 1024 * 1024 } });
  });
  after(async () => {
    await client?.close();
    ws?.cleanup();
  });

  it('does not stall other documents: theirs arrive while the hostile one is still being analyzed', async () => {
    const hostile = client.open(path.join(ws.dir, 'hostile.txt'), hostileText(8 * 1024 * 1024), 'plaintext');
    const hostileDone = client.nextDiagnostics(hostile.uri);
    let hostileFinished = false;
    void hostileDone.then(() => (hostileFinished = true));
    const secret = g.checksummedToken('ghp_');
    const doc = client.open(path.join(ws.dir, 'ok.ts'), `const t = "${secret}";\n`, 'typescript');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0);
    assert.equal(pub.diagnostics.length, 1);
    assert.equal(hostileFinished, false, 'the normal document was answered first');
    await hostileDone;
    // And it goes on: an edit of the normal document is analyzed again.
    const next = client.change(doc.uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'export {};\n' }]);
    const again = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0, next.version);
    assert.equal(again.diagnostics.length, 1);
  });

  it('stops an analysis past its deadline and replaces the worker (AnalysisWorkers)', async () => {
    const config = ConfigSchema.parse({});
    const workers = new AnalysisWorkers({ engine: engineOptionsFrom(config), maxFileSize: 64 * 1024 * 1024 }, 1, 1);
    try {
      const outcome = await workers.analyze({ rel: 'hostile.txt', content: hostileText(16 * 1024 * 1024) });
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.reason, 'deadline');
      assert.equal(workers.replaced, 1);
    } finally {
      await workers.close();
    }
  });
});

describe('language server: fingerprints only where the baseline needs them', function () {
  this.timeout(60_000);
  it('the analysis workers post a password finding without its fingerprint (scrypt) unless the baseline has entries of its rule', async () => {
    const engine = engineOptionsFrom(ConfigSchema.parse({ fingerprintSalt: 'a-project-salt-for-this-test' }));
    const content = `DB_PASSWORD = "${g.password(14)}"\nGITHUB_TOKEN = "${g.checksummedToken('ghp_')}"\n`;
    const posted = async (fingerprintRules: string[] | undefined) => {
      const workers = new AnalysisWorkers({ engine, maxFileSize: 1 << 20, fingerprintRules }, 1, 30_000);
      try {
        const outcome = await workers.analyze({ rel: 'conf.py', content });
        assert.ok(outcome.ok, JSON.stringify(outcome));
        return Object.fromEntries(outcome.result.findings.map((f) => [f.ruleId, f.fingerprint]));
      } finally {
        await workers.close();
      }
    };
    const all = await posted(undefined);
    assert.deepEqual(Object.keys(all).sort(), ['generic-password', 'github-pat-classic']);
    for (const fp of Object.values(all)) assert.match(fp, /^v2:[0-9a-f]{32}$/);
    assert.deepEqual(await posted([]), { 'generic-password': '', 'github-pat-classic': '' }, 'no baseline: none computed');
    assert.deepEqual(await posted(['generic-password']), { 'generic-password': all['generic-password'], 'github-pat-classic': '' }, 'the rule the baseline names: the same fingerprint');
  });
});

describe('language server: trust, ownership, transports', function () {
  this.timeout(120_000);
  const acme = `acme_${g.lowerAlnum(24)}`;
  const github = g.checksummedToken('ghp_');
  const text = `export const ACME = "${acme}";\nexport const GITHUB_TOKEN = "${github}";\n`;
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => {
    ws = makeWorkspace({
      '.credential-hygiene.json': JSON.stringify({ customRules: [{ id: 'acme-key', description: 'Acme key', keywords: ['acme_'], regex: '(acme_[a-z0-9]{24})' }] }),
      'credentials.yaml': '# who owns what\nidentities: []\n',
    });
  });
  after(() => ws?.cleanup());

  async function codes(client: LspClient, rel: string): Promise<{ codes: string[]; uri: string }> {
    const doc = client.open(path.join(ws.dir, rel), text, 'typescript');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0, 1);
    return { codes: pub.diagnostics.map((d) => String(d.code)).sort(), uri: doc.uri };
  }

  it('untrusted (the default): the workspace\'s custom rules do not run; "register an owner" edits credentials.yaml', async () => {
    const client = new LspClient(ws.dir);
    try {
      await client.initialize(ws.dir, { debounceMs: 0, scanOnStartup: false });
      const { codes: seen, uri } = await codes(client, 'src/untrusted.ts');
      const gh = expected(text, 'src/untrusted.ts', github);
      assert.deepEqual(seen, [gh.ruleId], 'only the built-in rule');
      const pub = client.diagnostics.filter((p) => p.uri === uri && p.diagnostics.length).pop()!;
      const actions = await client.connection.sendRequest<Array<{ title: string; edit?: unknown }>>('textDocument/codeAction', { textDocument: { uri }, range: pub.diagnostics[0].range, context: { diagnostics: pub.diagnostics } });
      const owner = actions.find((a) => a.title === `Register an owner for ${gh.fix.envName} in credentials.yaml`);
      assert.ok(owner?.edit, actions.map((a) => a.title).join(' | '));
      client.apply(owner.edit as never);
      const register = client.docs.get(uriOf(path.join(ws.dir, 'credentials.yaml')))!.getText();
      const { parseRegister } = await import('../../src/core/ownership/register');
      const parsed = parseRegister(register);
      assert.deepEqual(parsed.issues, []);
      assert.equal(parsed.identities.length, 1);
      assert.deepEqual(parsed.identities[0].match, [gh.fix.envName]);
      assert.match(register, /^# who owns what\n/, 'the file is edited in place, its comment kept');
    } finally {
      assert.equal(await client.close(), 0);
    }
  });

  it('trusted by initializationOptions (over --pipe): the custom rules run', async () => {
    const client = await overPipe(ws.dir, path.join(ws.dir, '..', `${path.basename(ws.dir)}.sock`));
    try {
      await client.initialize(ws.dir, { trusted: true, credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
      const { codes: seen } = await codes(client, 'src/trusted.ts');
      assert.deepEqual(seen, ['acme-key', expected(text, 'src/trusted.ts', github).ruleId].sort());
      assert.ok(client.logs.some((l) => /trusted/.test(l) && !/untrusted/.test(l)), client.logs.join('\n'));
    } finally {
      assert.equal(await client.close(), 0);
    }
  });
});

describe('language server: a client that cannot pull diagnostics', function () {
  this.timeout(120_000);
  it('gets closed files\' diagnostics pushed after the start-up scan, and again when a document is closed', async () => {
    const secret = g.checksummedToken('ghp_');
    const text = `module.exports = { token: "${secret}" };\n`;
    const ws = makeWorkspace({ 'src/closed.js': text, 'README.md': '# x\n' });
    const client = new LspClient(ws.dir);
    try {
      const caps = { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined } };
      await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0 } }, caps);
      const uri = uriOf(path.join(ws.dir, 'src/closed.js'));
      const f = expected(text, 'src/closed.js', secret);
      const pushed = await client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.equal(pushed.version, undefined, 'from the disk, not a document version');
      assert.deepEqual(pushed.diagnostics.map((d) => [d.code, d.range]), [[f.ruleId, f.range]]);
      client.open(path.join(ws.dir, 'src/closed.js'), text, 'javascript');
      await client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0, 1);
      const count = client.diagnostics.length;
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      const again = await client.nextDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= count && p.diagnostics.length > 0);
      assert.equal(again.version, undefined);
      assert.equal(again.diagnostics[0].code, f.ruleId);
    } finally {
      assert.equal(await client.close(), 0);
      ws.cleanup();
    }
  });
});

describe('language server: scan results kept between sessions', function () {
  this.timeout(120_000);
  it('a session that scans the workspace again reads only what changed since: the same diagnostics, the unchanged counted; keepScanResults: false reads all', async () => {
    const files: Record<string, string> = { 'src/deploy.py': `GITHUB_TOKEN = "${g.checksummedToken('ghp_')}"\n` };
    for (let i = 0; i < 20; i++) files[`src/m${i}.ts`] = `export const n${i} = ${i};\n`;
    const ws = makeWorkspace(files);
    const cacheHome = path.join(ws.dir, '..', `${path.basename(ws.dir)}-cache`);
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome; // the server (a child process) keeps its results there
    try {
      // A file changed within 3 s of a scan is not kept.
      await new Promise((r) => setTimeout(r, 3200));
      const session = async (keepScanResults = true) => {
        const client = new LspClient(ws.dir);
        try {
          await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false, keepScanResults } });
          const result = await client.connection.sendRequest<{ files: number; findings: number; unchanged?: number }>('workspace/executeCommand', { command: 'credential-hygiene.scanWorkspace', arguments: [] });
          const report = await client.connection.sendRequest<{ items: Array<{ uri: string; items: Array<{ code: string; range: unknown }> }> }>('workspace/diagnostic', { previousResultIds: [] });
          return { result, diagnostics: report.items.filter((i) => i.items.length).map((i) => `${i.uri} ${i.items.map((d) => `${d.code} ${JSON.stringify(d.range)}`).join(',')}`).sort() };
        } finally {
          await client.close();
        }
      };
      const first = await session();
      assert.equal(first.result.unchanged, undefined);
      assert.equal(first.result.files, 21);
      const second = await session();
      assert.equal(second.result.unchanged, 21, 'every file answered from what the first session kept');
      assert.deepEqual(second.diagnostics, first.diagnostics);
      assert.equal(second.diagnostics.length, 1);
      writeFileSync(path.join(ws.dir, 'src/m3.ts'), `export const t = "${g.checksummedToken('ghp_')}";\n`);
      const third = await session();
      assert.equal(third.result.unchanged, 20, 'the changed file is read');
      assert.equal(third.diagnostics.length, 2);
      // credentialHygiene.keepScanResults: false (as in the extension): every file is read.
      const off = await session(false);
      assert.equal(off.result.unchanged, undefined);
      assert.equal(off.result.files, 21);
      assert.deepEqual(off.diagnostics, third.diagnostics);
    } finally {
      if (before === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = before;
      rmSync(cacheHome, { recursive: true, force: true });
      ws.cleanup();
    }
  });
});
