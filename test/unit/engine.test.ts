import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fingerprint, redact } from '../../src/core/findings';
import { machineSalt } from '../../src/core/salt';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { notASecret } from '../../src/core/scan/filters';
import { isPlaceholder, isReference, isTemplateOrLookup } from '../../src/core/text/placeholder';
import { credentialName } from '../../src/core/rules/providers/generic';
import { builtinRules } from '../../src/core/rules';

const engine = new Engine();
const g = new SampleGen(42);

describe('engine', () => {
  it('reports the exact range of the secret, 0-based, in UTF-16 columns', () => {
    const token = g.checksummedToken('ghp_');
    const text = `// ünïcödé header\nconst a = 1;\n  const t = "${token}";\n`;
    const [f] = engine.scanText(text, 'src/a.ts');
    assert.equal(f.ruleId, 'github-pat-classic');
    assert.deepEqual(f.range, { start: { line: 2, character: 13 }, end: { line: 2, character: 13 + token.length } });
    assert.equal(text.slice(f.offset.start, f.offset.end), token);
  });

  it('gives a fingerprint that survives moved lines and differs per secret', () => {
    const token = g.checksummedToken('ghp_');
    const a = engine.scanText(`x = "${token}"`, 'a.py')[0];
    const b = engine.scanText(`\n\n\n# moved\ny = "${token}"`, 'b.py')[0];
    assert.equal(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, fingerprint('github-pat-classic', token, machineSalt()));
    const other = engine.scanText(`x = "${g.checksummedToken('ghp_')}"`, 'a.py')[0];
    assert.notEqual(a.fingerprint, other.fingerprint);
    assert.notEqual(new Engine({ fingerprintSalt: 'another-salt-value' }).scanText(`x = "${token}"`, 'a.py')[0].fingerprint, a.fingerprint);
  });

  it('never puts the value in a finding', () => {
    const secret = g.alnum(40);
    const text = `API_SECRET = "${secret}"`;
    const findings = engine.scanText(text, 'config.py');
    assert.equal(findings.length, 1);
    const json = JSON.stringify(findings);
    assert.ok(!json.includes(secret) && !json.includes(secret.slice(4, 20)), 'secret leaked into the finding');
  });

  it('redacts to the public prefix and the length, or to a length bucket alone', () => {
    assert.equal(redact('abcdefghijklmnopqrstuvwxyz'), '******** (16-31 chars)');
    assert.equal(redact('short-pass'), '******** (8-15 chars)');
    assert.equal(redact('abc'), '******** (1-7 chars)');
    assert.equal(redact('x'.repeat(200)), '******** (128+ chars)');
    assert.equal(redact(`ghp_${'a'.repeat(36)}`, ['ghp_']), 'ghp_******** (40 chars)');
    assert.equal(redact('ghp_abc', ['ghp_']), '******** (1-7 chars)', 'a prefix that is nearly the whole value is not shown');
    assert.equal(redact(`xyz_${'a'.repeat(36)}`, ['ghp_']), '******** (32-63 chars)');
    const token = g.checksummedToken('ghp_');
    assert.equal(engine.scanText(`t = "${token}"`, 'a.py')[0].preview, 'ghp_******** (40 chars)');
    const key = g.alnum(40);
    assert.equal(engine.scanText(`API_SECRET = "${key}"`, 'config.py')[0].preview, '******** (32-63 chars)');
  });

  it('names each credential once, from the code when the code names it, else from the provider', () => {
    const stripe = `sk_live_${g.alnum(24)}`;
    const text = [
      `const ledgerToken = "${g.checksummedToken('ghp_')}";`,
      `token = "${g.checksummedToken('ghp_')}"`,
      `env:\n  - name: PAYMENTS_STRIPE_KEY\n    value: "${stripe}"`,
    ].join('\n');
    const names = engine.scanText(text, 'src/app.ts').map((f) => f.fix.envName);
    assert.deepEqual(names, ['LEDGER_TOKEN', 'GH_TOKEN', 'PAYMENTS_STRIPE_KEY']);
    // The user before a password in a URL, a DSN or `curl -u` is no name for the password.
    const userinfo = [
      `const db = "postgres://shopuser:${g.alnum(14)}@db.internal:5432/shop";`,
      `db, err := sql.Open("mysql", "root:${g.alnum(14)}@tcp(127.0.0.1:3306)/shop")`,
      `curl -u deployer:${g.alnum(18)} https://artifactory.internal/`,
    ].join('\n');
    assert.deepEqual(engine.scanText(userinfo, 'src/app.ts').map((f) => f.fix.envName), ['POSTGRES_PASSWORD', 'MYSQL_PASSWORD', 'CURL_PASSWORD']);
    // GITHUB_ is reserved for GitHub Actions' own secrets: never the suggested name for a token.
    assert.ok(builtinRules.filter((r) => r.provider === 'GitHub').every((r) => !r.envName.startsWith('GITHUB_')));
  });

  it('stays linear when a minified line holds thousands of secrets (names read from bounded windows)', () => {
    const unit = `postgres://u:${g.alnum(6)}@`;
    const line = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const started = performance.now();
    const findings = engine.scanText(line, 'dump.txt');
    assert.ok(findings.length > 10_000);
    assert.ok(performance.now() - started < 5_000);
  });

  it('lets the specific rule win over a generic one on the same value', () => {
    const key = `sk_live_${g.alnum(24)}`;
    const f = engine.scanText(`stripe_api_key = "${key}"`, 'billing.py');
    assert.equal(f.length, 1);
    assert.notEqual(f[0].ruleId, 'generic-secret');
  });

  it('applies severity overrides and disabled rules', () => {
    const e = new Engine({ severityOverrides: { 'github-pat-classic': 'low' }, disabledRules: ['jwt'] });
    const text = `t = "${g.checksummedToken('ghp_')}"\nj = "${g.jwt()}"`;
    const found = e.scanText(text, 'a.py');
    assert.deepEqual(found.map((f) => [f.ruleId, f.severity]), [['github-pat-classic', 'low']]);
  });

  it('rejects a GitHub-shaped token whose checksum fails', () => {
    const good = g.checksummedToken('ghp_');
    const bad = good.slice(0, 10) + (good[10] === 'a' ? 'b' : 'a') + good.slice(11);
    assert.equal(engine.scanText(`t = "${bad}"`, 'a.py').length, 0);
  });

  describe('inline suppression', () => {
    const token = () => g.checksummedToken('ghp_');
    for (const [label, text, reason] of [
      ['same line, ours with a reason', `t = "${token()}"  # credential-hygiene:allow revoked test token`, 'revoked test token'],
      ['line before, ours', `// credential-hygiene:allow fixture for the parser tests\nconst t = "${token()}";`, 'fixture for the parser tests'],
      ['gitleaks', `t = "${token()}" # gitleaks:allow`, 'gitleaks:allow (no reason given)'],
      ['detect-secrets', `t = "${token()}"  # pragma: allowlist secret`, 'pragma: allowlist secret (no reason given)'],
      ['trufflehog', `t = "${token()}"  // trufflehog:ignore`, 'trufflehog:ignore (no reason given)'],
      ['html comment', `<!-- credential-hygiene:allow docs sample -->\n<meta content="${token()}">`, 'docs sample'],
    ] as const) {
      it(label, () => {
        const [f] = engine.scanText(text, 'a.txt');
        assert.deepEqual(f.suppressed, { by: 'inline', reason });
      });
    }
    it('does not reach past a line of code', () => {
      const [f] = engine.scanText(`x = 1  # credential-hygiene:allow only for x\nt = "${token()}"`, 'a.py');
      assert.equal(f.suppressed, undefined);
    });
  });

  describe('.env files (read with dotenv)', () => {
    it('finds quoted, exported and multi-word values, at their exact offsets', () => {
      const pw = `${g.password(10)} ${g.password(8)}`;
      const sec = g.alnum(32);
      const text = `# comment\nexport DB_PASSWORD="${pw}"\nSERVICE_TOKEN='${sec}'\nPORT=8080\n`;
      const found = engine.scanText(text, '.env.local');
      assert.deepEqual(found.map((f) => text.slice(f.offset.start, f.offset.end)).sort(), [pw, sec].sort());
    });
    it('leaves references, placeholders and templates alone', () => {
      const text = 'DB_PASSWORD=${POSTGRES_PASSWORD}\nAPI_TOKEN=changeme\nSTRIPE_SECRET=ref+vault://secret/data/pay#/stripe\nAPP_SECRET=encrypted:BDqTx8Vg9kzN2Qm3p8\n';
      assert.deepEqual(engine.scanText(text, '.env'), []);
    });
    it('reports no GitHub-shaped value whose checksum fails, under any rule', () => {
      const text = `GITHUB_TOKEN=${g.badChecksumToken('ghp_')}\nMY_SECRET="${g.badChecksumToken('ghp_')}"\nDB_PASSWORD=${g.badChecksumToken('gho_')}\n`;
      assert.deepEqual(engine.scanText(text, '.env'), []);
      assert.deepEqual(engine.scanText(text, 'config.properties'), []);
      const good = g.checksummedToken('ghp_');
      assert.deepEqual(engine.scanText(`GITHUB_TOKEN=${good}\n`, '.env').map((f) => f.ruleId), ['github-pat-classic']);
    });
    it('leaves algorithm names and fill-in placeholders alone', () => {
      const text = 'PASSWORD_ENCODER="bcrypt"\nAPP_PASSWORD="argon2"\nAPI_KEY=REPLACE_WITH_REAL_KEY\nAPI_TOKEN=YOUR_API_KEY_HERE\nAUTH_TOKEN=INSERT_TOKEN_HERE\n';
      assert.deepEqual(engine.scanText(text, '.env'), []);
    });
  });
});

