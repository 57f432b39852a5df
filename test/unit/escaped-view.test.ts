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
