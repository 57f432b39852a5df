// Every rule on hostile 1 MiB single lines (its own keywords repeated, keyword + endless token
// characters, minified-looking code). This guards against catastrophic backtracking: a rule that
// goes quadratic or exponential takes seconds to minutes here. `npm run bench` measures the real
// times (target: under 50 ms a line); this test only fails on a hang-scale cost.
import * as assert from 'node:assert/strict';
import { builtinRules } from '../../src/core/rules';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';

const MIB = 1024 * 1024;
const HANG_GUARD_MS = 1500;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
}

function hostileLines(keywords: readonly string[], g: SampleGen): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  for (const k of keywords.slice(0, 3)) {
    lines.push([`"${k}" repeated`, fill(k)]);
    lines.push([`"${k}" then token characters`, k + fill(g.alnum(61))]);
    lines.push([`"${k}" with separators`, fill(`${k}=${g.base64(20)}:`)]);
    lines.push([`"${k}" with URL-ish text`, fill(`${k}://u:${g.alnum(6)}@`)]);
  }
  return lines;
}

describe('regex safety on 1 MiB single lines', function () {
  this.timeout(120_000);
  const g = new SampleGen(11);

  it('the full rule set on minified code, base64 and credential-ish noise', () => {
    const engine = new Engine();
    const lines: Array<[string, string]> = [
      ['minified JS', fill('var a=function(b,c){return b.token+c.password||"x"};')],
      ['base64 blob', fill(g.base64(64))],
      ['password= repeated', fill('password=')],
      ['every keyword', fill([...new Set(builtinRules.flatMap((r) => r.keywords))].join(' '))],
      ['PEM header then base64', '-----BEGIN PRIVATE KEY-----' + fill(g.base64(64))],
    ];
    for (const [label, line] of lines) {
      const t = performance.now();
      engine.scanText(line, 'bundle.min.js');
      const ms = performance.now() - t;
      assert.ok(ms < HANG_GUARD_MS * 4, `${label}: ${ms.toFixed(0)} ms`);
    }
  });

  for (const rule of builtinRules) {
    it(rule.id, () => {
      const engine = new Engine({ rules: [rule] });
      // A path-scoped rule runs on a file in its scope (the path of one of its own samples).
      const samplePaths = (rule.samples.truePositives?.(new SampleGen(3)) ?? []).flatMap((s) => (typeof s === 'string' ? [] : [s.path]));
      const file = (rule.paths && samplePaths.find((p) => rule.paths!.test(p))) || 'a/.netrc';
      for (const [label, line] of hostileLines(rule.keywords.length ? rule.keywords : ['password'], g)) {
        const t = performance.now();
        engine.scanText(line, file);
        const ms = performance.now() - t;
        assert.ok(ms < HANG_GUARD_MS, `${label}: ${ms.toFixed(0)} ms`);
      }
    });
  }
});
