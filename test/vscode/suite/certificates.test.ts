// Certificates in the editor: a certificate generated at run time (openssl, from the test: the
// extension never spawns it) that expires in 10 days gets a cert/expiring diagnostic from the
// workspace model, and its hover shows subject, issuer, validity and days left, never a line of the
// certificate. The clock is pinned.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CertFactory, days } from '../../unit/support/certs';
import { api, closeAll, open, root, uriOf, waitFor, write } from '../helpers';

const NOW = new Date('2026-11-24T12:00:00Z');
// The certificate checks' diagnostics have a source of their own; the ownership checks' theirs.
const owned = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene (certificates)' || d.source === 'Credential Hygiene (ownership)');
const certDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene (certificates)');

describe('certificates in the editor', function () {
  this.timeout(120_000);
  let f: CertFactory;
  let cert: string;

  before(async () => {
    f = new CertFactory();
    cert = f.issue({ cn: 'soon.internal', sans: ['soon.internal'], key: 'ec:P-256', notBefore: days(NOW, -80), notAfter: days(NOW, 10) }).cert;
    const ext = await api();
    ext.ownership.now = () => NOW;
    write('credentials.yaml', [
      'identities:',
      '  - id: soon-tls',
      '    match: ["soon.internal"]',
      '    owners: { business: "group:platform", technical: "group:platform-eng" }',
      '    purpose: TLS for the internal service',
      '    environment: production',
    ].join('\n') + '\n');
    write('certs/soon.pem', cert);
    await ext.ownership.reload();
  });
  after(async () => {
    await closeAll();
    (await api()).ownership.now = () => new Date(); // the real clock again for later suites
    rmSync(path.join(root(), 'certs'), { recursive: true, force: true });
    rmSync(path.join(root(), 'credentials.yaml'), { force: true });
    await (await api()).ownership.reload();
    f.cleanup();
  });

  it('reports cert/expiring and hovers with subject, issuer, validity and days left', async () => {
    const uri = uriOf('certs/soon.pem');
    const diag = await waitFor('cert/expiring', () => certDiagnostics(uri).find((d) => d.code === 'cert/expiring'));
    assert.equal(diag.message, 'Certificate soon.internal expires on 2026-12-04 (in 10 days)');
    assert.equal(diag.range.start.line, 0);
    assert.ok(!owned(uri).some((d) => d.code === 'owner/incomplete' || d.code === 'crypto/quantum-vulnerable'));

    const editor = await open('certs/soon.pem');
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 4))) ?? [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Certificate: soon\.internal/);
    assert.match(text, /Subject `CN=soon\.internal` · issuer itself \(self-signed\)/);
    assert.match(text, /Valid \d{4}-\d{2}-\d{2} → 2026-12-04: \*\*10 days left\*\*/);
    assert.match(text, /Key EC P-256 · signature ecdsa-with-SHA256/);
    assert.match(text, /Owner group:platform-eng \(register identity `soon-tls`\)/);
    for (const line of cert.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) assert.ok(!text.includes(line));
  });

  it('lists the certificate in the Credentials view, under its owner and in the Certificates section', async () => {
    const view = (await api()).credentialsView;
    view.setGrouping('owner');
    const groups = view.getChildren();
    const labels = groups.map((n) => view.getTreeItem(n).label);
    assert.equal(labels.at(-1), 'Certificates', labels.join(', '));
    const [entry] = view.getChildren(groups.at(-1));
    const item = view.getTreeItem(entry);
    assert.equal(item.label, 'cert:soon.internal@certs/soon.pem');
    assert.equal(item.description, 'expiring soon · 10 days left · EC P-256 · self-signed · production');
    assert.ok(labels.includes('group:platform-eng'));
  });
});
