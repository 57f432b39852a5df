// The certificate checks' own channel (src/core/certs/channel.ts): they run whether or not the ownership
// checks do. A workspace with no credentials.yaml and a certificate generated at run time (expired, an
// RSA-1024 key) gets cert/expired and crypto/weak-key in every output of `scan` (JSON, SARIF, text,
// Markdown), in the exit code, in the workspace report and in the language server's diagnostics; with a
// register the same findings appear once, in the same place. Never a line of key material in any output.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/analysis/analyze';
import { engineOptionsFrom, toEngineOptions } from '../../src/core/config/load';
import { ConfigSchema } from '../../src/core/config/schema';
import { CERTIFICATES_SOURCE } from '../../src/core/display';
import { WorkspaceModel } from '../../src/core/model/workspace-model';
import { runOwnership } from '../../src/core/model/run-ownership';
import { RULE_DOC_ANCHORS } from '../../src/core/rules/docs';
import { Engine } from '../../src/core/scan/engine';
import { CERTIFICATES_CHECKED } from '../../src/core/vocabulary';
import { CertFactory, days, type Issued } from './support/certs';
import { LspClient, uriOf } from './support/lsp-client';
import { CLI, makeWorkspace } from './support/workspace';

const NOW = new Date('2026-06-01T12:00:00Z');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--now', NOW.toISOString()], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Finding { ruleId: string; path: string; severity: string; message: string; range: { start: { line: number } } }
interface Section { summary: { findings: number; certificates: number; keys: number }; findings: Finding[] }

const key = (f: Finding) => `${f.path}:${f.range.start.line}:${f.ruleId}`;
const bodyLines = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----'));

