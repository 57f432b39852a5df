// A private key committed as a binary file, written into the workspace while the editor runs (a DER key
// and a PKCS#12 store made at run time by Node's crypto and openssl; the extension spawns neither): the
// watcher's rescan reads each for its structure, and the Problems panel gets one diagnostic per file at
// its start, the rule's, with none of the file's bytes in it; a certificate-only store gets none.
// Removing the files clears them. (A file made inside a new folder, which the watcher may report only as
// the folder, is single-read.test.ts's.)
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CertFactory, days } from '../../unit/support/certs';
import { api, ours, root, waitFor } from '../helpers';

describe('private keys in binary files', function () {
  this.timeout(120_000);
  const NAMES = ['key-files-server.key', 'key-files-client.p12', 'key-files-chain.p12'];
  let f: CertFactory;

  before(() => {
    f = new CertFactory();
  });
  after(async () => {
    for (const name of NAMES) rmSync(path.join(root(), name), { force: true });
    await (await api()).scanWorkspace();
    f.cleanup();
  });

  const put = (rel: string, bytes: Buffer) => {
    const abs = path.join(root(), rel);
    writeFileSync(abs, bytes);
    return vscode.Uri.file(abs);
  };

  it('a DER key and a PKCS#12 store written while the editor runs get their diagnostics from the watcher', async () => {
    const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    const issued = f.issue({ cn: 'keys.internal', key: 'ec:P-256', notBefore: days(new Date(), -1), notAfter: days(new Date(), 200) });
    const store = f.pkcs12(issued, randomBytes(6).toString('hex'));
    const certsOnly = f.pkcs12(issued, randomBytes(6).toString('hex'), { keys: false });
    const [key, p12, chain] = [put(NAMES[0], der), put(NAMES[1], store), put(NAMES[2], certsOnly)];
    const dKey = await waitFor('the DER key\'s diagnostic', () => ours(key).find((d) => d.code === 'private-key-der'), 30_000);
    const dStore = await waitFor('the store\'s diagnostic', () => ours(p12).find((d) => d.code === 'private-key-pkcs12'), 30_000);
    for (const [d, bytes] of [[dKey, der], [dStore, store]] as const) {
      assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [0, 0, 0, 0]);
      assert.ok(!d.message.includes(bytes.toString('base64').slice(20, 40)), 'a diagnostic shows the file\'s bytes');
    }
    assert.equal(ours(key).length, 1);
    assert.equal(ours(p12).length, 1);
    // The certificate-only store is read too, and is no finding.
    await (await api()).scanWorkspace();
    assert.deepEqual(ours(chain), []);

    rmSync(key.fsPath);
    await waitFor('the removed key\'s diagnostic to clear', () => ours(key).length === 0, 30_000);
  });
});
