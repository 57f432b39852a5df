// The scanner knows the registry's own tokens: the real generator's output, not only the rule's samples.
import * as assert from 'node:assert/strict';
import { Engine } from '../../src/core/scan/engine';
import { newToken } from '../../src/server/tokens';

describe('rule credential-hygiene-registry-token', () => {
  it('finds every token `registry token create` makes, exactly, with only its prefix in the preview', () => {
    const engine = new Engine();
    for (let i = 0; i < 64; i++) {
      const token = newToken();
      const text = `CREDENTIAL_HYGIENE_REGISTRY_TOKEN=${token}\n`;
      const found = engine.scanText(text, '.github/workflows/sync.yml');
      assert.deepEqual(found.map((f) => [f.ruleId, text.slice(f.offset.start, f.offset.end) === token, f.preview]),
        [['credential-hygiene-registry-token', true, 'chreg_******** (49 chars)']]);
    }
  });
});
