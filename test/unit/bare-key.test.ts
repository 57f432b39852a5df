// A value assigned to a name that is only `key` (generic-secret): reported when it is random beyond
// doubt, and medium only when it is long and of a wide alphabet (src/core/rules/providers/generic.ts).
import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';

describe('a bare key', () => {
  const g = new SampleGen(0xb4e);
  const engine = new Engine();
  const found = (text: string, path = 'src/client.ts') => engine.scanText(text, path).map((f) => `${f.ruleId}:${f.confidence}`);

  it('a long value of a wide alphabet is medium; hex digits (a digest as often as a key) are low', () => {
    assert.deepEqual(found(`const key = "${g.alnum(32)}";`), ['generic-secret:medium']);
    assert.deepEqual(found(`KEY=${g.lowerAlnum(32)}`, 'config/app.ini'), ['generic-secret:medium']);
    assert.deepEqual(found(`key: ${g.hex(64)}`, 'config/weather.yaml'), ['generic-secret:low']);
  });

  it("reCAPTCHA's shape is low: a page's code holds the public site key as often as the secret", () => {
    assert.deepEqual(found(`const recaptcha = { key: '6Le${g.alnum(37)}' };`), ['generic-secret:low']);
  });

  it('a short, word-like or SHA-1 value, or a public key, is no finding', () => {
    for (const text of [
      `const key = "${g.alnum(16)}";`, 'const key = "user-profile-settings-cache";', `key: ${g.hex(40)}`,
      `const key = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${g.base64(40)}';`, `const entry = { key: "${g.lower(28)}" };`,
    ]) assert.deepEqual(found(text), [], text);
  });

  it('a longer name ending in key is judged as before: a cache key is no secret, a vendor key is', () => {
    assert.deepEqual(found(`const cacheKey = "${g.alnum(32)}";`), []);
    assert.deepEqual(found(`MAILGUN_KEY=${g.alnum(40)}`, '.env'), ['generic-secret:medium']);
  });
});
