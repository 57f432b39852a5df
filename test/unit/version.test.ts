// One version everywhere: package.json's. The CLI bundle's --version, the compiled sources' version,
// the SARIF tool.driver, the JSON and HTML reports, and the CHANGELOG's latest entry.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { version } from '../../src/cli/version';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace, REPO_ROOT } from './support/workspace';

const PKG_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('version', function () {
  this.timeout(60_000);
  const g = new SampleGen(77);
  const ws = makeWorkspace({ 'app.py': `TOKEN = "${g.checksummedToken('ghp_')}"\n` });
  after(() => ws.cleanup());
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ws.dir, encoding: 'utf8' });

  it('--version (and -V) of the bundle and the compiled sources are package.json\'s', () => {
    assert.match(PKG_VERSION, /^\d+\.\d+\.\d+(?:-[\w.]+)?$/);
    assert.equal(version, PKG_VERSION);
    for (const flag of ['--version', '-V']) assert.equal(cli(flag).stdout.trim(), PKG_VERSION);
  });

  it('the SARIF tool.driver carries it', () => {
    const r = cli('scan', '--no-progress', '--format', 'sarif', '.');
    const driver = (JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: Record<string, unknown> } }> }).runs[0].tool.driver;
    assert.equal(driver.name, 'credential-hygiene');
    assert.equal(driver.version, PKG_VERSION);
    assert.equal(driver.semanticVersion, PKG_VERSION);
  });

  it('the JSON scan report and the HTML report carry it', () => {
    const json = JSON.parse(cli('scan', '--no-progress', '--format', 'json', '.').stdout) as { version?: string; tool?: { version?: string } };
    assert.equal(json.version ?? json.tool?.version, PKG_VERSION);
    const html = cli('report', '--no-progress', '--format', 'html', '.').stdout;
    assert.ok(html.includes(`credential-hygiene ${PKG_VERSION}`), 'the HTML report does not name the version');
  });

  it('the CHANGELOG\'s latest entry is this version', () => {
    const first = /^## \[([^\]]+)\]/m.exec(readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8'));
    assert.equal(first?.[1], PKG_VERSION);
  });
});
