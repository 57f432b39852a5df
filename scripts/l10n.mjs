// `npm run l10n`: exports every message of `l10n.t` calls in the given source folders into
// l10n/bundle.l10n.json, the file translators start from, with @vscode/l10n-dev's own extractor.
// That extractor reads only files that import 'vscode' (or '@vscode/l10n'). Core never does: its
// presentation modules (src/core/present) are handed the translator as an object named `l10n`, so they
// are given to the extractor with that import written before their text (in memory, never on disk).
// `--check`: writes nothing, and fails when the bundle is not what the export would write
// (test/unit/nls.test.ts runs it with the folders package.json's script names).
import { getL10nJson } from '@vscode/l10n-dev';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const check = process.argv.includes('--check');
const folders = process.argv.slice(2).filter((a) => a !== '--check');
if (!folders.length) throw new Error('usage: node scripts/l10n.mjs [--check] <folder>…');

const IMPORT = "import * as l10n from '@vscode/l10n';\n";
const files = folders.flatMap((folder) => readdirSync(folder, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
  .map((e) => path.join(e.parentPath ?? e.path, e.name))
  .sort());
const contents = files.map((file) => {
  const text = readFileSync(file, 'utf8');
  const core = path.relative('.', file).split(path.sep).join('/').startsWith('src/core/');
  return { extension: path.extname(file), contents: core ? IMPORT + text : text };
});
const bundle = await getL10nJson(contents);
const OUT = 'l10n/bundle.l10n.json';
const text = JSON.stringify(bundle, undefined, 2);
if (check) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    const had = JSON.parse(current);
    const missing = Object.keys(bundle).filter((k) => !(k in had));
    const stale = Object.keys(had).filter((k) => !(k in bundle));
    console.error(`${OUT} is not what \`npm run l10n\` exports: run it.`);
    for (const k of missing) console.error(`  missing: ${k}`);
    for (const k of stale) console.error(`  no longer in the code: ${k}`);
    process.exit(1);
  }
  console.log(`${OUT}: up to date (${Object.keys(bundle).length} messages from ${files.length} files)`);
} else {
  writeFileSync(OUT, text);
  console.log(`${OUT}: ${Object.keys(bundle).length} messages from ${files.length} files`);
}
