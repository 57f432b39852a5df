import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { builtinRules } from '../../src/core/rules';
import { KEYWORD_AUTOMATON_WASM } from '../../src/core/scan/keyword-automaton.wasm';
import { KeywordIndex } from '../../src/core/scan/keyword-index';

/** Every (keyword, start) pair, found the slow, obvious way. */
function naive(keywords: string[], text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  keywords.forEach((k, id) => {
    for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) out.push(`${id}@${i}`);
  });
  return out.sort();
}

function found(index: KeywordIndex, text: string): string[] {
  return inOrder(index, text).sort();
}

/** The hits in the order the index reports them. */
function inOrder(index: KeywordIndex, text: string): string[] {
  const out: string[] = [];
  const { ids, starts, count } = index.search(text);
  for (let k = 0; k < count; k++) out.push(`${ids[k]}@${starts[k]}`);
  return out;
}

/** An index whose automaton is built (a long text was searched), and a fresh one (short texts are searched keyword by keyword). */
function bothWays(keywords: string[]): [KeywordIndex, KeywordIndex] {
  const built = new KeywordIndex(keywords);
  built.search('x'.repeat(5000));
  return [built, new KeywordIndex(keywords)];
}

describe('keyword index (Aho-Corasick prefilter)', () => {
  it('finds every occurrence, overlapping and nested, ignoring ASCII case', () => {
    const keywords = ['he', 'she', 'his', 'hers', '_auth', 'secure_auth_key', 'auth'];
    const text = 'uSHErs and HIS _AUTH_ SECURE_AUTH_KEY authauth';
    assert.deepEqual(found(new KeywordIndex(keywords), text), naive(keywords, text));
  });

  it('agrees with a naive search on random texts and keyword sets', () => {
    const g = new SampleGen(17);
    for (let round = 0; round < 200; round++) {
      const keywords = [...new Set(Array.from({ length: 1 + g.int(12) }, () => g.chars('abAB_-', 1 + g.int(4)).toLowerCase()))];
      const text = g.chars('abAB_- x\u00e9\u4e2d', 50 + g.int(300));
      assert.deepEqual(found(new KeywordIndex(keywords), text), naive(keywords, text), `round ${round}: ${JSON.stringify(keywords)}`);
    }
  });

  it('short texts searched keyword by keyword report what the automaton reports, in its order', () => {
    const g = new SampleGen(23);
    for (let round = 0; round < 200; round++) {
      const keywords = [...new Set(Array.from({ length: 1 + g.int(12) }, () => g.chars('abAB_-k', 1 + g.int(4)).toLowerCase()))];
      // Kelvin sign and dotted capital I: lower-casing them (Unicode) gives ASCII or changes the length; ASCII folding does neither.
      const text = g.chars('abAB_- kK\u212a\u0130x\u00e9\u4e2d', 1 + g.int(300));
      const [built, fresh] = bothWays(keywords);
      const expected = inOrder(built, text);
      assert.deepEqual(inOrder(fresh, text), expected, `round ${round}: ${JSON.stringify(keywords)} in ${JSON.stringify(text)}`);
      // eslint-disable-next-line no-control-regex -- every non-ASCII character becomes one that no keyword holds
      assert.deepEqual([...expected].sort(), naive(keywords, text.replace(/[^\x00-\x7f]/g, '\u0000')));
    }
  });

  it('builds its automaton once short texts have cost more than building it would', () => {
    const keywords = ['password', 'token'];
    const index = new KeywordIndex(keywords);
    const text = 'const password = token;\n'.repeat(100); // 2,400 characters: short
    for (let i = 0; i < 40; i++) assert.deepEqual(found(index, text), naive(keywords, text)); // 96,000 characters in all
    assert.ok((index as unknown as { automaton?: object }).automaton, 'the automaton is built past the budget');
    assert.deepEqual(found(index, 'x'.repeat(5000) + text), naive(keywords, 'x'.repeat(5000) + text));
  });

  it('a search after one with more hits than its list keeps reports only its own, in order', () => {
    const keywords = ['ab', 'b'];
    const index = new KeywordIndex(keywords);
    const many = 'ab'.repeat(100_000); // 200,000 hits
    assert.equal(index.search(many).count, 200_000);
    const text = 'x'.repeat(5000) + 'AB b';
    assert.deepEqual(found(index, text), naive(keywords, text));
    assert.ok(index.search(text).ids.length <= 64 * 1024, 'the large list was let go');
  });

  describe('the scan loop in WebAssembly', () => {
    /** The same keywords twice, automatons built: the WebAssembly loop's and the JavaScript loop's. */
    function loops(keywords: string[]): [KeywordIndex, KeywordIndex] {
      const wasm = new KeywordIndex(keywords);
      const js = new KeywordIndex(keywords, { wasm: false });
      for (const index of [wasm, js]) index.search('x'.repeat(5000));
      return [wasm, js];
    }

    it('runs here (the tests below would compare the JavaScript loop with itself otherwise)', () => {
      const [wasm] = loops(['token']);
      assert.ok((wasm as unknown as { automaton: { wasm?: object } }).automaton.wasm, 'the WebAssembly loop is in use');
    });

    it('reports what the JavaScript loop reports, in its order, across windows and their middles', () => {
      const g = new SampleGen(31);
      // Texts around the window (65,536 units) and its halves, keywords planted across each boundary.
      const sizes = [1, 17, 32_767, 32_768, 32_769, 65_535, 65_536, 65_537, 98_304, 131_072 + 5, 300_001];
      for (let round = 0; round < 40; round++) {
        const keywords = [...new Set(Array.from({ length: 1 + g.int(20) }, () => g.chars('abAB_-k.', 1 + g.int(round % 4 === 0 ? 40 : 6)).toLowerCase()))];
        const [wasm, js] = loops(keywords);
        const size = sizes[round % sizes.length];
        const chars = [...g.chars('abAB_- kK\u212a\u0130x\u00e9\u4e2d\ud83d', size)];
        for (const at of [32_768, 65_536, 98_304, 131_072, 163_840]) {
          const word = keywords[g.int(keywords.length)];
          const start = at - g.int(word.length + 1);
          if (start >= 0 && start + word.length <= chars.length) chars.splice(start, word.length, ...word.toUpperCase());
        }
        const text = chars.join('');
        assert.deepEqual(inOrder(wasm, text), inOrder(js, text), `round ${round}: ${JSON.stringify(keywords)}, ${text.length} units`);
      }
    });

    it('reports every hit of a text that is all hits (each stretch\'s list full)', () => {
      const [wasm, js] = loops(['a', 'aa', 'aaa']);
      const text = 'A'.repeat(140_000);
      assert.equal(wasm.search(text).count, 3 * 140_000 - 3);
      assert.deepEqual(inOrder(wasm, text), inOrder(js, text));
    });

    it('reports what the JavaScript loop reports for the built-in keywords over this project\'s own source', () => {
      const keywords = [...new Set(builtinRules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))];
      const [wasm, js] = loops(keywords);
      const root = path.join(__dirname, '..', '..', '..', 'src', 'core');
      for (const file of ['scan/engine.ts', 'rules/providers/generic.ts', 'rules/providers/cloud.ts', 'scan/keyword-automaton.wat']) {
        const text = readFileSync(path.join(root, file), 'utf8');
        assert.deepEqual(inOrder(wasm, text), inOrder(js, text), file);
      }
    });

    it('falls back to the JavaScript loop where WebAssembly does not run', () => {
      const global = globalThis as { WebAssembly?: unknown };
      const saved = global.WebAssembly;
      delete global.WebAssembly;
      try {
        const index = new KeywordIndex(['password', 'token']);
        const text = 'x'.repeat(5000) + 'PASSWORD=token';
        assert.deepEqual(found(index, text), naive(['password', 'token'], text));
        assert.equal((index as unknown as { automaton: { wasm?: object } }).automaton.wasm, undefined);
      } finally {
        global.WebAssembly = saved;
      }
    });

    it('is keyword-automaton.wat as wabt assembles it (scripts/gen-wasm.mjs wrote it)', () => {
      const script = path.join(__dirname, '..', '..', '..', 'scripts', 'gen-wasm.mjs');
      const assembled = execFileSync(process.execPath, [script, '--print', 'KEYWORD_AUTOMATON_WASM'], { encoding: 'utf8' });
      assert.equal(assembled, KEYWORD_AUTOMATON_WASM, 'run npm run wasm');
    });
  });

  it('refuses non-ASCII keywords', () => {
    assert.throws(() => new KeywordIndex(['pässword']), /not ASCII/);
  });
});
