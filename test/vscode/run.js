#!/usr/bin/env node
// Runs the extension-host suites inside a real VS Code (code-server + headless Chromium), offline:
//   trusted    test/vscode/suite      diagnostics, hovers, every quick-fix, fix-all, git cases
//   untrusted  test/vscode/untrusted  the limited mode: scan yes, network and workspace rules no
// Each suite gets a fresh git repository as its workspace. Exit code: 0 when every suite passed.
// Env: VERBOSE=1 (workbench logs), KEEP=1 (keep temp folders), SUITES=trusted,untrusted.
'use strict';
const net = require('node:net');
const path = require('node:path');
const { startHost, ensureToolchain, makeWorkspace, ROOT } = require('./host');

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

async function runSuite(name, { trust, files, env }) {
  const { ws, cleanup } = makeWorkspace(name, files);
  const testsPath = path.join(ROOT, 'out/test/vscode', name === 'trusted' ? 'suite' : name, 'index');
  Object.assign(process.env, env); // code-server, and so the extension host, inherit these
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  const timer = setTimeout(() => finish({ code: 124, why: `timed out after ${TIMEOUT_S}s` }), TIMEOUT_S * 1000);
  let host;
  try {
    host = await startHost({
      workspace: ws, testsPath, trust, verbose: Boolean(process.env.VERBOSE),
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

module.exports = { initialFiles, freePort };

if (require.main === module) (async () => {
  ensureToolchain();
  const port = await freePort();
  const suites = (process.env.SUITES || 'trusted,untrusted').split(',');
  let worst = 0;
  for (const name of suites) {
    const t0 = Date.now();
    const code = await runSuite(name, {
      trust: name !== 'untrusted',
      env: { CH_TEST_HOSTILE_PORT: String(port) },
      files: initialFiles(port),
    });
    console.log(`[vscode:${name}] exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    worst = Math.max(worst, code);
  }
  process.exit(worst);
})();
