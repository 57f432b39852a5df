// One truth for hover text (src/core/present/hover.ts): the extension's hovers and the language server's
// say the same sentences about the same finding and the same certificate. They differ only where
// HoverFace declares it: theme icons (VS Code renders `$(shield)`; a language client would show the
// text) and the how-to-fix sentence (Ctrl+. and VS Code's fixes; the code actions the server offers).
// The language server's hovers come from `dist/cli.js lsp` over JSON-RPC; the extension's from core with
// what SecretHover and CertificateHover pass (VSCODE_HOVER, and VS Code's translator, here English).
// Workspace text in a hover is always escaped. Secrets are generated at run time and never printed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analysis/analyze';
import { evaluateCertificates } from '../../src/core/certs/channel';
import { engineOptionsFrom, toEngineOptions } from '../../src/core/config/load';
import { ConfigSchema } from '../../src/core/config/schema';
import type { Finding } from '../../src/core/findings';
import type { InventoryEntry } from '../../src/core/ownership/evaluate';
import { certificateHover, findingHover, LSP_HOVER, VSCODE_HOVER, type FindingHoverFacts, type HoverFace } from '../../src/core/present/hover';
import { translator } from '../../src/core/present/l10n';
import { RULE_DOC_ANCHORS } from '../../src/core/rules/docs';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { localeTranslator } from '../../src/lsp/locale';
import { CertFactory, days, type Issued } from './support/certs';
import { LspClient } from './support/lsp-client';
import { makeWorkspace } from './support/workspace';

const english = translator();
const VSCODE: HoverFace = { ...VSCODE_HOVER, l10n: english };
const LSP: HoverFace = { ...LSP_HOVER, l10n: english };
const engine = new Engine(toEngineOptions(engineOptionsFrom(ConfigSchema.parse({}))));
const g = new SampleGen(0x40e7);

