// The manifest's user-visible strings live in package.nls.json: every %key% in package.json has an
// English entry there, every entry is used (no orphans), and no visible contributes field is left as
// a literal that a translation could never reach.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './support/workspace';

const manifest: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** Every string in `value` with its JSON path. */
function strings(value: unknown, at: string[] = []): Array<{ at: string[]; text: string }> {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...at, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

const PLACEHOLDER = /^%([^%\s]+)%$/;
const all = strings(manifest);
const contributes = strings((manifest as { contributes: unknown }).contributes, ['contributes']);

describe('manifest localization (package.nls.json)', () => {
  it('has an English entry for every %key% in package.json', () => {
    const missing = all.map((s) => PLACEHOLDER.exec(s.text)?.[1]).filter((k): k is string => !!k && !(k in nls));
    assert.deepEqual(missing, []);
  });

  it('has no entry that package.json does not use', () => {
    const used = new Set(all.map((s) => PLACEHOLDER.exec(s.text)?.[1]).filter(Boolean));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
  });

  it('holds only non-empty strings', () => {
    for (const [k, v] of Object.entries(nls)) assert.ok(typeof v === 'string' && v.length > 0, k);
  });

  it('leaves no visible contributes text as a literal', () => {
    const visible = /^(title|category|description|markdownDescription|name|contextualTitle|contents|enumDescriptions)$/;
    const literal = contributes.filter(({ at, text }) => {
      // The field's name is the last path element, or the one before an array index.
      const field = /^\d+$/.test(at[at.length - 1]) ? at[at.length - 2] : at[at.length - 1];
      // A configuration property called "name"/"title" etc. is a key, not a label: only leaf strings count.
      return visible.test(field) && !PLACEHOLDER.test(text);
    });
    assert.deepEqual(literal.map((s) => `${s.at.join('.')}: ${s.text}`), []);
  });
});

// The code's strings: l10n/bundle.l10n.json is what `npm run l10n` (scripts/l10n.mjs, @vscode/l10n-dev's
// extractor) exports from the folders its script names: src/extension (vscode.l10n.t) and the core
// modules the faces hand their translator to (src/core/present: l10n.t). Every l10n.t('…') literal there
// is in it and it holds nothing else, so a string added without re-exporting fails here; a translated
// call outside those folders would never be exported, and fails too.
describe('code localization (l10n/bundle.l10n.json)', () => {
  const bundle = JSON.parse(readFileSync(path.join(REPO_ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const script = (manifest as { scripts: Record<string, string> }).scripts.l10n;
  const exported = /^node scripts\/l10n\.mjs (.+)$/.exec(script)?.[1].split(' ') ?? [];
  const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const unquote = (q: string, body: string) => body.replace(new RegExp(`\\\\(${q === '"' ? '"' : "'"})`, 'g'), '$1').replace(/\\\\/g, '\\');
  const inExported = (file: string) => exported.some((dir) => !path.relative(path.join(REPO_ROOT, dir), file).startsWith('..'));
  const used = new Set<string>();
  const computed: string[] = [];
  const elsewhere: string[] = [];
  for (const file of sources(path.join(REPO_ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    if (!inExported(file)) {
      if (/\bl10n\.t\(/.test(text)) elsewhere.push(path.relative(REPO_ROOT, file));
      continue;
    }
    for (const m of text.matchAll(/\bl10n\.t\(\s*(?:(['"])((?:\\.|(?!\1)[^\\])*)\1|([^'"\s]))/g)) {
      if (m[3]) computed.push(`${path.relative(REPO_ROOT, file)}: l10n.t(${m[3]}…`);
      else used.add(unquote(m[1], m[2]));
    }
  }

  it('is exported from the current source (run `npm run l10n` after changing a string)', () => {
    assert.deepEqual([...used].filter((s) => !(s in bundle)), [], 'in the code, not in the bundle');
    assert.deepEqual(Object.keys(bundle).filter((s) => !used.has(s)), [], 'in the bundle, no longer in the code');
  });

  it('is exported from src/extension and src/core/present, and nothing outside them is translated', () => {
    assert.deepEqual(exported, ['src/extension', 'src/core/present'], script);
    assert.deepEqual(elsewhere, []);
  });

  it('is what the exporter writes (its extractor, run on those folders)', function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, ['scripts/l10n.mjs', '--check', ...exported], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr || run.stdout);
  });

  it('is called with literal messages only (an extractor cannot see a computed one)', () => {
    assert.deepEqual(computed, []);
    assert.ok(used.size > 100, `${used.size} strings`);
  });

  it('names the bundle folder in the manifest', () => {
    assert.equal((manifest as { l10n?: string }).l10n, './l10n');
  });
});
