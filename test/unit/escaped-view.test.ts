// Code and config inside another format's escaping: the engine scans a decoded view of notebooks,
// JSON with escaped strings, markup with entities and URL-encoded configs, and maps each finding back
// to the escaped text in the file (src/core/scan/escaped-view.ts).
import * as assert from 'node:assert/strict';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { Engine } from '../../src/core/scan/engine';
import { escapedViews, originalRange } from '../../src/core/scan/escaped-view';

const engine = new Engine();

/** The escaped spans the engine reports in `text`. */
function found(text: string, path: string): string[] {
  return engine.scanText(text, path).map((f) => text.slice(f.offset.start, f.offset.end));
}

describe('escaped contexts', () => {
  const g = new SampleGen(0xe5c);

  it('finds assignments in notebook cells, at the escaped value', () => {
    const password = g.password(16);
    const secret = g.alnum(32);
    const nb = JSON.stringify({
      cells: [{ cell_type: 'code', source: ['import os\n', `db_password = "${password}"\n`, `API_SECRET = '${secret}'\n`, 'token = os.environ["API_TOKEN"]\n'] }],
      metadata: { language_info: { name: 'python' } },
    }, null, 1);
    assert.deepEqual(found(nb, 'analysis/report.ipynb').sort(), [password, secret].sort());
  });

  it('reports nothing for lookups and placeholders in notebooks', () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['token = os.environ["API_TOKEN"]\n', 'password = getpass("Password: ")\n', 'api_key = "<your-api-key>"\n'] }] });
    assert.deepEqual(found(nb, 'analysis/report.ipynb'), []);
  });

  it('finds values in configs serialized into JSON strings', () => {
    const secret = g.alnum(32);
    const text = JSON.stringify({ name: 'billing', config: JSON.stringify({ endpoint: 'https://billing.internal', api_secret: secret }) });
    assert.deepEqual(found(text, 'config/integrations.json'), [secret]);
  });

  it('finds values in a config file\'s lines held in one JSON string, scanned as config (no quotes needed)', () => {
    const secret = g.alnum(32);
    const password = g.password(16);
    const text = JSON.stringify({ 'config.ini': `[api]\nAPI_TOKEN=${secret}\nDB_PASSWORD=${password}\nBACKUP_ENABLED=true\n` });
    assert.deepEqual(found(text, 'deploy/files.json').sort(), [secret, password].sort());
    const [view] = escapedViews(text, 'deploy/files.json');
    assert.equal(view.path, 'deploy/files.json.cfg');
    // Lookups in such a string are still lookups; prose with `=` and line breaks holds nothing.
    assert.deepEqual(found(JSON.stringify({ 'app.env': 'API_TOKEN=${API_TOKEN}\nDEBUG=1\n', help: 'Set TIMEOUT=30\nthen retry' }), 'deploy/files.json'), []);
  });

  it('finds values in entity-escaped attributes, and maps the range past entities and astral characters', () => {
    const secret = g.alnum(32);
    const text = `<div title="&#x1F600; &amp; more" data-config="{&quot;apiToken&quot;: &quot;${secret}&quot;}"></div>\n`;
    assert.deepEqual(found(text, 'public/index.html'), [secret]);
    assert.deepEqual(found(`<div data-props="{&quot;password&quot;: &quot;{{ password }}&quot;}"></div>`, 'public/index.html'), []);
  });

  it('finds values in URL-encoded query strings, reported as encoded', () => {
    const secret = g.alnum(32);
    const password = g.password(16);
    const encoded = encodeURIComponent(password);
    const text = `curl "https://reports.internal/export?user=ci%26api_key%3D${secret}"\nHOOK="https://hooks.internal/x?next=%2Fy%3Fpassword%3D${encoded}%26a%3D1"\n`;
    assert.deepEqual(found(text, 'ops/export.sh').sort(), [secret, encoded].sort());
    assert.deepEqual(found('curl "https://reports.internal/export?next=%2Fexport%3Ftoken%3D%7B%7Btoken%7D%7D"\n', 'ops/export.sh'), []);
  });

  it('reads a Kubernetes Secret\'s base64 data decoded: a provider token, a private key, a registry login', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const stripe = `sk_${'live'}_${g.alnum(32)}`;
    const pem = g.pem('RSA PRIVATE KEY');
    const dockerAuth = b64(`ci-bot:${g.alnum(20)}`);
    const docker = JSON.stringify({ auths: { 'registry.example.com': { auth: dockerAuth } } });
    const yaml = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: plain', 'data:', `  note: ${b64(stripe)}`, '---',
      'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: app', 'type: Opaque', 'data:',
      `  stripe-key: ${b64(stripe)}`, `  tls.key: "${b64(pem)}"`, `  .dockerconfigjson: ${b64(docker)}`, `  binary: ${Buffer.from([0, 1, 2, 250, 251, 252, 3, 4, 5]).toString('base64')}`, '',
    ].join('\n');
    const findings = engine.scanText(yaml, 'deploy/secrets.yaml');
    const byRule = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => yaml.slice(f.offset.start, f.offset.end));
    // Where the Secret holds them: within the base64 that encodes each (the ConfigMap's data is no base64 of a secret).
    const stripeAt = yaml.lastIndexOf(b64(stripe));
    assert.deepEqual(findings.filter((f) => f.ruleId === 'stripe-live-secret-key').map((f) => f.offset.start >= stripeAt && f.offset.end <= stripeAt + b64(stripe).length), [true]);
    assert.equal(findings.find((f) => f.ruleId === 'stripe-live-secret-key')?.preview, 'sk_live_******** (40 chars)');
    // A base64 PEM is known by its own shape; the registry login inside the docker config only decoded.
    assert.equal(byRule('private-key-base64-pem').length, 1, JSON.stringify(findings.map((f) => f.ruleId)));
    const dockerAt = yaml.indexOf(b64(docker));
    assert.deepEqual(findings.filter((f) => f.ruleId === 'docker-config-auth').map((f) => f.offset.start >= dockerAt && f.offset.end <= dockerAt + b64(docker).length), [true]);
    // The same data as JSON.
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, data: { 'stripe-key': b64(stripe) } }, null, 2);
    assert.ok(engine.scanText(json, 'deploy/secret.json').some((f) => f.ruleId === 'stripe-live-secret-key'));
    // No Secret, no view; a Secret with nothing readable in its data, no view either.
    assert.deepEqual(escapedViews(yaml.split('---')[0], 'deploy/config.yaml'), []);
    assert.deepEqual(escapedViews('kind: Secret\ndata:\n  key: AAECAwQFBgcICQ==\n', 'deploy/secret.yaml'), []);
  });

  it('maps every character of a view back: kept ones to themselves, decoded ones to their escape, in order, the end to the end', () => {
    const r = new SampleGen(77);
    const pieces: Record<string, string[]> = {
      'config/a.json': ['ab', ' x=', '\\"', '\\n', '\\u0041', '\\ud83d\\ude00', '\\\\', '\\q', 'é', '{', '"'],
      'web/a.html': ['ab', ' x=', '&quot;', '&#34;', '&#x1F600;', '&amp;', '&bogus;', '&', 'é'],
      'conf/a.cfg': ['ab', ' x', '%3D', '%40', '%2b', '%0A', '%zz', '%', 'é'],
    };
    let views = 0;
    for (let round = 0; round < 300; round++) {
      const file = Object.keys(pieces)[round % 3];
      const original = Array.from({ length: 1 + r.int(60) }, () => pieces[file][r.int(pieces[file].length)]).join('') + ' %3D \\" &quot;';
      for (const view of escapedViews(original, file)) {
        views++;
        let before = 0;
        for (let i = 0; i <= view.text.length; i++) {
          const { start: at } = originalRange(view, i, i);
          assert.ok(at >= before, `round ${round}: in order at ${i}`);
          before = at;
          if (i === view.text.length) assert.equal(at, original.length, `round ${round}: the end`);
          else if (original[at] !== view.text[i]) assert.ok('\\&%'.includes(original[at]), `round ${round}: view ${i} maps to an escape, not ${JSON.stringify(original[at])}`);
        }
      }
    }
    assert.ok(views > 200);
  });

  it('builds no view for most files, and maps a view back exactly', () => {
    assert.deepEqual(escapedViews('const a = "x\\"y";', 'src/a.ts'), []);
    assert.deepEqual(escapedViews('{"a": "b"}', 'config/a.json'), []);
    assert.deepEqual(escapedViews('{"a": "\\"b\\""}', 'dist/app.js.map'), []);
    const original = '{"a": "p\\u0041ss \\"q\\""}';
    const [view] = escapedViews(original, 'config/a.json');
    const at = view.text.indexOf('pAss');
    assert.deepEqual(originalRange(view, at, at + 4), { start: original.indexOf('p\\u0041ss'), end: original.indexOf('p\\u0041ss') + 9 });
  });
});
