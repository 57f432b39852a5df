// What the workspace typed never comes out as it was typed: a credential in a register field, a
// suppression reason or a custom rule's description is redacted in every output of every command;
// control characters in file names and reasons never reach a terminal raw; Markdown shows reasons
// as text, not HTML; a registry URL with a password is refused without printing it. The real CLI
// (dist/cli.js) in a child process, as CI runs it; every secret is generated at run time.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RegistryClient, RegistryError } from '../../src/core/registry/client';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { escapeMessage, escapeTerminal, mdCode, mdText, safeJson } from '../../src/core/text/escape';
import { redactDeep, redactText, redactUrl, urlHasCredentials } from '../../src/core/scan/redact-text';
import { CLI, makeWorkspace } from './support/workspace';

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Fails naming the value's length and where, never the value. */
function assertAbsent(outputs: Record<string, string>, values: Record<string, string>): void {
  for (const [where, text] of Object.entries(outputs)) {
    for (const [what, value] of Object.entries(values)) {
      assert.ok(!text.includes(value), `${what} (${value.length} chars) appears in ${where}`);
      const middle = value.slice(Math.floor(value.length / 2) - 5, Math.floor(value.length / 2) + 5);
      assert.ok(middle.length < 10 || !text.includes(middle), `part of ${what} appears in ${where}`);
    }
  }
}

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Control characters in a terminal output: only the newlines we print ourselves. */
function assertNoRawControl(outputs: Record<string, string>): void {
  for (const [where, text] of Object.entries(outputs)) {
    const m = RAW_CONTROL.exec(text);
    assert.ok(!m, `${where} holds a raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 20))}`);
  }
}

