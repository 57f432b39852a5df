// The workspace report in the real editor: the webview's HTML (strict CSP with a nonce, assets from
// media/report through the webview's own URIs, tiles and tables, redacted previews only), the trend
// kept in workspace storage across scans, and the standalone export.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, closeAll, write } from '../helpers';

describe('workspace report', () => {
  const g = new SampleGen(1212);
  const token = g.checksummedToken('ghp_');
  const stripe = `sk_${'live'}_${g.alnum(32)}`;
  after(closeAll);

  it('opens a webview with the report, a strict CSP and no secret in it', async () => {
    const ext = await api();
    write('reporting/github.ts', `export const deployToken = "${token}";\n`);
    write('reporting/stripe.py', `STRIPE_KEY = "${stripe}"\n`);
    await ext.scanWorkspace();
    await vscode.commands.executeCommand('credentialHygiene.openReport');
    const html = ext.report.lastHtml;
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src [^;]+ 'nonce-[A-Za-z0-9+/=]+'; script-src 'nonce-[A-Za-z0-9+/=]+';/);
    assert.match(html, /<script nonce="[^"]+" src="[^"]*media\/report\/report\.js"><\/script>/);
    // Every URL is the webview's own resource origin (asWebviewUri / cspSource): nothing remote.
    const urls = html.match(/\bhttps?:\/\/[^"' ;)]+/g) ?? [];
    assert.ok(urls.length >= 2);
    for (const u of urls) assert.match(u, /vscode-resource|vscode-cdn\.net|vscode-webview/, `not a webview resource: ${u}`);
    assert.match(html, /reporting\/github\.ts/);
    assert.match(html, /ghp_\*{8} \(40 chars\)/);
    assert.ok(!html.includes(token) && !html.includes(stripe) && !html.includes(stripe.slice(10, 30)), 'the report shows a secret');
    const model = ext.report.lastModel!;
    assert.ok(model.tiles.findings.secrets >= 2, JSON.stringify(model.tiles.findings));
    assert.ok(model.findings.some((f) => f.path === 'reporting/stripe.py'));
  });

  it('keeps a trend of scans in workspace storage', async () => {
    const ext = await api();
    const before = ext.report.model().trend.length;
    await ext.scanWorkspace();
    assert.equal(ext.report.model().trend.length, before + 1);
  });

  it('exports one self-contained HTML file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ch-report-'));
    try {
      const file = await vscode.commands.executeCommand<string>('credentialHygiene.exportReport', { format: 'html', path: path.join(dir, 'report.html') });
      assert.ok(file && existsSync(file));
      const html = readFileSync(file, 'utf8');
      assert.match(html, /<style nonce="[^"]+">/);
      assert.doesNotMatch(html, /<link |src="http/);
      assert.ok(!html.includes(token) && !html.includes(stripe));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