const paragraphs = (md: string) => md.split('\n\n');
/** A paragraph without the theme icon it starts with (the extension's, declared in HoverFace). */
const withoutIcon = (p: string) => p.replace(/^\$\([a-z-]+\) /, '');
/** Markdown without its code spans (text in them renders as it is). */
const outsideCode = (md: string) => md.replace(/(?<![`\\])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
const HOW_TO_FIX = /^\*\*How to fix:\*\*/;

/**
 * The extension's hover and the language server's say the same: paragraph for paragraph, once the
 * extension's icons are set aside, apart from how to fix (each names its own way to the fixes).
 */
function assertSameSentences(vscodeMd: string, lspMd: string): void {
  assert.ok(!lspMd.includes('$('), 'no theme icon for a language client');
  const ours = paragraphs(vscodeMd).map(withoutIcon);
  const theirs = paragraphs(lspMd);
  assert.equal(ours.length, theirs.length, `${ours.length} paragraphs against ${theirs.length}`);
  for (let i = 0; i < ours.length; i++) {
    if (HOW_TO_FIX.test(ours[i])) {
      assert.match(theirs[i], HOW_TO_FIX);
      assert.match(ours[i], /press Ctrl\+\. \(Cmd\+\. on macOS\)/);
      assert.match(theirs[i], /the code actions move it/);
    } else assert.equal(ours[i], theirs[i]);
  }
}

/** The certificate inventory entries core evaluates for one file's text (the language server's way). */
function certificateEntries(text: string, rel: string, now: Date): InventoryEntry[] {
  const certificates = analyze(text, rel, { engine, options: { references: false, certificates: true } }).certificates;
  assert.ok(certificates, `certificate facts in ${rel}`);
  return evaluateCertificates([{ path: rel, certificates }], now).inventory.filter((e) => e.source === 'certificate' && e.declaredAt?.path === rel);
}

function planted(text: string, rel: string, secret: string): Finding {
  const f = engine.scanText(text, rel).find((x) => x.offset.start === text.indexOf(secret));
  assert.ok(f, 'core finds the planted secret');
  return f;
}

describe('hovers: one text for the extension and the language server', function () {
  this.timeout(120_000);
  const stripe = `sk_${'live'}_${g.alnum(30)}`;
  const appText = `export const payoutKey = "${stripe}";\n`;
  let certs: CertFactory;
  let soon: Issued;
  let ws: ReturnType<typeof makeWorkspace>;
  let client: LspClient;

  before(async () => {
    certs = new CertFactory();
    const now = new Date();
    soon = certs.issue({ cn: 'hover.internal', key: 'ec:P-256', notBefore: days(now, -30), notAfter: days(now, 45), sans: ['hover.internal', 'api.hover.internal'] });
    ws = makeWorkspace({ 'README.md': '# demo\n' });
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir, { credentialHygiene: { debounceMs: 0, scanOnStartup: false } });
  });
  after(async () => {
    if (client) assert.equal(await client.close(), 0);
    ws?.cleanup();
    certs?.cleanup();
  });

  /** The language server's hover at `offset` of a document it has analyzed. */
  async function serverHover(rel: string, text: string, offset: number): Promise<string> {
    const doc = client.open(path.join(ws.dir, rel), text, 'plaintext');
    await client.nextDiagnostics(doc.uri); // analyzed (a certificate 45 days from expiry has no finding)
    const hover = await client.connection.sendRequest<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.positionAt(offset) });
    assert.ok(hover, 'a hover');
    assert.equal(hover.contents.kind, 'markdown');
    return hover.contents.value;
  }

  it('a finding: the server says what the extension says (untrusted: git history not checked)', async () => {
    const served = await serverHover('src/pay.ts', appText, appText.indexOf(stripe) + 5);
    const f = planted(appText, 'src/pay.ts', stripe);
    const ours = findingHover(VSCODE, f, { inHistory: undefined, customRule: false });
    assertSameSentences(ours, served);
    assert.equal(served, findingHover(LSP, f, { inHistory: undefined, customRule: false }), 'the server renders core\'s text');
    assert.match(ours, /^\$\(shield\) \*\*Hard-coded credential: Stripe live secret key\*\*/);
    assert.match(served, /\*\*Git history not checked\*\* \(git does not run in an untrusted workspace\)\. If this value was ever committed, rotate it at Stripe\./);
    assert.match(served, new RegExp(`rule \`stripe-[a-z-]+\` \\(\\[docs\\]\\(https://[^)]+#${RULE_DOC_ANCHORS.secret}\\)\\)`));
    assert.match(served, /as `PAYOUT_KEY` and read it from the environment/);
    for (const md of [ours, served]) assert.ok(!md.includes(stripe) && !md.includes(stripe.slice(8, 20)), 'no character of the secret');
  });

  it('a certificate: the server says what the extension says', async () => {
    const served = await serverHover('certs/hover.pem', soon.cert, soon.cert.indexOf('\n') + 4);
    const now = new Date();
    const entries = certificateEntries(soon.cert, 'certs/hover.pem', now);
    assert.equal(entries.length, 1);
    const ours = certificateHover(VSCODE, entries, now);
    assertSameSentences(ours, served);
    assert.match(ours, /^\$\(lock\) \*\*Certificate: hover\.internal\*\*/);
    assert.match(served, /Subject `CN=hover\.internal` · issuer itself \(self-signed\)/);
    assert.match(served, /Valid \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}: \*\*45 days left\*\*/);
    assert.match(served, /Names: `hover\.internal`, `api\.hover\.internal`/);
    assert.match(served, /No owner: no identity in the register matches it/);
    for (const l of soon.cert.split('\n').filter((x) => x.length > 20 && !x.startsWith('-----'))) assert.ok(!served.includes(l), 'no line of the certificate');
  });

  describe('every branch, both faces', () => {
    const text = `const stripeKey = "${`sk_${'live'}_${g.alnum(30)}`}";\n`;
    const f = planted(text, 'src/a.ts', `sk_${'live'}_`);
    const generic: Finding = { ...f, provider: 'generic' };
    const cases: Array<[string, Finding, FindingHoverFacts]> = [
      ['in HEAD, at its issuer', f, { inHistory: true, customRule: false }],
      ['in HEAD, where it was issued', generic, { inHistory: true, customRule: false }],
      ['not in HEAD', f, { inHistory: false, customRule: false }],
      ['not checked, where it was issued', generic, { inHistory: undefined, customRule: false }],
      ['in history since a commit', f, { inHistory: true, customRule: false, leak: { firstDate: '2025-03-04T10:00:00Z', firstCommit: 'a'.repeat(40), commits: 1 } }],
      ['in history, added by 3 commits, a custom rule', f, { inHistory: false, customRule: true, leak: { firstDate: '2025-03-04T10:00:00Z', firstCommit: 'b'.repeat(40), commits: 3 } }],
    ];
    for (const [name, finding, facts] of cases) {
      it(`finding: ${name}`, () => {
        const ours = findingHover(VSCODE, finding, facts);
        const theirs = findingHover(LSP, finding, facts);
        assertSameSentences(ours, theirs);
        const said = (re: RegExp) => paragraphs(theirs).some((p) => re.test(p));
        assert.equal(said(/^\*\*Already committed:\*\*/), facts.inHistory === true);
        assert.equal(said(/^\*\*Git history not checked\*\*/), facts.inHistory === undefined);
        assert.equal(said(/rotate it where it was issued/), finding.provider === 'generic' && facts.inHistory !== false);
        assert.equal(said(/^\*\*In git history since 2025-03-04\*\* \(commit `[ab]{12}`/), !!facts.leak);
        assert.equal(said(/added by 3 commits/), facts.leak?.commits === 3);
        assert.equal(said(new RegExp(`#${RULE_DOC_ANCHORS.custom}\\)\\)$`)), facts.customRule);
        // The icons the extension adds, and only there: the title, the committed warning, the history line.
        const icons = paragraphs(ours).map((p) => /^\$\(([a-z-]+)\) /.exec(p)?.[1]).filter(Boolean);
        assert.deepEqual(icons, ['shield', ...(facts.inHistory ? ['warning'] : []), ...(facts.leak ? ['history'] : [])]);
      });
    }

    it('certificate: a declaration, an unreadable one, an owned one with issues', () => {
      const tf = 'resource "tls_self_signed_cert" "web" {\n  validity_period_hours = 87600\n  subject {\n    common_name = "web.internal"\n  }\n}\n';
      const now = new Date('2026-06-01T12:00:00Z');
      const declared = certificateEntries(tf, 'infra/tls.tf', now);
      assert.equal(declared.length, 1);
      const [d] = declared;
      assert.ok(d.certificateDefinition, 'a declaration');
      const unreadable: InventoryEntry = { ...d, certificateDefinition: undefined };
      const owned: InventoryEntry = { ...d, owners: { technical: 'group:platform' }, identityId: 'web-tls', problems: ['owner/incomplete'] };
      const ours = certificateHover(VSCODE, [d, unreadable, owned], now);
      const theirs = certificateHover(LSP, [d, unreadable, owned], now);
      assert.deepEqual(ours.split('\n\n---\n\n').length, 3);
      assertSameSentences(ours, theirs);
      assert.match(theirs, /^\*\*Certificate declaration: [^*]+\*\*\n\nValid for 3650 days after each issue/);
      assert.match(ours, /\$\(warning\) \*\*Unreadable certificate\*\*/);
      assert.match(theirs, /Owner group:platform \(register identity `web-tls`\)\n\nIssues: `owner\/incomplete`$/);
    });
  });

  it('escapes workspace text in both faces: a custom rule\'s description and provider, a name, a subject, an owner', () => {
    const text = `const stripeKey = "${`sk_${'live'}_${g.alnum(30)}`}";\n`;
    const f = planted(text, 'src/a.ts', `sk_${'live'}_`);
    const hostile: Finding = {
      ...f,
      description: 'Key <img src=x onerror=alert(1)> [click](https://evil.example) `x`',
      provider: 'Acme](https://evil.example)<b>',
      fix: { ...f.fix, envName: 'A`B' },
    };
    const now = new Date('2026-06-01T12:00:00Z');
    const [entry] = certificateEntries(soon.cert, 'certs/hover.pem', now);
    const evil: InventoryEntry = {
      ...entry,
      certificate: { ...entry.certificate!, commonName: '<script>x</script>', subject: 'CN=`a`|b', sans: ['[x](javascript:alert(1))'] },
      owners: { technical: '<img src=y>' }, identityId: 'id`1',
    };
    for (const face of [VSCODE, LSP]) {
      for (const md of [findingHover(face, hostile, { inHistory: true, customRule: true }), certificateHover(face, [evil], now)]) {
        assert.ok(!/<(img|b|script)\b/i.test(md), 'no HTML tag survives');
        assert.ok(!/[^\\]\]\((https:\/\/evil|javascript:)/.test(outsideCode(md)), 'no link of the workspace\'s');
      }
      const md = findingHover(face, hostile, { inHistory: true, customRule: true });
      assert.match(md, /Hard-coded credential: Key &lt;img src=x onerror=alert\(1\)&gt; \\\[click\\\]\(https:\/\/evil\.example\) \\`x\\`/);
      assert.match(md, /as ``A`B`` and read it/, 'the name is a code span no backtick closes');
      assert.match(md, /rotate it at Acme\\\]\(https:\/\/evil\.example\)&lt;b&gt;\*\*/);
    }
  });

  describe('the language server\'s translator', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'ch-l10n-'));
      writeFileSync(path.join(dir, 'bundle.l10n.de.json'), JSON.stringify({ 'Certificate: {0}': 'Zertifikat: {0}', '**{0} days left**': '**noch {0} Tage**' }));
      writeFileSync(path.join(dir, 'bundle.l10n.xx.json'), '{ not json');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('fills placeholders once, keeps one without an argument, and takes a bundle\'s translation', () => {
      assert.equal(english.t('a {0} b {1} c {2}', '{1}', 2), 'a {1} b 2 c {2}');
      const de = localeTranslator('de-AT', [dir]);
      assert.equal(de.t('Certificate: {0}', 'x'), 'Zertifikat: x');
      assert.equal(de.t('Names: {0}', 'y'), 'Names: y', 'a message the bundle lacks stays English');
      const now = new Date();
      assert.match(certificateHover({ ...LSP_HOVER, l10n: de }, certificateEntries(soon.cert, 'c.pem', now), now), /^\*\*Zertifikat: hover\.internal\*\*[\s\S]*\*\*noch 45 Tage\*\*/);
    });

    it('is English for no locale, an unknown one, a broken bundle, and a locale that is not a language tag', () => {
      const logged: string[] = [];
      for (const locale of [undefined, 'fr', 'xx', '../de', 'de/../../x', 'de.json']) {
        assert.equal(localeTranslator(locale, [dir], (m) => logged.push(m)).t('Certificate: {0}', 'x'), 'Certificate: x', String(locale));
      }
      assert.equal(logged.length, 1, 'the broken bundle is logged once');
      assert.match(logged[0], /bundle\.l10n\.xx\.json: .*hovers stay in English/);
    });
  });
});
