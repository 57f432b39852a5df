// planSync: the whole sync decision as a pure function (no server, no files): actions, register text
// edits (offsets into the text planned from), the new sync state, conflicts, orphans, refusals, and the
// pushes it asks for, then settled by their outcomes.
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Versioned } from '../../src/core/registry/client';
import { planSync, SyncError, type PushOutcome, type RegistryView, type SyncState } from '../../src/core/registry/plan';
import { applyTextEdits, EditRecorder } from '../../src/core/registry/text-edits';
import type { RegistryIdentity } from '../../src/core/registry/types';
import { SampleGen } from '../../src/core/rules/sample-gen';

const URL_ = 'http://127.0.0.1:8787';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const AT = '2026-01-01T00:00:00.000Z';
const REGISTER = [
  '# Credentials of the checkout service',
  'identities:',
  '  - id: stripe-live # the live key',
  '    kind: api_key',
  '    provider: Stripe',
  '    purpose: Charges cards # why it exists',
  '    owners:',
  '      technical: group:payments',
  '    match: [STRIPE_SECRET_KEY]',
  '  - id: aws-ci',
  '    provider: AWS',
  '    owners:',
  '      technical: group:platform',
  '',
].join('\n');

function record(id: string, version: number, fields: Record<string, unknown>, status: 'active' | 'retired' = 'active'): Versioned<RegistryIdentity> {
  return { etag: `"${version}"`, value: { id, status, version, createdAt: AT, updatedAt: AT, ...fields } as RegistryIdentity };
}

const stripe = { kind: 'api_key', provider: 'Stripe', purpose: 'Charges cards', owners: { technical: 'group:payments' } };
const aws = { provider: 'AWS', owners: { technical: 'group:platform' } };
/** The state after a first sync where both sides agreed. */
const SYNCED: SyncState = {
  version: 1, registry: URL_, identities: {
    'stripe-live': { etag: '"1"', fields: { kind: 'api_key', provider: 'Stripe', purpose: 'Charges cards', 'owners.technical': 'group:payments' } },
    'aws-ci': { etag: '"1"', fields: { provider: 'AWS', 'owners.technical': 'group:platform' } },
  },
};

