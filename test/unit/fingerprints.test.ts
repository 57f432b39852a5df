// Fingerprints (v2): a project salt, scrypt for guessable secrets, HMAC for random tokens; old (v1)
// baselines still match for one release, and `baseline migrate` rewrites them keeping their reasons.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, scryptSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigSchema } from '../../src/core/config/schema';
import { fingerprint, isLowEntropy, legacyFingerprint, scryptCacheSize } from '../../src/core/findings';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { ensureProjectSalt, newSalt } from '../../src/core/salt';
import { Engine } from '../../src/core/scan/engine';
import { redactDeep } from '../../src/core/scan/redact-text';
import { scan } from '../../src/core/run/scanner';
import { readBaseline, writeBaseline, type Baseline } from '../../src/core/suppress/baseline';
import { CLI, makeWorkspace, REPO_ROOT } from './support/workspace';

const g = new SampleGen(2718);
const SCRYPT = { N: 16384, r: 8, p: 1 };

function scryptFp(ruleId: string, secret: string, salt: string): string {
  return 'v2:' + scryptSync(`${ruleId}\0${secret}`, `credential-hygiene/v2\0${salt}`, 16, SCRYPT).toString('hex');
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fingerprints', () => {
  const salt = newSalt();

  it('of a 6-character password is scrypt (N=2^14, r=8, p=1) under the project salt, not a plain HMAC', () => {
    const pw = g.password(6);
    const [f] = new Engine({ fingerprintSalt: salt }).scanText(`db:\n  password: "${pw}"\n`, 'config.yaml');
    assert.equal(f?.ruleId, 'generic-password');
    assert.equal(f.fingerprint, scryptFp('generic-password', pw, salt));
    const hmac = createHmac('sha256', salt).update('v2\0generic-password\0').update(pw).digest('hex').slice(0, 32);
    assert.notEqual(f.fingerprint, `v2:${hmac}`);
    assert.notEqual(f.fingerprint.slice(3), legacyFingerprint('generic-password', pw));
  });

  it('of a random token is a (cheap) HMAC: nothing to guess there', () => {
    const token = g.checksummedToken('ghp_');
    assert.equal(isLowEntropy(token), false);
    const hmac = createHmac('sha256', salt).update('v2\0github-pat-classic\0').update(token).digest('hex').slice(0, 32);
    assert.equal(new Engine({ fingerprintSalt: salt }).scanText(`t = "${token}"`, 'a.py')[0].fingerprint, `v2:${hmac}`);
  });

  it('classes short, low-entropy and person-chosen secrets as guessable', () => {
    assert.equal(isLowEntropy(g.alnum(16)), true, 'short');
    assert.equal(isLowEntropy('correct horse battery staple'), true, 'a passphrase: < 100 bits by Shannon');
    assert.equal(isLowEntropy(g.alnum(40), 'password'), true, 'a password, however long');
    assert.equal(isLowEntropy(g.alnum(40)), false);
    assert.equal(isLowEntropy(g.hex(32)), false);
  });

  it('are stable within a project and differ between projects', () => {
    const pw = g.password(12);
    const text = `DB_PASSWORD = "${pw}"\n`;
    const a1 = new Engine({ fingerprintSalt: salt }).scanText(text, 'a.py')[0].fingerprint;
    const a2 = new Engine({ fingerprintSalt: salt }).scanText(`\n\n${text}`, 'b.py')[0].fingerprint;
    const b = new Engine({ fingerprintSalt: newSalt() }).scanText(text, 'a.py')[0].fingerprint;
    assert.match(a1, /^v2:[0-9a-f]{32}$/);
    assert.equal(a1, a2);
    assert.notEqual(a1, b);
    assert.equal(fingerprint('generic-password', pw, salt, 'password'), a1);
  });

  it('cost nothing until read, and a rescan of the same text costs no new scrypt', () => {
    const engine = new Engine({ fingerprintSalt: salt });
    const text = `password = "${g.password(10)}"\n`;
    const before = scryptCacheSize();
    const [f] = engine.scanText(text, 'a.py');
    assert.equal(scryptCacheSize(), before, 'computed without being read');
    const fp = f.fingerprint;
    assert.equal(scryptCacheSize(), before + 1);
    assert.equal(engine.scanText(text, 'a.py')[0].fingerprint, fp);
    assert.equal(scryptCacheSize(), before + 1, 'the rescan ran scrypt again');
  });

  it('stay unread through a report\'s redaction (a text report never shows them), and are the same when read after it', () => {
    const engine = new Engine({ fingerprintSalt: salt });
    const [f] = engine.scanText(`password = "${g.password(11)}"\n`, 'a.py');
    const before = scryptCacheSize();
    const copy = redactDeep({ findings: [f], notes: ['kept'] });
    assert.equal(scryptCacheSize(), before, 'the redaction computed the fingerprint');
    assert.equal(copy.findings[0].fingerprint, f.fingerprint);
    assert.equal(scryptCacheSize(), before + 1, 'read once: computed once');
    assert.match(JSON.stringify(copy), /"fingerprint":"v2:[0-9a-f]{32}"/);
  });

  it('without a project salt use this machine\'s: random, kept 0600 in the user config folder, the same on every run', () => {
    const home = makeWorkspace({});
    try {
      const code = `const s=require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/salt.js'))});process.stdout.write(s.machineSalt())`;
      const run = () => spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: home.dir } }).stdout;
      const first = run();
      assert.match(first, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(run(), first);
      const file = path.join(home.dir, 'credential-hygiene', 'fingerprint-salt');
      assert.equal(readFileSync(file, 'utf8').trim(), first);
      if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    } finally {
      home.cleanup();
    }
  });

  it('a project salt is added to the config once, keeping its comments, and the result is a valid config', () => {
    const ws = makeWorkspace({ '.credential-hygiene.json': '{\n  // team settings\n  "rules": { "jwt": false }\n}\n' });
    try {
      const file = path.join(ws.dir, '.credential-hygiene.json');
      const first = ensureProjectSalt(file);
      assert.equal(first.added, true);
      const text = readFileSync(file, 'utf8');
      assert.match(text, /\/\/ team settings/);
      assert.equal(ensureProjectSalt(file).salt, first.salt);
      assert.equal(ensureProjectSalt(file).added, false);
      const fresh = path.join(ws.dir, 'sub.json');
      const created = ensureProjectSalt(fresh);
      assert.equal(ConfigSchema.parse(JSON.parse(readFileSync(fresh, 'utf8'))).fingerprintSalt, created.salt);
    } finally {
      ws.cleanup();
    }
  });
});

