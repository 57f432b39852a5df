import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { LineIndex } from '../../src/core/text/lines';

/** Line starts found the obvious way. */
function starts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

describe('LineIndex', () => {
  it('has every line start, texts of any length one after another (its scratch array grows and is reused)', () => {
    const g = new SampleGen(7);
    // Short and long in turn: an index built after a longer one must not keep that one's starts.
    const lengths = [0, 1, 5, 3000, 10, 70_000, 2, 1_500_000, 40, 0];
    for (const lines of lengths) {
      const text = Array.from({ length: lines }, () => g.chars('ab \r', g.int(6))).join('\n');
      const index = new LineIndex(text);
      assert.deepEqual([...index.starts], starts(text), `${lines} lines`);
    }
  });

  it('answers positions, line ends without the carriage return, and line text', () => {
    const index = new LineIndex('one\r\ntwo\n\nlast');
    assert.deepEqual([...index.starts], [0, 5, 9, 10]);
    assert.deepEqual(index.position(6), { line: 1, character: 1 });
    assert.equal(index.lineEnd(0), 3);
    assert.equal(index.lineEnd(3), 14);
    assert.equal(index.lineText(1), 'two');
  });
});
