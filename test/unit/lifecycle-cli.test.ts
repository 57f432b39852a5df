// Offboarding end to end with the real CLI and the real registry server (127.0.0.1, a SQLite file):
// owner/unreferenced in a scan, `retire` (comment-keeping), the sync that retires it in the registry,
// and lastSeen: sightings reported by `sync --push`, found again with ?unseenSince=.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RegistryClient } from '../../src/core/registry/client';
import { CLI, makeWorkspace } from './support/workspace';
import { makeToken, ServerProcess } from './registry-support';

const REGISTER = [
  '# Credentials of the checkout service (this comment must survive)',
  'identities:',
  '  - id: used-key # still in use',
  '    owners: { business: group:payments, technical: group:payments }',
  '    purpose: charges',
  '    environment: production',
  '    rotation: P90D',
  '    lastRotated: 2026-01-01',
  '    match: [USED_API_KEY]',
  '  - id: gone-key',
  '    owners: { business: group:payments, technical: group:payments }',
  '    purpose: the old importer',
  '    environment: production',
  '    rotation: P90D',
  '    lastRotated: 2026-01-01',
  '    match: [GONE_API_KEY] # nothing reads it any more',
  '',
].join('\n');

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CREDENTIAL_HYGIENE_REGISTRY_URL: undefined, CREDENTIAL_HYGIENE_REGISTRY_TOKEN: undefined, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('offboarding: unreferenced, retire, sync, lastSeen', function () {
  this.timeout(90_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let server: ServerProcess;
  let admin: RegistryClient;
  let env: Record<string, string>;
  const dir = () => path.join(ws.dir, 'checkout');
  const ownership = (args: string[] = []) => {
    const r = cli(['scan', '--format', 'json', '--no-progress', '--now', '2026-03-01', ...args], dir());
    return (JSON.parse(r.stdout) as { ownership?: { findings: Array<{ ruleId: string; identityId?: string; message: string }> } }).ownership?.findings ?? [];
  };

  before(async () => {
    ws = makeWorkspace({
      'checkout/credentials.yaml': REGISTER,
      'checkout/src/pay.ts': 'export const key = process.env.USED_API_KEY;\n',
      'data/.keep': '',
    });
    const db = path.join(ws.dir, 'data', 'registry.db');
    const token = makeToken(db, 'lead', 'admin');
    server = new ServerProcess(db);
    await server.start();
    admin = new RegistryClient({ baseUrl: server.url, token, retries: 2, backoffMs: 50 });
    env = { CREDENTIAL_HYGIENE_REGISTRY_URL: server.url, CREDENTIAL_HYGIENE_REGISTRY_TOKEN: token };
  });

  after(async () => {
    await server?.stop();
    ws?.cleanup();
  });

  it('a scan reports the identity nothing references any more, and not one scoped to a subfolder', () => {
    const found = ownership();
    assert.deepEqual(found.map((f) => [f.ruleId, f.identityId]), [['owner/unreferenced', 'gone-key']]);
    assert.match(found[0].message, /no longer referenced here: revoke it, or retire it/);
    // The register with src/ alone proves nothing about the rest of the repository.
    const r = cli(['scan', '--format', 'json', '--no-progress', '--now', '2026-03-01', 'credentials.yaml', 'src'], dir());
    const partial = JSON.parse(r.stdout) as { ownership: { registerFound: boolean; findings: Array<{ ruleId: string }> } };
    assert.equal(partial.ownership.registerFound, true);
    assert.deepEqual(partial.ownership.findings.filter((f) => f.ruleId === 'owner/unreferenced'), []);
  });

  it('sync --push creates both and reports lastSeen only for what this repository references', async () => {
    const r = cli(['sync', '--push', '--repository', 'github.com/acme/checkout'], dir(), env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /lastSeen reported for 1 identity as github\.com\/acme\/checkout/);
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual((await admin.sightings('used-key')).map((s) => [s.repository, s.lastSeen]), [['github.com/acme/checkout', today]]);
    assert.deepEqual(await admin.sightings('gone-key'), []);
    const unseen: string[] = [];
    for await (const i of admin.listAll({ unseenSince: today })) unseen.push(i.id);
    assert.deepEqual(unseen, ['gone-key']);
  });

  it('retire marks it retired in the register, keeping comments; the scan is clean; sync waits for --push, then retires it in the registry', async () => {
    const r = cli(['retire', 'gone-key', '--now', '2026-03-02'], dir());
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(path.join(dir(), 'credentials.yaml'), 'utf8');
    assert.equal(text, REGISTER.replace('    match: [GONE_API_KEY] # nothing reads it any more\n', '    match: [GONE_API_KEY] # nothing reads it any more\n    retired: 2026-03-02\n'));
    assert.match(cli(['retire', 'gone-key'], dir()).stdout, /already retired \(on 2026-03-02\)/);
    assert.equal(cli(['retire', 'no-such-key'], dir()).code, 2);
    assert.deepEqual(ownership(), []);

    const pending = cli(['sync'], dir(), env);
    assert.equal(pending.code, 0, pending.stderr + pending.stdout);
    assert.match(pending.stdout, /gone-key: retired locally: retired in the register \(sync --push retires it in the registry\)/);
    assert.equal((await admin.get('gone-key'))!.value.status, 'active');

    const pushed = cli(['sync', '--push', '--format', 'json'], dir(), env);
    assert.equal(pushed.code, 0, pushed.stderr + pushed.stdout);
    const result = JSON.parse(pushed.stdout) as { actions: Array<{ id: string; kind: string }>; orphans: unknown[] };
    assert.deepEqual(result.actions.filter((a) => a.kind !== 'unchanged'), [{ id: 'gone-key', kind: 'retire', fields: [] }]);
    assert.deepEqual(result.orphans, []);
    assert.equal((await admin.get('gone-key'))!.value.status, 'retired');
    assert.ok((await admin.events('gone-key')).some((e) => e.field === 'status' && e.to === 'retired' && e.source === 'cli'));
    // Retired in both places: nothing more to do, and no "retired in the registry" orphan.
    const again = cli(['sync', '--push'], dir(), env);
    assert.equal(again.code, 0, again.stdout);
    assert.doesNotMatch(again.stdout, /orphaned "gone-key"|retire in the registry/);
  });
});
