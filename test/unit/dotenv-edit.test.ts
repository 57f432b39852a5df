// Taking a move back out of .env: exactly the block that was appended goes, nothing else.
import * as assert from 'node:assert/strict';
import { readEnv, withEnvEntry, withExampleEntry, withoutAppended } from '../../src/core/fix/dotenv-edit';

describe('dotenv edits: taking an appended entry back out', () => {
  const value = 'not-a-secret-value';

  it('removes the block it appended and gives the file back as it was', () => {
    for (const before of ['', 'A=1\n', 'A=1']) {
      const after = withEnvEntry(before, 'PAY_KEY', value, 'moved from src/pay.ts');
      const block = after.slice(before.length);
      assert.equal(withoutAppended(after, block), before);
    }
  });

  it('keeps an entry of the same name that was there before, and what came after', () => {
    const before = `PAY_KEY=${value}\n`;
    const after = withEnvEntry(before, 'PAY_KEY', value);
    const block = after.slice(before.length);
    const later = `${after}OTHER=2\n`;
    assert.equal(withoutAppended(later, block), `${before}OTHER=2\n`);
    assert.equal(readEnv(withoutAppended(later, block)!).get('PAY_KEY'), value);
  });

  it('keeps the newline a block began with when more text follows it', () => {
    const example = withExampleEntry('A=', 'PAY_KEY');
    const block = example.slice('A='.length);
    assert.equal(block, '\nPAY_KEY=\n');
    assert.equal(withoutAppended(`${example}B=\n`, block), 'A=\nB=\n');
  });

  it('leaves a block that was edited since: undefined, nothing removed', () => {
    const after = withEnvEntry('', 'PAY_KEY', value);
    assert.equal(withoutAppended(after.replace(value, 'changed'), after), undefined);
  });
});