describe('output safety', () => {
  describe('redactText, redactUrl and the escapes', () => {
    const g = new SampleGen(31);
    const token = g.checksummedToken('ghp_');
    const pw = g.password(14);

    it('replaces a provider token, a URL password and a key=value secret with their previews, and leaves other text alone', () => {
      assert.equal(redactText(`postgres://app:${pw}@db/x`), 'postgres://app:******** (8-15 chars)@db/x');
      assert.equal(redactText(`Deploys with ${token} nightly`), 'Deploys with ghp_******** (40 chars) nightly');
      assert.equal(redactText(`DB_PASSWORD=${pw} and "client_secret": "${pw}"`), 'DB_PASSWORD=******** (8-15 chars) and "client_secret": "******** (8-15 chars)"');
      assert.equal(redactText(`https://h/x?access_token=${pw}&page=2`), 'https://h/x?access_token=******** (8-15 chars)&page=2');
      for (const plain of [
        'ref+vault://secret/data/payments/db#/password', 'ref+awssecrets://payments/analytics#/token', 'op://payments/stripe/credential',
        'password: ${DB_PASSWORD}', 'token: true', 'compass: north', 'author: jdoe', 'Charges customer cards',
        'GitHub Actions secret NPM_TOKEN has no owner: no identity in credentials.yaml matches it', 'ghp_******** (40 chars)',
        'set the token CREDENTIAL_HYGIENE_REGISTRY_TOKEN', 'the URL carries credentials: put the token elsewhere',
      ]) assert.equal(redactText(plain), plain);
    });

    it('is idempotent and redacts deep copies without touching fingerprints or the original', () => {
      const once = redactText(`a ${token} b postgres://u:${pw}@h/d`);
      assert.equal(redactText(once), once);
      const model = { fingerprint: 'f'.repeat(32), rows: [{ purpose: `key ${token}` }], n: 3 };
      const copy = redactDeep(model);
      assert.deepEqual(copy, { fingerprint: 'f'.repeat(32), rows: [{ purpose: 'key ghp_******** (40 chars)' }], n: 3 });
      assert.equal(model.rows[0].purpose, `key ${token}`);
    });

    it('redactUrl hides userinfo and token-like query parameters; urlHasCredentials sees both forms', () => {
      assert.equal(redactUrl(`http://user:${pw}@127.0.0.1:8787/v1?token=${pw}&page=2`), 'http://user:***@127.0.0.1:8787/v1?token=***&page=2');
      assert.equal(redactUrl(`https://${token}@registry.internal`), 'https://***@registry.internal');
      assert.equal(redactUrl('http://127.0.0.1:8787'), 'http://127.0.0.1:8787');
      assert.ok(urlHasCredentials(`http://user:${pw}@h`) && urlHasCredentials(`https://${token}@h/`) && !urlHasCredentials('https://h/?a=b@c'));
    });

    it('escapeTerminal shows control and bidi characters as escapes; escapeMessage keeps our line breaks', () => {
      assert.equal(escapeTerminal('a\x1b[2Jb\x1b]0;t\x07\r\b\u202e\u2066\x9b\n'), 'a\\x1b[2Jb\\x1b]0;t\\x07\\x0d\\x08\\u202e\\u2066\\x9b\\x0a');
      assert.equal(escapeMessage('line one \x1b[2J\nline two\r'), 'line one \\x1b[2J\nline two\\x0d');
      assert.equal(safeJson({ s: '\u202e\x9b\x1b' }, 0), '{"s":"\\u202e\\u009b\\u001b"}');
    });

    it('Markdown: text renders as itself (no tag, link or cell break), code spans cannot be closed from inside', () => {
      assert.equal(mdText('</details><img src=x onerror=alert(1)>'), '&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;');
      assert.equal(mdText('[click](https://x) ![i](y) a|b `c` \\[d]\nnext'), '\\[click\\](https://x) !\\[i\\](y) a\\|b \\`c\\` \\\\\\[d\\] next');
      assert.equal(mdText('&amp; \x1b'), '&amp;amp; \\\\x1b');
      assert.equal(mdCode('a`b``c|d'), '```a`b``c\\|d```');
      assert.equal(mdCode('`x'), '`` `x ``');
    });
  });

  describe('no register value, reason or description is printed as typed', () => {
    const g = new SampleGen(4242);
    const dbPassword = g.password(16);
    const pastedToken = g.checksummedToken('ghp_');
    const reasonToken = g.checksummedToken('ghp_');
    const descriptionToken = g.checksummedToken('ghp_');
    const codeToken = g.checksummedToken('ghp_');
    const acme = `acme_${g.lowerAlnum(24)}`;
    const secrets = { 'the password in ref': dbPassword, 'the token in purpose': pastedToken, 'the token in a suppression reason': reasonToken, 'the token in a rule description': descriptionToken };
    let ws: ReturnType<typeof makeWorkspace>;
    before(() => {
      ws = makeWorkspace({
        'credentials.yaml': [
          'version: 1',
          'identities:',
          '  - id: payments-db',
          '    kind: database_credential',
          '    provider: PostgreSQL',
          '    owners: { business: group:payments, technical: group:platform }',
          `    purpose: "Application login; the old one was ${pastedToken}"`,
          '    environment: production',
          `    ref: "postgres://app:${dbPassword}@db.internal/payments"`,
          '    match: [DB_URL]',
          '',
        ].join('\n'),
        '.credential-hygiene.json': JSON.stringify({
          customRules: [{ id: 'acme-key', description: `Acme key (ask for a new one; not ${descriptionToken})`, keywords: ['acme_'], regex: 'acme_([a-z0-9]{24})' }],
        }),
        'src/app.ts': [
          'const url = process.env.DB_URL;',
          `const GITHUB_TOKEN = "${codeToken}"; // credential-hygiene:allow rotated; the replacement is ${reasonToken}`,
          `const ACME = "${acme}";`,
          '',
        ].join('\n'),
      });
    });
    after(() => ws.cleanup());

    it('inventory (text, JSON, CSV, Markdown, CycloneDX)', () => {
      const outputs: Record<string, string> = {};
      for (const format of ['text', 'json', 'csv', 'markdown', 'cyclonedx']) {
        const r = cli(['inventory', '--format', format, '--now', '2026-03-01'], ws.dir);
        assert.equal(r.code, 0, r.stderr);
        outputs[`inventory ${format}`] = r.stdout + r.stderr;
      }
      assertAbsent(outputs, secrets);
      assert.ok(outputs['inventory text'].includes('payments-db'));
      const entry = JSON.parse(outputs['inventory json']).identities.find((e: { id: string }) => e.id === 'payments-db');
      assert.match(entry.ref, /^postgres:\/\/app:\S{0,4}\*{8} \(16-31 chars\)@db\.internal\/payments$/);
      assert.equal(entry.purpose, 'Application login; the old one was ghp_******** (40 chars)');
    });

    it('scan (text, JSON, SARIF, Markdown), suppressed findings shown', () => {
      const outputs: Record<string, string> = {};
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        const r = cli(['scan', '--format', format, '--show-suppressed', '--now', '2026-03-01'], ws.dir);
        assert.equal(r.code, 1, r.stderr);
        outputs[`scan ${format}`] = r.stdout + r.stderr;
      }
      assertAbsent(outputs, { ...secrets, 'the token in code': codeToken, 'the custom secret': acme });
      const json = JSON.parse(outputs['scan json']);
      assert.equal(json.suppressed[0].suppressed.reason, 'rotated; the replacement is ghp_******** (40 chars)');
      assert.ok(json.findings.some((f: { ruleId: string; description: string }) => f.ruleId === 'acme-key' && f.description === 'Acme key (ask for a new one; not ghp_******** (40 chars))'));
      // Fingerprints are ours, never rewritten.
      for (const f of [...json.findings, ...json.suppressed]) assert.match(f.fingerprint, /^(v2:)?[0-9a-f]{32}$/);
    });

    it('report (HTML, Markdown, JSON, CSV)', () => {
      const outputs: Record<string, string> = {};
      for (const format of ['html', 'markdown', 'json', 'csv']) {
        const r = cli(['report', '--format', format, '--now', '2026-03-01'], ws.dir);
        assert.equal(r.code, 0, r.stderr);
        outputs[`report ${format}`] = r.stdout + r.stderr;
      }
      assertAbsent(outputs, { ...secrets, 'the token in code': codeToken, 'the custom secret': acme });
      assert.match(outputs['report markdown'], /rotated; the replacement is ghp_\*{8} \(40 chars\)/);
    });
  });

  describe('workspace text reaches terminals, Markdown and spreadsheets as text', () => {
    const g = new SampleGen(77);
    // One class of control character per file name: erase screen, window title, clipboard (OSC 52), carriage return, backspaces, bidi override.
    const names = [
      'clear\x1b[2J\x1b[H.ts', 'title\x1b]0;pwned\x07.ts', 'clip\x1b]52;c;ZWNobyBwd25lZA==\x07.ts', 'cr\r✔ all clean.ts', 'bs\b\b\b\bx.ts', 'bidi\u202etxt.ts',
    ];
    const files: Record<string, string> = {};
    for (const n of names) files[`src/${n}`] = `const token = "${g.checksummedToken('ghp_')}";\nconst key = process.env.STRIPE_SECRET_KEY;\n`;
    files['src/allowed.ts'] = `const GITHUB_TOKEN = "${g.checksummedToken('ghp_')}"; // credential-hygiene:allow </details><img src=x onerror=alert(1)> [x](https://e.vil) \x1b[2K\r✔ no hard-coded credentials found\n`;
    files['src/formula.ts'] = `const GITHUB_TOKEN = "${g.checksummedToken('ghp_')}"; // credential-hygiene:allow =HYPERLINK("https://e.vil","x")\n`;
    files['src/acme.ts'] = `const ACME = "acme_${g.lowerAlnum(24)}";\n`;
    files['.credential-hygiene.json'] = JSON.stringify({
      customRules: [{ id: 'acme-key', description: 'Acme key\x1b[2J\x1b[32m all clean\x1b[0m\x1b]8;;https://e.vil\x07link\x1b]8;;\x07', keywords: ['acme_'], regex: 'acme_([a-z0-9]{24})' }],
    });
    let ws: ReturnType<typeof makeWorkspace>;
    before(() => {
      ws = makeWorkspace(files);
    });
    after(() => ws.cleanup());

    it('scan text (with suppressed findings) and inventory text hold no raw ESC, BEL, CR, backspace or bidi character', () => {
      const scan = cli(['scan', '--show-suppressed'], ws.dir);
      assert.equal(scan.code, 1, scan.stderr);
      assert.equal((scan.stdout.match(/ghp_\*{8}/g) ?? []).length, names.length + 2, 'every file was scanned and reported');
      const inventory = cli(['inventory'], ws.dir);
      assert.equal(inventory.code, 0, inventory.stderr);
      assertNoRawControl({ 'scan text': scan.stdout + scan.stderr, 'inventory text': inventory.stdout + inventory.stderr });
      assert.ok(scan.stdout.includes('src/clear\\x1b[2J\\x1b[H.ts') && scan.stdout.includes('src/bidi\\u202etxt.ts'), 'file names shown escaped');
      assert.ok(scan.stdout.includes('Acme key\\x1b[2J\\x1b[32m all clean'), 'the description shown escaped');
      assert.ok(inventory.stdout.includes('src/cr\\x0d✔ all clean.ts:2'), 'inventory paths shown escaped');
    });

    it('Markdown (scan, inventory, report) shows the reason as text: no raw <img, no closing </details>, no link, no control character', () => {
      const outputs: Record<string, string> = {};
      const scan = cli(['scan', '--format', 'markdown'], ws.dir);
      assert.equal(scan.code, 1, scan.stderr);
      outputs['scan markdown'] = scan.stdout;
      outputs['inventory markdown'] = cli(['inventory', '--format', 'markdown'], ws.dir).stdout;
      outputs['report markdown'] = cli(['report', '--format', 'markdown'], ws.dir).stdout;
      assertNoRawControl(outputs);
      for (const [where, md] of Object.entries(outputs)) {
        assert.ok(!/<img/i.test(md), `${where} holds a raw <img`);
        assert.ok(!/(?<!\\)\]\(https:\/\/e\.vil\)/.test(md), `${where} holds a link`);
      }
      assert.equal((outputs['scan markdown'].match(/<\/details>/g) ?? []).length, (outputs['scan markdown'].match(/<details>/g) ?? []).length);
      assert.match(outputs['scan markdown'], /&lt;\/details&gt;&lt;img src=x onerror=alert\(1\)&gt; \\\[x\\\]\(https:\/\/e\.vil\)/);
      assert.match(outputs['report markdown'], /&lt;\/details&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    });

    it('SARIF and JSON carry no raw control or bidi character; SARIF texts not even escaped ones from JSON', () => {
      const sarif = cli(['scan', '--format', 'sarif'], ws.dir);
      const json = cli(['scan', '--format', 'json', '--show-suppressed'], ws.dir);
      const inventory = cli(['inventory', '--format', 'json'], ws.dir);
      const report = cli(['report', '--format', 'json'], ws.dir);
      assertNoRawControl({ sarif: sarif.stdout, json: json.stdout, 'inventory json': inventory.stdout, 'report json': report.stdout });
      const run = JSON.parse(sarif.stdout).runs[0];
      const texts = [
        ...run.results.map((r: { message: { text: string } }) => r.message.text),
        ...run.results.flatMap((r: { suppressions?: Array<{ justification: string }> }) => (r.suppressions ?? []).map((s) => s.justification)),
        ...run.tool.driver.rules.flatMap((r: { shortDescription: { text: string }; fullDescription: { text: string } }) => [r.shortDescription.text, r.fullDescription.text]),
      ];
      assertNoRawControl(Object.fromEntries(texts.map((t, i) => [`SARIF text ${i}`, t])));
      // The file names survive as data: JSON escapes them, and the path is still the path.
      assert.ok(JSON.parse(json.stdout).findings.some((f: { path: string }) => f.path === 'src/bidi\u202etxt.ts'));
    });

    it('the HTML report escapes the reason; CSV cells that start like a formula are defused', () => {
      const html = cli(['report', '--format', 'html'], ws.dir).stdout;
      assert.ok(!/<img src=x/i.test(html));
      assert.ok(html.includes('&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;'));
      const csv = cli(['report', '--format', 'csv'], ws.dir).stdout;
      assert.ok(csv.includes(`"'=HYPERLINK(""https://e.vil"",""x"")"`), 'the formula is prefixed with a quote');
      assert.ok(!/(^|,)"?=HYPERLINK/m.test(csv));
    });
  });

  describe('a registry URL with credentials', () => {
    const g = new SampleGen(8);
    const pw = g.password(12);
    const token = g.checksummedToken('ghp_');
    let ws: ReturnType<typeof makeWorkspace>;
    before(() => {
      ws = makeWorkspace({ 'credentials.yaml': 'version: 1\nidentities:\n  - id: stripe-live\n    owners: { technical: group:payments }\n' });
    });
    after(() => ws.cleanup());

    for (const [how, url] of [['a password', `http://admin:${pw}@127.0.0.1:9`], ['a token as the user name', `http://${token}@127.0.0.1:9/`]] as const) {
      it(`with ${how} is refused up front, exit 2, the URL shown redacted (--registry and the environment)`, () => {
        for (const r of [cli(['sync', '--registry', url], ws.dir), cli(['sync'], ws.dir, { CREDENTIAL_HYGIENE_REGISTRY_URL: url })]) {
          assert.equal(r.code, 2, r.stderr);
          assert.match(r.stderr, /carries credentials: put the token in CREDENTIAL_HYGIENE_REGISTRY_TOKEN, not in the URL/);
          assert.doesNotMatch(r.stderr, /cannot be reached/);
          assert.match(r.stderr, /http:\/\/(?:admin:)?\*\*\*@127\.0\.0\.1:9/);
          assertAbsent({ stdout: r.stdout, stderr: r.stderr }, { password: pw, token });
        }
      });
    }

    it('a token in the query string is not printed when the registry cannot be reached', function () {
      this.timeout(30_000);
      const r = cli(['sync', '--registry', `http://127.0.0.1:9/?access_token=${pw}`], ws.dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /cannot be reached/);
      assert.match(r.stderr, /access_token=\*\*\*/);
      assertAbsent({ stdout: r.stdout, stderr: r.stderr }, { password: pw });
    });

    it('the client refuses it too (the extension uses the client), with the URL redacted', () => {
      assert.throws(() => new RegistryClient({ baseUrl: `https://ci:${pw}@registry.internal` }), (e: unknown) => {
        assert.ok(e instanceof RegistryError);
        assert.match(e.message, /the registry URL https:\/\/ci:\*\*\*@registry\.internal\/ carries credentials/);
        assert.ok(!e.message.includes(pw));
        return true;
      });
    });
  });
});