function view(records: Record<string, Versioned<RegistryIdentity> | undefined>, owners = ['group:payments', 'group:platform']): RegistryView {
  return { url: URL_, records: new Map(Object.entries(records)), owners };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

describe('planSync (pure)', () => {
  it('plans a pull as a small edit of the register text: the scalar only, comments and the rest untouched', () => {
    const registry = view({ 'stripe-live': record('stripe-live', 2, { ...stripe, purpose: 'Charges cards at checkout' }), 'aws-ci': record('aws-ci', 1, aws) });
    const plan = planSync(REGISTER, SYNCED, registry, NOW);
    assert.deepEqual(plan.actions.map((a) => [a.id, a.kind]), [['stripe-live', 'pull'], ['aws-ci', 'unchanged']]);
    assert.deepEqual(plan.actions[0].fields, [{ field: 'purpose', from: 'Charges cards', to: 'Charges cards at checkout' }]);
    assert.equal(plan.registerEdits.length, 1);
    const [edit] = plan.registerEdits;
    // Only characters of the purpose scalar change: its line, before the comment.
    assert.equal(edit.range.start.line, 5);
    assert.equal(edit.range.end.line, 5);
    const line = REGISTER.split('\n')[5];
    assert.ok(edit.range.start.character >= line.indexOf('Charges') && edit.range.end.character <= line.indexOf('#'), JSON.stringify(edit.range));
    assert.equal(applyTextEdits(REGISTER, plan.registerEdits), plan.registerText);
    assert.equal(plan.registerText, REGISTER.replace('purpose: Charges cards # why', 'purpose: Charges cards at checkout # why'));
    assert.deepEqual(plan.newState.identities['stripe-live'], { etag: '"2"', fields: { ...SYNCED.identities['stripe-live'].fields, purpose: 'Charges cards at checkout' } });
    assert.equal(plan.newState.syncedAt, NOW.toISOString());
    assert.deepEqual([plan.pushes, plan.conflicts, plan.orphans, plan.refused], [[], [], [], []]);
  });

  it('is pure: the same inputs give the same plan, and the inputs are not changed', () => {
    const state = deepFreeze(structuredClone(SYNCED));
    const records = { 'stripe-live': deepFreeze(record('stripe-live', 2, { ...stripe, provider: 'Stripe Inc.' })), 'aws-ci': undefined };
    const registry = view(records);
    const opts = deepFreeze({ push: true, resolve: { 'aws-ci': 'mine' as const } });
    const a = planSync(REGISTER, state, registry, NOW, opts);
    const b = planSync(REGISTER, state, registry, NOW, opts);
    assert.deepEqual(a, b);
    assert.ok(a.registerEdits.length > 0 && a.pushes.length > 0, 'the plan pulls and pushes');
  });

  it('asks for the pushes (PATCH with the ETag read, PUT create without `match`), then settles them by their outcomes', () => {
    const local = REGISTER.replace('provider: AWS', 'provider: AWS (eu-west-1)').replace('  - id: aws-ci', '  - id: new-one\n    purpose: Created here\n    owners:\n      technical: group:newteam\n  - id: aws-ci');
    const registry = view({ 'stripe-live': record('stripe-live', 1, stripe), 'aws-ci': record('aws-ci', 4, aws), 'new-one': undefined });
    const first = planSync(local, SYNCED, registry, NOW, { push: true });
    assert.deepEqual(first.pushes, [
      { id: 'new-one', kind: 'create', body: { id: 'new-one', purpose: 'Created here', owners: { technical: 'group:newteam' } } },
      { id: 'aws-ci', kind: 'patch', patch: { provider: 'AWS (eu-west-1)' }, etag: '"4"' },
    ]);
    assert.deepEqual(first.registerEdits, []);
    // An owner this sync creates is not orphaned.
    assert.deepEqual(first.orphans, []);

    const pushed = new Map<string, PushOutcome>([
      ['new-one', { ok: false, message: 'token "x" may only change identities owned by group:payments' }],
      ['aws-ci', { ok: true, record: record('aws-ci', 5, { ...aws, provider: 'AWS (eu-west-1)' }) }],
    ]);
    const settled = planSync(local, SYNCED, registry, NOW, { push: true, pushed });
    assert.deepEqual(settled.pushes, []);
    assert.deepEqual(settled.actions.map((a) => [a.id, a.kind]), [['stripe-live', 'unchanged'], ['new-one', 'push-failed'], ['aws-ci', 'push']]);
    assert.match(settled.actions[1].message!, /may only change/);
    assert.deepEqual(settled.newState.identities['aws-ci'], { etag: '"5"', fields: { provider: 'AWS (eu-west-1)', 'owners.technical': 'group:platform' } });
    assert.equal(settled.newState.identities['new-one'], undefined, 'a failed create records no base');
    // The failed create's owner is unknown to the registry after all.
    assert.deepEqual(settled.orphans.map((o) => [o.id, o.reason, o.owner]), [['new-one', 'unknown-owner', 'group:newteam']]);

    const failedPatch = planSync(local, SYNCED, registry, NOW, { push: true, pushed: new Map([['aws-ci', { ok: false, message: 'changed in the registry while syncing' }]]) });
    assert.deepEqual(failedPatch.newState.identities['aws-ci'], { etag: '"4"', fields: { provider: 'AWS', 'owners.technical': 'group:platform' } }, 'the base is the record as read');
  });

  it('without push: local changes wait (pending-push, the registry\'s record as base); a dry run asks for nothing', () => {
    const local = REGISTER.replace('provider: AWS', 'provider: AWS (eu-west-1)');
    const registry = view({ 'stripe-live': record('stripe-live', 1, stripe), 'aws-ci': record('aws-ci', 4, aws) });
    const plan = planSync(local, SYNCED, registry, NOW);
    assert.deepEqual(plan.actions.find((a) => a.id === 'aws-ci')?.kind, 'pending-push');
    assert.deepEqual(plan.pushes, []);
    assert.equal(plan.newState.identities['aws-ci'].etag, '"4"');
    const dry = planSync(local, SYNCED, registry, NOW, { push: true, dryRun: true });
    assert.deepEqual(dry.actions.find((a) => a.id === 'aws-ci')?.kind, 'push');
    assert.deepEqual(dry.pushes, []);
  });

  it('reports a real conflict and changes neither side; settling it with the registry\'s values edits the register', () => {
    const local = REGISTER.replace('purpose: Charges cards #', 'purpose: Charges cards (local) #');
    const registry = view({ 'stripe-live': record('stripe-live', 3, { ...stripe, purpose: 'Charges cards (registry)' }), 'aws-ci': record('aws-ci', 1, aws) });
    const plan = planSync(local, SYNCED, registry, NOW, { push: true });
    assert.deepEqual(plan.conflicts, [{ id: 'stripe-live', field: 'purpose', base: 'Charges cards', local: 'Charges cards (local)', remote: 'Charges cards (registry)' }]);
    assert.deepEqual([plan.registerEdits, plan.pushes], [[], []]);
    assert.deepEqual(plan.newState.identities['stripe-live'], SYNCED.identities['stripe-live'], 'the base stays');
    const taken = planSync(local, SYNCED, registry, NOW, { push: true, resolve: { 'stripe-live': 'registry' } });
    assert.deepEqual(taken.conflicts, []);
    assert.match(taken.registerText, /purpose: Charges cards \(registry\) # why it exists/);
    const kept = planSync(local, SYNCED, registry, NOW, { push: true, resolve: { 'stripe-live': 'mine' } });
    assert.deepEqual(kept.pushes, [{ id: 'stripe-live', kind: 'patch', patch: { purpose: 'Charges cards (local)' }, etag: '"3"' }]);
  });

  it('reports retired identities and owners the registry does not know as orphans', () => {
    const registry = view({ 'stripe-live': record('stripe-live', 2, stripe, 'retired'), 'aws-ci': record('aws-ci', 1, aws) }, ['group:payments']);
    const plan = planSync(REGISTER, SYNCED, registry, NOW);
    assert.deepEqual(plan.orphans.map((o) => [o.id, o.reason, o.owner]), [['stripe-live', 'retired', undefined], ['aws-ci', 'unknown-owner', 'group:platform']]);
  });

  it('refuses a registry record holding a credential: no edit, no state, no push over it, and no value in the plan', () => {
    const g = new SampleGen(4242);
    const secret = g.checksummedToken('ghp_');
    const registry = view({ 'stripe-live': record('stripe-live', 7, { ...stripe, purpose: `Charges cards with ${secret}` }), 'aws-ci': record('aws-ci', 2, { ...aws, system: 'delivery' }) });
    const local = REGISTER.replace('provider: Stripe', 'provider: Stripe Inc.');
    const plan = planSync(local, SYNCED, registry, NOW, { push: true });
    assert.deepEqual(plan.refused, [{ id: 'stripe-live', fields: ['purpose'], rules: ['github-pat-classic'] }]);
    assert.deepEqual(plan.actions.map((a) => [a.id, a.kind]), [['stripe-live', 'refused'], ['aws-ci', 'pull']]);
    assert.ok(!plan.pushes.some((p) => p.id === 'stripe-live'), 'nothing is pushed over a refused record');
    assert.deepEqual(plan.newState.identities['stripe-live'], SYNCED.identities['stripe-live']);
    assert.equal(parse(plan.registerText).identities[1].system, 'delivery');
    const text = JSON.stringify(plan);
    for (const x of [secret, secret.slice(4, 24)]) assert.ok(!text.includes(x), 'the credential is in the plan');
  });

  it('starts from no base when the state is another registry\'s; refuses a register with problems', () => {
    const registry = view({ 'stripe-live': record('stripe-live', 2, { ...stripe, purpose: 'Other' }), 'aws-ci': record('aws-ci', 1, aws) });
    const plan = planSync(REGISTER, { ...SYNCED, registry: 'http://elsewhere:1' }, registry, NOW);
    assert.deepEqual(plan.conflicts.map((c) => [c.id, c.field, c.base]), [['stripe-live', 'purpose', undefined]]);
    assert.throws(() => planSync('identities:\n  - id: Not An Id\n', SYNCED, registry, NOW), SyncError);
  });

  it('several pulls into one register: non-overlapping edits of the original text that give the planned text', () => {
    const registry = view({
      'stripe-live': record('stripe-live', 2, { ...stripe, purpose: 'Charges cards at checkout', owners: { technical: 'group:payments', business: 'group:commerce' } }),
      'aws-ci': record('aws-ci', 2, { ...aws, provider: 'Amazon Web Services', system: 'delivery' }),
    });
    const plan = planSync(REGISTER, SYNCED, registry, NOW);
    assert.equal(applyTextEdits(REGISTER, plan.registerEdits), plan.registerText);
    for (let i = 1; i < plan.registerEdits.length; i++) assert.ok(plan.registerEdits[i - 1].end <= plan.registerEdits[i].start, 'edits overlap or are out of order');
    const doc = parse(plan.registerText);
    assert.equal(doc.identities[0].owners.business, 'group:commerce');
    assert.equal(doc.identities[1].system, 'delivery');
    assert.match(plan.registerText, /^# Credentials of the checkout service\n/);
    assert.match(plan.registerText, /purpose: Charges cards at checkout # why it exists/);
  });
});

describe('EditRecorder', () => {
  it('records any sequence of changes as edits of the original text', () => {
    const g = new SampleGen(77);
    for (let round = 0; round < 300; round++) {
      const original = g.lower(1 + g.int(40));
      const rec = new EditRecorder(original);
      for (let step = 0; step < 1 + g.int(6); step++) {
        const t = rec.text;
        const a = g.int(t.length + 1);
        const b = a + g.int(t.length - a + 1);
        rec.step(t.slice(0, a) + (g.int(3) ? g.lower(g.int(5)) : '') + t.slice(b));
      }
      const edits = rec.edits();
      assert.equal(applyTextEdits(original, edits), rec.text, `round ${round}`);
      for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].end <= edits[i].start, `round ${round}: overlap`);
    }
  });
});
