// The certificate checks need no register: in a folder without credentials.yaml (ownership off), a
// certificate generated at run time (openssl, from the test: the extension never spawns it) that
// expired three days ago, with an RSA-1024 key, gets cert/expired and crypto/weak-key diagnostics under
// their own source, and its hover shows its dates and that nobody owns it. The clock is pinned.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CERTIFICATES_SOURCE } from '../../../src/core/display';
import { CertFactory, days } from '../../unit/support/certs';
import { api, closeAll, open, root, uriOf, waitFor, write } from '../helpers';

const NOW = new Date('2026-10-14T12:00:00Z');
const FILE = 'noreg-certs/noreg-gone.pem';
const certDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === CERTIFICATES_SOURCE);

describe('certificates without a register', function () {
  this.timeout(120_000);
  let f: CertFactory;
  let cert: string;

  before(async () => {
    f = new CertFactory();
    cert = f.issue({ cn: 'noreg-gone.internal', key: 'rsa:1024', notBefore: days(NOW, -400), notAfter: days(NOW, -3) }).cert;
    const ext = await api();
    ext.ownership.now = () => NOW;
    rmSync(path.join(root(), 'credentials.yaml'), { force: true }); // the suite's workspace has none; make sure
    write(FILE, cert);
    await ext.ownership.reload();
    await ext.scanWorkspace(); // no register: loading analyzes nothing; the workspace scan reads the new file
  });
  after(async () => {
    await closeAll();
    const ext = await api();
    ext.ownership.now = () => new Date(); // the real clock again for later suites
    // Later suites start from a folder without this certificate. The closed editor's document can linger
    // (VS Code disposes it later) and be analyzed again: it first follows the file to a text with no
    // certificate, then the file goes.
    write(FILE, 'no certificate here any more\n');
    await ext.scanWorkspace();
    await waitFor('the certificate gone from the editor', () => {
      ext.ownership.evaluateNow();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriOf(FILE).toString());
      return (!doc || !doc.getText().includes('BEGIN')) &&
        !ext.ownership.certificateResults().some(({ result }) => result.inventory.some((e) => e.declaredAt?.path === FILE));
    }, 20_000);
    rmSync(path.join(root(), 'noreg-certs'), { recursive: true, force: true });
    ext.ownership.removed(uriOf(FILE)); // as the watcher reports it, without waiting for it
    await ext.ownership.reload();
    f.cleanup();
  });

  it('reports cert/expired and crypto/weak-key with ownership off, and hovers with the dates and no owner', async () => {
    const ext = await api();
    const uri = uriOf(FILE);
    const expired = await waitFor('cert/expired without a register', () => {
      ext.ownership.evaluateNow();
      return certDiagnostics(uri).find((d) => d.code === 'cert/expired');
    }, 30_000);
    assert.equal(ext.ownership.results().length, 0, 'the ownership checks are off');
    assert.equal(expired.message, 'Certificate noreg-gone.internal expired on 2026-10-11 (3 days ago)');
    assert.equal(expired.range.start.line, 0);
    assert.equal(expired.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(certDiagnostics(uri).map((d) => d.code).sort(), ['cert/expired', 'crypto/weak-key']);
    assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Credential Hygiene (ownership)'), 'no ownership diagnostic');

    const editor = await open(FILE);
    // The hover reads the opened document's analysis: asked until that is there (right after open() it may not be yet).
    const text = await waitFor('the certificate hover', async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 4))) ?? [];
      const t = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /Certificate: /.test(t) && t;
    });
    assert.match(text, /Certificate: noreg-gone\.internal/);
    assert.match(text, /Valid \d{4}-\d{2}-\d{2} → 2026-10-11: \*\*expired 3 days ago\*\*/);
    assert.match(text, /Key RSA-1024/);
    assert.match(text, /No owner: no identity in the register matches it/);
    for (const line of cert.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) assert.ok(!text.includes(line));
  });
});
