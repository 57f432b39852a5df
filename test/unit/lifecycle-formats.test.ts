// The lifecycle in every format a lead hands on: the CSV inventory carries review and retirement, the
// Markdown inventory says when a review or retirement is due or done, and the Markdown workspace report
// names the OWASP NHI risks of the open findings, as the HTML report charts them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { CLI, makeWorkspace } from './support/workspace';

const REGISTER = [
  'identities:',
  '  - id: reviewed-key',
  '    owners: { business: group:payments, technical: group:payments }',
  '    purpose: charges',
  '    environment: production',
  '    rotation: P90D',
  '    lastRotated: 2026-02-01',
  '    review: P180D',
  '    lastReviewed: 2026-01-10',
  '    match: [REVIEWED_API_KEY]',
  '  - id: old-key',
  '    owners: { business: group:payments, technical: group:payments }',
  '    purpose: the old importer',
  '    environment: production',
  '    retired: 2026-02-15',
  '    match: [OLD_API_KEY]',
  '',
].join('\n');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--no-progress', '--now', '2026-03-01'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

describe('lifecycle in the inventory and report formats', function () {
  this.timeout(60_000);
  const g = new SampleGen(4242);
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => {
    ws = makeWorkspace({
      'credentials.yaml': REGISTER,
      'src/pay.ts': 'export const key = process.env.REVIEWED_API_KEY;\n',
      'src/legacy.ts': `export const ledgerToken = "${g.checksummedToken('ghp_')}";\n`,
    });
  });
  after(() => ws.cleanup());

  it('CSV: review, last_reviewed, next_review and retired columns', () => {
    const rows = parse(cli(['inventory', '--format', 'csv'], ws.dir), { columns: true }) as Array<Record<string, string>>;
    const reviewed = rows.find((r) => r.id === 'reviewed-key');
    const old = rows.find((r) => r.id === 'old-key');
    assert.deepEqual([reviewed?.review, reviewed?.last_reviewed, reviewed?.next_review, reviewed?.retired], ['P180D', '2026-01-10', '2026-07-09', '']);
    assert.deepEqual([old?.status, old?.retired], ['retired', '2026-02-15']);
  });

  it('Markdown inventory: when the review is due, and when it was retired', () => {
    const md = cli(['inventory', '--format', 'markdown'], ws.dir);
    assert.match(md, /`reviewed-key`[^\n]*review by 2026-07-09/);
    assert.match(md, /`old-key`[^\n]*retired 2026-02-15/);
  });

  it('Markdown report: the OWASP NHI risks of the open findings', () => {
    const md = cli(['report', '--format', 'markdown'], ws.dir);
    assert.match(md, /\*\*OWASP NHI risks:\*\* [^\n]*NHI2 Secret Leakage \(1\)/);
  });
});
