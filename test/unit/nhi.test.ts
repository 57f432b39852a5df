// The OWASP Non-Human Identities Top 10 (2025) on every rule: the mapping is total, `rules --format json`
// carries it, and a real scan's SARIF has it as `OWASP-NHI*` tags and stays valid SARIF 2.1.0
// (the OASIS schema, vendored in test/fixtures/schemas, validated with ajv draft-04).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { OWNERSHIP_RULE_IDS } from '../../src/core/ownership/rules';
import { builtinRules } from '../../src/core/rules';
import { NHI_IDS, NHI_RISKS, nhiOf, nhiTags } from '../../src/core/rules/nhi';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace, REPO_ROOT } from './support/workspace';

const g = new SampleGen(2025);

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('OWASP NHI Top 10 mapping', () => {
  it('maps every rule, secret and owner/*, to at least one of the ten risks', () => {
    assert.equal(NHI_IDS.length, 10);
    for (const id of [...builtinRules.map((r) => r.id), ...OWNERSHIP_RULE_IDS]) {
      const risks = nhiOf(id);
      assert.ok(risks.length > 0, `${id} has no OWASP NHI risk`);
      for (const r of risks) assert.ok(r in NHI_RISKS, `${id}: ${r} is not an OWASP NHI id`);
    }
  });

  it('uses the risks leads know: hard-coded secrets NHI2, expiry and rotation NHI7, shared environments NHI8, unreferenced NHI1', () => {
    for (const r of builtinRules) assert.deepEqual(nhiOf(r.id), ['NHI2'], r.id);
    assert.ok(nhiOf('owner/expired').includes('NHI7'));
    assert.ok(nhiOf('owner/rotation-overdue').includes('NHI7'));
    assert.ok(nhiOf('owner/shared-across-environments').includes('NHI8'));
    assert.deepEqual(nhiOf('owner/unreferenced'), ['NHI1']);
    assert.deepEqual(nhiTags('owner/expired'), ['OWASP-NHI7']);
    assert.deepEqual(nhiOf('my-custom-rule'), ['NHI2'], 'a custom rule finds hard-coded secrets too');
  });

  it('rules --format json carries the ids of each rule', () => {
    const ws = makeWorkspace({});
    try {
      const rows = JSON.parse(cli(['rules', '--format', 'json'], ws.dir).stdout) as Array<{ id: string; owaspNhi: string[] }>;
      assert.equal(rows.length, builtinRules.length + OWNERSHIP_RULE_IDS.length);
      for (const r of rows) assert.deepEqual(r.owaspNhi, [...nhiOf(r.id)], r.id);
    } finally {
      ws.cleanup();
    }
  });

  it('SARIF of a real scan tags each rule with its OWASP-NHI ids and validates against the SARIF 2.1.0 schema', () => {
    const token = g.checksummedToken('ghp_');
    const ws = makeWorkspace({
      'src/deploy.ts': `export const token = "${token}";\nexport const db = process.env.PAYMENTS_DB_PASSWORD;\n`,
      'credentials.yaml': [
        'identities:',
        '  - id: old-importer',
        '    owners: { business: group:payments, technical: group:payments }',
        '    purpose: imports',
        '    environment: production',
        '    expires: 2025-01-01',
        '    match: [IMPORTER_TOKEN]',
        '',
      ].join('\n'),
    });
    try {
      const r = cli(['scan', '--format', 'sarif', '--no-progress', '--now', '2026-03-01'], ws.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!r.stdout.includes(token), 'the SARIF holds no secret');
      const sarif = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties: { tags: string[] } }> } } }> };
      const tags = Object.fromEntries(sarif.runs[0].tool.driver.rules.map((rule) => [rule.id, rule.properties.tags.filter((t) => t.startsWith('OWASP-'))]));
      assert.deepEqual(tags, {
        'github-pat-classic': ['OWASP-NHI2'],
        'owner/missing': ['OWASP-NHI1'],
        'owner/expired': ['OWASP-NHI7'],
        'owner/unreferenced': ['OWASP-NHI1'],
      });
      // Each rule links its documentation: the README section of its family.
      const help = Object.fromEntries((sarif.runs[0].tool.driver.rules as Array<{ id: string; helpUri?: string }>).map((rule) => [rule.id, rule.helpUri?.split('#')[1]]));
      assert.deepEqual(help, {
        'github-pat-classic': 'what-it-finds-and-what-it-leaves-alone',
        'owner/missing': 'ownership-every-credential-has-an-accountable-owner',
        'owner/expired': 'ownership-every-credential-has-an-accountable-owner',
        'owner/unreferenced': 'ownership-every-credential-has-an-accountable-owner',
      });
      // The schema's language pattern is not valid in unicode mode (a stray "]"): compile its patterns as plain RegExps.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/schemas/sarif-2.1.0.json'), 'utf8')));
      assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
    } finally {
      ws.cleanup();
    }
  });
});
