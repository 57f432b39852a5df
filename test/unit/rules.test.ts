// Every rule proves itself with its own samples: its bare secret is found, exactly, in every syntax;
// its true positives are found; its false positives are not. Samples are generated at run time.
import * as assert from 'node:assert/strict';
import { builtinRules } from '../../src/core/rules';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { SEVERITIES, CONFIDENCES, CREDENTIAL_KINDS, type Rule, type Sample } from '../../src/core/rules/types';
import { Engine } from '../../src/core/scan/engine';
import { analyzeBinary } from '../../src/core/analysis/analyze';
import { readForStructure } from '../../src/core/certs/discover';
import { decode } from '../../src/core/files/read';
import type { Finding } from '../../src/core/findings';
import { redactText } from '../../src/core/scan/redact-text';
import { embeddings } from './support/embed';
import { assertRedacted } from './support/preview';

const full = new Engine();
type TextSample = { path: string; text: string };
const asFile = (s: Sample, fallback: string): TextSample | { path: string; bytes: Uint8Array } => (typeof s === 'string' ? { path: fallback, text: s } : s);

/** A sample's findings as a scan of its file would have them: text scanned, a binary file read for its structure. */
function findingsIn(engine: Engine, s: TextSample | { path: string; bytes: Uint8Array }): Finding[] {
  if ('text' in s) return engine.scanText(s.text, s.path);
  // As a scan reads a file (run/file.ts): binary by its NUL bytes, or by its DER key structure.
  const d = decode(s.bytes);
  if (readForStructure(s.bytes, s.path, 'skip' in d && d.skip === 'binary')) return analyzeBinary(s.bytes, s.path, { engine })?.findings ?? [];
  return 'text' in d ? engine.scanText(d.text, s.path) : [];
}
const shown = (s: TextSample | { path: string; bytes: Uint8Array }) => ('text' in s ? s.text.slice(0, 200) : `<${s.bytes.length} bytes>`);

describe('built-in rules', () => {
  it('has at least 120 rules with unique kebab-case ids', () => {
    assert.ok(builtinRules.length >= 120, `only ${builtinRules.length} rules`);
    const ids = builtinRules.map((r) => r.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  for (const rule of builtinRules) describeRule(rule);
});

function describeRule(rule: Rule): void {
  describe(rule.id, () => {
    const single = new Engine({ rules: [rule] });
    const seed = [...rule.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

    it('is well-formed', () => {
      assert.ok(SEVERITIES.includes(rule.severity) && CONFIDENCES.includes(rule.confidence) && CREDENTIAL_KINDS.includes(rule.kind));
      assert.ok(!rule.regex.flags.includes('g'), 'regex must not carry the g flag');
      assert.ok(rule.keywords.length > 0 || rule.paths, 'needs keywords or a path scope');
      for (const k of rule.keywords) assert.equal(k, k.toLowerCase(), `keyword ${k} must be lower case`);
      assert.ok(rule.samples.secret || rule.samples.truePositives, 'needs a sample secret or true positives');
      assert.ok(rule.samples.falsePositives(new SampleGen(seed)).length >= 2, 'needs at least two false-positive samples');
      assert.match(rule.envName, /^[A-Z][A-Z0-9_]*$/);
      // Every output is redacted: a description that reads like an assignment would show garbled.
      assert.equal(redactText(rule.description), rule.description, 'the description survives the output redaction unchanged');
    });

    const { secret } = rule.samples;
    if (secret) {
      it('finds its secret, exactly, in every syntax', () => {
        const value = secret(new SampleGen(seed));
        for (const e of embeddings(rule.envName, value)) {
          if (!e.assignment && rule.confidence === 'low') continue;
          if (rule.paths && !rule.paths.test(e.path)) continue;
          const found = single.scanText(e.text, e.path).map((f) => e.text.slice(f.offset.start, f.offset.end));
          assert.ok(found.includes(value), `${e.syntax} (${e.path}): not found in\n${e.text}\nfound: ${found.length}`);
          const all = full.scanText(e.text, e.path);
          const same = all.find((f) => e.text.slice(f.offset.start, f.offset.end) === value);
          assert.ok(same, `${e.syntax}: the full rule set lost it`);
          if (rule.confidence !== 'low') assert.equal(same.ruleId, rule.id, `${e.syntax}: reported as ${same.ruleId}`);
        }
      });
    }
    const { truePositives } = rule.samples;
    if (truePositives) {
      it('finds each true positive', () => {
        for (const s of truePositives(new SampleGen(seed + 1))) {
          const f = asFile(s, 'src/sample.txt');
          assert.ok(findingsIn(single, f).length > 0, `missed in ${f.path}:\n${shown(f)}`);
        }
      });
    }
    it('previews show no character of a secret beyond the public prefix', () => {
      const samples: Array<TextSample | { path: string; bytes: Uint8Array }> = [];
      if (secret) for (const e of embeddings(rule.envName, secret(new SampleGen(seed)))) if (!rule.paths || rule.paths.test(e.path)) samples.push(e);
      for (const s of truePositives?.(new SampleGen(seed + 1)) ?? []) samples.push(asFile(s, 'src/sample.txt'));
      let seen = 0;
      for (const sample of samples) {
        for (const f of findingsIn(full, sample)) {
          const secret = 'text' in sample ? sample.text.slice(f.offset.start, f.offset.end) : Buffer.from(sample.bytes).toString('base64');
          assertRedacted(f, secret, sample.path);
          seen++;
        }
      }
      assert.ok(seen > 0 || samples.length === 0, 'no finding to check');
    });

    it('reports none of its false positives', () => {
      for (const s of rule.samples.falsePositives(new SampleGen(seed + 2))) {
        const f = asFile(s, 'src/sample.txt');
        const found = findingsIn(single, f);
        assert.equal(found.length, 0, `false positive in ${f.path}: ${shown(f)} -> ${found.map((x) => x.preview).join(', ')}`);
      }
    });
  });
}
