// Custom rules are user-supplied regexes: they run in linear time (RE2), under a time budget per
// file, and a pattern that cannot run safely is refused at config load with a message naming the
// rule and the problem, never the pattern (which may hold a pasted secret).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { compileCustomRule, engineOptionsFrom, parseConfig, toEngineOptions } from '../../src/core/config/load';
import { CustomRuleSchema } from '../../src/core/config/schema';
import { UserError } from '../../src/core/errors';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { scanTaskSync } from '../../src/core/run/file';
import { CLI, REPO_ROOT, makeWorkspace } from './support/workspace';

const g = new SampleGen(314);
const rule = (over: Record<string, unknown>) => CustomRuleSchema.parse({ id: 'acme-key', description: 'ACME key', keywords: ['acme_'], ...over });
const engineWith = (...rules: Array<Record<string, unknown>>) => new Engine({ rules: rules.map((r) => compileCustomRule(rule(r))) });
/** The ReDoS pattern from the security review: exponential on V8 for a run of `a`s that fails at the end. */
const CATASTROPHIC = 'acme_(a+)+$';
const hostileLine = (n: number) => `x = "acme_${'a'.repeat(n)}!"`;

describe('custom rules', () => {
  it('run a catastrophic pattern in linear time (engine, in a child process that must not hang)', () => {
    // A child process so that a regression fails this test instead of hanging the whole run.
    const script = `
      const { compileCustomRule } = require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/config/load.js'))});
      const { CustomRuleSchema } = require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/config/schema.js'))});
      const { Engine } = require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/scan/engine.js'))});
      const r = compileCustomRule(CustomRuleSchema.parse({ id: 'acme-redos', description: 'd', keywords: ['acme_'], regex: ${JSON.stringify(CATASTROPHIC)} }));
      const e = new Engine({ rules: [r] });
      const t0 = performance.now();
      const out = e.scan(${JSON.stringify(Array.from({ length: 50 }, () => hostileLine(60)).join('\n'))}, 'a.py');
      process.stdout.write(JSON.stringify({ ms: performance.now() - t0, n: out.findings.length }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(r.signal, null, 'the engine hung on a catastrophic custom rule');
    assert.equal(r.status, 0, r.stderr);
    const { ms, n } = JSON.parse(r.stdout) as { ms: number; n: number };
    assert.equal(n, 0);
    assert.ok(ms < 2000, `took ${Math.round(ms)} ms`);
  });

  it('run a catastrophic pattern in linear time (CLI), and still report the other secrets', () => {
    const token = g.checksummedToken('ghp_');
    const ws = makeWorkspace({
      '.credential-hygiene.json': JSON.stringify({ customRules: [{ id: 'acme-redos', description: 'd', keywords: ['acme_'], regex: CATASTROPHIC }] }),
      'src/hostile.py': `${hostileLine(45)}\n${hostileLine(200)}\n`,
      'src/app.py': `GITHUB_TOKEN = "${token}"\n`,
    });
    try {
      const started = Date.now();
      const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', timeout: 20_000 });
      const ms = Date.now() - started;
      assert.equal(r.signal, null, 'the CLI hung on a catastrophic custom rule');
      assert.equal(r.status, 1, r.stderr);
      assert.ok(ms < 10_000, `took ${ms} ms`);
      const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; path: string }> };
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId]), [['src/app.py', 'github-pat-classic']]);
    } finally {
      ws.cleanup();
    }
  });

  it('keep JavaScript flags, capture groups, named groups, line breaks and UTF-16 offsets', () => {
    const key = g.lowerAlnum(24);
    const e = engineWith(
      { id: 'acme-key', regex: '^ACME_(?<k>KEY)=(acme_[a-z0-9]{24})$', flags: 'im', secretGroup: 2, keywords: ['acme_key'] },
      { id: 'acme-block', regex: 'begin acme(.+?)end acme', flags: 's', keywords: ['begin acme'], secretGroup: 1 },
    );
    // CRLF: in JavaScript `$` (m flag) matches before \r, and `.` stops at it.
    const text = `# 😀 é\r\nacme_key=acme_${key}\r\nother=1\r\n`;
    const [f] = e.scanText(text, 'x.txt');
    assert.equal(f?.ruleId, 'acme-key');
    assert.equal(text.slice(f.offset.start, f.offset.end), `acme_${key}`);
    assert.deepEqual(f.range.start, { line: 1, character: 9 });
    // `s`: dot matches line terminators (windows stay within a \n line: U+2028 is one for JavaScript).
    const block = `begin acme\u2028${g.alnum(20)}\u2028end acme\n`;
    assert.deepEqual(e.scanText(block, 'b.txt').map((x) => x.ruleId), ['acme-block']);
    assert.deepEqual(engineWith({ id: 'acme-block', regex: 'begin acme(.+?)end acme', keywords: ['begin acme'] }).scanText(block, 'b.txt'), []);
  });

  it('honour `paths` with the same engine', () => {
    const e = engineWith({ regex: '(acme_[a-z0-9]{24})', paths: '\\.cfg$' });
    const line = `k = acme_${g.lowerAlnum(24)}\n`;
    assert.equal(e.scanText(line, 'conf/app.cfg').length, 1);
    assert.equal(e.scanText(line, 'conf/app.py').length, 0);
  });

  for (const [what, regex, message] of [
    ['a backreference', '(acme_[a-z]+)\\1', /backreferences/],
    ['a named backreference', '(?<k>acme_[a-z]+)\\k<k>', /named backreferences/],
    ['a lookahead', '(acme_[a-z]+)(?=")', /lookahead/],
    ['a lookbehind', '(?<=")(acme_[a-z]+)', /lookbehind/],
    ['a repeat count RE2 cannot compile', '(acme_[a-z]{1,5000})', /not supported by the linear-time regex engine \(RE2\): invalid repeat count/],
  ] as const) {
    it(`refuse ${what}, naming the rule and the problem`, () => {
      assert.throws(() => parseConfig(JSON.stringify({ customRules: [{ id: 'acme-key', description: 'd', keywords: ['acme_'], regex }] }), 'cfg.json'),
        (e: Error) => e instanceof UserError && /^cfg\.json: custom rule "acme-key": "regex": /.test(e.message) && message.test(e.message) && !e.message.includes(regex));
    });
  }

  it('never echo the pattern in an error: it may hold a pasted secret', () => {
    const secret = g.alnum(32);
    for (const [regex, paths] of [[`(acme_${secret}`, undefined], [`(acme_${secret})(?!x)`, undefined], [`acme_${secret}`, undefined], ['(acme_[a-z]+)', `[${secret}`]]) {
      const raw = JSON.stringify({ customRules: [{ id: 'acme-pasted', description: 'd', keywords: ['acme_'], regex, paths }] });
      assert.throws(() => parseConfig(raw, 'cfg.json'), (e: Error) => e instanceof UserError && e.message.includes('"acme-pasted"') && !e.message.includes(secret.slice(8, 20)));
      const ws = makeWorkspace({ '.credential-hygiene.json': raw, 'a.txt': 'x\n' });
      try {
        const r = spawnSync(process.execPath, [CLI, 'scan', '.'], { cwd: ws.dir, encoding: 'utf8', timeout: 20_000 });
        assert.equal(r.status, 2);
        assert.match(r.stderr, /custom rule "acme-pasted"/);
        assert.ok(!(r.stdout + r.stderr).includes(secret.slice(8, 20)), 'the CLI echoed part of the pattern');
      } finally {
        ws.cleanup();
      }
    }
  });

  it('stop at the time budget and report the file as skipped, naming the rule, keeping other findings', () => {
    const { config } = parseConfig(JSON.stringify({ customRules: [{ id: 'acme-slow', description: 'd', keywords: ['acme_'], regex: '(acme_[a-z0-9]{24})' }] }), 'cfg.json');
    const engine = new Engine({ ...toEngineOptions(engineOptionsFrom(config)), userRegexBudgetMs: 0 });
    const token = g.checksummedToken('ghp_');
    const content = `t = "${token}"\nk = acme_${g.lowerAlnum(24)}\n`;
    const scanned = engine.scan(content, 'a.py');
    assert.deepEqual(scanned.timedOut, { ruleId: 'acme-slow', budgetMs: 0 });
    const r = scanTaskSync({ engine }, { rel: 'a.py', content }, 1 << 20);
    assert.equal(r.skipped?.reason, 'rule-timeout');
    assert.match(r.skipped.detail, /custom rule "acme-slow"/);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['github-pat-classic']);
    // With the default budget the same text is scanned whole.
    const normal = new Engine(toEngineOptions(engineOptionsFrom(config))).scan(content, 'a.py');
    assert.equal(normal.timedOut, undefined);
    assert.deepEqual(normal.findings.map((f) => f.ruleId), ['github-pat-classic', 'acme-slow']);
  });
});
