// One table of the editor settings' defaults (src/core/settings.ts) for every editor face: the VS Code
// extension and the language server read it, and package.json's `contributes.configuration` (what the
// editor shows and stores) must say the same.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../src/core/config/defaults';
import { defaultScanSettings, DIAGNOSTIC_LEVELS, SETTINGS_SECTION } from '../../src/core/settings';
import { defaultSettings } from '../../src/lsp/settings';
import { REPO_ROOT } from './support/workspace';

interface Property { default?: unknown; enum?: unknown[]; properties?: Record<string, { enum?: unknown[] }> }

function contributed(): Record<string, Property> {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } | Array<{ properties: Record<string, Property> }> } };
  const c = pkg.contributes.configuration;
  return Array.isArray(c) ? Object.assign({}, ...c.map((x) => x.properties)) : c.properties;
}

describe('editor settings defaults', () => {
  it('equal package.json for every shared setting, and the language server starts from them', () => {
    const props = contributed();
    const defaults = defaultScanSettings();
    for (const [key, value] of Object.entries(defaults)) {
      const prop = props[`${SETTINGS_SECTION}.${key}`];
      assert.ok(prop, `package.json contributes ${SETTINGS_SECTION}.${key}`);
      // undefined: the project's config decides, whose own default package.json shows.
      assert.deepEqual(prop.default, value ?? defaultConfig()[key as 'minConfidence'], key);
    }
    const severity = props[`${SETTINGS_SECTION}.severity`].properties ?? {};
    for (const s of Object.values(severity)) assert.deepEqual(s.enum, [...DIAGNOSTIC_LEVELS]);
    const lsp = defaultSettings();
    for (const key of Object.keys(defaults)) assert.deepEqual(lsp[key as keyof typeof lsp], defaults[key as keyof typeof defaults], key);
  });

  it('every editor-only setting in package.json belongs to the extension (vault, registry)', () => {
    const shared = new Set(Object.keys(defaultScanSettings()));
    const others = Object.keys(contributed()).map((k) => k.slice(SETTINGS_SECTION.length + 1)).filter((k) => !shared.has(k));
    assert.ok(others.every((k) => k.startsWith('vault.') || k.startsWith('registry.')), others.join(', '));
  });
});
