// Live diagnostics in the real extension host: exact ranges, codes and severities, as-you-type
// updates, hovers that explain without revealing, and the workspace scan for closed files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findingHover, VSCODE_HOVER } from '../../../src/core/present/hover';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { Engine } from '../../../src/core/scan/engine';
import { api, closeAll, open, ours, uriOf, waitFor, waitForDiagnostics, write } from '../helpers';

const g = new SampleGen(4242);

describe('diagnostics', () => {
  afterEach(closeAll);

  it('marks each planted secret with its exact range, rule id and severity', async () => {
    await api();
    const stripe = `sk_${'live'}_${g.alnum(32)}`;
    const github = g.checksummedToken('ghp_');
    const pw = g.password(16);
    write('src/checkout.ts', `import Stripe from 'stripe';\n\nexport const stripeSecretKey = "${stripe}";\nconst gh = '${github}';\nconst dbPassword = "${pw}";\n`);
    await open('src/checkout.ts');
    const diags = (await waitForDiagnostics(uriOf('src/checkout.ts'), 3)).sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(diags.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['stripe-live-secret-key', vscode.DiagnosticSeverity.Error, 2, 32, 32 + stripe.length],
      ['github-pat-classic', vscode.DiagnosticSeverity.Error, 3, 12, 12 + github.length],
      // Confidence decides how a finding shows: a password by its name alone is medium confidence, a warning.
      ['generic-password', vscode.DiagnosticSeverity.Warning, 4, 20, 20 + pw.length],
    ]);
    for (const d of diags) {
      assert.ok(!d.message.includes(stripe) && !d.message.includes(github) && !d.message.includes(pw), 'a diagnostic shows a secret');
      assert.match(d.message, /\*{8} \((?:\d+|\d+-\d+) chars\)/);
    }
  });

  it('updates as you type, in an unsaved document', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import os\n\n' });
    const editor = await vscode.window.showTextDocument(doc);
    const token = g.checksummedToken('ghp_');
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), `GITHUB_TOKEN = "${token}"\n`));
    const [d] = await waitForDiagnostics(doc.uri, 1);
    assert.equal(d.code, 'github-pat-classic');
    assert.equal(d.range.start.line, 2);
    await editor.edit((e) => e.replace(new vscode.Range(2, 0, 3, 0), 'GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n'));
    await waitForDiagnostics(doc.uri, 0);
  });

  it('follows the severity setting', async () => {
    const cfg = vscode.workspace.getConfiguration('credentialHygiene');
    write('src/sev.js', `const t = "${g.checksummedToken('ghp_')}";\n`);
    await open('src/sev.js');
    await waitForDiagnostics(uriOf('src/sev.js'), 1);
    await cfg.update('severity', { critical: 'warning' }, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('a warning', () => ours(uriOf('src/sev.js'))[0]?.severity === vscode.DiagnosticSeverity.Warning);
    } finally {
      await cfg.update('severity', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('explains a finding on hover without showing its value', async () => {
    const key = `sk_${'live'}_${g.alnum(30)}`;
    write('src/hover.ts', `export const key = "${key}";\n`);
    const editor = await open('src/hover.ts');
    await waitForDiagnostics(editor.document.uri, 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 25));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /Hard-coded credential: Stripe live secret key/);
    assert.match(text, /Why it matters/);
    assert.match(text, /How to fix/);
    assert.match(text, /sk_live_\*{8} \(\d+ chars\)/); // the public prefix, no character of the key itself
    assert.ok(!text.includes(key) && !text.includes(key.slice(8, 20)), 'the hover shows the secret');
    // Core's text (the language server's too), with VS Code's icons and quick-fix keys: not committed, no custom rule.
    const [f] = new Engine().scanText(editor.document.getText(), 'src/hover.ts');
    const core = findingHover({ ...VSCODE_HOVER, l10n: vscode.l10n }, f, { inHistory: false, customRule: false });
    assert.ok(text.includes(core), `the extension's hover is core's text:\n${text}`);
    assert.match(core, /^\$\(shield\) /);
  });

  it('fills the Problems panel for closed files with a workspace scan, and follows file changes', async () => {
    const ext = await api();
    const closed = write('config/settings.yaml', `slack:\n  bot_token: ${`xoxb-${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}`}\n`);
    const result = await ext.scanWorkspace();
    assert.ok(result.files >= 1);
    assert.equal(ours(closed).length, 1);
    assert.equal(ours(closed)[0].code, 'slack-bot-token');
    write('config/settings.yaml', 'slack:\n  bot_token: ${SLACK_BOT_TOKEN}\n');
    await waitFor('the change to clear the finding', () => ours(closed).length === 0);
    assert.ok(ext.store.count() >= 0);
  });

  it('scans a larger workspace on worker threads (the bundled worker) with the same results', async () => {
    const ext = await api();
    const planted: vscode.Uri[] = [];
    for (let i = 0; i < 70; i++) {
      const secret = i % 10 === 0;
      const uri = write(`pkg/module${i}.js`, secret ? `module.exports = { token: "${g.checksummedToken('ghp_')}" };\n` : `module.exports = { n: ${i} };\n`);
      if (secret) planted.push(uri);
    }
    const result = await ext.scanWorkspace();
    assert.ok(result.files >= 70, `${result.files} files`);
    for (const uri of planted) assert.deepEqual(ours(uri).map((d) => d.code), ['github-pat-classic']);
  });
});
