// Precision and recall of the full built-in rule set on a labelled corpus of realistic files (apps,
// configs, CI, infrastructure, credential files, docs, lockfiles) in many languages. The corpus is a
// set of templates whose secrets and generated look-alikes are filled in at run time with a seeded
// generator (see support/corpus.ts), so the numbers are reproducible and the repository stays clean.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../src/core/findings';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { contextTier } from '../../src/core/text/syntax';
import { LineIndex } from '../../src/core/text/lines';
import { fillTemplate, listTemplates, scannedPath, type Planted } from './support/corpus';

const CORPUS = path.join(__dirname, '../../../test/corpus');
const SEED = 0xc0ffee;
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.98;

/** Files that must produce no finding at all: lockfiles, examples, references, ciphertext, public material. */
const MUST_BE_CLEAN = [
  'webapp/package-lock.json',
  'rust-worker/Cargo.lock',
  'services/billing/go.sum',
  'webapp/.env.example',
  'platform/deploy/secrets-references.yaml',
  'platform/deploy/secrets.prod.enc.yaml',
  'platform/k8s/sealed-secret.yaml',
  'config/.env.production',
  'home/.ssh/authorized_keys',
  'home/.ssh/id_ed25519.pub',
  'certs/shop.example.com.crt',
];

interface FileResult {
  path: string;
  lines: LineIndex;
  planted: Planted[];
  findings: Finding[];
  /** Positives no finding overlaps. */
  missed: Planted[];
  /** Findings that overlap no positive. */
  falsePositives: Finding[];
  /** Positives found, but not at exactly their range. */
  inexact: Planted[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function evaluate(): FileResult[] {
  const engine = new Engine();
  const g = new SampleGen(SEED);
  return listTemplates(CORPUS).map((template) => {
    const { text, planted } = fillTemplate(readFileSync(path.join(CORPUS, template), 'utf8'), g);
    const rel = scannedPath(template);
    const findings = engine.scanText(text, rel);
    const positives = planted.filter((p) => p.polarity === 'pos');
    const missed = positives.filter((p) => !findings.some((f) => overlaps(f.offset, p)));
    const inexact = positives.filter((p) => !missed.includes(p) && !findings.some((f) => f.offset.start === p.start && f.offset.end === p.end));
    const falsePositives = findings.filter((f) => !positives.some((p) => overlaps(f.offset, p)));
    return { path: rel, lines: new LineIndex(text), planted, findings, missed, falsePositives, inexact };
  });
}

/** `line:column`, 1-based. */
function at(r: FileResult, offset: number): string {
  const p = r.lines.position(offset);
  return `${p.line + 1}:${p.character + 1}`;
}

function where(r: FileResult, offset: number): string {
  return `${r.path}:${at(r, offset)}`;
}

/** What a false positive landed on: a planted look-alike, a hand-written negative, or ordinary text. */
function landedOn(r: FileResult, f: Finding): string {
  const hit = r.planted.find((p) => p.polarity !== 'pos' && overlaps(f.offset, p));
  return hit ? (hit.polarity === 'lit' ? 'lit' : `neg:${hit.kind}`) : 'text';
}

describe('labelled corpus', () => {
  let results: FileResult[] = [];
  let precision = 0;
  let recall = 0;

  before(() => {
    results = evaluate();
    const all = results.flatMap((r) => r.planted);
    const positives = all.filter((p) => p.polarity === 'pos').length;
    const negatives = all.length - positives;
    const findings = results.reduce((n, r) => n + r.findings.length, 0);
    const fp = results.reduce((n, r) => n + r.falsePositives.length, 0);
    const fn = results.reduce((n, r) => n + r.missed.length, 0);
    const inexact = results.reduce((n, r) => n + r.inexact.length, 0);
    precision = findings ? (findings - fp) / findings : 1;
    recall = positives ? (positives - fn) / positives : 1;

    const out: string[] = [];
    out.push(`corpus: ${results.length} files, ${positives} positives, ${negatives} hard negatives ` +
      `(${all.filter((p) => p.polarity === 'neg').length} generated, ${all.filter((p) => p.polarity === 'lit').length} literal)`);
    out.push(`findings: ${findings}  TP: ${positives - fn}  FN: ${fn}  FP: ${fp}  inexact ranges: ${inexact}`);
    out.push(`precision: ${precision.toFixed(3)}  recall: ${recall.toFixed(3)}`);
    const troubled = results.filter((r) => r.missed.length || r.falsePositives.length || r.inexact.length);
    if (troubled.length) out.push(`${'file'.padEnd(60)} pos  miss  fp`);
    for (const r of troubled) {
      const pos = r.planted.filter((p) => p.polarity === 'pos').length;
      out.push(`${r.path.padEnd(60)} ${String(pos).padStart(3)} ${String(r.missed.length).padStart(5)} ${String(r.falsePositives.length).padStart(3)}`);
      for (const p of r.missed) out.push(`  MISS ${at(r, p.start)}  pos:${p.kind}`);
      for (const f of r.falsePositives) out.push(`  FP   ${at(r, f.offset.start)}  ${f.ruleId}  ${f.preview}  on ${landedOn(r, f)}`);
      for (const p of r.inexact) {
        const f = r.findings.find((x) => overlaps(x.offset, p));
        out.push(`  ~    ${at(r, p.start)}  pos:${p.kind} reported by ${f?.ruleId} at ${f ? at(r, f.offset.start) : '?'}, ${f?.preview}`);
      }
    }
    console.log(out.map((l) => `      ${l}`).join('\n'));
  });

  it('is big and varied enough to mean something', () => {
    const all = results.flatMap((r) => r.planted);
    assert.ok(results.length >= 40, `only ${results.length} files`);
    assert.ok(all.filter((p) => p.polarity === 'pos').length >= 150, 'fewer than 150 positives');
    assert.ok(all.filter((p) => p.polarity !== 'pos').length >= 150, 'fewer than 150 hard negatives');
  });

  it(`has precision >= ${MIN_PRECISION}`, () => {
    assert.ok(precision >= MIN_PRECISION, `precision ${precision.toFixed(3)}`);
  });

  it(`has recall >= ${MIN_RECALL}`, () => {
    assert.ok(recall >= MIN_RECALL, `recall ${recall.toFixed(3)}`);
  });

  it('reports nothing in lockfiles, .env.example, vault-reference, encrypted and public-key files', () => {
    const found: string[] = [];
    for (const p of MUST_BE_CLEAN) {
      const r = results.find((x) => x.path === p);
      assert.ok(r, `${p} is missing from the corpus`);
      found.push(...r.findings.map((f) => `${where(r, f.offset.start)} ${f.ruleId} ${f.preview}`));
    }
    assert.deepEqual(found, []);
  });

  it('never reports a planted look-alike as a provider token', () => {
    const bad = results.flatMap((r) => r.falsePositives
      .filter((f) => f.provider !== 'Generic' && landedOn(r, f).startsWith('neg:'))
      .map((f) => `${where(r, f.offset.start)} ${f.ruleId} on ${landedOn(r, f)}`));
    assert.deepEqual(bad, []);
  });

  it('reports provider-prefixed secrets under a provider rule, not a generic one', () => {
    const prefixed = /^(?:github-|npm-token|stripe-|slack-|sendgrid|openai|anthropic|gitlab-pat|pypi|docker-pat|shopify|digitalocean)/;
    const generic = results.flatMap((r) => r.planted
      .filter((p) => p.polarity === 'pos' && prefixed.test(p.kind))
      .flatMap((p) => r.findings.filter((f) => overlaps(f.offset, p) && f.provider === 'Generic')
        .map((f) => `${where(r, p.start)} pos:${p.kind} reported as ${f.ruleId}`)));
    assert.deepEqual(generic, []);
  });

  it('reports its positives at medium or high confidence, so they fail a build at the default --min-confidence', () => {
    // The exception: a generic (heuristic) finding in a test fixture or documentation is low by design.
    const low = results.flatMap((r) => r.planted
      .filter((p) => p.polarity === 'pos')
      .flatMap((p) => r.findings.filter((f) => overlaps(f.offset, p) && f.confidence === 'low')
        .filter((f) => !(f.provider === 'Generic' && contextTier(r.path)))
        .map((f) => `${where(r, p.start)} pos:${p.kind} reported by ${f.ruleId} at low confidence`)));
    assert.deepEqual(low, []);
  });

  it('lowers the confidence of findings in test fixtures and documentation', () => {
    const tiered = results.filter((r) => contextTier(r.path)).flatMap((r) => r.findings);
    assert.ok(tiered.length >= 5, `only ${tiered.length} findings in test fixtures and docs`);
    assert.deepEqual(tiered.filter((f) => f.confidence === 'high').map((f) => `${f.path} ${f.ruleId}`), []);
  });

  it('never puts a secret value in a finding', () => {
    for (const r of results) {
      const text = r.lines.text;
      for (const f of r.findings) {
        const secret = text.slice(f.offset.start, f.offset.end);
        assert.ok(secret.length < 8 || !JSON.stringify(f).includes(secret), `${where(r, f.offset.start)} leaks its value`);
      }
    }
  });
});