describe('not-a-secret filters', () => {
  it('knows placeholders', () => {
    for (const s of ['changeme', '<your-api-key>', 'xxxxxxxxxxxx', '********', 'your_token_here', 'REPLACE_ME', '1234567890', 'abcdefgh', 'TODO']) {
      assert.ok(isPlaceholder(s), s);
    }
    for (const s of ['REPLACE_WITH_REAL_KEY', 'YOUR_API_KEY_HERE', 'INSERT_TOKEN_HERE', '<REPLACE_ME>', 'token-goes-here']) assert.ok(isPlaceholder(s), s);
    // Runs along the digits, the alphabet or a keyboard row, however short.
    for (const s of ['abc', '123', '1234', 'qwer', 'asdf', 'xyz']) assert.ok(isPlaceholder(s), s);
    for (const s of ['x7Kp9', 'ab', 'a1b2', 'acb']) assert.ok(!isPlaceholder(s), s);
    assert.ok(!isPlaceholder(g.alnum(20)));
  });
  it('knows templates and environment lookups', () => {
    for (const s of ['${DB_PASSWORD}', '{{ .Values.token }}', 'process.env.TOKEN', "os.environ['X']", '$API_KEY', '%(password)s', '#{secret}', '${{ secrets.NPM_TOKEN }}', '<%= ENV["X"] %>']) {
      assert.ok(isTemplateOrLookup(s), s);
    }
  });
  it('knows vault references in vals and native syntaxes', () => {
    for (const s of [
      'ref+vault://secret/data/payments#/stripe_key', 'ref+awssecrets://team/app#/db_password', 'op://Prod/Stripe/credential',
      '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)', '{{resolve:secretsmanager:prod/db:SecretString:password}}',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db', 'projects/acme/secrets/db-password/versions/latest',
    ]) {
      assert.ok(isReference(s), s);
    }
  });
  it('drops UUIDs and hashes only for generic rules', () => {
    const generic = builtinRules.find((r) => r.id === 'generic-secret')!;
    assert.equal(notASecret(g.uuid(), 'api_key = x', generic), 'uuid');
    assert.equal(notASecret(g.hex(64), 'sha256_checksum = x', generic), 'hash');
    assert.equal(notASecret(g.hex(64), 'api_key = x', generic), undefined);
  });
  it('reads identifiers as credential names only when they name the value', () => {
    const cases: Array<[string, ReturnType<typeof credentialName>]> = [
      ['DB_PASSWORD', 'password'], ['apiKey', 'secret'], ['x-api-key', 'secret'], ['spring.datasource.password', 'password'],
      ['client_secret', 'secret'], ['secretKeyRef', undefined], ['tokenizer', undefined], ['passwordPrompt', undefined],
      ['token_url', undefined], ['api_key_name', undefined], ['primaryKey', undefined], ['AUTH_TOKEN', 'secret'],
    ];
    for (const [name, want] of cases) assert.equal(credentialName(name), want, name);
    // What a name says is kept per name: the same answer again, and after thousands of other names.
    for (const [name, want] of cases) assert.equal(credentialName(name), want, `${name} again`);
    for (let i = 0; i < 10_000; i++) credentialName(`field_${i}_value`);
    for (const [name, want] of cases) assert.equal(credentialName(name), want, `${name} after many`);
  });

  it('keeps no file alive through the names it keeps (a name cut from a text is a slice of it)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const settle = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = await settle();
    for (let i = 0; i < 20; i++) {
      // A 2 MiB text per round; the name a match cuts from it is a slice that refers to the text.
      const text = `${'x '.repeat(1 << 20)}\nservice_${i}_api_key = value\n`;
      credentialName(/\n(\w+) = value/.exec(text)![1]);
    }
    const grown = (await settle()) - before;
    assert.ok(grown < 8 * 2 ** 20, `the heap grew ${Math.round(grown / 2 ** 20)} MiB over 20 texts of 2 MiB: they are kept`);
  });
});

describe('how sure a generic finding is', () => {
  // Names and values in pieces: this file is scanned with the repository (test/unit/self-scan.test.ts).
  const name = ['SESSION', 'SECRET'].join('_');
  const confidences = (value: string) => engine.scanText(`export const ${name} = "${value}";\n`, 'src/constants.ts').map((f) => `${f.ruleId}:${f.confidence}`);

  it('a value of words and a counting run (a library\'s default, a stand-in) is low', () => {
    assert.deepEqual(confidences(['acme', 'auth', 'default', '1234567890'.repeat(2)].join('-')), ['generic-secret:low']);
    assert.deepEqual(confidences(['my', 'app', 'secret', 'key', '123456789'].join('_')), ['generic-secret:low']);
  });

  it('words with random digits, or a random value, keep medium', () => {
    assert.deepEqual(confidences(['acme', 'auth', g.digits(20)].join('-')), ['generic-secret:medium']);
    assert.deepEqual(confidences(g.alnum(32)), ['generic-secret:medium']);
  });
});
