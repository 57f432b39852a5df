#!/usr/bin/env node
// Runs the extension-host suites inside a real VS Code (code-server + headless Chromium), offline:
//   trusted    test/vscode/suite      diagnostics, hovers, every quick-fix, fix-all, git cases
//   untrusted  test/vscode/untrusted  the limited mode: scan yes, network, workspace rules and git no
//   hostile    test/vscode/hostile    FIFOs, a /dev/zero link, catastrophic globs and ignore lines, deep nesting: the host keeps answering
//   agree      test/vscode/agree      the editor and the CLI say the same about one workspace
//   installed  test/vscode/installed  the packaged .vsix installed with --install-extension (not under
//                                     development): it activates, flags a planted secret, opens its walkthrough
// Each suite gets a fresh git repository as its workspace (the untrusted one with a hostile .git/config).
// Exit code: 0 when every suite passed.
// Env: VERBOSE=1 (workbench logs), KEEP=1 (keep temp folders), SUITES=trusted,untrusted,hostile.
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { startHost, ensureToolchain, makeWorkspace, installVsix, ROOT } = require('./host');

const TIMEOUT_S = Number(process.env.VSCODE_RUN_TIMEOUT_S || 300);

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/** What every suite's workspace starts with; its settings point the Vault address at a local port. */
function initialFiles(port) {
  return {
    '.vscode/settings.json': JSON.stringify({ 'credentialHygiene.vault.address': `http://127.0.0.1:${port}` }, null, 2),
    'README.md': '# shop-api\n',
    '.gitignore': 'node_modules/\n',
  };
}

/**
 * The hostile suite's traps, planted after the first commit (git does not take FIFOs) and before the
 * editor starts, so the extension meets them on activation.
 */
function plantTraps(ws) {
  const fifo = (rel) => {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    execFileSync('mkfifo', [path.join(ws, rel)]);
  };
  for (const rel of ['credentials.yaml', 'catalog-info.yaml', 'CODEOWNERS', 'sub/.gitignore', 'accepted.json']) fifo(rel);
  fs.symlinkSync('/dev/zero', path.join(ws, 'big.env'));
}

/**
 * The "agree" suite's workspace: a register, owned and unowned secrets and references, an expired
 * identity, a git-ignored .env, a baseline and an inline suppression; the editor and the CLI must say
 * the same about it. Secrets come from the seeded generator, never from the repository.
 */
function agreeFiles(port) {
  const { SampleGen } = require(path.join(ROOT, 'out/src/core/rules/sample-gen'));
  const g = new SampleGen(20261206);
  const stripe = () => `sk_${'live'}_${g.alnum(32)}`;
  return {
    ...initialFiles(port),
    '.gitignore': 'node_modules/\n.env.local\n',
    'credentials.yaml': [
      'identities:',
      '  - id: stripe-live',
      '    kind: api_key',
      '    provider: Stripe',
      '    owners: { business: group:commerce, technical: group:payments }',
      '    purpose: Charges cards at checkout',
      '    environment: production',
      '    rotation: P90D',
      `    lastRotated: ${new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10)}`,
      '    match: [STRIPE_SECRET_KEY]',
      '  - id: reporting-db',
      '    kind: database_credential',
      '    owners: { business: group:platform, technical: group:dba }',
      '    purpose: Legacy reporting database',
      '    environment: production',
      '    expires: 2026-01-01',
      '    match: [REPORTING_DB_PASSWORD]',
      '',
    ].join('\n'),
    'src/pay.ts': `export const stripeSecretKey = "${stripe()}";\n`,
    'src/ledger.ts': `export const ledgerToken = "${g.checksummedToken('ghp_')}";\n`,
    'src/report.py': 'import os\nPASSWORD = os.environ["REPORTING_DB_PASSWORD"]\n',
    'src/db.ts': 'export const dbPassword = process.env.DB_PASSWORD;\n',
    'src/old.ts': `export const oldToken = "${g.checksummedToken('ghp_')}";\n`,
    'src/allowed.ts': `export const fixture = "${g.checksummedToken('ghp_')}"; // credential-hygiene:allow test fixture\n`,
    '.env.local': `LOCAL_GH_TOKEN=${g.checksummedToken('ghp_')}\n`,
    // A test fixture's password: low confidence, hidden at the default minimum, shown at `low`.
    'test/fixtures/db.ts': `export const fixtureDbPassword = "${g.password(16)}";\n`,
    // A certificate (openssl, now) that expired five days ago, with an RSA-1024 key: the certificate checks.
    'tls/agree-old.pem': expiredCertificate(),
    // A private key committed in a PKCS#12 store (binary, read for its structure): one finding, at its start.
    'deploy/release.p12': keyStore(),
  };
}

