// Lint TypeScript sources, tests and scripts with typescript-eslint's recommended rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const VSCODE = { group: ['vscode'], message: 'Only src/extension may import vscode.' };
/** Imports of one face (src/extension, src/cli, src/server, src/lsp) from anywhere else in src. */
const face = (name) => ({ group: [`**/${name}/**`, `**/${name}`], message: `src/${name} is a face: nothing outside it imports it.` });
const CORE = [VSCODE, face('extension'), face('cli'), face('server'), face('lsp')];
/** The core layers at and above the engine (scan). */
const ENGINE_AND_UP = ['scan', 'ownership', 'certs', 'present', 'analysis', 'run', 'report', 'registry', 'model'];
/** Imports of higher core layers, by their folder (or file) name. */
const coreAbove = (...names) => ({
  group: names.flatMap((n) => [`**/${n}/**`, `../${n}`, `../../${n}`, `../../../${n}`]),
  message: `A lower core layer must not import a higher one (${names.join(', ')}); move the shared word down (src/core/types, vocabulary.ts).`,
});
const ZOD_NAMESPACE = {
  selector: "ImportDeclaration[source.value=/^zod/] > ImportSpecifier[imported.name='z']",
  message: "Import zod as a namespace (import * as z from 'zod'): the named `z` object pulls every locale into the bundles.",
};
// A workspace's JSON and YAML reach the recursive parsers only through core/text/structured.ts, which
// refuses a text nested too deeply (a stack overflow there can abort the process).
const STRUCTURED_PARSERS = [
  { selector: "ImportDeclaration[source.value='yaml'] > ImportSpecifier[imported.name=/^(parse|parseDocument|parseAllDocuments)$/]", message: 'Parse YAML with parseYamlDocument / parseAllYamlDocuments (core/text/structured.ts).' },
  { selector: "ImportDeclaration[source.value='jsonc-parser'] > ImportSpecifier[imported.name=/^(parse|parseTree)$/]", message: 'Parse JSON with comments with parseJsonc / parseJsoncTree (core/text/structured.ts).' },
];
const boundaries = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', '.bench/**', '.demo/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // zod's `z` object carries every locale's messages (about 350 KB that the bundler cannot drop); a
      // namespace import lets it keep only the schema builders used (bundles a third smaller, and a
      // pre-commit hook's start-up a few per cent faster, measured by `npm run bench`).
      'no-restricted-syntax': ['error', ZOD_NAMESPACE],
    },
  },
  // The product (not the tests, which read back what it wrote) parses through core/text/structured.ts,
  // the one place that calls the recursive parsers after checking how deeply the text nests.
  { files: ['src/**/*.ts'], ignores: ['src/core/text/structured.ts'], rules: { 'no-restricted-syntax': ['error', ZOD_NAMESPACE, ...STRUCTURED_PARSERS] } },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Import boundaries (keep the layering that `farm-studio look` shows). Each block restates what it
  // forbids: in flat config the last matching block's `no-restricted-imports` wins for a file.
  boundaries(['src/core/**/*.ts'], CORE),
  boundaries(['src/cli/**/*.ts'], [VSCODE, face('extension')]),
  boundaries(['src/server/**/*.ts'], [VSCODE, face('extension'), face('cli'), face('lsp')]),
  boundaries(['src/extension/**/*.ts'], [face('cli'), face('server'), face('lsp')]),
  // The language server imports only core (the CLI's `lsp` command loads it).
  boundaries(['src/lsp/**/*.ts'], [VSCODE, face('extension'), face('cli'), face('server')]),
  // Within core, from the ground up: types, vocabulary, errors, languages, text -> files, rules ->
  // findings, config -> suppress -> scan -> ownership -> certs -> present (the editors' words) ->
  // analysis -> run (the file runner: read, analyze, on workers) -> report, registry -> model.
  boundaries(['src/core/types/**/*.ts', 'src/core/text/**/*.ts', 'src/core/vocabulary.ts', 'src/core/errors.ts', 'src/core/languages.ts',
    'src/core/files/**/*.ts', 'src/core/rules/**/*.ts'], [...CORE, coreAbove('findings', 'config', 'suppress', ...ENGINE_AND_UP)]),
  boundaries(['src/core/findings.ts', 'src/core/config/**/*.ts'], [...CORE, coreAbove('suppress', ...ENGINE_AND_UP)]),
  boundaries(['src/core/suppress/**/*.ts'], [...CORE, coreAbove(...ENGINE_AND_UP)]),
  boundaries(['src/core/scan/**/*.ts'], [...CORE, coreAbove('ownership', 'certs', 'present', 'analysis', 'run', 'report', 'registry', 'model')]),
  boundaries(['src/core/ownership/**/*.ts'], [...CORE, coreAbove('certs', 'present', 'analysis', 'run', 'report', 'registry', 'model')]),
  boundaries(['src/core/certs/**/*.ts'], [...CORE, coreAbove('present', 'analysis', 'run', 'report', 'registry', 'model')]),
  // What the editor faces show (hovers): words over findings and certificates, for the faces only.
  boundaries(['src/core/present/**/*.ts'], [...CORE, coreAbove('analysis', 'run', 'report', 'registry', 'model', 'history')]),
  boundaries(['src/core/analysis/**/*.ts'], [...CORE, coreAbove('run', 'report', 'registry', 'model')]),
  boundaries(['src/core/run/**/*.ts'], [...CORE, coreAbove('report', 'registry', 'model')]),
  // Git history (scan --history) sits beside analysis: it uses the engine, ownership matching and git; reports use it.
  boundaries(['src/core/history/**/*.ts'], [...CORE, coreAbove('analysis', 'run', 'report', 'registry', 'model')]),
);
