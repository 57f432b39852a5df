// Private and public keys beyond plain PEM (src/core/certs: ssh.ts, containers.ts, discover.ts): OpenSSH
// private keys (unencrypted and encrypted) and public keys made by the machine's ssh-keygen, encrypted
// PKCS#8 and legacy `Proc-Type` PEM keys and DER keys made by Node's crypto, PKCS#12 stores and
// RSASSA-PSS certificates made by openssl; all at run time. Each is checked against what the tools
// themselves say (ssh-keygen -l, the SPKI of ssh-keygen -e), paired with a certificate of the same key,
// evaluated, and shown by the real CLI without a byte of key material. Truncated containers and random
// bytes are reported as unreadable, never a crash.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { analyze, analyzeBinary } from '../../src/core/analysis/analyze';
import { derShape, parsePkcs12 } from '../../src/core/certs/containers';
import { discoverCertificates, discoverDer } from '../../src/core/certs/discover';
import { addCertificates } from '../../src/core/certs/evaluate';
import { OPENSSH_MAGIC, parseOpenSshPrivateKey, sshPublicKeyOnLine } from '../../src/core/certs/ssh';
import { evaluateOwnership } from '../../src/core/ownership/evaluate';
import { emptyRegister } from '../../src/core/ownership/register';
import { scanTaskSync } from '../../src/core/run/file';
import { Engine } from '../../src/core/scan/engine';
import type { CertificateFacts, FoundKey } from '../../src/core/types/certificates';
import { CLI, makeWorkspace } from './support/workspace';

const NOW = new Date('2026-06-01T12:00:00Z');

