// Shannon entropy and character classes (src/core/text/entropy.ts), computed without allocating: the
// same values as the textbook definition, bit for bit, for narrow and wide characters alike.
import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { charClasses, shannonEntropy } from '../../src/core/text/entropy';

/** The definition: -sum p log2 p over the characters, in the order they are first met. */
function reference(s: string): number {
  if (!s.length) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

describe('entropy', () => {
  it('is 0 for nothing and for one repeated character, log2 of the count for distinct ones', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('ab'), 1);
    assert.equal(shannonEntropy('abcd'), 2);
  });

  it('equals the definition exactly, with Latin-1, wide and astral characters among ASCII ones', () => {
    const g = new SampleGen(5);
    const alphabets = ['abcXYZ019+/=', 'aé€b\u00ff\u0100', '\u{1F511}key\u00e9', 'ab'];
    for (let t = 0; t < 3000; t++) {
      const a = alphabets[t % alphabets.length];
      const s = g.chars(a, t % 70);
      assert.equal(shannonEntropy(s), reference(s), JSON.stringify(s));
      // Calls do not leak counts into each other.
      assert.equal(shannonEntropy(s), reference(s));
    }
  });

  it('counts character classes: lower, upper, digit, other', () => {
    assert.equal(charClasses(''), 0);
    assert.equal(charClasses('abc'), 1);
    assert.equal(charClasses('aB3'), 3);
    assert.equal(charClasses('aB3-'), 4);
    assert.equal(charClasses('é'), 1, 'a non-ASCII letter is "other"');
  });
});