function keyStore() {
  const { CertFactory, days } = require(path.join(ROOT, 'out/test/unit/support/certs'));
  const f = new CertFactory();
  try {
    const now = new Date();
    const issued = f.issue({ cn: 'release.internal', key: 'ec:P-256', notBefore: days(now, -1), notAfter: days(now, 200) });
    return f.pkcs12(issued, require('node:crypto').randomBytes(6).toString('hex'));
  } finally {
    f.cleanup();
  }
}

function expiredCertificate() {
  const { CertFactory, days } = require(path.join(ROOT, 'out/test/unit/support/certs'));
  const f = new CertFactory();
  try {
    const now = new Date();
    return f.issue({ cn: 'agree-old.internal', key: 'rsa:1024', notBefore: days(now, -400), notAfter: days(now, -5) }).cert;
  } finally {
    f.cleanup();
  }
}

/** The baseline accepts src/old.ts's secret, made by the CLI the way a user makes one. */
function acceptOld(ws) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'baseline', 'create', 'src/old.ts', '--reason', 'rotated in INC-1'], { cwd: ws, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`baseline create failed: ${r.stderr}`);
}

function hostileFiles(port) {
  const deep = (open, close) => `${open.repeat(200_000)}${close.repeat(200_000)}`;
  return {
    ...initialFiles(port),
    '.credential-hygiene.json': JSON.stringify({ exclude: ['+(a|a)b'], baseline: 'accepted.json' }, null, 2),
    'sub/code.py': 'print("hello")\n',
    // A .gitignore line a backtracking matcher takes exponential time on, over a folder nest forty deep
    // (the test writes a file at its bottom), and files nested too deeply for a recursive parser.
    'trap/.gitignore': `${'**/a/'.repeat(10)}**/b\n`,
    [`trap/${'a/'.repeat(40)}readme.txt`]: 'nothing here\n',
    // Cursor's agent configuration (VS Code reads its own .vscode/mcp.json, and overflows on it itself).
    '.cursor/mcp.json': `{"mcpServers": {"x": {"env": ${deep('{"a":', '}').replace('{"a":}', '{"a":1}')}}}}\n`,
    'deploy/k8s.yaml': `apiVersion: v1\nkind: Secret\ndata: ${deep('[', ']')}\n`,
    'docker-compose.yml': `services: ${deep('{a: ', '}')}\n`,
  };
}

/** The installed suite's workspace: one Python file with a secret planted at run time. */
function installedFiles(port) {
  const { SampleGen } = require(path.join(ROOT, 'out/src/core/rules/sample-gen'));
  const g = new SampleGen(31337);
  return { ...initialFiles(port), 'src/settings.py': `GITHUB_TOKEN = "${g.checksummedToken('ghp_')}"\n` };
}

/**
 * The .vsix as published (`vsce package`), installed into a fresh extensions folder the way a user
 * installs it. Returns the host options that run it from there, with no extensionDevelopmentPath.
 */
