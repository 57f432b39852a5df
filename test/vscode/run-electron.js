#!/usr/bin/env node
// The same extension-host suites through @vscode/test-electron, for machines with a normal network
// (it downloads VS Code itself, which these offline machines cannot). `npm run test:electron`.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { makeWorkspace, ROOT } = require('./host');
const { initialFiles, freePort } = require('./run');

(async () => {
  const port = await freePort();
  process.env.CH_TEST_HOSTILE_PORT = String(port);
  let worst = 0;
  for (const [name, folder, trust] of [['trusted', 'suite', true], ['untrusted', 'untrusted', false]]) {
    const { ws, cleanup } = makeWorkspace(name, initialFiles(port), { hostileGit: !trust });
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-electron-'));
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': !trust, 'security.workspace.trust.startupPrompt': 'never', 'telemetry.telemetryLevel': 'off',
      'workbench.startupEditor': 'none', 'git.enabled': false,
    }));
    try {
      await runTests({
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: path.join(ROOT, 'out/test/vscode', folder, 'index'),
        launchArgs: [ws, '--user-data-dir', userData, '--disable-extensions', ...(trust ? ['--disable-workspace-trust'] : [])],
      });
    } catch (e) {
      console.error(`[electron:${name}] ${e.message}`);
      worst = 1;
    } finally {
      cleanup();
      fs.rmSync(userData, { recursive: true, force: true });
    }
  }
  process.exit(worst);
})();