/** A folder for the tools' files. */
class Tools {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'ch-keys-'));
  private n = 0;
  file(name: string): string {
    return path.join(this.dir, `${++this.n}-${name}`);
  }
  run(cmd: string, args: string[]): string {
    return execFileSync(cmd, args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }
  /** An OpenSSH key pair: the private key file's text, the .pub line, and the files. */
  ssh(type: string, bits?: number, passphrase = ''): { priv: string; pub: string; file: string } {
    const file = this.file(`id_${type}`);
    this.run('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', passphrase, '-C', 'test@example.invalid', '-f', file]);
    return { priv: readFileSync(file, 'utf8'), pub: readFileSync(`${file}.pub`, 'utf8'), file };
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What ssh-keygen says of a key: `SHA256:…` and the SHA-256 of its SubjectPublicKeyInfo. */
function sshKeygenFacts(t: Tools, file: string): { ssh: string; spki: string } {
  const ssh = t.run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`]).split(' ')[1];
  const pub = readFileSync(`${file}.pub`, 'utf8');
  let der: Buffer;
  if (pub.startsWith('ssh-ed25519 ')) {
    // ssh-keygen does not export Ed25519 as PKCS#8: its SPKI is RFC 8410's fixed prefix and the blob's last 32 bytes.
    const blob = Buffer.from(pub.split(' ')[1], 'base64');
    der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), blob.subarray(blob.length - 32)]);
  } else der = createPublicKey(t.run('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', `${file}.pub`])).export({ type: 'spki', format: 'der' });
  return { ssh, spki: createHash('sha256').update(der).digest('hex') };
}

/** Every line of base64 (or hex) material in a key or certificate text: none may appear in any output. */
function material(...texts: string[]): string[] {
  return texts.flatMap((t) => t.split('\n')).map((l) => l.trim()).filter((l) => l.length > 24 && !l.startsWith('-----') && !l.includes(':'));
}

function base(): ReturnType<typeof evaluateOwnership> {
  return evaluateOwnership({ register: emptyRegister(), references: [], now: NOW });
}

function merge(...facts: CertificateFacts[]): CertificateFacts {
  return { certificates: facts.flatMap((f) => f.certificates), keys: facts.flatMap((f) => f.keys), definitions: facts.flatMap((f) => f.definitions) };
}

/** A deterministic byte stream (xorshift), for random-bytes inputs that reproduce. */
function noise(seed: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

function sshString(b: Buffer | string): Buffer {
  const v = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
  const n = Buffer.alloc(4);
  n.writeUInt32BE(v.length);
  return Buffer.concat([n, v]);
}

function pemOf(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
}

const OPENSSH = 'OPENSSH PRIVATE KEY';

describe('keys: OpenSSH, encrypted PEM, DER, PKCS#12, RSASSA-PSS', function () {
  this.timeout(120_000);
  let t: Tools;
  before(() => {
    t = new Tools();
  });
  after(() => t.cleanup());

  describe('OpenSSH', () => {
    it('reads the public key of every OpenSSH key type, as ssh-keygen fingerprints it', () => {
      const cases: Array<[string, number | undefined, Partial<FoundKey['key']>]> = [
        ['rsa', 1024, { family: 'RSA', name: 'RSA-1024', bits: 1024 }],
        ['rsa', 3072, { family: 'RSA', name: 'RSA-3072', bits: 3072 }],
        ['ecdsa', 256, { family: 'EC', name: 'EC P-256', curve: 'P-256', bits: 256 }],
        ['ecdsa', 384, { family: 'EC', name: 'EC P-384', curve: 'P-384', bits: 384 }],
        ['ecdsa', 521, { family: 'EC', name: 'EC P-521', curve: 'P-521', bits: 521 }],
        ['ed25519', undefined, { family: 'EdDSA', name: 'Ed25519', curve: 'Ed25519', bits: 256 }],
        ['dsa', undefined, { family: 'DSA', name: 'DSA-1024', bits: 1024 }],
      ];
      for (const [type, bits, expected] of cases) {
        const k = t.ssh(type, bits);
        const facts = discoverCertificates(k.priv, `keys/id_${type}`);
        assert.equal(facts.keys.length, 1, type);
        const [key] = facts.keys;
        assert.deepEqual(key.key, expected, type);
        const truth = sshKeygenFacts(t, k.file);
        assert.equal(key.sshFingerprint, truth.ssh, type);
        assert.equal(key.publicKeyFingerprint, truth.spki, type);
        assert.equal(key.format, 'OpenSSH');
        assert.equal(key.encrypted, undefined);
        assert.equal(key.range.start.line, 0);
        // The .pub line says the same, as a public key.
        const pub = discoverCertificates(k.pub, `keys/id_${type}.pub`).keys;
        assert.deepEqual(pub.map((p) => [p.public, p.format, p.sshFingerprint, p.publicKeyFingerprint, p.key.name]), [[true, 'OpenSSH public key', truth.ssh, truth.spki, expected.name]], type);
      }
    });

    it('reads an encrypted OpenSSH key\'s public key without its passphrase, and says it is encrypted', () => {
      const passphrase = randomBytes(12).toString('hex');
      const k = t.ssh('ed25519', undefined, passphrase);
      const [key] = discoverCertificates(k.priv, 'id_ed25519').keys;
      assert.equal(key.encrypted, true);
      assert.equal(key.encryption, 'aes256-ctr');
      assert.equal(key.key.name, 'Ed25519');
      assert.equal(key.sshFingerprint, sshKeygenFacts(t, k.file).ssh);
      assert.ok(!JSON.stringify(key).includes(passphrase));
    });

    it('finds OpenSSH keys in YAML, JSON strings and base64, and in each file\'s one analysis', () => {
      const k = t.ssh('ed25519');
      const engine = new Engine({});
      const yaml = `deploy:\n  key: |\n${k.priv.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n`;
      const json = JSON.stringify({ deploy: { key: k.priv } });
      const b64 = `SSH_KEY_B64=${Buffer.from(k.priv).toString('base64')}\n`;
      const fp = discoverCertificates(k.priv, 'x').keys[0].sshFingerprint;
      for (const [text, file] of [[yaml, 'deploy.yaml'], [json, 'deploy.json'], [b64, '.env']]) {
        const a = analyze(text, file, { engine, options: { references: true } });
        assert.deepEqual(a.certificates?.keys.map((x) => x.sshFingerprint), [fp], file);
        assert.ok(a.findings.length > 0, `${file}: the key is still a secret finding`);
      }
    });

    it('reads authorized_keys lines with options and comments; ignores lines that are not keys or lie about their type', () => {
      const ed = t.ssh('ed25519');
      const rsa = t.ssh('rsa', 2048);
      const [type, blob] = ed.pub.split(' ');
      const text = [
        '# deploy keys',
        `command="/usr/bin/rsync --server --sender",no-pty,no-agent-forwarding ${ed.pub.trim()}`,
        '',
        `from="10.0.0.0/8" ${rsa.pub.trim()}`,
        `ssh-rsa ${blob} liar`, // an Ed25519 blob under the RSA name
        `${type} AAAAnotakey`,
        'ssh-ed25519',
      ].join('\n');
      const keys = discoverCertificates(text, 'home/deploy/.ssh/authorized_keys').keys;
      assert.deepEqual(keys.map((k) => [k.key.name, k.range.start.line, k.public]), [['Ed25519', 1, true], ['RSA-2048', 3, true]]);
      assert.equal(keys[0].range.start.character, text.split('\n')[1].indexOf('ssh-ed25519'));
      // Elsewhere (not a .pub or authorized_keys file), a public key line is nothing.
      assert.equal(discoverCertificates(ed.pub, 'notes.txt').keys.length, 0);
      assert.equal(sshPublicKeyOnLine(`${type} ${blob.slice(0, 30)}`), undefined);
    });

    it('applies crypto/weak-key and crypto/quantum-vulnerable to OpenSSH private keys, never to public keys', () => {
      const rsa = t.ssh('rsa', 1024);
      const dsa = t.ssh('dsa');
      const ec = t.ssh('ecdsa', 256);
      const facts = merge(
        discoverCertificates(rsa.priv, 'ssh/id_rsa'), discoverCertificates(dsa.priv, 'ssh/id_dsa'), discoverCertificates(ec.priv, 'ssh/id_ecdsa'),
        discoverCertificates(rsa.pub, 'ssh/id_rsa.pub'),
      );
      const r = addCertificates(base(), facts, NOW, { severities: { 'crypto/quantum-vulnerable': 'low' } });
      const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.path, f.message]);
      assert.deepEqual(by('crypto/weak-key'), [
        ['ssh/id_dsa', 'Private key has a weak key (DSA-1024: DSA is deprecated (FIPS 186-5))'],
        ['ssh/id_rsa', 'Private key has a weak key (RSA-1024: under 2048 bits)'],
      ]);
      assert.deepEqual(by('crypto/quantum-vulnerable').map(([p]) => p), ['ssh/id_dsa', 'ssh/id_ecdsa', 'ssh/id_rsa']);
      assert.ok(!r.findings.some((f) => f.path.endsWith('.pub')));
      assert.deepEqual(r.crypto?.keys.map((k) => [k.path, k.weak, Boolean(k.public)]), [
        ['ssh/id_rsa', true, false], ['ssh/id_dsa', true, false], ['ssh/id_ecdsa', false, false], ['ssh/id_rsa.pub', true, true],
      ]);
      assert.deepEqual(r.crypto?.readiness.keys, { total: 3, quantumVulnerable: 3, weak: 2, encrypted: 0 });
    });

    it('pairs an OpenSSH key with the certificate of the same public key', () => {
      const k = t.ssh('ecdsa', 256);
      // The same key as PKCS#8 PEM (ssh-keygen rewrites a copy), and a certificate openssl makes from it.
      const copy = t.file('copy');
      execFileSync('cp', [k.file, copy]);
      t.run('ssh-keygen', ['-q', '-p', '-N', '', '-m', 'PKCS8', '-f', copy]);
      const cert = t.run('openssl', ['req', '-x509', '-new', '-key', copy, '-subj', '/CN=bastion.internal', '-days', '30']);
      const facts = merge(discoverCertificates(cert, 'tls/bastion.pem'), discoverCertificates(k.priv, 'tls/bastion_ecdsa'));
      assert.equal(facts.keys[0].publicKeyFingerprint, facts.certificates[0].info?.publicKeyFingerprint);
      const r = addCertificates(base(), facts, NOW);
      const entry = r.inventory.find((e) => e.certificate?.commonName === 'bastion.internal');
      assert.ok(entry);
      assert.equal(r.crypto?.keys[0].certificate, entry.id);
    });
  });

  describe('encrypted PEM keys', () => {
    it('lists an encrypted PKCS#8 key as encrypted, its algorithm not visible; a legacy Proc-Type key with its label\'s algorithm', () => {
      const passphrase = randomBytes(12).toString('hex');
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
      const legacyRsa = rsa.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase }) as string;
      const legacyEc = ec.privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
      assert.match(legacyRsa, /Proc-Type: 4,ENCRYPTED/);
      const one = (text: string) => {
        const keys = discoverCertificates(text, 'k.pem').keys;
        assert.equal(keys.length, 1);
        const { path: _p, range: _r, offset: _o, ...facts } = keys[0];
        return facts;
      };
      assert.deepEqual(one(pkcs8), {
        key: { family: 'unknown', name: 'unknown' }, format: 'PKCS#8', encrypted: true, encryption: 'PBES2 (AES-256-CBC)',
        note: 'algorithm not visible: PKCS#8 encrypts it with the key',
      });
      assert.deepEqual(one(legacyRsa), { key: { family: 'RSA', name: 'RSA' }, format: 'PKCS#1', encrypted: true, encryption: 'AES-128-CBC', note: 'size not visible: the key is encrypted' });
      assert.deepEqual(one(legacyEc).key, { family: 'EC', name: 'EC' });
      // In a JSON string (`\n` escapes) too.
      assert.equal(discoverCertificates(JSON.stringify({ key: legacyRsa }), 'k.json').keys[0]?.encryption, 'AES-128-CBC');

      const r = addCertificates(base(), merge(discoverCertificates(pkcs8, 'a.pem'), discoverCertificates(legacyRsa, 'b.pem')), NOW, { severities: { 'crypto/quantum-vulnerable': 'low' } });
      // The legacy RSA key is known to be RSA (quantum-vulnerable), not known to be weak; the PKCS#8 one is unknown.
      assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('crypto/')).map((f) => [f.ruleId, f.path]), [['crypto/quantum-vulnerable', 'b.pem']]);
      assert.deepEqual(r.crypto?.readiness.keys, { total: 2, quantumVulnerable: 1, weak: 0, encrypted: 2 });
      for (const l of material(pkcs8, legacyRsa)) assert.ok(!JSON.stringify(r).includes(l));
    });

    it('reads OpenSSL\'s DSA PEM and DER form; an encrypted one is a weak key by its label alone', () => {
      const params = t.file('dsaparam.pem');
      const key = t.file('dsa.pem');
      t.run('openssl', ['dsaparam', '-out', params, '1024']);
      t.run('openssl', ['gendsa', '-out', key, params]);
      const traditional = t.run('openssl', ['dsa', '-in', key]);
      const der = execFileSync('openssl', ['dsa', '-in', key, '-outform', 'DER'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const encrypted = t.run('openssl', ['dsa', '-in', key, '-aes128', '-passout', `pass:${randomBytes(8).toString('hex')}`]);
      assert.match(traditional, /BEGIN DSA PRIVATE KEY/);
      const spki = createHash('sha256').update(createPublicKey(readFileSync(key, 'utf8')).export({ type: 'spki', format: 'der' })).digest('hex');
      const pem = discoverCertificates(traditional, 'dsa.pem').keys;
      assert.deepEqual(pem.map((k) => [k.format, k.key.name, k.publicKeyFingerprint]), [['DSA', 'DSA-1024', spki]]);
      assert.equal(derShape(der), 'dsa');
      assert.deepEqual(discoverDer(der, 'dsa.key').keys.map((k) => [k.format, k.key.name, k.publicKeyFingerprint]), [['DSA', 'DSA-1024', spki]]);
      const enc = discoverCertificates(encrypted, 'dsa-enc.pem');
      assert.deepEqual(enc.keys.map((k) => [k.key, k.encrypted, k.encryption]), [[{ family: 'DSA', name: 'DSA' }, true, 'AES-128-CBC']]);
      const r = addCertificates(base(), enc, NOW);
      assert.deepEqual(r.findings.map((f) => f.message), ['Private key has a weak key (DSA: DSA is deprecated (FIPS 186-5))']);
    });

    it('drops encrypted-looking blocks that are not keys (random bytes under the labels)', () => {
      const junk = pemOf('ENCRYPTED PRIVATE KEY', noise(7, 600));
      assert.equal(discoverCertificates(junk, 'x.pem').keys.length, 0);
      const legacy = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n${noise(8, 61).toString('base64')}\n-----END RSA PRIVATE KEY-----\n`;
      assert.equal(discoverCertificates(legacy, 'x.pem').keys.length, 0); // 61 bytes: no block cipher wrote that
    });
  });

  describe('DER keys and PKCS#12 stores', () => {
    it('tells DER keys apart by shape and reads them; a binary file goes through the one analysis of binaries', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const ed = generateKeyPairSync('ed25519');
      const spki = (k: typeof rsa.publicKey) => createHash('sha256').update(k.export({ type: 'spki', format: 'der' })).digest('hex');
      const cases: Array<[string, Buffer, string, string, string]> = [
        ['keys/rsa.key', rsa.privateKey.export({ type: 'pkcs8', format: 'der' }), 'pkcs8', 'PKCS#8', 'RSA-1024'],
        ['keys/rsa1.key', rsa.privateKey.export({ type: 'pkcs1', format: 'der' }), 'pkcs1', 'PKCS#1', 'RSA-1024'],
        ['keys/ec.der', ec.privateKey.export({ type: 'sec1', format: 'der' }), 'sec1', 'SEC1', 'EC P-384'],
        ['keys/ed.p8', ed.privateKey.export({ type: 'pkcs8', format: 'der' }), 'pkcs8', 'PKCS#8', 'Ed25519'],
      ];
      const ws = makeWorkspace(Object.fromEntries(cases.map(([p, der]) => [p, der])));
      try {
        const engine = new Engine({});
        for (const [p, der, shape, format, name] of cases) {
          assert.equal(derShape(der), shape, p);
          const a = scanTaskSync({ engine, options: { references: true } }, { abs: path.join(ws.dir, p), rel: p, root: ws.dir }, 1 << 20);
          assert.equal(a.skipped, undefined, p);
          assert.deepEqual(a.certificates?.keys.map((k) => [k.format, k.key.name]), [[format, name]], p);
          const pub = p.includes('rsa') ? rsa.publicKey : p.includes('ec') ? ec.publicKey : ed.publicKey;
          assert.equal(a.certificates?.keys[0].publicKeyFingerprint, spki(pub), p);
        }
        // Without references asked for: a key file is its finding, and no certificate facts are kept.
        const plain = analyzeBinary(cases[0][1], cases[0][0], { engine });
        assert.deepEqual([plain?.findings.map((f) => f.ruleId), plain?.certificates], [['private-key-der'], undefined]);
      } finally {
        ws.cleanup();
      }
      const enc = rsa.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-128-cbc', passphrase: randomBytes(8).toString('hex') });
      assert.equal(derShape(enc), 'encrypted-pkcs8');
      assert.deepEqual(discoverDer(enc, 'k.p8').keys.map((k) => [k.key.family, k.encrypted, k.encryption]), [['unknown', true, 'PBES2 (AES-128-CBC)']]);
      const r = addCertificates(base(), discoverDer(cases[0][1], 'keys/rsa.key'), NOW);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.message]), [['crypto/weak-key', 'Private key has a weak key (RSA-1024: under 2048 bits)']]);
    });

    it('reads a PKCS#12 store: unencrypted bags (certificate and key, paired), encrypted ones listed as such', () => {
      const key = t.file('k.pem');
      t.run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
      const certFile = t.file('c.pem');
      t.run('openssl', ['req', '-x509', '-new', '-key', key, '-subj', '/CN=store.internal', '-days', '30', '-out', certFile]);
      const password = randomBytes(9).toString('hex');
      const p12 = (name: string, ...args: string[]) => {
        const out = t.file(name);
        t.run('openssl', ['pkcs12', '-export', '-in', certFile, ...args, '-passout', `pass:${password}`, '-out', out]);
        return readFileSync(out);
      };
      const plain = p12('plain.p12', '-inkey', key, '-certpbe', 'NONE', '-keypbe', 'NONE');
      const standard = p12('standard.p12', '-inkey', key);
      const certOnly = p12('certs.p12', '-nokeys');
      const clearCert = p12('clear-cert.pfx', '-inkey', key, '-certpbe', 'NONE');

      const a = discoverDer(plain, 'stores/plain.p12');
      assert.deepEqual(a.certificates.map((c) => [c.encoding, c.info?.commonName]), [['pkcs12', 'store.internal']]);
      assert.deepEqual(a.keys.map((k) => [k.format, k.key.name, k.encrypted]), [['PKCS#12', 'EC P-256', undefined]]);
      const r = addCertificates(base(), a, NOW);
      assert.equal(r.crypto?.keys[0].certificate, r.inventory.find((e) => e.certificate)?.id);

      const s = discoverDer(standard, 'stores/standard.p12');
      assert.equal(s.certificates.length, 0);
      assert.deepEqual(s.keys.map((k) => [k.format, k.key.family, k.encrypted, k.encryption]), [['PKCS#12', 'unknown', true, 'PBES2 (AES-256-CBC)']]);
      const c = discoverDer(certOnly, 'stores/certs.p12');
      assert.deepEqual(c.keys.map((k) => [k.note, k.encrypted, k.path]), [['PKCS#12 store, contents encrypted', true, 'stores/certs.p12']]);
      const cc = discoverDer(clearCert, 'stores/clear-cert.pfx');
      assert.deepEqual([cc.certificates.length, cc.keys.map((k) => k.encrypted)], [1, [true]]);
      for (const store of [plain, standard, certOnly]) assert.ok(!JSON.stringify(discoverDer(store, 'x.p12')).includes(password));
    });

    it('reports truncated containers as unreadable and random bytes as nothing or unreadable, never throws', () => {
      const k = t.ssh('rsa', 2048);
      const der = Buffer.from(k.priv.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
      // Every cut of the OpenSSH container: nothing (before the magic ends) or an unreadable key; once the
      // public key is whole, the key itself.
      let unreadable = 0;
      for (let n = 0; n <= der.length; n += 3) {
        const text = pemOf(OPENSSH, der.subarray(0, n));
        const keys = discoverCertificates(text, 'id_rsa').keys;
        assert.ok(keys.length <= 1, String(n));
        if (keys[0]?.error) unreadable++;
        if (n < OPENSSH_MAGIC.length) assert.equal(keys.length, 0);
        else assert.ok(keys[0].error ? keys[0].key.family === 'unknown' : keys[0].key.name === 'RSA-2048', String(n));
      }
      assert.ok(unreadable > 10);
      // A container that claims four billion keys, or a string longer than itself.
      const claims = Buffer.concat([Buffer.from(OPENSSH_MAGIC, 'latin1'), sshString('none'), sshString('none'), sshString(''), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
      assert.deepEqual(parseOpenSshPrivateKey(claims), { error: 'the OpenSSH key container says it holds 4294967295 keys' });
      const long = Buffer.concat([Buffer.from(OPENSSH_MAGIC, 'latin1'), Buffer.from([0x7f, 0xff, 0xff, 0xff]), noise(3, 40)]);
      assert.ok('error' in parseOpenSshPrivateKey(long));

      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const key = rsa.privateKey.export({ type: 'pkcs8', format: 'der' });
      for (let n = 16; n < key.length; n += 37) {
        const keys = discoverDer(key.subarray(0, n), 'k.key').keys;
        assert.deepEqual(keys.map((x) => [x.key.family, Boolean(x.error)]), [['unknown', true]], String(n));
      }
      const store = parsePkcs12(Buffer.alloc(0));
      assert.ok('error' in store);
      for (let seed = 1; seed <= 300; seed++) {
        const bytes = noise(seed, 64 + (seed % 7) * 97);
        if (seed % 2) bytes[0] = 0x30; // look like DER
        for (const name of ['x.key', 'x.p12', 'x.pfx', 'x.der', 'x.p8']) {
          const facts = discoverDer(bytes, name);
          for (const x of facts.keys) assert.ok(x.error || x.encrypted || x.publicKeyFingerprint, `${seed} ${name}`);
          for (const c of facts.certificates) assert.ok(c.error || c.info);
        }
        discoverCertificates(pemOf(OPENSSH, Buffer.concat([Buffer.from(OPENSSH_MAGIC, 'latin1'), bytes])), 'id');
        discoverCertificates(`ssh-ed25519 AAAA${bytes.toString('base64')}\n`, 'authorized_keys');
      }
      // A random .p12 is an unreadable store.
      assert.deepEqual(discoverDer(Buffer.concat([Buffer.from([0x30, 0x82, 0x10, 0x00]), noise(9, 100)]), 'y.p12').keys.map((x) => [x.format, Boolean(x.error)]), [['PKCS#12', true]]);
    });
  });

  describe('RSASSA-PSS', () => {
    it('reads the hash from the PSS parameters: SHA-1 PSS is a weak signature, SHA-256 PSS is not', () => {
      const key = t.file('pss.pem');
      t.run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
      const cert = (md: string) => t.run('openssl', ['req', '-x509', '-new', '-key', key, '-subj', `/CN=pss-${md}.internal`, '-days', '30', `-${md}`, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20']);
      const facts = discoverCertificates(cert('sha1') + cert('sha256') + cert('sha384'), 'pss.pem');
      assert.deepEqual(facts.certificates.map((c) => c.info?.signature), [
        { oid: '1.2.840.113549.1.1.10', name: 'RSASSA-PSS with SHA-1', hash: 'SHA-1' },
        { oid: '1.2.840.113549.1.1.10', name: 'RSASSA-PSS with SHA-256', hash: 'SHA-256' },
        { oid: '1.2.840.113549.1.1.10', name: 'RSASSA-PSS with SHA-384', hash: 'SHA-384' },
      ]);
      const r = addCertificates(base(), facts, NOW);
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'crypto/weak-signature').map((f) => f.message), ['Certificate pss-sha1.internal is signed with SHA-1 (RSASSA-PSS with SHA-1)']);
    });
  });

  describe('in the CLI', () => {
    let ws: { dir: string; cleanup(): void };
    let secrets: string[];
    before(() => {
      const ed = t.ssh('ed25519');
      const weak = t.ssh('rsa', 1024, randomBytes(8).toString('hex'));
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: randomBytes(8).toString('hex') }) as string;
      const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
      const pssKey = t.file('pss.pem');
      t.run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', pssKey]);
      const pss = t.run('openssl', ['req', '-x509', '-new', '-key', pssKey, '-subj', '/CN=pss.internal', '-days', '30', '-sha1', '-sigopt', 'rsa_padding_mode:pss']);
      secrets = material(ed.priv, weak.priv, encrypted, pss, der.toString('base64'));
      ws = makeWorkspace({
        'credentials.yaml': 'identities: []\n',
        'deploy/id_ed25519': ed.priv, 'deploy/id_ed25519.pub': ed.pub, 'legacy/id_rsa': weak.priv,
        'tls/encrypted.pem': encrypted, 'tls/ec.key': der, 'tls/pss.pem': pss,
      });
    });
    after(() => ws.cleanup());

    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args, '--now', NOW.toISOString()], { cwd: ws.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      for (const l of secrets) assert.ok(!r.stdout.includes(l) && !r.stderr.includes(l), 'no key material in the output');
      return r;
    };

    it('inventory lists every key with its format, encryption and fingerprints; scan flags the weak encrypted OpenSSH key', () => {
      const r = run(['inventory', '--format', 'json']);
      assert.equal(r.status, 0, r.stderr);
      const keys = (JSON.parse(r.stdout).crypto.keys as FoundKey[]).map((k) => [k.path, k.format, k.key.name, Boolean(k.encrypted), Boolean(k.public)]);
      assert.deepEqual(keys.sort(), [
        ['deploy/id_ed25519', 'OpenSSH', 'Ed25519', false, false],
        ['deploy/id_ed25519.pub', 'OpenSSH public key', 'Ed25519', false, true],
        ['legacy/id_rsa', 'OpenSSH', 'RSA-1024', true, false],
        ['tls/ec.key', 'PKCS#8', 'EC P-256', false, false],
        ['tls/encrypted.pem', 'PKCS#8', 'unknown', true, false],
      ]);
      const scan = run(['scan', '.', '--format', 'json']);
      const findings = JSON.parse(scan.stdout).certificates.findings as Array<{ ruleId: string; path: string }>;
      assert.ok(findings.some((f) => f.ruleId === 'crypto/weak-key' && f.path === 'legacy/id_rsa'), scan.stdout.slice(0, 400));
      assert.ok(findings.some((f) => f.ruleId === 'crypto/weak-signature' && f.path === 'tls/pss.pem'));
    });

    it('inventory --format cyclonedx: valid CycloneDX 1.6, keys as related-crypto-material, the PSS hash in the signature algorithm', async () => {
      const r = run(['inventory', '--format', 'cyclonedx']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(r.stdout), null);
      const bom = JSON.parse(r.stdout) as { components: Array<{ name: string; 'bom-ref': string; properties?: Array<{ name: string; value: string }>; cryptoProperties: { relatedCryptoMaterialProperties?: { type: string; algorithmRef?: string; state?: string }; certificateProperties?: { signatureAlgorithmRef: string } } }> };
      const byPath = (p: string) => bom.components.find((c) => c.properties?.some((x) => x.name === 'credential-hygiene:path' && x.value === p))!;
      const prop = (c: ReturnType<typeof byPath>, n: string) => c.properties?.find((x) => x.name === `credential-hygiene:${n}`)?.value;
      const enc = byPath('tls/encrypted.pem');
      assert.deepEqual(enc.cryptoProperties.relatedCryptoMaterialProperties, { type: 'private-key', state: 'compromised' });
      assert.equal(prop(enc, 'encrypted'), 'true');
      assert.match(prop(enc, 'note') ?? '', /algorithm not visible/);
      const pub = byPath('deploy/id_ed25519.pub');
      assert.deepEqual(pub.cryptoProperties.relatedCryptoMaterialProperties, { type: 'public-key', algorithmRef: 'algorithm:Ed25519', size: 256, state: 'active' });
      assert.match(prop(pub, 'ssh-fingerprint') ?? '', /^SHA256:[A-Za-z0-9+/]{43}$/);
      const cert = bom.components.find((c) => c.cryptoProperties.certificateProperties)!;
      assert.equal(cert.cryptoProperties.certificateProperties?.signatureAlgorithmRef, 'algorithm:RSASSA-PSS with SHA-1');
      const alg = bom.components.find((c) => c['bom-ref'] === 'algorithm:RSASSA-PSS with SHA-1')!;
      assert.equal(prop(alg, 'hash'), 'SHA-1');
    });
  });
});
