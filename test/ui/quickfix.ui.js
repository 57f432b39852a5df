#!/usr/bin/env node
// A person's walk through the workbench, in a real VS Code (code-server) driven by Playwright in
// headless Debian Chromium: open a Python file (so no other extension draws squiggles of its own)
// with a planted Stripe key from the Explorer, see the squiggle
// and the Problems entry, press Ctrl+. and take "Move … to .env", then check the code, .env and that
// the screen never showed the key. Screenshots go to test-output/ui/; the README's and the walkthrough's
// (cropped to one part of the workbench, small PNGs) to test-output/ui/readme/, and with
// CH_UPDATE_SCREENSHOTS=1 to media/screenshots/ as well, where they are committed.
'use strict';
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startHost, ROOT } = require('../vscode/host');
const { SampleGen } = require(path.join(ROOT, 'out/src/core/rules/sample-gen.js'));

const OUT = path.join(ROOT, 'test-output/ui');
const README_SHOTS = path.join(OUT, 'readme');
const MEDIA_SHOTS = path.join(ROOT, 'media/screenshots');

/** Opens the Get Started walkthrough from the Command Palette, as a user does. */
async function openWalkthrough(page) {
  await page.keyboard.press('F1');
  await page.keyboard.type('Welcome: Open Walkthrough');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Credential Hygiene' }).first().click({ timeout: 30_000 });
  await page.locator('.getting-started-step[data-step-id$="#scan"]').first().waitFor({ timeout: 30_000 });
}

/** A README screenshot: one part of the workbench (the panel, the editor), no larger than it must be. */
async function readmeShot(page, name, selector, { mask = [] } = {}) {
  const file = path.join(README_SHOTS, name);
  await page.locator(selector).first().screenshot({ path: file, mask, maskColor: '#9aa4ae' });
  if (process.env.CH_UPDATE_SCREENSHOTS) fs.copyFileSync(file, path.join(MEDIA_SHOTS, name));
}
const results = { passed: 0, failed: 0 };

async function step(name, fn) {
  try {
    await fn();
    results.passed++;
    console.log(`  ✔ ${name}`);
  } catch (e) {
    results.failed++;
    console.log(`  ✖ ${name}\n    ${e.message.split('\n').join('\n    ')}`);
    throw e;
  }
}

