// The register (credentials.yaml): parsing with exact error positions, salvaging what is valid,
// the committed JSON Schema, and edits that keep the user's comments and formatting.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import { RegisterSchema } from '../../src/core/ownership/schema';
import { parseRegister } from '../../src/core/ownership/register';
import { RegisterEditError, addIdentity, addIdentityEdit, addMatch, addMatchEdit } from '../../src/core/ownership/register-edit';
import { REPO_ROOT } from './support/workspace';

/** `line:column`, 1-based, of an issue. */
const at = (r: { range: { start: { line: number; character: number } } }) => `${r.range.start.line + 1}:${r.range.start.character + 1}`;

describe('ownership register', () => {
  describe('parsing', () => {
    it('reads identities, applies default owners and records where each is declared', () => {
      const reg = parseRegister([
        'defaults:',
        '  owners: { business: group:payments }',
        'identities:',
        '  - id: stripe-live-key   # the good one',
        '    kind: api_key',
        '    owners: { technical: user:jdoe }',
        '    rotation: P90D',
        '    lastRotated: 2026-01-15',
        '    match: [STRIPE_SECRET_KEY, "k8s:Secret/stripe-*"]',
        '  - id: db',
        '    owners: { business: group:default/finance, technical: Group:dba }',
        '',
      ].join('\n'), 'credentials.yaml');
      assert.deepEqual(reg.issues, []);
      assert.equal(reg.exists, true);
      const [stripe, db] = reg.identities;
      assert.equal(stripe.id, 'stripe-live-key');
      assert.deepEqual(stripe.owners, { business: 'group:payments', technical: 'user:jdoe' });
      assert.deepEqual(stripe.ownerSources, { business: 'defaults', technical: 'register' });
      assert.deepEqual(stripe.match, ['STRIPE_SECRET_KEY', 'k8s:Secret/stripe-*']);
      assert.equal(at(stripe), '4:9');
      assert.deepEqual(stripe.range.end, { line: 3, character: 23 });
      assert.deepEqual(db.owners, { business: 'group:default/finance', technical: 'Group:dba' });
      assert.deepEqual(db.ownerSources, { business: 'register', technical: 'register' });
    });

    it('treats an empty file or one with only comments as an empty register', () => {
      for (const text of ['', '# nothing yet\n', 'identities:\n']) {
        const reg = parseRegister(text);
        assert.deepEqual([reg.identities, reg.issues], [[], []], JSON.stringify(text));
      }
    });

    it('places schema errors, unknown keys and duplicate ids on the exact node, and keeps the valid parts', () => {
      const reg = parseRegister([
        'version: 1', //                                  1
        'identites: []', //                               2  unknown top-level key
        'identities:', //                                 3
        '  - id: stripe', //                              4
        '    kind: apikey', //                            5  bad enum
        '    owners:', //                                 6
        '      business: payments', //                    7  not an entity ref
        '      tecnical: user:jdoe', //                   8  unknown nested key
        '    rotation: 90 days', //                       9  not a duration
        '    expires: 2026-02-30', //                    10  not a calendar date
        '    match: [STRIPE_SECRET_KEY]', //             11
        '    purpse: charges', //                        12  unknown key
        '  - kind: token', //                            13  no id
        '  - id: stripe', //                             14  duplicate
        '    match: [OTHER_TOKEN]', //                   15
        '  - id: Bad Id', //                             16  bad id
        '',
      ].join('\n'), 'credentials.yaml');
      assert.deepEqual(reg.issues.map((i) => [i.code, at(i), i.message]), [
        ['unknown-key', '2:1', 'unknown key "identites" (did you mean "identities"?)'],
        ['schema', '5:11', 'identity "stripe": kind: Invalid option: expected one of "api_key"|"token"|"service_account"|"certificate"|"ssh_key"|"oauth_app"|"database_credential"|"password"|"webhook"|"agent"'],
        ['schema', '7:17', 'identity "stripe": owners.business: an entity ref such as "group:payments", "user:jdoe" or "group:default/payments"'],
        ['unknown-key', '8:7', 'identity "stripe": owners: unknown key "tecnical" (did you mean "technical"?)'],
        ['schema', '9:15', 'identity "stripe": rotation: an ISO 8601 duration such as "P90D", "P6M" or "P1Y"'],
        ['schema', '10:14', 'identity "stripe": expires: not a calendar date'],
        ['unknown-key', '12:5', 'identity "stripe": unknown key "purpse" (did you mean "purpose"?)'],
        ['schema', '13:5', 'identities[1]: "id" is required'],
        ['duplicate-id', '14:9', 'duplicate id "stripe" (first declared on line 4); this entry is ignored'],
        ['schema', '16:9', 'identities[3]: id: lower-case letters, digits, ".", "_" and "-", e.g. "stripe-live-key"'],
      ]);
      // The first "stripe" still owns its references; its invalid fields are dropped.
      assert.deepEqual(reg.identities.map((i) => [i.id, i.match, i.kind, i.owners]), [['stripe', ['STRIPE_SECRET_KEY'], undefined, {}]]);
    });

    it('never quotes what could be a pasted secret', () => {
      const pasted = `Zx${'9aQ'.repeat(14)}`;
      const reg = parseRegister(`identities:\n  - id: ${pasted}\n    ${pasted}: x\n`);
      assert.deepEqual(reg.issues.map((i) => [at(i), i.message]), [
        ['2:9', 'identities[0]: id: lower-case letters, digits, ".", "_" and "-", e.g. "stripe-live-key"'],
        ['3:5', 'identities[0]: unknown key (44 characters)'],
      ]);
    });

    it('reports YAML syntax errors with their position and never throws', () => {
      const reg = parseRegister('identities:\n  - id: a\n    match: [A, B\n  - id: b\n', 'reg/credentials.yaml');
      assert.ok(reg.issues.length > 0);
      assert.ok(reg.issues.every((i) => i.code === 'yaml' && i.path === 'reg/credentials.yaml'));
      assert.equal(at(reg.issues[0]), '4:3');
      assert.ok(!reg.issues.some((i) => /\n/.test(i.message)), 'one-line messages without quoted source');
      const tab = parseRegister('identities:\n\t- id: a\n');
      assert.deepEqual(tab.issues.map((i) => [i.code, at(i)]).slice(0, 1), [['yaml', '2:1']]);
      assert.deepEqual(parseRegister('- just\n- a list\n').issues.map((i) => [i.code, at(i), i.message]), [['schema', '1:1', 'expected a map with an `identities` list']]);
      assert.deepEqual(parseRegister('identities: {id: a}\n').issues.map((i) => [at(i), i.message]), [['1:13', '`identities` must be a list of identities']]);
      const dupKey = parseRegister('identities:\n  - id: a\n    id: b\n');
      assert.deepEqual(dupKey.issues.map((i) => [i.code, at(i)]), [['yaml', '3:5']]);
    });

    it('ships a JSON Schema that matches the zod schema', () => {
      const committed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/credentials.schema.json'), 'utf8'));
      const generated = z.toJSONSchema(RegisterSchema, { io: 'input' });
      assert.deepEqual(committed, JSON.parse(JSON.stringify(generated)), 'run `npm run schema` to regenerate');
    });
  });

  describe('editing keeps the file as the user wrote it', () => {
    const original = [
      '# Credential register: who owns what.',
      'version: 1',
      '',
      'identities:',
      '  # Stripe, live mode.',
      '  - id: stripe-live-key',
      "    purpose: 'Charges cards'   # single quotes stay",
      '    owners: { business: group:payments, technical: group:payments-platform }',
      '    match:',
      '      - STRIPE_SECRET_KEY',
      '',
      '  - id: db',
      '    match: [DB_PASSWORD]',
      '# end of register',
      '',
    ].join('\n');

    it('adds an identity after the last one, keeping comments, quoting and flow maps byte for byte', () => {
      const out = addIdentity(original, {
        id: 'sendgrid-key', kind: 'api_key', provider: 'SendGrid', owners: { business: 'group:payments', technical: 'user:jdoe' },
        purpose: 'Receipts: transactional email', environment: 'production', rotation: 'P90D', lastRotated: '2026-01-15', match: ['SENDGRID_API_KEY'],
      });
      assert.equal(out, original.replace('    match: [DB_PASSWORD]\n', [
        '    match: [DB_PASSWORD]',
        '  - id: sendgrid-key',
        '    kind: api_key',
        '    provider: SendGrid',
        '    owners:',
        '      business: group:payments',
        '      technical: user:jdoe',
        '    purpose: "Receipts: transactional email"',
        '    environment: production',
        '    rotation: P90D',
        '    lastRotated: 2026-01-15',
        '    match:',
        '      - SENDGRID_API_KEY',
        '',
      ].join('\n')));
      const reg = parseRegister(out);
      assert.deepEqual(reg.issues, []);
      assert.deepEqual(reg.identities.map((i) => i.id), ['stripe-live-key', 'db', 'sendgrid-key']);
      assert.equal(reg.identities[2].purpose, 'Receipts: transactional email');
    });

    it('follows the file: a list written flush with its key, CRLF line endings', () => {
      const flush = 'identities:\n- id: a\n  match: [A_TOKEN]\n';
      assert.equal(addIdentity(flush, { id: 'b', match: ['B_TOKEN'] }), 'identities:\n- id: a\n  match: [A_TOKEN]\n- id: b\n  match:\n    - B_TOKEN\n');
      const crlf = 'identities:\r\n  - id: a # first\r\n';
      assert.equal(addIdentity(crlf, { id: 'b' }), 'identities:\r\n  - id: a # first\r\n  - id: b\r\n');
    });

    it('creates the list in an empty register, after comments, or in place of []', () => {
      assert.equal(addIdentity('', { id: 'a', match: ['A_TOKEN'] }), 'identities:\n  - id: a\n    match:\n      - A_TOKEN\n');
      assert.equal(addIdentity('# owners of our keys\n', { id: 'a' }), '# owners of our keys\nidentities:\n  - id: a\n');
      assert.equal(addIdentity('version: 1 # v\nidentities: [] # none yet\n', { id: 'a' }), 'version: 1 # v\nidentities:\n  - id: a # none yet\n');
      assert.equal(addIdentity('version: 1\nidentities:\n', { id: 'a' }), 'version: 1\nidentities:\n  - id: a\n');
      assert.equal(addIdentity('version: 1', { id: 'a' }), 'version: 1\nidentities:\n  - id: a\n');
    });

    it('refuses a taken id, an invalid identity, and a register with YAML errors', () => {
      assert.throws(() => addIdentity(original, { id: 'db' }), (e: Error) => e instanceof RegisterEditError && /already exists/.test(e.message));
      assert.throws(() => addIdentity(original, { id: 'x', owners: { business: 'payments' } }), (e: Error) => e instanceof RegisterEditError && /owners\.business: an entity ref/.test(e.message));
      assert.throws(() => addIdentity('identities: [\n', { id: 'x' }), (e: Error) => e instanceof RegisterEditError && /YAML error on line/.test(e.message));
    });

    it('adds a reference to a block list, a flow list, or a new match key', () => {
      const block = addMatch(original, 'stripe-live-key', 'k8s:Secret/stripe');
      assert.equal(block, original.replace('      - STRIPE_SECRET_KEY\n', '      - STRIPE_SECRET_KEY\n      - k8s:Secret/stripe\n'));
      const flow = addMatch(original, 'db', '{{resolve:secretsmanager:payments/db}}');
      assert.equal(flow, original.replace('[DB_PASSWORD]', '[DB_PASSWORD, "{{resolve:secretsmanager:payments/db}}"]'));
      const none = addMatch('identities:\n  - id: a\n    purpose: x # why\n  - id: b\n', 'a', 'A_TOKEN');
      assert.equal(none, 'identities:\n  - id: a\n    purpose: x # why\n    match:\n      - A_TOKEN\n  - id: b\n');
      assert.equal(addMatch('identities:\n  - id: a\n    match: []\n', 'a', 'A_TOKEN'), 'identities:\n  - id: a\n    match: [A_TOKEN]\n');
      assert.equal(addMatch('identities:\n  - id: a\n    match:\n', 'a', '*_TOKEN'), 'identities:\n  - id: a\n    match:\n      - "*_TOKEN"\n');
      for (const text of [block, flow, none]) assert.deepEqual(parseDocument(text).errors, []);
      assert.deepEqual(parseRegister(flow).identities[1].match, ['DB_PASSWORD', '{{resolve:secretsmanager:payments/db}}']);
    });

    it('leaves the text alone when the reference is already listed, and names a missing identity', () => {
      assert.equal(addMatchEdit(original, 'stripe-live-key', 'STRIPE_SECRET_KEY'), undefined);
      assert.equal(addMatch(original, 'db', 'DB_PASSWORD'), original);
      assert.throws(() => addMatch(original, 'nope', 'X_TOKEN'), (e: Error) => e instanceof RegisterEditError && /no identity with id "nope"/.test(e.message));
    });

    it('returns a single insertion the editor can apply as a workspace edit', () => {
      const edit = addIdentityEdit(original, { id: 'x' });
      assert.equal(edit.start, edit.end);
      assert.equal(edit.newText, '\n  - id: x');
      assert.equal(original.slice(0, edit.start).split('\n').length, 13);
    });

    it('falls back to the Document API for a flow list of identities, still keeping comments', () => {
      const out = addIdentity('# keep me\nidentities: [{id: a}] # and me\n', { id: 'b' });
      assert.match(out, /# keep me/);
      assert.match(out, /# and me/);
      assert.deepEqual(parseRegister(out).identities.map((i) => i.id), ['a', 'b']);
    });
  });
});
