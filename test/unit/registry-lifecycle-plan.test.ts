// planSync for offboarding, as a pure function: an identity the register retired is retired in the
// registry (with push; pending without; asked for nothing in a dry run), is no orphan, and lastSeen is
// asked for only what this repository references and the registry has.
import * as assert from 'node:assert/strict';
import type { Versioned } from '../../src/core/registry/client';
import { planSync, pushKey, type PushOutcome, type RegistryView, type SyncState } from '../../src/core/registry/plan';
import type { RegistryIdentity } from '../../src/core/registry/types';

const URL_ = 'http://127.0.0.1:8787';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const AT = '2026-01-01T00:00:00.000Z';
const REGISTER = [
  'identities:',
  '  - id: live-key',
  '    owners: { technical: group:payments }',
  '    match: [LIVE_KEY]',
  '  - id: old-key',
  '    owners: { technical: group:payments }',
  '    match: [OLD_KEY]',
  '    retired: 2026-02-20',
  '  - id: new-key',
  '    owners: { technical: group:payments }',
  '',
].join('\n');

function record(id: string, version: number, status: 'active' | 'retired' = 'active'): Versioned<RegistryIdentity> {
  return { etag: `"${version}"`, value: { id, status, version, createdAt: AT, updatedAt: AT, owners: { technical: 'group:payments' } } as RegistryIdentity };
}
const SYNCED: SyncState = {
  version: 1, registry: URL_, identities: {
    'live-key': { etag: '"1"', fields: { 'owners.technical': 'group:payments' } },
    'old-key': { etag: '"1"', fields: { 'owners.technical': 'group:payments' } },
  },
};
const view = (old: Versioned<RegistryIdentity>): RegistryView => ({ url: URL_, records: new Map([['live-key', record('live-key', 1)], ['old-key', old], ['new-key', undefined]]), owners: ['group:payments'] });
const referenced = new Set(['live-key', 'old-key', 'new-key']);

describe('sync plan: retired identities and lastSeen', () => {
  it('without push, a retired identity waits (pending-retire), and nothing is asked for', () => {
    const plan = planSync(REGISTER, SYNCED, view(record('old-key', 1)), NOW, { referenced });
    assert.deepEqual(plan.actions.filter((a) => a.id === 'old-key').map((a) => a.kind), ['unchanged', 'pending-retire']);
    assert.deepEqual(plan.pushes, []);
    assert.deepEqual(plan.sightings, [], 'lastSeen goes with --push only');
    assert.deepEqual(plan.orphans, []);
  });

  it('with push: retire it and create what is new, then report lastSeen once the pushes are settled', () => {
    const registry = view(record('old-key', 1));
    const first = planSync(REGISTER, SYNCED, registry, NOW, { push: true, referenced });
    assert.deepEqual(first.pushes.map((p) => `${p.kind} ${p.id}`), ['retire old-key', 'create new-key']);
    assert.deepEqual(first.sightings, [], 'not before the pushes are done');
    const pushed = new Map<string, PushOutcome>([
      [pushKey({ id: 'old-key', kind: 'retire' }), { ok: true, record: record('old-key', 2, 'retired') }],
      ['new-key', { ok: true, record: record('new-key', 1) }],
    ]);
    const settled = planSync(REGISTER, SYNCED, registry, NOW, { push: true, referenced, pushed });
    assert.deepEqual(settled.pushes, []);
    assert.deepEqual(settled.actions.filter((a) => a.kind !== 'unchanged').map((a) => `${a.kind} ${a.id}`), ['retire old-key', 'create new-key']);
    assert.equal(settled.newState.identities['old-key'].etag, '"2"');
    // Today, for what is referenced, not retired, and in the registry (or now created there).
    assert.deepEqual(settled.sightings, [{ id: 'live-key', lastSeen: '2026-03-01' }, { id: 'new-key', lastSeen: '2026-03-01' }]);
    assert.deepEqual(settled.orphans, []);
  });

  it('a failed retire is reported; a dry run asks for nothing; retired on both sides is neither a push nor an orphan', () => {
    const failed = planSync(REGISTER, SYNCED, view(record('old-key', 1)), NOW, {
      push: true, pushed: new Map([[pushKey({ id: 'old-key', kind: 'retire' }), { ok: false, message: 'token may not' }], ['new-key', { ok: true, record: record('new-key', 1) }]]),
    });
    assert.deepEqual(failed.actions.filter((a) => a.id === 'old-key' && a.kind === 'push-failed').map((a) => a.message), ['token may not']);
    const dry = planSync(REGISTER, SYNCED, view(record('old-key', 1)), NOW, { push: true, dryRun: true, referenced });
    assert.deepEqual(dry.pushes, []);
    assert.deepEqual(dry.sightings, []);
    assert.ok(dry.actions.some((a) => a.id === 'old-key' && a.kind === 'retire'));
    const both = planSync(REGISTER, SYNCED, view(record('old-key', 2, 'retired')), NOW, { push: true });
    assert.ok(!both.pushes.some((p) => p.id === 'old-key'));
    assert.deepEqual(both.orphans, []);
    // Retired in the registry only: still an orphan, as before.
    const remoteOnly = planSync(REGISTER.replace('    retired: 2026-02-20\n', ''), SYNCED, view(record('old-key', 2, 'retired')), NOW, {});
    assert.deepEqual(remoteOnly.orphans.map((o) => `${o.id}:${o.reason}`), ['old-key:retired']);
  });

  it('a new identity retired in the register is created retired', () => {
    const text = REGISTER.replace("  - id: new-key\n    owners: { technical: group:payments }\n", "  - id: new-key\n    owners: { technical: group:payments }\n    retired: 2026-02-28\n");
    const plan = planSync(text, SYNCED, view(record('old-key', 2, 'retired')), NOW, { push: true });
    const create = plan.pushes.find((p) => p.id === 'new-key');
    assert.equal(create?.kind === 'create' ? create.body.status : undefined, 'retired');
  });
});
