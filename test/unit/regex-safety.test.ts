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

  // A rule that validates each match against its window (a provider's name near a token, a key's
  // structure) on a window holding thousands of its own matches: the validation must not read the
  // window again for every match (okta-api-token took 97 s on such a line before it asked once per window).
  for (const rule of builtinRules.filter((r) => r.multiline && r.validate)) {
    it(`${rule.id}: its own true sample, repeated over 1 MiB`, () => {
      const engine = new Engine({ rules: [rule] });
      // A true sample as written, or the rule's bare secret beside its first keyword (the provider's name).
      const g = new SampleGen(5);
      const bare = rule.samples.secret?.(g);
      const sample = rule.samples.truePositives?.(g).find((x) => typeof x === 'string' || 'text' in x) ?? (bare && `${rule.keywords[0]}_token = "${bare}"`);
      assert.ok(sample, 'a text sample');
      const { text, path } = typeof sample === 'string' ? { text: sample, path: 'src/config.txt' } : sample as { text: string; path: string };
      const t = performance.now();
      const found = engine.scanText(fill(`${text}\n`), path).length;
      const ms = performance.now() - t;
      assert.ok(found > 100, `the sample repeated is found (${found} findings): the line exercises the validation`);
      assert.ok(ms < HANG_GUARD_MS * 2, `${ms.toFixed(0)} ms (${found} findings)`);
    });
  }

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