describe('old (v1) baselines', () => {
  const token = g.checksummedToken('ghp_');
  const pw = g.password(12);
  const files = { 'app.py': `GITHUB_TOKEN = "${token}"\nDB_PASSWORD = "${pw}"\n` };
  /** What `baseline create` wrote before v2: HMAC-SHA256 under the fixed default salt. */
  const v1: Baseline = {
    version: 1,
    entries: [
      { fingerprint: legacyFingerprint('github-pat-classic', token), ruleId: 'github-pat-classic', path: 'app.py', reason: 'revoked in INC-7', added: '2025-01-02' },
      { fingerprint: legacyFingerprint('generic-password', pw), ruleId: 'generic-password', reason: 'local docker only', expires: '2099-12-31' },
      { fingerprint: legacyFingerprint('generic-password', 'long gone'), ruleId: 'generic-password', reason: 'secret since removed' },
    ],
  };

  it('still suppress, say how many entries are old, and leave no v1 fingerprint in the findings', async () => {
    const ws = makeWorkspace(files);
    try {
      const s = await scan({ roots: [ws.dir], base: ws.dir, config: ConfigSchema.parse({ fingerprintSalt: newSalt() }), baseline: v1, workers: 0 });
      assert.equal(s.findings.length, 0);
      assert.deepEqual(s.suppressed.map((f) => f.suppressed?.reason).sort(), ['local docker only', 'revoked in INC-7']);
      assert.equal(s.legacyBaseline?.entries, 3);
      assert.ok(s.suppressed.every((f) => f.legacyFingerprints === undefined && f.fingerprint.startsWith('v2:')));
      const threaded = await scan({ roots: [ws.dir], base: ws.dir, config: ConfigSchema.parse({}), baseline: v1, workers: 1 });
      assert.equal(threaded.findings.length, 0, 'worker threads compute the v1 fingerprints too');
    } finally {
      ws.cleanup();
    }
  });

  it('are named by the CLI scan, and `baseline migrate` rewrites them as v2 keeping reasons and expiry', () => {
    const ws = makeWorkspace({ ...files, '.credential-hygiene-baseline.json': JSON.stringify(v1, null, 2) });
    try {
      const before = cli(['scan', '.', '--baseline', '.credential-hygiene-baseline.json'], ws.dir);
      assert.equal(before.code, 0, before.stdout + before.stderr);
      assert.match(before.stdout + before.stderr, /3 entries of .* use the old fingerprint scheme .*credential-hygiene baseline migrate/);
      const m = cli(['baseline', 'migrate'], ws.dir); // the file `baseline create` writes by default

      assert.equal(m.code, 0, m.stderr);
      assert.match(m.stdout, /2 entries migrated .* 1 v1 entry matches no current finding/);
      const after = readBaseline(path.join(ws.dir, '.credential-hygiene-baseline.json'));
      const salt = JSON.parse(readFileSync(path.join(ws.dir, '.credential-hygiene.json'), 'utf8')).fingerprintSalt as string;
      assert.deepEqual(after.entries.map((e) => [e.ruleId, e.reason, e.expires, e.added]), v1.entries.map((e) => [e.ruleId, e.reason, e.expires, e.added]));
      assert.equal(after.entries[0].fingerprint, fingerprint('github-pat-classic', token, salt));
      assert.equal(after.entries[1].fingerprint, scryptFp('generic-password', pw, salt));
      assert.equal(after.entries[2].fingerprint, v1.entries[2].fingerprint, 'an entry no finding matched is kept as it was');
      writeBaseline(path.join(ws.dir, 'only-v2.json'), { version: 1, entries: after.entries.slice(0, 2) });
      const again = cli(['scan', '.', '--baseline', 'only-v2.json'], ws.dir);
      assert.equal(again.code, 0, again.stdout);
      assert.doesNotMatch(again.stdout + again.stderr, /old fingerprint scheme/);
      assert.match(again.stdout, /2 suppressed/);
    } finally {
      ws.cleanup();
    }
  });
});
