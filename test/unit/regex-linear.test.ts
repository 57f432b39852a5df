// Every regular expression literal of the product outside the rules (which regex-safety.test.ts runs on
// hostile lines) is tried on runs that make a backtracking pattern quadratic or worse: blank lines,
// spaces, quotes, capitals, digits, separators. These patterns read whole files (ownership discovery,
// the fixes, suppressions, certificates), and a workspace's file is the workspace's input: one that
// takes seconds on a 40,000-character run would take hours on a few megabytes. A linear pattern takes
// well under a millisecond here; the guard leaves two orders of magnitude for a slow machine.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT } from './support/workspace';

const GUARD_MS = 200;
const N = 40_000;
const RUNS: Record<string, string> = {
  'blank lines': '\n'.repeat(N), 'CRLF lines': '\r\n'.repeat(N / 2), spaces: ' '.repeat(N), 'spaces, tabs and breaks': ' \t\n'.repeat(N / 3),
  letters: 'a'.repeat(N), words: 'a '.repeat(N / 2), capitals: 'QUJD'.repeat(N / 4), digits: '1'.repeat(N), quotes: '"'.repeat(N),
  'single quotes': "'".repeat(N), assignments: 'x='.repeat(N / 2), colons: 'a:'.repeat(N / 2), dots: 'a.'.repeat(N / 2),
  slashes: 'a/'.repeat(N / 2), dashes: '-'.repeat(N), underscores: '_'.repeat(N), backslashes: '\\'.repeat(N), braces: '{'.repeat(N),
  'key: value': 'key: '.repeat(N / 5), comments: '# '.repeat(N / 2), tags: '<a'.repeat(N / 2),
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.endsWith(path.join('rules', 'providers')) ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function literals(file: string): Array<{ where: string; re: RegExp }> {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ where: string; re: RegExp }> = [];
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = n.getText(sf);
      const end = text.lastIndexOf('/');
      const where = `${path.relative(REPO_ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
      out.push({ where, re: new RegExp(text.slice(1, end), text.slice(end + 1).replace(/[gy]/g, '')) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('regular expressions outside the rules run in linear time', () => {
  const all = sources(path.join(REPO_ROOT, 'src')).flatMap(literals);

  it('finds the product\'s patterns', () => {
    assert.ok(all.length > 300, `only ${all.length} regular expression literals found`);
  });

  it(`none takes over ${GUARD_MS} ms on a ${N.toLocaleString('en')}-character run`, () => {
    const slow: string[] = [];
    for (const { where, re } of all) {
      for (const [name, text] of Object.entries(RUNS)) {
        const started = performance.now();
        re.test(text);
        const ms = performance.now() - started;
        if (ms > GUARD_MS) slow.push(`${where} ${re} on ${name}: ${Math.round(ms)} ms`);
      }
    }
    assert.deepEqual(slow, []);
  });
});
