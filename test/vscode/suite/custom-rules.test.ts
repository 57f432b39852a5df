// A trusted workspace's custom rules run in the extension host: a catastrophic pattern
// (`acme_(a+)+$`, exponential on a backtracking engine) on a hostile line must not freeze it.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import { api, closeAll, open, ours, root, uriOf, waitFor, write } from '../helpers';

const g = new SampleGen(2718);

describe('custom rules in the editor', () => {
  after(async () => {
    await closeAll();
    for (const f of ['.credential-hygiene.json', 'src/redos-open.py', 'src/redos-closed.py']) rmSync(path.join(root(), f), { force: true });
    await new Promise((r) => setTimeout(r, 500)); // the watcher reloads the config without the rules
  });

  it('keeps the host answering, and other secrets reported, when a custom rule is catastrophic', async function () {
    this.timeout(60_000);
    const ext = await api();
    assert.equal(vscode.workspace.isTrusted, true);
    write('.credential-hygiene.json', JSON.stringify({
      customRules: [
        { id: 'acme-redos', description: 'catastrophic on a backtracking engine', keywords: ['acme_'], regex: 'acme_(a+)+$' },
        { id: 'acme-key', description: 'ACME key', keywords: ['acmekey_'], regex: '(acmekey_[a-z0-9]{24})' },
      ],
    }));
    const hostile = Array.from({ length: 20 }, () => `x = "acme_${'a'.repeat(64)}!"`).join('\n');
    const content = () => `${hostile}\nGITHUB_TOKEN = "${g.checksummedToken('ghp_')}"\nACME = "acmekey_${g.lowerAlnum(24)}"\n`;
    write('src/redos-closed.py', content());
    write('src/redos-open.py', content());

    // The event loop must keep turning: a frozen host would stop this ticker.
    let last = Date.now();
    let worstGap = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 20);
    try {
      const started = Date.now();
      await open('src/redos-open.py');
      const codes = await waitFor('diagnostics for the other secrets', () => {
        const c = ours(uriOf('src/redos-open.py')).map((d) => String(d.code)).sort();
        return c.includes('acme-key') && c.includes('github-pat-classic') ? c : undefined;
      }, 20_000);
      assert.deepEqual(codes, ['acme-key', 'github-pat-classic']);
      assert.ok(Date.now() - started < 20_000);

      // The workspace scan (in process for a workspace this small), as on start-up.
      const scanStarted = Date.now();
      await ext.scanWorkspace();
      assert.ok(Date.now() - scanStarted < 20_000, 'the workspace scan took too long');
      assert.deepEqual(ours(uriOf('src/redos-closed.py')).map((d) => String(d.code)).sort(), ['acme-key', 'github-pat-classic']);
      assert.ok(worstGap < 3000, `the extension host stopped answering for ${worstGap} ms`);
    } finally {
      clearInterval(ticker);
    }
  });
});