describe('certificate checks without a register', function () {
  this.timeout(120_000);
  let f: CertFactory;
  let expired: Issued;
  let weakKey: Issued;
  let noRegister: { dir: string; cleanup(): void };
  let withRegister: { dir: string; cleanup(): void };
  const noKeyMaterial = (out: string) => {
    for (const c of [expired, weakKey]) for (const l of [...bodyLines(c.cert), ...bodyLines(c.key)]) assert.ok(!out.includes(l), 'no key material in the output');
  };

  before(() => {
    f = new CertFactory();
    expired = f.issue({ cn: 'gone.internal', key: 'rsa:1024', notBefore: days(NOW, -400), notAfter: days(NOW, -3) });
    weakKey = f.issue({ cn: 'weak.internal', key: 'rsa:1024', notBefore: days(NOW, -10), notAfter: days(NOW, 300) });
    const files = { 'certs/gone.pem': expired.cert, 'src/app.ts': 'export const port = 8443;\n' };
    noRegister = makeWorkspace(files);
    withRegister = makeWorkspace({
      ...files,
      'credentials.yaml': [
        'identities:',
        '  - id: gone-tls',
        '    match: ["gone.internal"]',
        '    owners: { business: "group:shop", technical: "group:platform" }',
        '    purpose: TLS for an old service',
        '    environment: production',
      ].join('\n') + '\n',
    });
  });
  after(() => {
    noRegister?.cleanup();
    withRegister?.cleanup();
    f?.cleanup();
  });

  it('scan --format json reports cert/expired and crypto/weak-key in a certificates section, with no ownership section', () => {
    const r = cli(['scan', '.', '--format', 'json'], noRegister.dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Finding[]; ownership?: unknown; certificates: Section };
    assert.equal(report.ownership, undefined, 'the ownership checks are off');
    assert.deepEqual(report.findings, [], 'no hard-coded secret: the certificate findings alone fail the scan');
    assert.deepEqual(report.certificates.findings.map((x) => [x.path, x.range.start.line, x.ruleId, x.severity]), [
      ['certs/gone.pem', 0, 'cert/expired', 'high'],
      ['certs/gone.pem', 0, 'crypto/weak-key', 'high'],
    ]);
    assert.match(report.certificates.findings[0].message, /^Certificate gone\.internal expired on 2026-05-29 \(3 days ago\)$/);
    assert.deepEqual([report.certificates.summary.findings, report.certificates.summary.certificates, report.certificates.summary.keys], [2, 1, 0]);
    noKeyMaterial(r.stdout + r.stderr);
  });

  it('SARIF, text and Markdown say the same', () => {
    const sarif = cli(['scan', '.', '--format', 'sarif'], noRegister.dir);
    assert.equal(sarif.code, 1, sarif.stderr);
    const run = JSON.parse(sarif.stdout).runs[0] as { tool: { driver: { rules: Array<{ id: string; properties: { tags: string[] } }> } }; results: Array<{ ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> };
    assert.deepEqual(run.results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.ruleId}`), ['certs/gone.pem:cert/expired', 'certs/gone.pem:crypto/weak-key']);
    for (const x of run.results) {
      assert.equal(run.tool.driver.rules[x.ruleIndex].id, x.ruleId);
      assert.ok(run.tool.driver.rules[x.ruleIndex].properties.tags.includes('certificate'));
    }
    noKeyMaterial(sarif.stdout);

    const text = cli(['scan', '.'], noRegister.dir);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /Certificates and keys\ncerts\/gone\.pem\n {2}1:1 +high +Certificate gone\.internal expired on 2026-05-29 \(3 days ago\) +cert\/expired/);
    assert.match(text.stdout, /has a weak key \(RSA-1024: under 2048 bits\) +crypto\/weak-key/);
    assert.match(text.stdout, /✖ 2 certificate findings \(2 high\) · 1 certificate · 0 private keys/);
    assert.ok(!text.stdout.includes('Ownership'), 'no ownership section without a register');
    noKeyMaterial(text.stdout);

    const md = cli(['scan', '.', '--format', 'markdown'], noRegister.dir);
    assert.equal(md.code, 1, md.stderr);
    assert.match(md.stdout, /### Certificates and keys\n\n\*\*2 certificate findings\*\*/);
    assert.match(md.stdout, /\| `certs\/gone\.pem:1` \| Certificate gone\.internal expired on 2026-05-29 \(3 days ago\) \| `cert\/expired` \|/);
    noKeyMaterial(md.stdout);
  });

  it('counts toward --fail-on, with the severities and window of the config; --no-ownership leaves them on', () => {
    assert.equal(cli(['scan', '.', '--fail-on', 'high'], noRegister.dir).code, 1);
    assert.equal(cli(['scan', '.', '--fail-on', 'critical'], noRegister.dir).code, 0);
    const offline = cli(['scan', '.', '--format', 'json', '--no-ownership'], noRegister.dir);
    assert.equal(offline.code, 1, offline.stderr);
    assert.equal((JSON.parse(offline.stdout) as { certificates: Section }).certificates.findings.length, 2);

    const tuned = makeWorkspace({ 'certs/gone.pem': expired.cert, 'certs/weak.pem': weakKey.cert });
    try {
      // Severities come from `ownership.severities` (false turns a check off), even with no register; but
      // an `ownership` section turns the ownership checks on, so `enabled: false` keeps them off.
      writeFileSync(path.join(tuned.dir, '.credential-hygiene.json'), JSON.stringify({
        ownership: { enabled: false, expiringWithinDays: 400, severities: { 'cert/expired': 'low', 'crypto/weak-key': false } },
      }));
      const r = cli(['scan', '.', '--format', 'json', '--fail-on', 'medium'], tuned.dir);
      const report = JSON.parse(r.stdout) as { ownership?: unknown; certificates: Section };
      assert.equal(report.ownership, undefined);
      assert.deepEqual(report.certificates.findings.map((x) => `${x.path}:${x.ruleId}:${x.severity}`), [
        'certs/gone.pem:cert/expired:low',
        'certs/weak.pem:cert/expiring:medium', // 300 days left, within the 400-day window
      ]);
      assert.equal(r.code, 1, 'cert/expiring is medium');
      assert.equal(cli(['scan', '.', '--fail-on', 'high'], tuned.dir).code, 0, 'nothing at high or above');
    } finally {
      tuned.cleanup();
    }
  });

  it('with a register the same findings appear once, in the certificates section, none in the ownership section', () => {
    const r = cli(['scan', '.', '--format', 'json'], withRegister.dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { ownership: { findings: Finding[] }; certificates: Section };
    assert.ok(report.ownership, 'the ownership checks ran');
    assert.ok(report.ownership.findings.every((x) => x.ruleId.startsWith('owner/')), report.ownership.findings.map((x) => x.ruleId).join());
    const without = JSON.parse(cli(['scan', '.', '--format', 'json'], noRegister.dir).stdout) as { certificates: Section };
    assert.deepEqual(report.certificates.findings.map(key), without.certificates.findings.map(key));
    const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif'], withRegister.dir).stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    const ids = sarif.runs[0].results.map((x) => x.ruleId);
    assert.equal(ids.filter((x) => x === 'cert/expired').length, 1);
    assert.equal(ids.filter((x) => x === 'crypto/weak-key').length, 1);
    const text = cli(['scan', '.'], withRegister.dir).stdout;
    assert.equal(text.split('cert/expired').length - 1, 1, 'one line for cert/expired in the text output');
  });

  it('the workspace report shows the certificates and the readiness, and no longer hides them behind "ownership checks are off"', () => {
    const r = cli(['report', '--format', 'json'], noRegister.dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      ownership: { enabled: boolean }; tiles: { findings: { total: number; ownership: number; certificates: number } };
      certificates: { rows: Array<{ subject: string; problems: string[] }> }; cryptoReadiness: { certificates: { total: number; expired: number; weak: number } };
      findings: Array<{ ruleId: string }>;
    };
    assert.deepEqual(report.ownership, { enabled: false });
    assert.deepEqual([report.tiles.findings.total, report.tiles.findings.ownership, report.tiles.findings.certificates], [2, 0, 2]);
    assert.deepEqual(report.certificates.rows.map((x) => x.subject), ['CN=gone.internal']);
    // Its problems include quantum-vulnerability, a readiness fact, though that check reports no finding by default.
    assert.deepEqual(report.certificates.rows[0].problems, ['cert/expired', 'crypto/weak-key', 'crypto/quantum-vulnerable']);
    assert.deepEqual([report.cryptoReadiness.certificates.total, report.cryptoReadiness.certificates.expired, report.cryptoReadiness.certificates.weak], [1, 1, 1]);
    assert.deepEqual(report.findings.map((x) => x.ruleId).sort(), ['cert/expired', 'crypto/weak-key']);
    const md = cli(['report', '--format', 'markdown'], noRegister.dir).stdout;
    assert.ok(md.includes(CERTIFICATES_CHECKED), md);
    assert.match(md, /\*\*Cryptographic readiness:\*\* 1\/1 certificates/);
    const html = cli(['report', '--format', 'html'], noRegister.dir).stdout;
    assert.ok(html.includes(CERTIFICATES_CHECKED));
    assert.match(html, /<h2 id="crypto-t">Cryptographic readiness<\/h2>/);
    noKeyMaterial(r.stdout + md + html);

    // With the register: the same counts, the certificate findings counted apart from the ownership ones.
    const owned = JSON.parse(cli(['report', '--format', 'json'], withRegister.dir).stdout) as typeof report;
    assert.equal(owned.ownership.enabled, true);
    assert.equal(owned.tiles.findings.certificates, 2);
  });

  it('core: the model evaluates the certificate checks alone when ownership is off, and once with it', async () => {
    const config = ConfigSchema.parse({});
    const engine = new Engine(toEngineOptions(engineOptionsFrom(config)));
    const model = new WorkspaceModel({ base: '/w', config });
    assert.equal(model.ownershipEnabled, false);
    const a = analyze(expired.cert, 'certs/gone.pem', { engine, options: { references: false, certificates: true } });
    assert.ok(a.certificates, 'certificates are found without references');
    assert.equal(a.references, undefined);
    assert.equal(analyze(expired.cert, 'certs/gone.pem', { engine }).certificates, undefined, 'nor without options');
    model.setAnalysis('certs/gone.pem', { path: 'certs/gone.pem', bytes: expired.cert.length, ...a });
    const off = model.evaluate(NOW);
    assert.deepEqual(off.findings.map((x) => x.ruleId), ['cert/expired', 'crypto/weak-key']);
    assert.deepEqual(off.inventory.map((e) => e.id), ['cert:gone.internal@certs/gone.pem']);
    const forced = model.evaluate(NOW, 'force');
    assert.deepEqual(forced.findings.filter((x) => x.ruleId.startsWith('cert/') || x.ruleId.startsWith('crypto/')).map((x) => x.fingerprint), off.findings.map((x) => x.fingerprint));

    // An unreadable block (a fragment in test code, say) is cert/invalid only when the config asks for it without a register.
    const broken = analyze('const PEM = "-----BEGIN CERTIFICATE-----\\nnot base64!\\n-----END CERTIFICATE-----";\n', 'test/fixture.ts', { engine, options: { references: false, certificates: true } });
    model.setAnalysis('test/fixture.ts', { path: 'test/fixture.ts', bytes: 1, ...broken });
    assert.ok(!model.evaluate(NOW).findings.some((x) => x.ruleId === 'cert/invalid'));
    assert.ok(model.evaluate(NOW, 'force').findings.some((x) => x.ruleId === 'cert/invalid'), 'with ownership it runs, as before');
    const asked = new WorkspaceModel({ base: '/w', config: ConfigSchema.parse({ ownership: { enabled: false, severities: { 'cert/invalid': 'low' } } }) });
    asked.setAnalysis('test/fixture.ts', { path: 'test/fixture.ts', bytes: 1, ...broken });
    assert.deepEqual(asked.evaluate(NOW).findings.map((x) => x.ruleId), ['cert/invalid']);

    // A folder deleted (a watcher reports the folder, not each file in it): every file under it goes.
    model.removeTree('certs');
    assert.deepEqual(model.evaluate(NOW).findings.map((x) => x.ruleId), [], 'the deleted folder\'s certificate is gone');
    assert.equal(model.analysis('test/fixture.ts')?.path, 'test/fixture.ts', 'a file elsewhere stays');

    const run = await runOwnership({ roots: [noRegister.dir], base: noRegister.dir, config, now: NOW });
    assert.equal(run.enabled, false);
    assert.deepEqual(run.findings.map((x) => `${x.path}:${x.ruleId}`), ['certs/gone.pem:cert/expired', 'certs/gone.pem:crypto/weak-key']);
  });
});

describe('certificate checks in the language server (no register)', function () {
  this.timeout(120_000);
  let f: CertFactory;
  let ws: { dir: string; cleanup(): void };
  let client: LspClient;
  let expired: Issued;
  let paired: Issued;

  before(async () => {
    // The server judges at the real clock: the certificate expired three days before now.
    const now = new Date();
    f = new CertFactory();
    expired = f.issue({ cn: 'lsp-gone.internal', key: 'rsa:1024', notBefore: days(now, -400), notAfter: days(now, -3) });
    paired = f.issue({ cn: 'lsp-pair.internal', key: 'rsa:1024', notBefore: days(now, -10), notAfter: days(now, 300) });
    ws = makeWorkspace({ 'certs/closed.pem': expired.cert, 'pair/pair.pem': paired.cert, 'pair/pair.key': paired.key, 'README.md': '# demo\n' });
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
  });
  after(async () => {
    if (client) assert.equal(await client.close(), 0);
    ws?.cleanup();
    f?.cleanup();
  });

  it('publishes cert/expired and crypto/weak-key for an open document, under their own source', async () => {
    const doc = client.open(path.join(ws.dir, 'certs/open.pem'), expired.cert, 'plaintext');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0);
    const ours = pub.diagnostics.filter((d) => d.source === CERTIFICATES_SOURCE);
    assert.deepEqual(ours.map((d) => [d.code, d.range.start.line, d.severity]), [['cert/expired', 0, 1], ['crypto/weak-key', 0, 1]]);
    assert.match(String(ours[0].message), /^Certificate lsp-gone\.internal expired on \d{4}-\d{2}-\d{2} \(3 days ago\)$/);
    assert.match(ours[0].codeDescription!.href, new RegExp(`README\\.md#${RULE_DOC_ANCHORS.certificates}$`));
    for (const l of bodyLines(expired.cert)) assert.ok(!JSON.stringify(pub).includes(l));
    // The hover says what the certificate is, as the extension's does: names, dates, days, fingerprint.
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 1, character: 3 } });
    assert.ok(hover, 'a hover on the certificate');
    assert.match(hover.contents.value, /\*\*Certificate: lsp-gone\.internal\*\*/);
    assert.match(hover.contents.value, /\*\*expired 3 days ago\*\*/);
    assert.match(hover.contents.value, /SHA-256 fingerprint `[0-9a-f:]+`/i);
    assert.match(hover.contents.value, /No owner/);
    for (const l of bodyLines(expired.cert)) assert.ok(!hover.contents.value.includes(l));
  });

  it('answers workspace/diagnostic with them for a closed file', async () => {
    const report = await client.connection.sendRequest<{ items: Array<{ uri: string; items: Array<{ code: string; source: string; range: { start: { line: number } } }> }> }>('workspace/diagnostic', { previousResultIds: [] });
    const item = report.items.find((i) => i.uri === uriOf(path.join(ws.dir, 'certs/closed.pem')));
    assert.ok(item, 'the closed certificate is reported');
    assert.deepEqual(item.items.map((d) => [d.code, d.source, d.range.start.line]), [['cert/expired', CERTIFICATES_SOURCE, 0], ['crypto/weak-key', CERTIFICATES_SOURCE, 0]]);
    // A key and its certificate in two files are judged together, as the CLI does: the certificate says the key is weak, once.
    const codes = (rel: string) => report.items.find((i) => i.uri === uriOf(path.join(ws.dir, rel)))?.items.filter((d) => d.source === CERTIFICATES_SOURCE).map((d) => d.code) ?? [];
    assert.deepEqual(codes('pair/pair.pem'), ['crypto/weak-key']);
    assert.deepEqual(codes('pair/pair.key'), []);
    for (const c of [expired, paired]) for (const l of [...bodyLines(c.cert), ...bodyLines(c.key)]) assert.ok(!JSON.stringify(report).includes(l));
  });

  it('judges an open key with the folder\'s certificates: paired, it is not flagged again', async () => {
    const doc = client.open(path.join(ws.dir, 'pair/pair.key'), paired.key, 'plaintext');
    const pub = await client.nextDiagnostics(doc.uri, (p) => p.diagnostics.length > 0);
    assert.ok(pub.diagnostics.some((d) => d.source === 'Credential Hygiene'), 'the private key is a secret finding');
    assert.deepEqual(pub.diagnostics.filter((d) => d.source === CERTIFICATES_SOURCE).map((d) => d.code), []);
    for (const l of bodyLines(paired.key)) assert.ok(!JSON.stringify(pub).includes(l));
  });
});