(async () => {
  fs.mkdirSync(README_SHOTS, { recursive: true });
  if (process.env.CH_UPDATE_SCREENSHOTS) fs.mkdirSync(MEDIA_SHOTS, { recursive: true });
  const g = new SampleGen(8080);
  const key = `sk_${'live'}_${g.alnum(32)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-ui-'));
  const ws = path.join(dir, 'shop-api');
  fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'src/checkout.py'), `"""Checkout."""\nimport stripe\n\nSTRIPE_SECRET_KEY = "${key}"\nstripe.api_key = STRIPE_SECRET_KEY\n`);
  fs.writeFileSync(path.join(ws, 'src/legacy.py'), `DEPLOY = "${g.checksummedToken('ghp_')}"\n`); // a closed file the report lists
  fs.writeFileSync(path.join(ws, '.gitignore'), 'node_modules/\n');
  spawnSync('git', ['init', '-q'], { cwd: ws });

  console.log('user-level UI walk (code-server + Chromium)');
  let host;
  try {
    host = await startHost({ workspace: ws, trust: true, settings: { 'credentialHygiene.scanOnStartup': true }, viewport: { width: 1400, height: 860 } });
    const { page } = host;

    await step('the workbench loads with the extension', async () => {
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().click({ timeout: 30_000 });
    });
    await step('a new user finds the Get Started walkthrough, nothing ticked yet', async () => {
      await openWalkthrough(page);
      assert.equal(await page.locator('[data-done-step-id][aria-checked="true"]').count(), 0);
      await page.keyboard.press('Control+W');
    });
    await step('opening checkout.py from the Explorer shows a squiggle under the key', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'checkout.py' }).first().click({ timeout: 30_000 });
      await page.waitForSelector('.monaco-editor .view-lines:has-text("STRIPE_SECRET_KEY")', { timeout: 30_000 });
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30_000 });
    });
    await step('the Problems panel lists it, redacted', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Stripe live secret key' });
      await row.first().waitFor({ timeout: 30_000 });
      const text = await page.locator('.markers-panel').innerText();
      assert.match(text, /sk_l(?:ive_)?\*{8} \(\d+ chars\)/); // the provider's public prefix, never a character of the key
      assert.ok(!text.includes(key.slice(8)), 'the Problems panel shows the key');
      await page.screenshot({ path: path.join(OUT, 'problems-panel.png') });
      await readmeShot(page, 'problems-panel.png', '.part.panel');
      // The workspace scan lists the closed file's token too; once it has, the rows stay where they are
      // (a row that moves under the pointer would open the other finding).
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'GitHub personal access token' }).first().waitFor({ timeout: 30_000 });
      await row.first().dblclick();
      // The editor takes the focus at the key (on a busy machine this can take a while).
      await page.locator('.part.editor .monaco-editor.focused').first().waitFor({ timeout: 30_000 });
      await page.waitForSelector('.part.editor .monaco-editor.focused .view-lines:has-text("STRIPE_SECRET_KEY")', { timeout: 30_000 });
    });
    await step('Ctrl+. offers "Move … to .env" first, and "Register an owner" though there is no register yet', async () => {
      // Only the menu on screen: one dismissed after an early Ctrl+. may linger, hidden, in the page.
      const action = page.locator('.action-widget .monaco-list-row:visible', { hasText: /Move to \.env as / });
      // Asked again if the first Ctrl+. came before the editor had its code actions (the menu then stays empty).
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press('Control+.');
        try {
          await action.first().waitFor({ timeout: 10_000 });
          break;
        } catch (e) {
          if (attempt === 2) throw e;
          await page.keyboard.press('Escape');
        }
      }
      await page.locator('.action-widget .monaco-list-row:visible', { hasText: 'Register an owner for STRIPE_SECRET_KEY…' }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(OUT, 'quickfix-menu.png') });
      // The planted key is on screen in the editor: a committed picture shows it masked.
      await readmeShot(page, 'quickfix-menu.png', '.part.editor', { mask: [page.locator('.monaco-editor .view-line span span', { hasText: key.slice(0, 12) })] });
      await action.first().click();
    });
    await step('after the fix: the code reads the environment, the squiggle is gone, .env holds the key', async () => {
      await page.waitForSelector('.monaco-editor .view-lines:has-text("os.environ[")', { timeout: 30_000 });
      await page.waitForSelector('.monaco-editor .squiggly-error', { state: 'detached', timeout: 30_000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'Stripe live secret key' }).first().waitFor({ state: 'detached', timeout: 30_000 });
      await page.screenshot({ path: path.join(OUT, 'after-fix.png') });
      assert.match(fs.readFileSync(path.join(ws, '.env'), 'utf8'), new RegExp(`^STRIPE_SECRET_KEY=${key}$`, 'm'));
      assert.match(fs.readFileSync(path.join(ws, '.gitignore'), 'utf8'), /^\.env$/m);
    });
    await step('the workspace report opens in a webview, themed like the editor', async () => {
      await page.keyboard.press('F1');
      await page.keyboard.type('Credential Hygiene: Open Workspace Report');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Workspace Report' }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
      const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe');
      await report.locator('.card').first().waitFor({ timeout: 30_000 });
      const text = await report.locator('body').innerText();
      assert.match(text, /Credential Hygiene/);
      assert.ok(!text.includes(key.slice(8)), 'the report shows the key');
      await page.screenshot({ path: path.join(OUT, 'report-webview.png') });
      await readmeShot(page, 'report-webview.png', '.part.editor');
    });
    await step('a location in the report opens in the editor', async () => {
      const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe');
      await report.locator('.loc[data-path="src/legacy.py"]').first().click({ timeout: 30_000 });
      await page.locator('.tabs-container .tab.active', { hasText: 'legacy.py' }).waitFor({ timeout: 30_000 });
    });
    await step('the Get Started walkthrough ticks what was done: a finding fixed, the report opened; not the rest', async () => {
      await openWalkthrough(page);
      // Each step's checkbox: aria-checked says whether the workbench counts it done.
      const checked = (id) => page.locator(`[data-done-step-id$="#${id}"]`).first();
      for (const id of ['fix', 'report']) await page.locator(`[data-done-step-id$="#${id}"][aria-checked="true"]`).first().waitFor({ timeout: 30_000 });
      for (const id of ['register', 'registry']) assert.equal(await checked(id).getAttribute('aria-checked'), 'false', `${id} is ticked`);
      await page.screenshot({ path: path.join(OUT, 'walkthrough.png') });
    });
    await step('screenshots were written', async () => {
      for (const f of ['problems-panel.png', 'quickfix-menu.png', 'after-fix.png', 'report-webview.png']) {
        const size = fs.statSync(path.join(OUT, f)).size;
        assert.ok(size > 20_000, `${f} is only ${size} bytes`);
      }
      for (const f of ['problems-panel.png', 'quickfix-menu.png', 'report-webview.png']) {
        const size = fs.statSync(path.join(README_SHOTS, f)).size;
        assert.ok(size > 5_000 && size < 200 * 1024, `README screenshot ${f}: ${size} bytes`);
      }
    });
  } catch (e) {
    if (host) await host.page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
    if (!results.failed) { results.failed++; console.log(`  ✖ ${e.message}`); }
  } finally {
    if (host) await host.close();
    if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`ui: ${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
})();
