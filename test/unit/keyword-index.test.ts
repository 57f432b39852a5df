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
  const out: string[] = [];
  index.forEachHit(text, (id, start) => out.push(`${id}@${start}`));
  return out.sort();
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

  it('refuses non-ASCII keywords', () => {
    assert.throws(() => new KeywordIndex(['pässword']), /not ASCII/);
  });
});
