// Where a file sits decides how sure a finding in it is: test fixtures, documentation and copy-me
// example configs lower it (src/core/text/syntax.ts).
import * as assert from 'node:assert/strict';
import { contextTier } from '../../src/core/text/syntax';

describe('context tier', () => {
  it('reads copy-me example configs as documentation', () => {
    for (const p of ['ormconfig.sample.json', 'config/settings.example.yml', 'webapp/.env.example', '.env.sample', 'app/config.php.dist', 'examples.json']) {
      assert.equal(contextTier(p), 'docs', p);
    }
  });

  it('leaves real configs and templates alone', () => {
    for (const p of ['ormconfig.json', 'config/settings.yml', '.env', 'template.yaml', 'infra/cloudformation/template.json', 'src/sampler.ts', 'distribution.ini']) {
      assert.equal(contextTier(p), undefined, p);
    }
  });
});
