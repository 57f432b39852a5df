// The .vsix a user installs: small, and holding the bundle, media/ and the README, never sources,
// tests or source maps. Runs the real `vsce package` on the built extension.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './support/workspace';

describe('extension package (.vsix)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-vsix-'));
  const vsix = path.join(dir, 'credential-hygiene.vsix');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is under 1 MiB and holds only the bundle, media, schema, manifest strings, README and license', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.ok(statSync(vsix).size < 1024 * 1024, `${statSync(vsix).size} bytes`);
    const list = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.trim().split('\n').filter((f) => f.startsWith('extension/'));
    for (const must of ['extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/history-worker.js', 'extension/media/shield.svg', 'extension/readme.md', 'extension/package.json', 'extension/package.nls.json']) {
      assert.ok(list.includes(must), `missing ${must}`);
    }
    const unwanted = list.filter((f) => /\.(ts|map)$|^extension\/(src|test|out|scripts|samples|node_modules)\//.test(f));
    assert.deepEqual(unwanted, []);
  });
});
