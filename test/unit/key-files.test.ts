// Private keys committed as binary files: PKCS#12 stores made by openssl (as people export them, a
// passphrase on everything; and with clear bags), DER keys made by Node's crypto, Java keystores made by
// keytool (JKS and PKCS#12, as Android and Java projects sign with them), and stores left under a default
// password (`notasecret`, `changeit`: critical; never tried beyond a bounded key derivation). The built CLI finds
// them in a tree and in what git has staged, once per file, with no character of the file in any output;
// certificates, public keys and a store without a key are no finding.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverDer } from '../../src/core/certs/discover';
import { CLI, makeWorkspace } from './support/workspace';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Made {
  files: Record<string, Buffer>;
  /** Every file's bytes in base64 and hex: none may show in any output. */
  forbidden: string[];
}

function makeKeyFiles(): Made {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ch-keys-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
    const key = path.join(tmp, 'k.pem');
    const cert = path.join(tmp, 'c.pem');
    run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key);
    run('req', '-x509', '-new', '-key', key, '-subj', '/CN=svc.internal', '-days', '200', '-out', cert);
    const p12 = (name: string, ...args: string[]) => {
      const out = path.join(tmp, name);
      const password = args.includes('-passout') ? [] : ['-passout', `pass:${randomBytes(6).toString('hex')}`];
      run('pkcs12', '-export', '-in', cert, ...args, ...password, '-out', out);
      return readFileSync(out);
    };
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const files: Record<string, Buffer> = {
      'credentials/service-account.p12': p12('a.p12', '-inkey', key),
      'certs/client.pfx': p12('b.pfx', '-inkey', key, '-certpbe', 'NONE', '-keypbe', 'NONE'),
      'certs/server.key': ec.privateKey.export({ type: 'pkcs8', format: 'der' }),
      'certs/server.p8': ec.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: randomBytes(8).toString('hex') }),
      // No finding: a store of certificates only, a certificate, a public key.
      'certs/chain.p12': p12('c.p12', '-nokeys'),
      'certs/ca.der': Buffer.from(readFileSync(cert, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'),
      'keys/public.der': ec.publicKey.export({ type: 'spki', format: 'der' }),
    };
    // keytool: a release key in JKS and in PKCS#12 (Java's default since 9), a truststore, Android's debug key.
    const keytool = (store: string, type: string, ...args: string[]) => {
      const out = path.join(tmp, store);
      const password = args.includes('-storepass') ? [] : ['-storepass', randomBytes(6).toString('hex')];
      execFileSync('keytool', [...args, '-keystore', out, '-storetype', type, ...password, '-noprompt'], { stdio: 'pipe' });
      return readFileSync(out);
    };
    const genkey = ['-genkeypair', '-alias', 'upload', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=app.example', '-validity', '200'];
    files['android/app/release.jks'] = keytool('r.jks', 'JKS', ...genkey);
    files['android/app/upload.keystore'] = keytool('u.keystore', 'PKCS12', ...genkey);
    files['android/app/debug.keystore'] = keytool('d.keystore', 'JKS', ...genkey);
    files['src/main/resources/truststore.jks'] = keytool('t.jks', 'JKS', '-importcert', '-alias', 'ca', '-file', cert);
    // Under well-known default passwords: a Google P12 key's `notasecret`, Java's `changeit`. And one
    // under `notasecret` whose key derivation asks for more rounds than are ever tried (a hostile store).
    files['gcp/notasecret.p12'] = p12('n.p12', '-inkey', key, '-passout', 'pass:notasecret');
    files['server/changeit.jks'] = keytool('ch.jks', 'JKS', ...genkey, '-storepass', 'changeit');
    files['gcp/slow.p12'] = p12('s.p12', '-inkey', key, '-passout', 'pass:notasecret', '-iter', '50000');
    // Under `password`, with scrypt as the key derivation (whose cost a hostile file sets freely): never tried.
    run('pkcs8', '-topk8', '-in', key, '-outform', 'DER', '-scrypt', '-scrypt_N', '1024', '-scrypt_r', '8', '-scrypt_p', '1', '-passout', 'pass:password', '-out', path.join(tmp, 'sc.p8'));
    files['certs/scrypt.p8'] = readFileSync(path.join(tmp, 'sc.p8'));
    const forbidden = Object.values(files).flatMap((b) => [b.toString('base64').slice(40, 80), b.toString('hex').slice(80, 120)]);
    return { files, forbidden };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const EXPECTED = [
  ['android/app/release.jks', 'private-key-java-keystore', 'high'],
  ['android/app/upload.keystore', 'private-key-java-keystore', 'high'],
  ['certs/client.pfx', 'private-key-pkcs12', 'high'],
  ['certs/scrypt.p8', 'private-key-der-encrypted', 'high'],
  ['certs/server.key', 'private-key-der', 'critical'],
  ['certs/server.p8', 'private-key-der-encrypted', 'high'],
  ['credentials/service-account.p12', 'private-key-pkcs12', 'high'],
  ['gcp/notasecret.p12', 'private-key-default-password', 'critical'],
  ['gcp/slow.p12', 'private-key-pkcs12', 'high'],
  ['server/changeit.jks', 'private-key-default-password', 'critical'],
];

describe('private keys in binary files', function () {
  this.timeout(60_000);
  let made: Made;
  before(() => {
    made = makeKeyFiles();
  });

  const assertClean = (out: string) => {
    for (const f of made.forbidden) assert.ok(!out.includes(f), 'a key file\'s bytes reached the output');
  };

  it('a tree scan reports each key file once, under its container\'s rule, and nothing for certificates or public keys', () => {
    const ws = makeWorkspace(made.files);
    try {
      const r = cli(['scan', '.', '--format', 'json', '--no-progress'], ws.dir);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; ruleId: string; severity: string; preview: string; fingerprint: string }>; skipped: Array<{ path: string }> };
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId, f.severity]), EXPECTED);
      // Android's debug key is there at low confidence only.
      const low = JSON.parse(cli(['scan', '.', '--format', 'json', '--no-progress', '--min-confidence', 'low'], ws.dir).stdout) as { findings: Array<{ path: string; ruleId: string; confidence: string }> };
      assert.deepEqual(low.findings.filter((f) => f.path.endsWith('debug.keystore')).map((f) => [f.ruleId, f.confidence]), [['private-key-java-keystore', 'low']]);
      for (const f of report.findings) {
        assert.match(f.preview, /^\*{8} \(128\+ chars\)$/);
        assert.match(f.fingerprint, /^v2:[0-9a-f]{32}$/);
      }
      // Read, not skipped as binary.
      assert.deepEqual(report.skipped.filter((s) => s.path.startsWith('cert') || s.path.startsWith('cred')), []);
      assertClean(r.stdout + r.stderr);
      // SARIF and the text report say the same, and show nothing of the files either.
      const sarif = cli(['scan', '.', '--format', 'sarif', '--no-progress'], ws.dir);
      const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0].results;
      // (The certificates' own checks, cert/*, would be there too.)
      const keys = results.filter((x) => x.ruleId.startsWith('private-key'));
      assert.deepEqual(keys.map((x) => [x.locations[0].physicalLocation.artifactLocation.uri, x.ruleId]), EXPECTED.map(([p, id]) => [p, id]));
      assertClean(sarif.stdout);
      const text = cli(['scan', '.', '--no-progress'], ws.dir);
      for (const [p] of EXPECTED) assert.ok(text.stdout.includes(p), `${p} not in the text report`);
      assertClean(text.stdout + text.stderr);
    } finally {
      ws.cleanup();
    }
  });

  it('a baseline accepts a key file by its fingerprint, and a rule turned off reports none', () => {
    const ws = makeWorkspace(made.files);
    try {
      assert.equal(cli(['baseline', 'create', '.'], ws.dir).code, 0);
      const r = cli(['scan', '.', '--format', 'json', '--no-progress'], ws.dir);
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual((JSON.parse(r.stdout) as { suppressed: Array<{ ruleId: string }> }).suppressed.map((f) => f.ruleId).sort(), EXPECTED.map((e) => e[1]).sort());
    } finally {
      ws.cleanup();
    }
    const off = makeWorkspace({ ...made.files, '.credential-hygiene.json': JSON.stringify({ rules: { 'private-key-pkcs12': false } }) });
    try {
      const r = cli(['scan', '.', '--format', 'json', '--no-progress'], off.dir);
      // The stores under a default password fall back to their container's rule when that one is off.
      assert.deepEqual((JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId),
        ['private-key-java-keystore', 'private-key-java-keystore', 'private-key-der-encrypted', 'private-key-der', 'private-key-der-encrypted', 'private-key-default-password', 'private-key-default-password']);
    } finally {
      off.cleanup();
    }
  });

  it('the history scan finds a key file committed once and removed since', () => {
    const ws = makeWorkspace({ 'README.md': 'hello\n', 'android/app/release.jks': made.files['android/app/release.jks'], 'certs/server.key': made.files['certs/server.key'] });
    try {
      const git = (...a: string[]) => assert.equal(spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], { cwd: ws.dir }).status, 0, a.join(' '));
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'add the release key');
      git('rm', '-q', 'android/app/release.jks', 'certs/server.key');
      git('commit', '-qm', 'remove it');
      const r = cli(['scan', '--history', '--format', 'json', '--no-progress'], ws.dir);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; ruleId: string; history?: { status: string } }> };
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId, f.history?.status]), [
        ['android/app/release.jks', 'private-key-java-keystore', 'removed'], ['certs/server.key', 'private-key-der', 'removed'],
      ]);
      assertClean(r.stdout + r.stderr);
    } finally {
      ws.cleanup();
    }
  });

  it('a keystore or store cut short or corrupted is read without an exception (every prefix, flipped bytes)', () => {
    for (const name of ['android/app/release.jks', 'credentials/service-account.p12']) {
      const whole = made.files[name];
      for (let n = 0; n <= whole.length; n++) discoverDer(whole.subarray(0, n), name);
      for (let i = 0; i < whole.length; i += 7) {
        const bad = Buffer.from(whole);
        bad[i] ^= 0xff;
        const facts = discoverDer(bad, name);
        assert.ok(facts.keys.length <= 500 && facts.certificates.length <= 500);
      }
    }
  });

  it('a pre-commit scan (--staged) stops a key file about to be committed', () => {
    const ws = makeWorkspace(made.files);
    try {
      const git = (...a: string[]) => assert.equal(spawnSync('git', a, { cwd: ws.dir }).status, 0, a.join(' '));
      git('init', '-q');
      git('add', 'credentials/service-account.p12', 'certs/server.key', 'certs/chain.p12', 'keys/public.der');
      const r = cli(['scan', '--staged', '--format', 'json'], ws.dir);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; ruleId: string }>; skipped: Array<{ path: string }> };
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId]), [['certs/server.key', 'private-key-der'], ['credentials/service-account.p12', 'private-key-pkcs12']]);
      assertClean(r.stdout + r.stderr);
    } finally {
      ws.cleanup();
    }
  });
});
