// The .vsix a user installs: small, and holding the bundle, media/ and the README, never sources,
// tests or source maps. Runs the real `vsce package` on the built extension.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './support/workspace';

interface Step { id: string; media: { markdown: string }; completionEvents: string[] }
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string; icon: string; galleryBanner: { color: string; theme: string }; homepage: string; bugs: { url: string };
  categories: string[]; keywords: string[]; extensionKind: string[]; capabilities: { virtualWorkspaces: { supported: boolean; description: string } };
  contributes: { commands: Array<{ command: string }>; configuration: { properties: Record<string, unknown> }; walkthroughs: Array<{ id: string; steps: Step[] }> };
};

describe('extension package (.vsix)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ch-vsix-'));
  const vsix = path.join(dir, 'credential-hygiene.vsix');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is under 1 MiB and holds only the bundle, media, schema, manifest strings, README and license', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    // Packaged without a single warning (a missing icon, repository, license or changelog, SVG images…).
    assert.doesNotMatch(r.stdout + r.stderr, /WARNING|warn/i, r.stdout + r.stderr);
    assert.ok(statSync(vsix).size < 1024 * 1024, `${statSync(vsix).size} bytes`);
    const list = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.trim().split('\n').filter((f) => f.startsWith('extension/'));
    const walkthrough = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((st) => `extension/${st.media.markdown}`));
    for (const must of ['extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/history-worker.js', 'extension/media/shield.svg', 'extension/media/icon.png', 'extension/readme.md', 'extension/changelog.md', 'extension/package.json', 'extension/package.nls.json', ...walkthrough]) {
      assert.ok(list.includes(must), `missing ${must}`);
    }
    const unwanted = list.filter((f) => /\.(ts|map)$|^extension\/(src|test|out|scripts|samples|node_modules)\//.test(f));
    assert.deepEqual(unwanted, []);
  });
});

describe('extension manifest as the Marketplace shows it', () => {
  it('has a 128×128 PNG icon, a gallery banner, categories, keywords, homepage and bugs', () => {
    const png = readFileSync(path.join(REPO_ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]); // IHDR width, height
    assert.ok(png.length < 32 * 1024, `${png.length} bytes`);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    // The Marketplace's own category names.
    const known = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];
    assert.ok(manifest.categories.length > 0 && manifest.categories.every((c) => known.includes(c)), manifest.categories.join());
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30);
    assert.match(manifest.homepage, /^https:\/\//);
    assert.match(manifest.bugs.url, /^https:\/\/.*\/issues$/);
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.ok(manifest.capabilities.virtualWorkspaces.description.length > 20);
  });

  it('has a changelog entry for its version', () => {
    assert.match(readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\]`, 'm'));
  });

  it('has a Get Started walkthrough whose steps complete on what the user does, with media that exists', () => {
    const [walk] = manifest.contributes.walkthroughs;
    assert.deepEqual(walk.steps.map((s) => s.id), ['scan', 'fix', 'register', 'registry', 'report']);
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const settings = new Set(Object.keys(manifest.contributes.configuration.properties));
    // Context keys the extension sets (setContext calls in its sources).
    const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const contextKeys = new Set(sources(path.join(REPO_ROOT, 'src/extension')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'setContext', '([\w.]+)'/g)].map((m) => m[1])));
    for (const step of walk.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const ev of step.completionEvents) {
        const [kind, arg] = [ev.slice(0, ev.indexOf(':')), ev.slice(ev.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(commands.has(arg), `${step.id}: ${ev} is no contributed command`);
        else if (kind === 'onContext') assert.ok(contextKeys.has(arg), `${step.id}: ${ev} is a context key the extension never sets`);
        else if (kind === 'onSettingChanged') assert.ok(settings.has(arg), `${step.id}: ${ev} is no contributed setting`);
        else assert.fail(`${step.id}: unexpected completion event ${ev}`);
      }
      const md = path.join(REPO_ROOT, step.media.markdown);
      for (const m of readFileSync(md, 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
        const img = path.join(path.dirname(md), m[1]);
        assert.ok(existsSync(img), `${step.media.markdown}: ${m[1]} does not exist`);
        assert.ok(statSync(img).size < 200 * 1024, `${m[1]} is over 200 KiB`);
      }
    }
  });
});
