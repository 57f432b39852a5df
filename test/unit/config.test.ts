import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { loadConfig, parseConfig, toEngineOptions, engineOptionsFrom } from '../../src/core/config/load';
import { ConfigSchema } from '../../src/core/config/schema';
import { UserError } from '../../src/core/errors';
import { Engine } from '../../src/core/scan/engine';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { REPO_ROOT, makeWorkspace } from './support/workspace';
import { spawnSync } from 'node:child_process';
import { defaultConfig } from '../../src/core/config/defaults';

describe('config', () => {
  it('the defaults without a validator equal what the schema makes of an empty file', () => {
    assert.deepEqual(defaultConfig(), ConfigSchema.parse({}));
  });

  it('a run without a config file, baseline or register never loads the validator (zod)', () => {
    const ws = makeWorkspace({ 'src/app.ts': 'export const x = 1;\n' });
    try {
      const load = path.join(__dirname, '../../src/core/config/load.js');
      const baseline = path.join(__dirname, '../../src/core/suppress/baseline.js');
      const register = path.join(__dirname, '../../src/core/ownership/register.js');
      const probe = `const { loadConfig } = require(${JSON.stringify(load)}); require(${JSON.stringify(baseline)}); const r = require(${JSON.stringify(register)});
        const c = loadConfig(${JSON.stringify(ws.dir)}); r.emptyRegister();
        const zod = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/]zod[\\/]/.test(k));
        process.stdout.write(JSON.stringify({ zod: zod.length, max: c.config.maxFileSize }));`;
      const out = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      assert.deepEqual(JSON.parse(out.stdout), { zod: 0, max: 2 * 1024 * 1024 });
    } finally {
      ws.cleanup();
    }
  });

  it('gives defaults when there is no config file', () => {
    const ws = makeWorkspace({});
    try {
      const { config, file } = loadConfig(ws.dir);
      assert.equal(file, undefined);
      assert.equal(config.gitignore, true);
      assert.equal(config.maxFileSize, 2 * 1024 * 1024);
    } finally {
      ws.cleanup();
    }
  });

  for (const [label, raw, message] of [
    ['bad JSON, with line and column', '{\n  "include": [\n}', /invalid JSON: ValueExpected \(line 3, column 1\)/],
    ['unknown key', '{"inclde": ["src"]}', /Unrecognized key: "inclde"/],
    ['wrong type, with its path', '{"maxFileSize": "big"}', /maxFileSize: /],
    ['bad rule setting', '{"rules": {"jwt": "severe"}}', /rules\.jwt: expected true, false or a severity/],
    ['custom rule regex that does not compile', '{"customRules": [{"id": "acme", "description": "d", "keywords": ["acme"], "regex": "acme_(["}]}', /custom rule "acme": "regex": invalid regular expression: Unterminated character class$/],
    ['custom rule without its secret group', '{"customRules": [{"id": "acme", "description": "d", "keywords": ["acme"], "regex": "acme_[a-z]{8}"}]}', /secretGroup 1 but the regex has 0 group/],
    ['custom rule with a non-ASCII keyword', '{"customRules": [{"id": "acme", "description": "d", "keywords": ["clé_"], "regex": "(clé_[a-z]{8})"}]}', /customRules\.0\.keywords\.0: printable ASCII only/],
    ['custom rule shadowing a built-in', '{"customRules": [{"id": "jwt", "description": "d", "keywords": ["acme"], "regex": "(acme)"}]}', /already a built-in rule/],
  ] as const) {
    it(`explains ${label}`, () => {
      assert.throws(() => parseConfig(raw, 'cfg.json'), (e: Error) => e instanceof UserError && message.test(e.message));
    });
  }

  it('warns about unknown rule ids without failing', () => {
    assert.deepEqual(parseConfig('{"rules": {"no-such-rule": false}}', 'cfg.json').warnings, ['cfg.json: unknown rule id "no-such-rule" in "rules"']);
  });

  it('turns rules off, overrides severities and adds custom rules', () => {
    const { config } = parseConfig(JSON.stringify({
      rules: { jwt: false, 'github-pat-classic': 'medium' },
      customRules: [{ id: 'acme-key', description: 'ACME internal key', keywords: ['acme_'], regex: '\\b(acme_[a-z0-9]{24})\\b', entropy: 3 }],
    }), 'cfg.json');
    const engine = new Engine(toEngineOptions(engineOptionsFrom(config)));
    const g = new SampleGen(5);
    const text = `a = "acme_${g.lowerAlnum(24)}"\nb = "${g.checksummedToken('ghp_')}"\nc = "${g.jwt()}"\n`;
    assert.deepEqual(engine.scanText(text, 'x.py').map((f) => [f.ruleId, f.severity]), [['acme-key', 'high'], ['github-pat-classic', 'medium']]);
  });

  it('ships a JSON Schema that matches the zod schema', () => {
    const committed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/credential-hygiene.schema.json'), 'utf8'));
    const generated = z.toJSONSchema(ConfigSchema, { io: 'input' });
    assert.deepEqual(committed, JSON.parse(JSON.stringify(generated)), 'run `npm run schema` to regenerate');
  });
});
