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

  it('reads a plain-text file as documentation by its name only: notes, key lists and pasted logs are not', () => {
    for (const p of ['README.txt', 'pkg/CHANGELOG.txt', 'LICENSE.txt', 'docs/notes.txt', 'release-notes.txt', 'INSTALL.txt']) assert.equal(contextTier(p), 'docs', p);
    for (const p of ['notes.txt', 'keys.txt', 'deploy/prod-credentials.txt', 'server.log.txt', 'requirements.txt', 'case-0001.txt']) assert.equal(contextTier(p), undefined, p);
  });

  it('a provider key in notes.txt keeps its confidence; in README.txt it is lowered', () => {
    const g = new SampleGen(7);
    const token = `sk_live_${g.alnum(24)}`;
    const at = (path: string) => new Engine().scanText(`github: ${token}\n`, path).filter((f) => f.ruleId.startsWith('stripe')).map((f) => f.confidence);
    assert.deepEqual(at('notes.txt'), ['high']);
    assert.deepEqual(at('README.txt'), ['medium']);
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

  it('a line that a sentence ending in "for example:" introduces is an example (a docstring, a comment, a Markdown block)', () => {
    const hex = g.hex(40);
    const doc = `    Clients authenticate with the Authorization header. For example:\n\n        Authorization: Token ${hex}\n`;
    assert.deepEqual(confidenceOf(`class TokenAuthentication:\n    """\n${doc}    """\n`, 'app/authentication.py'), ['low']);
    const token = `shpat_${g.alnum(40)}`;
    assert.deepEqual(confidenceOf(`// The admin token, e.g.:\n//\n//   X-Shopify-Access-Token: ${token}\n`), ['low']);
    assert.deepEqual(confidenceOf(`Send it as a header, for example:\n\n\x60\x60\x60http\nX-Shopify-Access-Token: ${token}\n\x60\x60\x60\n`, 'src/notes.ts'), ['low']);
  });

  it('a sentence that introduces something else lowers nothing', () => {
    const hex = g.hex(40);
    assert.deepEqual(confidenceOf(`    The header, sent by the client:\n\n        Authorization: Token ${hex}\n`, 'app/authentication.py'), ['medium']);
    const token = `shpat_${g.alnum(40)}`;
    assert.deepEqual(confidenceOf(`// Examples of scopes: read_orders\nconst token = "${token}";\n`), ['high']);
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

  it('in a test or the documentation, a password aimed at a documentation host (example.com, *.test, myhost, RFC 5737) is low', () => {
    const pw = g.password(14);
    for (const host of ['db.example.com', 'myhost.com:420', 'your-server:5656', 'edge.test', '192.0.2.10']) {
      assert.deepEqual(confidences(`EDGEDB_DSN=edgedb://johndoe:${pw}@${host}/app`, 'docs/adapters/edgedb.mdx'), ['url-embedded-password:low'], host);
    }
    assert.deepEqual(confidences(`EDGEDB_DSN=edgedb://johndoe:${pw}@db.example.com/app`, 'deploy/app.env'), ['url-embedded-password:medium']);
    for (const host of ['db.examples.io', 'db.test-cluster.corp', 'myhost-prod.corp']) {
      assert.deepEqual(confidences(`EDGEDB_DSN=edgedb://johndoe:${pw}@${host}/app`, 'docs/adapters/edgedb.mdx'), ['url-embedded-password:medium'], host);
    }
  });

  it('outside them, or aimed elsewhere, it keeps its confidence', () => {
    const pw = g.password(14);
    assert.deepEqual(confidences(`const url = 'mysql://root:${pw}@localhost:3306/shop';`, 'src/db.ts'), ['mysql-connection-string:high']);
    assert.deepEqual(confidences(`const url = 'mysql://root:${pw}@db.internal:3306/test_db';`, 'test/db.test.ts'), ['mysql-connection-string:medium']);
  });
});

describe('translations', () => {
  const g = new SampleGen(0x1e18);
  const engine = new Engine();
  const found = (text: string, path: string) => engine.scanText(text, path).map((f) => `${f.ruleId}:${f.confidence}`);

  it('reads locale folders\' data files, language-named code in them and the translation formats as UI strings', () => {
    for (const p of ['packages/app/locales/es.json', 'config/locales/de.yml', 'src/i18n/fr.ts', 'resources/lang/pt_BR/auth.php', 'po/de.po', 'lib/l10n/app_en.arb', 'i18n/en/translation.json']) {
      assert.equal(contextTier(p), 'strings', p);
    }
    // A translation service's set-up (its key), Android's strings.xml, a parser in a lang folder: not translations.
    for (const p of ['src/i18n/index.ts', 'app/src/main/res/values/strings.xml', 'src/lang/parser.ts', 'src/locales/index.js']) {
      assert.equal(contextTier(p), undefined, p);
    }
  });

  it('a translated label is at most a low generic finding; a provider token there still warns', () => {
    // Names in pieces: this file is scanned with the repository (test/unit/self-scan.test.ts).
    const labels = Object.fromEntries([['pass' + 'word', 'Contraseña'], ['label_client_' + 'credentials', 'Klientlegitimationsoplysninger'], ['access_' + 'key', 'Zugangs-Schlüssel']]);
    const translated = found(JSON.stringify(labels, null, 2), 'locales/es.json');
    assert.ok(translated.length > 0, 'nothing found to lower');
    for (const f of translated) {
      assert.match(f, /^generic-\w+:low$/);
    }
    const token = `sk_${'live'}_${g.alnum(24)}`;
    assert.deepEqual(found(`{"token": "${token}"}`, 'locales/en.json').filter((f) => f.startsWith('stripe')).map((f) => f.split(':')[1]), ['medium']);
  });
});

describe('a Basic header of a test account', () => {
  const g = new SampleGen(0xba51c);
  const engine = new Engine();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const confidence = (pair: string, path = 'src/client.ts') => engine.scanText(`headers.Authorization = "Basic ${b64(pair)}";`, path).map((f) => f.confidence);

  it('a plain password that says test or demo, or holds the user name, is low', () => {
    assert.deepEqual(confidence('testuser:testpass'), ['low']);
    assert.deepEqual(confidence('alice:alice-2024'), ['low']);
    assert.deepEqual(confidence('demo:demo_account'), ['low']);
  });

  it('any other pair keeps its confidence', () => {
    assert.deepEqual(confidence(`svc-reports:${g.password(18)}`), ['medium']);
    assert.deepEqual(confidence(`deploy:${g.alnum(20)}`), ['medium']);
  });
});

describe('the JWTs of the documentation', () => {
  const g = new SampleGen(0x1a7);
  const engine = new Engine();
  const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const confidence = (token: string) => engine.scanText(`const token = "${token}";`, 'src/auth.ts').filter((f) => f.ruleId === 'jwt').map((f) => f.confidence);

  it("jwt.io's example and RFC 7519's are low, whatever signs them", () => {
    assert.deepEqual(confidence(`${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${g.base64url(43)}`), ['low']);
    assert.deepEqual(confidence(`${seg({ typ: 'JWT', alg: 'HS256' })}.${seg({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true })}.${g.base64url(43)}`), ['low']);
  });

  it("the Supabase CLI's local demo keys (iss supabase-demo: the same in every local stack) are low, the service_role one too", () => {
    const demo = (role: string) => `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ iss: 'supabase-demo', role, exp: 1983812996 })}.${g.base64url(43)}`;
    assert.deepEqual(confidence(demo('anon')), ['low']);
    const found = engine.scanText(`SUPABASE_SERVICE_ROLE_KEY=${demo('service_role')}\n`, 'apps/web/.env.local').map((f) => `${f.ruleId}:${f.confidence}`);
    assert.deepEqual(found, ['supabase-service-role-key:low']);
    const hosted = `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ iss: 'supabase', ref: g.lower(20), role: 'service_role', exp: 2000000000 })}.${g.base64url(43)}`;
    assert.deepEqual(engine.scanText(`SUPABASE_SERVICE_ROLE_KEY=${hosted}\n`, 'apps/web/.env.local').map((f) => `${f.ruleId}:${f.confidence}`), ['supabase-service-role-key:high']);
  });

  it('any other JWT is medium', () => {
    assert.deepEqual(confidence(g.jwt({ role: 'service' })), ['medium']);
    assert.deepEqual(confidence(`${seg({ alg: 'HS256' })}.${seg({ sub: '1234567890', name: 'Jane Roe' })}.${g.base64url(43)}`), ['medium']);
  });
});
