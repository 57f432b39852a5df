import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { allowMarkers } from '../../src/core/suppress/inline';
import { MARKS, mayHold, type MarkName } from '../../src/core/text/marks';

/** `word` with its ASCII letters in random case. */
function anyCase(g: SampleGen, word: string): string {
  return [...word].map((c) => (g.int(2) ? c.toUpperCase() : c.toLowerCase())).join('');
}

describe('marks: what later analyses search for, met by the scan\'s keyword pass', () => {
  it('a mark the text holds is always among those its scan met, short texts and long, any case and place', () => {
    const g = new SampleGen(41);
    const names = Object.keys(MARKS) as MarkName[];
    const engine = new Engine({});
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      const pieces = 1 + g.int(round % 2 ? 400 : 20);
      for (let i = 0; i < pieces; i++) {
        const r = g.int(10);
        if (r === 0) parts.push(MARKS[names[g.int(names.length)]]);
        else if (r === 1) parts.push(anyCase(g, MARKS[names[g.int(names.length)]]));
        else if (r === 2) parts.push(MARKS[names[g.int(names.length)]].slice(0, 1 + g.int(8))); // a mark's start only
        else parts.push(g.chars('abc -_:=\n"\'\u00e9', 1 + g.int(60)));
      }
      const text = parts.join('');
      const { marks } = engine.scan(text, round % 3 ? 'src/app.ts' : 'notes.txt');
      for (const name of names) {
        if (text.includes(MARKS[name])) assert.ok(mayHold(marks, name), `round ${round}: ${name} is in the text`);
        if (!text.toLowerCase().includes(MARKS[name].toLowerCase())) assert.ok(!mayHold(marks, name), `round ${round}: ${name} is not`);
      }
      assert.deepEqual(allowMarkers(text, marks), allowMarkers(text), `round ${round}`);
    }
  });

  it('unknown marks (no scan) mean every search runs', () => {
    for (const name of Object.keys(MARKS) as MarkName[]) assert.ok(mayHold(undefined, name));
    assert.equal(allowMarkers('x // credential-hygiene:allow because\n').length, 1);
  });
});
