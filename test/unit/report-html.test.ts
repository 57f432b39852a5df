// The HTML workspace report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// rendered by the real CLI bundle for a fixture workspace with secrets planted at run time; no console
// errors, no request other than the page itself, tiles and charts present, sorting and filtering by
// clicking, screenshots in light and dark, and no planted secret in any format.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { NHI_IDS } from '../../src/core/rules/nhi';
import { nhiLabel } from '../../src/core/report/workspace-report';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { fixtureCopy } from './ownership-support';
import { POSITIVE_KINDS } from './support/corpus';
import { CLI, REPO_ROOT } from './support/workspace';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-output/report');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('HTML workspace report in headless Chromium', function () {
  this.timeout(120_000);
  let ws: ReturnType<typeof fixtureCopy>;
  let secrets: string[];
  let html: string;
  let file: string;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
    ws = fixtureCopy(11);
    const g = new SampleGen(2026);
    const stripe = POSITIVE_KINDS['stripe-live'](g);
    const aws = POSITIVE_KINDS['aws-key-id'](g);
    const slack = POSITIVE_KINDS['slack-bot'](g);
    const allowed = POSITIVE_KINDS['stripe-test'](g);
    mkdirSync(path.join(ws.dir, 'api/billing'), { recursive: true });
    writeFileSync(path.join(ws.dir, 'api/billing/stripe.ts'), `export const stripeSecretKey = "${stripe}";\n`);
    writeFileSync(path.join(ws.dir, 'worker/notify.py'), `SLACK_BOT_TOKEN = "${slack}"\n`);
    writeFileSync(path.join(ws.dir, 'deploy.sh'), `export AWS_ACCESS_KEY_ID=${aws}\n`);
    writeFileSync(path.join(ws.dir, 'api/billing/stripe.test.ts'), `const key = "${allowed}"; // credential-hygiene:allow test-mode key for the sandbox\n`);
    secrets = [ws.token, stripe, aws, slack, allowed];
    // Two earlier scans for the trend, then the report.
    const history = path.join(ws.dir, '.report-history.json');
    for (const day of ['2026-02-01', '2026-02-15']) assert.equal(cli(['report', '.', '--format', 'json', '--now', day, '--history', history, '--output', 'old.json'], ws.dir).code, 0);
    const r = cli(['report', '.', '--format', 'html', '--now', '2026-03-01', '--history', history, '--output', 'report.html'], ws.dir);
    assert.equal(r.code, 0, r.stderr);
    file = path.join(ws.dir, 'report.html');
    html = readFileSync(file, 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    ws?.cleanup();
  });

  async function open(colorScheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()}`));
    const pageUrl = `file://${file}`;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url === pageUrl ? route.continue() : route.abort();
    });
    await page.goto(pageUrl, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  it('shows tiles, charts and tables with no console error and no request but the page itself', async () => {
    const { page, errors, requests } = await open('light');
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [`file://${file}`]);
    assert.equal(await page.title(), `Credential Hygiene report: ${path.basename(ws.dir)}`);
    const tile = async (cls: string) => (await page.locator(`.${cls} .tile-value`).textContent())?.trim();
    const model = JSON.parse((await page.locator('#report-data').textContent())!);
    // 4 secrets (the Stripe key's STRIPE_SECRET_KEY is owned), 15 ownership findings: the fixture's 13 and the
    // unowned Slack and AWS keys.
    assert.deepEqual([model.tiles.findings.secrets, model.tiles.findings.ownership], [4, 15]);
    assert.equal(await tile('tile-findings'), '19');
    assert.match((await tile('tile-coverage'))!, /^\d+(\.\d)?%$/);
    assert.equal(await tile('tile-expired'), '1');
    assert.equal(await tile('tile-expiring'), '1');
    assert.equal(await tile('tile-overdue'), '1');
    assert.equal(await tile('tile-no-owner'), '9');
    assert.equal(await tile('tile-suppressed'), '2');
    assert.match((await page.locator('.tile-suppressed').textContent())!, /test-mode key for the sandbox/);
    for (const id of ['chart-provider', 'chart-rule', 'chart-folder', 'chart-owner']) {
      assert.ok(await page.locator(`#${id} svg rect.bar`).count() > 0, `${id} has bars`);
    }
    assert.equal(await page.locator('#chart-trend svg polyline.line-findings').count(), 1);
    assert.equal(await page.locator('#chart-trend circle.dot-findings').count(), 3);
    const providers = await page.locator('#chart-provider g.row').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.deepEqual([...providers].sort(), ['AWS: 1', 'GitHub: 1', 'Slack: 1', 'Stripe: 1']);
    // The data block is the model, and the theme switch is there outside an editor.
    assert.equal(model.schema, 'credential-hygiene/workspace-report@1');
    assert.equal(model.trend.length, 3);
    assert.ok(await page.locator('[data-action="theme"]').isVisible());
    assert.equal(await page.locator('.host-only:visible').count(), 0);
    await page.screenshot({ path: path.join(SHOTS, 'report-light.png'), fullPage: true });
    await page.context().close();
  });

  it('sorts and filters the findings table by clicking and typing, from the keyboard too', async () => {
    const { page, errors } = await open('light');
    const findings = page.locator('#findings');
    const visible = () => findings.locator('tbody tr:visible');
    assert.equal(await visible().count(), 19); // open only, by default
    await findings.locator('select[data-filter="state"]').selectOption('');
    assert.equal(await visible().count(), 21);
    await findings.locator('select[data-filter="state"]').selectOption('suppressed');
    assert.equal(await visible().count(), 2);
    assert.match((await findings.locator('[data-count]').textContent())!, /Showing 2 of 21 findings/);
    await findings.locator('select[data-filter="state"]').selectOption('open');
    await findings.locator('select[data-filter="type"]').selectOption('secret');
    assert.equal(await visible().count(), 4);
    await findings.locator('input[data-filter="text"]').fill('worker/');
    assert.equal(await visible().count(), 2);
    await findings.locator('input[data-filter="text"]').fill('no such thing');
    assert.equal(await visible().count(), 0);
    assert.ok(await findings.locator('[data-empty]').isVisible());
    await findings.locator('input[data-filter="text"]').fill('');
    // Sort by location: ascending, then descending; the header says so.
    const locButton = findings.locator('button.sort[data-key="4"]');
    await locButton.click();
    const locs = async () => (await visible().locator('.loc').allTextContents()).map((s) => s.trim());
    const asc = await locs();
    assert.deepEqual(asc, [...asc].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    assert.equal(await findings.locator('th:has(button.sort[data-key="4"])').getAttribute('aria-sort'), 'ascending');
    await locButton.focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await locs(), [...asc].reverse());
    assert.equal(await findings.locator('th:has(button.sort[data-key="4"])').getAttribute('aria-sort'), 'descending');
    // Severity sorts most severe first.
    await findings.locator('select[data-filter="type"]').selectOption('');
    await findings.locator('button.sort[data-key="0"]').click();
    const sev = await visible().locator('td:first-child').allTextContents();
    assert.equal(sev[0].trim(), 'Critical');
    assert.equal(sev[sev.length - 1].trim(), 'Low');
    // Identities: filter by status.
    const ids = page.locator('#identities');
    await ids.locator('select[data-filter="status"]').selectOption('expired');
    assert.deepEqual((await ids.locator('tbody tr:visible code').allTextContents()), ['legacy-deploy-key']);
    // Keyboard: the filters and sort buttons are reachable with Tab and show a focus ring.
    await page.locator('input[data-filter="text"]').first().focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-filter")');
    assert.equal(focused, 'severity');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('charts open findings by OWASP NHI risk and filters the findings table by one', async () => {
    const { page, errors } = await open('light');
    const model = JSON.parse((await page.locator('#report-data').textContent())!) as { findings: Array<{ state: string; type: string; nhi: string[] }> };
    const open_ = model.findings.filter((f) => f.state === 'open');
    const under = (id: string) => open_.filter((f) => f.nhi.includes(id)).length;
    const bars = await page.locator('#chart-nhi g.row').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.deepEqual(bars, NHI_IDS.filter((id) => under(id) > 0).map((id) => `${nhiLabel(id)}: ${under(id)}`));
    assert.ok(bars.includes('NHI2 Secret Leakage: 4'), bars.join(' | '));
    assert.ok(under('NHI1') > 0 && under('NHI7') > 0, 'the fixture has unowned and expired credentials');
    const findings = page.locator('#findings');
    const visible = () => findings.locator('tbody tr:visible');
    for (const id of ['NHI2', 'NHI7', 'NHI1']) {
      await findings.locator('select[data-filter="nhi"]').selectOption(id);
      assert.equal(await visible().count(), under(id), id);
    }
    await findings.locator('select[data-filter="nhi"]').selectOption('NHI2');
    assert.deepEqual([...new Set(await visible().locator('td:nth-child(2)').allTextContents())], ['Secret']);
    await page.locator('#chart-nhi').screenshot({ path: path.join(SHOTS, 'report-nhi-chart.png') });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('follows the dark colour scheme and the data-theme override', async () => {
    const { page, errors } = await open('dark');
    const bg = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
    const dark = await bg();
    assert.equal(dark, 'rgb(15, 20, 26)');
    await page.screenshot({ path: path.join(SHOTS, 'report-dark.png'), fullPage: true });
    await page.locator('[data-action="theme"]').click(); // auto -> light
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
    assert.equal(await bg(), 'rgb(245, 247, 250)');
    await page.locator('[data-action="theme"]').click(); // light -> dark
    assert.equal(await bg(), dark);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('has a strict Content-Security-Policy and no remote reference', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp));
    assert.equal((html.match(/<script(?![^>]*type="application\/json")[^>]*>/g) ?? []).every((t) => t.includes(`nonce="${nonce}"`)), true);
    assert.ok(!/\sstyle="/.test(html), 'no inline style attributes (the CSP would block them)');
    assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'no remote resource');
    assert.ok(!/@import|url\(\s*['"]?https?:/.test(html));
  });

  it('is valid text: no control characters (sort keys included), so tools do not take it for binary', () => {
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(html);
    assert.equal(control, null, `control character U+${control?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in the HTML`);
    assert.match(html, /data-v="[^"]+&#9;\d{7}"/, 'location sort keys separate path and line with a tab');
  });

  it('contains no planted secret in HTML, Markdown, JSON or CSV', () => {
    for (const s of secrets) assert.ok(!html.includes(s), 'a planted secret is in the HTML');
    for (const format of ['markdown', 'json', 'csv']) {
      const r = cli(['report', '.', '--format', format, '--now', '2026-03-01'], ws.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.length > 200);
      for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), `a planted secret is in the ${format} report`);
    }
    const history = readFileSync(path.join(ws.dir, '.report-history.json'), 'utf8');
    for (const s of secrets) assert.ok(!history.includes(s));
    assert.equal(JSON.parse(history).length, 3);
  });
});