function packageAndInstall() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-vsix-installed-'));
  const vsix = path.join(dir, 'credential-hygiene.vsix');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const extensionsDir = path.join(dir, 'extensions');
  const out = installVsix(vsix, extensionsDir);
  if (!/was successfully installed/.test(out)) throw new Error(`installing the .vsix failed: ${out}`);
  // VS Code runs extension tests only in an extension-development window: the extension developed here
  // is an empty harness (no code, no contributions), so the one under test is the installed .vsix.
  const harness = path.join(dir, 'test-harness');
  fs.mkdirSync(harness);
  fs.writeFileSync(path.join(harness, 'package.json'), JSON.stringify({ name: 'installed-vsix-harness', publisher: 'credential-hygiene-tests', version: '0.0.0', engines: { vscode: '^1.90.0' } }, null, 2));
  return { host: { extensionsDir, developmentPath: harness }, env: { CH_TEST_EXTENSIONS_DIR: extensionsDir }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function runSuite(name, { trust, files, env, prepare, host: hostOptions = {}, timeoutS = TIMEOUT_S }) {
  // The untrusted workspace's .git/config runs a marker-writing script from every hook git has: the
  // editor must run no git there (test/vscode/untrusted/git-config.test.ts checks the marker).
  const { ws, cleanup } = makeWorkspace(name, files, { hostileGit: !trust });
  if (prepare) prepare(ws);
  const testsPath = path.join(ROOT, 'out/test/vscode', name === 'trusted' ? 'suite' : name, 'index');
  Object.assign(process.env, env); // code-server, and so the extension host, inherit these
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  const timer = setTimeout(() => finish({ code: 124, why: `timed out after ${timeoutS}s` }), timeoutS * 1000);
  let host;
  try {
    host = await startHost({
      ...hostOptions, workspace: ws, testsPath, trust, verbose: Boolean(process.env.VERBOSE),
      onLog: (type, args) => (type === 'error' ? console.error : console.log)(...args),
      onExit: (code) => finish({ code }),
    });
    const r = await done;
    if (r.why) console.error(`[vscode:${name}] ${r.why}`);
    return r.code;
  } catch (e) {
    console.error(`[vscode:${name}] could not run: ${e.message}`);
    return 2;
  } finally {
    clearTimeout(timer);
    if (host) await host.close();
    cleanup();
  }
}

/**
 * A real registry server (our own, on a SQLite file) for the sync tests, with an admin token; it runs
 * on this Node, outside the editor (its native SQLite driver is built for this Node).
 */
async function startRegistry() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-registry-'));
  const db = path.join(dir, 'registry.db');
  const cli = path.join(ROOT, 'dist/cli.js');
  const token = spawnSync(process.execPath, [cli, 'registry', 'token', 'create', '--name', 'vscode-tests', '--scope', 'admin', '--db', db], { encoding: 'utf8' }).stdout.trim();
  const server = spawn(process.execPath, [cli, 'registry', 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /"msg":"listening"[^\n]*"url":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`registry server exited (${code})`)));
    setTimeout(() => reject(new Error('registry server did not start')), 15_000);
  });
  server.stdout.resume();
  return { url, token, stop: () => { server.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
}

module.exports = { initialFiles, freePort };

if (require.main === module) (async () => {
  ensureToolchain();
  const port = await freePort();
  const registry = await startRegistry();
  const suites = (process.env.SUITES || 'trusted,untrusted,hostile,agree,installed').split(',');
  let worst = 0;
  for (const name of suites) {
    const t0 = Date.now();
    const hostile = name === 'hostile';
    const agree = name === 'agree';
    let installed;
    if (name === 'installed') {
      try {
        installed = packageAndInstall();
      } catch (e) {
        console.error(`[vscode:installed] ${e.message}`);
        worst = Math.max(worst, 2);
        continue;
      }
    }
    const code = await runSuite(name, {
      trust: name !== 'untrusted',
      // CH_TEST_NODE: the Node that runs the CLI beside the editor (the agree suite compares the two).
      env: { CH_TEST_HOSTILE_PORT: String(port), CH_TEST_REGISTRY_URL: registry.url, CH_TEST_REGISTRY_TOKEN: registry.token, CH_TEST_NODE: process.execPath, ...installed?.env },
      files: hostile ? hostileFiles(port) : agree ? agreeFiles(port) : installed ? installedFiles(port) : initialFiles(port),
      ...(installed ? { host: installed.host } : {}),
      // A frozen extension host never reports: the suite's own bound ends the run.
      ...(hostile ? { prepare: plantTraps, timeoutS: Math.min(TIMEOUT_S, 180) } : {}),
      ...(agree ? { prepare: acceptOld } : {}),
    });
    installed?.cleanup();
    console.log(`[vscode:${name}] exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    worst = Math.max(worst, code);
  }
  registry.stop();
  process.exit(worst);
})();
