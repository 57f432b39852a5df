// The built-in rules are made from a table of their data (src/core/rules/table.generated.ts, written by
// scripts/gen-rule-table.mjs), not by running the providers' modules: each must be its provider's rule,
// field for field, and a run that needs no rule's code must not run the providers at all.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { builtinRules, type Rule } from '../../src/core/rules';
import { rules as agents } from '../../src/core/rules/providers/agents';
import { rules as calls } from '../../src/core/rules/providers/calls';
import { rules as cloud } from '../../src/core/rules/providers/cloud';
import { rules as credentialHygiene } from '../../src/core/rules/providers/credential-hygiene';
import { rules as files } from '../../src/core/rules/providers/files';
import { rules as generic } from '../../src/core/rules/providers/generic';
import { rules as github } from '../../src/core/rules/providers/github';
import { rules as iac } from '../../src/core/rules/providers/iac';
import { rules as keyFiles } from '../../src/core/rules/providers/key-files';
import { rules as saas } from '../../src/core/rules/providers/saas';
import { rules as toolFiles } from '../../src/core/rules/providers/tool-files';
import { rules as wallets } from '../../src/core/rules/providers/wallets';
import { REPO_ROOT } from './support/workspace';

/** The providers' own rules, in the list's order. */
const PROVIDED: readonly Rule[] = [...github, ...cloud, ...saas, ...credentialHygiene, ...files, ...keyFiles, ...toolFiles, ...wallets, ...iac, ...agents, ...calls, ...generic];
const CODE = ['validate', 'confidenceOf', 'samples'] as const;
const REGEXES = ['regex', 'paths'] as const;

describe('the built-in rules made from the table are the providers\' rules', () => {
  it('field for field: the data equal, the regular expressions the same source and flags, the code the same functions', () => {
    assert.equal(builtinRules.length, PROVIDED.length);
    PROVIDED.forEach((want, i) => {
      const got = builtinRules[i] as unknown as Record<string, unknown>;
      const wanted = want as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(wanted)) {
        if ((REGEXES as readonly string[]).includes(k)) {
          const re = got[k] as RegExp;
          assert.ok(re instanceof RegExp, `${want.id}.${k}`);
          assert.deepEqual([re.source, re.flags], [(v as RegExp).source, (v as RegExp).flags], `${want.id}.${k}`);
        } else if ((CODE as readonly string[]).includes(k)) assert.equal(got[k], v, `${want.id}.${k}`);
        else assert.deepEqual(got[k], v, `${want.id}.${k}`);
      }
      // Nothing more: a field the provider's rule does not have reads as absent.
      for (const k of [...REGEXES, ...CODE]) if (!(k in wanted)) assert.equal(got[k], undefined, `${want.id}.${k}`);
      // Once read, every field is the rule's own, as the provider's rule has it, and no other.
      assert.deepEqual(Object.keys(got).sort(), Object.keys(wanted).sort(), want.id);
    });
  });

  it('a field can be set, as on any rule', () => {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(builtinRules[1])) as Rule, builtinRules[1]);
    copy.regex = /x/;
    copy.validate = () => false;
    assert.equal(copy.regex.source, 'x');
    assert.equal(copy.validate?.('', [] as unknown as RegExpExecArray), false);
    assert.notEqual(builtinRules[1].regex.source, 'x');
  });

  it('the table is what the providers give now (scripts/gen-rule-table.mjs --check)', function () {
    this.timeout(60_000);
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/gen-rule-table.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('a scan that reads no rule\'s code runs none of saas, cloud or files (only the providers other modules import); reading a rule\'s code runs its provider', function () {
    this.timeout(60_000);
    const out = path.join(REPO_ROOT, 'out', 'src', 'core');
    const code = `
      const loaded = () => Object.keys(require.cache).filter((f) => f.includes('providers')).map((f) => require('path').basename(f, '.js')).sort();
      const { Engine } = require(${JSON.stringify(path.join(out, 'scan', 'engine.js'))});
      const { builtinRules } = require(${JSON.stringify(path.join(out, 'rules', 'index.js'))});
      const e = new Engine();
      const found = e.scanText('const config = { path: "/tmp/x", password: process.env.DB_PASSWORD, token: getToken() };\\n', 'app.ts');
      const before = loaded();
      const rule = builtinRules.find((r) => r.id === 'airtable-personal-access-token');
      const hasValidate = typeof rule.samples === 'object';
      process.stdout.write(JSON.stringify({ found: found.length, before, after: loaded(), hasValidate }));`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as { found: number; before: string[]; after: string[]; hasValidate: boolean };
    assert.equal(got.found, 0);
    assert.ok(!got.before.includes('saas') && !got.before.includes('cloud') && !got.before.includes('files'), got.before.join(' '));
    assert.ok(got.after.includes('saas'), got.after.join(' '));
    assert.ok(got.hasValidate);
  });
});
