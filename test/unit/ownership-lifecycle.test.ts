// Offboarding and drift over an injected clock: owner/unreferenced (and what turns it off), retired
// identities, and owner/review-overdue.
import * as assert from 'node:assert/strict';
import { evaluateOwnership, type OwnershipInput } from '../../src/core/ownership/evaluate';
import type { CredentialReference } from '../../src/core/ownership/reference';
import { parseRegister } from '../../src/core/ownership/register';
import { UNREFERENCED } from '../../src/core/vocabulary';

const NOW = new Date('2026-03-01T00:00:00Z');

function ref(name: string, path: string, line: number): CredentialReference {
  return {
    kind: 'env-read', name, path,
    range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: name.length } },
    offset: { start: 0, end: name.length },
  };
}

function run(input: Partial<OwnershipInput> & Pick<OwnershipInput, 'register'>) {
  const result = evaluateOwnership({ references: [], now: NOW, ...input });
  return { result, rows: result.findings.map((f) => [f.ruleId, `${f.path}:${f.range.start.line + 1}`, f.message]) };
}

const identity = (id: string, extra: string[] = []) => [
  `  - id: ${id}`,
  '    owners: { business: group:payments, technical: group:platform }',
  '    purpose: test',
  '    environment: production',
  '    expires: 2027-01-01',
  ...extra,
];

describe('ownership lifecycle: unreferenced, retired, review', () => {
  const text = (top: string[] = []) => [
    ...top,
    'identities:',
    ...identity('used', ['    match: [USED_TOKEN]']),
    ...identity('gone', ['    match: [GONE_TOKEN, "k8s:Secret/gone-*"]']),
    ...identity('nomatch'),
    '',
  ].join('\n');

  it('reports an identity whose match matches nothing any more, at its id, as low', () => {
    const { rows, result } = run({ register: parseRegister(text()), references: [ref('USED_TOKEN', 'src/a.ts', 4)] });
    assert.deepEqual(rows, [['owner/unreferenced', 'credentials.yaml:8', `gone is ${UNREFERENCED} (nothing in the workspace matches GONE_TOKEN, k8s:Secret/gone-*)`]]);
    assert.equal(result.findings[0].severity, 'low');
    assert.equal(result.findings[0].identityId, 'gone');
    assert.deepEqual(result.inventory.find((e) => e.id === 'gone')?.problems, ['owner/unreferenced']);
  });

  it('is off for a register shared across repositories, with the rule turned off, and while references are incomplete', () => {
    assert.deepEqual(run({ register: parseRegister(text(['scope: organization'])) }).rows, []);
    assert.deepEqual(run({ register: parseRegister(text()), options: { severities: { 'owner/unreferenced': false } } }).rows, []);
    assert.deepEqual(run({ register: parseRegister(text()), referencesComplete: false }).rows, []);
    // An explicit repository scope is the default.
    assert.equal(run({ register: parseRegister(text(['scope: repository'])) }).rows.filter((r) => r[0] === 'owner/unreferenced').length, 2);
    assert.equal(parseRegister(text(['scope: everywhere'])).issues[0]?.code, 'schema');
  });

  it('checks nothing about a retired identity: no owner needed, no expiry, no drift; its status is retired', () => {
    const register = parseRegister([
      'identities:',
      '  - id: old-key',
      '    expires: 2025-01-01',
      '    review: P90D',
      '    match: [OLD_KEY]',
      '    retired: 2026-02-15',
      '',
    ].join('\n'));
    assert.deepEqual(register.issues, []);
    const { rows, result } = run({ register });
    assert.deepEqual(rows, []);
    assert.equal(result.inventory[0].status, 'retired');
    assert.equal(result.inventory[0].retired, '2026-02-15');
    assert.equal(parseRegister('identities:\n  - id: x\n    retired: yesterday\n').issues[0]?.code, 'schema');
  });

  it('reports a review that is due, or was never done, and gives the next review date', () => {
    const register = parseRegister([
      'identities:',
      ...identity('fresh', ['    review: P6M', '    lastReviewed: 2025-12-01']), // 2-8
      ...identity('due', ['    review: P90D', '    lastReviewed: 2025-11-30']), // 9-15
      ...identity('never', ['    review: P1Y']), // 16-21
      '',
    ].join('\n'));
    const { rows, result } = run({ register });
    assert.deepEqual(rows, [
      ['owner/review-overdue', 'credentials.yaml:9', 'due was due for review on 2026-02-28 (P90D after 2025-11-30), 1 day ago'],
      ['owner/review-overdue', 'credentials.yaml:16', 'never is to be reviewed every P1Y and has no lastReviewed date: review it and set lastReviewed'],
    ]);
    assert.deepEqual(result.inventory.map((e) => [e.id, e.status, e.nextReview]), [['fresh', 'ok', '2026-06-01'], ['due', 'overdue', '2026-02-28'], ['never', 'overdue', undefined]]);
    assert.equal(parseRegister('identities:\n  - id: x\n    review: 90 days\n').issues[0]?.code, 'schema');
  });
});
