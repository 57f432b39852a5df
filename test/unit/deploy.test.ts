// The registry's systemd unit example (docs/deploy/): checked by systemd itself where it is installed
// (`systemd-analyze verify`, which needs no running systemd), and read for what the README promises.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './support/workspace';

const UNIT = path.join(REPO_ROOT, 'docs/deploy/credential-hygiene-registry.service');
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

/** Sections and their keys, in order (systemd's syntax: [Section], Key=value, # comments). */
function parseUnit(text: string): Map<string, Array<[string, string]>> {
  const sections = new Map<string, Array<[string, string]>>();
  let current: Array<[string, string]> | undefined;
  text.split('\n').forEach((line, i) => {
    if (/^\s*(#|;|$)/.test(line)) return;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      sections.set(section[1], (current = []));
      return;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    assert.ok(kv && current, `line ${i + 1} is neither a section, a Key=value nor a comment: ${line}`);
    current.push([kv[1], kv[2]]);
  });
  return sections;
}

describe('registry systemd unit (docs/deploy)', () => {
  const text = readFileSync(UNIT, 'utf8');

  it('passes systemd-analyze verify with no complaint (skipped where systemd is not installed)', function () {
    if (!existsSync(SYSTEMD_ANALYZE)) this.skip();
    const dir = mkdtempSync(path.join(tmpdir(), 'ch-unit-'));
    try {
      const unit = path.join(dir, path.basename(UNIT));
      copyFileSync(UNIT, unit);
      const r = spawnSync(SYSTEMD_ANALYZE, ['verify', '--man=no', unit], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      // verify warns about unknown keys and bad values on stderr and still exits 0.
      const ours = r.stderr.split('\n').filter((l) => l.includes(path.basename(UNIT)));
      assert.deepEqual(ours, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs registry serve configured by environment, on loopback, stopped by SIGTERM, hardened', () => {
    const unit = parseUnit(text);
    assert.deepEqual([...unit.keys()], ['Unit', 'Service', 'Install']);
    const service = new Map(unit.get('Service')!.filter(([k]) => k !== 'Environment'));
    const env = Object.fromEntries(unit.get('Service')!.filter(([k]) => k === 'Environment').map(([, v]) => v.split('=', 2) as [string, string]));
    assert.match(service.get('ExecStart')!, /credential-hygiene registry serve$/);
    assert.equal(env.CREDENTIAL_HYGIENE_REGISTRY_HOST, '127.0.0.1');
    assert.ok(Number(env.CREDENTIAL_HYGIENE_REGISTRY_PORT) > 0);
    assert.match(env.CREDENTIAL_HYGIENE_REGISTRY_DB, /^\/var\/lib\/credential-hygiene\//);
    assert.equal(service.get('KillSignal'), 'SIGTERM');
    assert.ok(Number(service.get('TimeoutStopSec')) > 10, 'stop timeout shorter than the server\'s 10 s grace');
    for (const k of ['NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'PrivateTmp']) assert.ok(service.has(k), k);
    assert.notEqual(service.get('User'), 'root');
    // No credential in the unit: a database URL goes in a file the service reads.
    assert.doesNotMatch(text, /postgres(ql)?:\/\/[^\s/]*:[^\s@]*@/);
  });
});
