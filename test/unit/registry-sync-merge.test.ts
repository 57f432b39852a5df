// The three-way merge rules (pure functions) and the comment-keeping field edit of credentials.yaml.
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { identityBodyOf, mergePatchFor, normalizeEntityRef, syncFieldsOf, threeWayMerge } from '../../src/core/registry/merge';
import { setIdentityField } from '../../src/core/registry/sync-edit';

describe('registry sync: threeWayMerge', () => {
  const base = { provider: 'Stripe', purpose: 'Charges cards', 'owners.technical': 'group:payments' } as const;

  it('takes a field changed only remotely, keeps a field changed only locally', () => {
    const m = threeWayMerge(base, { ...base, purpose: 'Charges cards at checkout' }, { ...base, 'owners.technical': 'group:checkout' });
    assert.deepEqual(m.conflicts, []);
    assert.deepEqual(m.localChanged, ['purpose']);
    assert.deepEqual(m.remoteChanged, ['owners.technical']);
    assert.deepEqual(m.merged, { provider: 'Stripe', purpose: 'Charges cards at checkout', 'owners.technical': 'group:checkout' });
  });

  it('reports a field changed on both sides to different values as a conflict, keeping the local value', () => {
    const m = threeWayMerge(base, { ...base, purpose: 'mine' }, { ...base, purpose: 'theirs' });
    assert.deepEqual(m.conflicts, [{ field: 'purpose', base: 'Charges cards', local: 'mine', remote: 'theirs' }]);
    assert.equal(m.merged.purpose, 'mine');
    assert.deepEqual([m.localChanged, m.remoteChanged], [[], []]);
  });

  it('the same change on both sides is no conflict and nothing to do', () => {
    const m = threeWayMerge(base, { ...base, purpose: 'same' }, { ...base, purpose: 'same' });
    assert.deepEqual([m.conflicts, m.localChanged, m.remoteChanged], [[], [], []]);
  });

  it('removals merge like changes', () => {
    const { purpose: _p, ...withoutPurpose } = base;
    const m = threeWayMerge(base, withoutPurpose, base);
    assert.deepEqual(m.localChanged, ['purpose']);
    assert.equal(m.merged.purpose, undefined);
    const r = threeWayMerge(base, base, withoutPurpose);
    assert.deepEqual(r.remoteChanged, ['purpose']);
    const c = threeWayMerge(base, withoutPurpose, { ...base, purpose: 'theirs' });
    assert.deepEqual(c.conflicts.map((x) => [x.field, x.local, x.remote]), [['purpose', undefined, 'theirs']]);
  });

  it('without a base: one-sided fields are taken, differing ones conflict; no remote: all local', () => {
    const m = threeWayMerge(undefined, { provider: 'Stripe', purpose: 'a' }, { provider: 'Stripe', system: 'checkout', purpose: 'b' });
    assert.deepEqual(m.remoteChanged, ['system']);
    assert.deepEqual(m.conflicts.map((c) => c.field), ['purpose']);
    const n = threeWayMerge(undefined, { provider: 'Stripe' }, undefined);
    assert.deepEqual(n.localChanged, ['provider']);
  });

  it('owners merge per role', () => {
    const m = threeWayMerge(base, { ...base, 'owners.business': 'group:finance' }, { ...base, 'owners.technical': 'group:sre' });
    assert.deepEqual(m.conflicts, []);
    assert.deepEqual(identityBodyOf(m.merged).owners, { business: 'group:finance', technical: 'group:sre' });
  });

  it('flattens identities, builds merge patches (null removes) and normalises entity refs', () => {
    const flat = syncFieldsOf({ id: 'x', provider: 'AWS', owners: { technical: 'group:sre' }, match: ['AWS_KEY'] });
    assert.deepEqual(flat, { provider: 'AWS', 'owners.technical': 'group:sre' });
    assert.deepEqual(mergePatchFor(['purpose', 'owners.business'], { 'owners.business': 'group:a' }), { purpose: null, owners: { business: 'group:a' } });
    assert.equal(normalizeEntityRef('Group:default/payments'), 'group:payments');
    assert.equal(normalizeEntityRef('user:jdoe'), 'user:jdoe');
  });
});

describe('registry sync: setIdentityField keeps the file', () => {
  const text = [
    '# Our credentials (keep this comment)',
    'identities:',
    '  - id: stripe-live # the live key',
    '    provider: Stripe',
    '    purpose: "Charges cards" # why',
    '    owners:',
    '      technical: group:payments',
    '  - id: aws-ci',
    '    provider: AWS',
    '',
  ].join('\n');

  it('replaces a scalar in place, in its own quoting style, keeping comments', () => {
    const out = setIdentityField(text, 'stripe-live', 'purpose', 'Charges cards at checkout');
    assert.equal(out, text.replace('"Charges cards" # why', '"Charges cards at checkout" # why'));
    const owner = setIdentityField(text, 'stripe-live', 'owners.technical', 'group:checkout');
    assert.equal(owner, text.replace('technical: group:payments', 'technical: group:checkout'));
  });

  it('adds and removes fields, keeping comments and the other identities', () => {
    const added = setIdentityField(text, 'aws-ci', 'owners.business', 'group:platform');
    assert.match(added, /# Our credentials \(keep this comment\)/);
    assert.match(added, /# the live key/);
    assert.deepEqual(parse(added).identities[1], { id: 'aws-ci', provider: 'AWS', owners: { business: 'group:platform' } });
    const removed = setIdentityField(text, 'stripe-live', 'owners.technical', undefined);
    assert.equal(parse(removed).identities[0].owners, undefined);
    assert.match(removed, /# the live key/);
    assert.throws(() => setIdentityField(text, 'nope', 'purpose', 'x'), /no identity/);
  });
});
