import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
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

  it('refuses non-ASCII keywords', () => {
    assert.throws(() => new KeywordIndex(['pässword']), /not ASCII/);
  });
});
