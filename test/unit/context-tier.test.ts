// Where a file sits decides how sure a finding in it is: test fixtures, documentation and copy-me
// example configs lower it (src/core/text/syntax.ts), and so does prose that introduces a value as an
// example (src/core/scan/engine.ts contextConfidence).
import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
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

describe('examples in prose', () => {
  const g = new SampleGen(0x3e9);
  const engine = new Engine();
  const confidenceOf = (text: string, path = 'src/tokens.ts') => engine.scanText(text, path).map((f) => f.confidence);

  it('a token that prose introduces as an example (e.g., for example, such as, looks like) is low', () => {
    const token = `shpat_${g.alnum(40)}`;
    for (const lead of [' * e.g.) ', '// for example: ', '# Tokens look like ', 'such as `', 'i.e. ']) {
      assert.deepEqual(confidenceOf(`${lead}${token}\n`), ['low'], lead);
    }
  });

  it('the same token assigned, or after other words, keeps its confidence', () => {
    const token = `shpat_${g.alnum(40)}`;
    assert.deepEqual(confidenceOf(`const token = "${token}";\n`), ['high']);
    assert.deepEqual(confidenceOf(`EXAMPLE_TOKEN=${token}\n`, 'deploy/app.env'), ['high']);
    assert.deepEqual(confidenceOf(`// the shop's token: ${token}\n`), ['high']);
  });
});

describe('passwords aimed at this machine', () => {
  const g = new SampleGen(0x10ca1);
  const engine = new Engine();
  const confidences = (text: string, path: string) => engine.scanText(text, path).map((f) => `${f.ruleId}:${f.confidence}`);

  it('in a test or the documentation, a password next to localhost is low, whatever its strength', () => {
    const pw = g.password(14);
    const url = `const url = 'mysql://root:${pw}@localhost:3306/test_db';`;
    assert.deepEqual(confidences(url, 'packages/core/test/types/define.ts'), ['mysql-connection-string:low']);
    assert.deepEqual(confidences(`mysql --host 127.0.0.1 -uroot -p${pw} -e "SELECT 1"`, 'docs/setup.md'), ['cli-password-flag:low']);
  });

  it('outside them, or aimed elsewhere, it keeps its confidence', () => {
    const pw = g.password(14);
    assert.deepEqual(confidences(`const url = 'mysql://root:${pw}@localhost:3306/shop';`, 'src/db.ts'), ['mysql-connection-string:high']);
    assert.deepEqual(confidences(`const url = 'mysql://root:${pw}@db.internal:3306/test_db';`, 'test/db.test.ts'), ['mysql-connection-string:medium']);
  });
});
