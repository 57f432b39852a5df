// Bundles the CLI, the scan worker and (when present) the extension with esbuild, and type-checks/emits
// the sources and tests with tsc into out/ for mocha.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';
import { writeRuleTable } from './gen-rule-table.mjs';

// The built-in rules' table (src/core/rules/table.generated.ts), from the providers' rules as they are now.
await writeRuleTable();

const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], target: 'node20', format: 'cjs', sourcemap: 'linked', minify: true, legalComments: 'none', logLevel: 'warning' };

// Each rule carries its own samples (src/core/rules/types.ts), which only the tests run (against out/):
// the bundles leave them out, a tenth of the CLI's text and of the compiled code it keeps, and of the
// worker's. Found with TypeScript's parser (a `samples` property of an object literal in a provider file).
const noSamples = {
  name: 'no-samples',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]rules[\\/]providers[\\/][^\\/]+\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const file = ts.createSourceFile(args.path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const cuts = [];
      const visit = (node) => {
        if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent) && node.name.getText(file) === 'samples') {
          const comma = /^\s*,/.exec(text.slice(node.getEnd(), node.getEnd() + 200));
          cuts.push([node.getStart(file), node.getEnd() + (comma ? comma[0].length : 0)]);
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let out = '';
      let at = 0;
      // Blanked rather than cut: every other line and column stays where the source map says it is.
      for (const [s, e] of cuts) {
        out += text.slice(at, s) + text.slice(s, e).replace(/[^\r\n]/g, ' ');
        at = e;
      }
      return { contents: out + text.slice(at), loader: 'ts' };
    });
  },
};
// `import * as path from 'node:path'` (in 44 modules) is, in a CommonJS bundle, __toESM(require(...)) in
// each importing module: a copy of path's properties as getters per module, about 500 of them made as
// the bundle starts (a millisecond of a pre-commit hook, and 140 KB of garbage). The sources' imports of
// node:path resolve instead to one ES module that names path's functions, and esbuild makes each
// `path.join` a direct reference to it. (A name the sources use and this list lacks fails the build.)
const PATH_NAMES = ['resolve', 'normalize', 'isAbsolute', 'join', 'relative', 'toNamespacedPath', 'dirname', 'basename', 'extname', 'format', 'parse', 'sep', 'delimiter', 'win32', 'posix'];
/** This project's sources (a library's own `src/` folder in node_modules is not one of them). */
const SOURCES = path.resolve('src') + path.sep;
const esmPath = {
  name: 'esm-path',
  setup(b) {
    b.onResolve({ filter: /^node:path$/ }, (a) => (a.kind === 'import-statement' && a.importer.startsWith(SOURCES) ? { path: 'node:path', namespace: 'esm-path' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'esm-path' }, () => ({
      loader: 'js', contents: `const p = require('node:path');\nexport const { ${PATH_NAMES.join(', ')} } = p;\nexport default p;\n`,
    }));
  },
};
const entries = [
  { in: 'src/core/run/worker.ts', out: 'dist/worker.js' },
  { in: 'src/core/history/worker.ts', out: 'dist/history-worker.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];
await Promise.all(entries.filter((e) => existsSync(e.in)).map((e) => build({
  ...common, entryPoints: [e.in], outfile: e.out, plugins: [noSamples, esmPath], external: e.external ?? [], banner: e.banner ? { js: e.banner } : undefined,
})));
// The CLI is a CommonJS bundle, dist/cli-main.js, started by dist/cli.js (scripts/cli-shim.cjs): its
// commands, the report renderers, the registry server and the libraries only they use are wrapped by
// esbuild and run only when a command needs them. The starter keeps V8's compiled code of the bundle in
// the user's cache folder, so from the second run on a pre-commit hook neither parses nor compiles it
// (which a split into ES modules cannot give on Node 20: ES modules have no code cache there).
// The bundle is written as the function CommonJS wraps a module in (the starter compiles and calls it),
// so that V8 compiles the file's own text: wrapping it when it loads would copy all of it once more, and
// on a machine where each fresh page of memory costs a fault that copy is a measurable part of a pre-commit
// hook's start-up. (esbuild keeps the source map right: the wrapper's first line is a banner.)
// better-sqlite3: a native module, loaded from node_modules. The CycloneDX library's optional plugins
// (XML, schema validation) are never used by the CLI: not bundled.
const cliExternal = ['better-sqlite3', 'xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'];
// Libraries only some runs use (the language server's protocol, the PostgreSQL driver, CycloneDX, RE2 for
// a configuration's own patterns) are files of their own in dist/lib/, which the bundle requires (always
// lazily: the code that needs them is) and the starter compiles with kept code as it does the bundle.
// Every run reads and copies all of the bundle's text before it starts: a pre-commit hook now reads 1 MB
// instead of 1.6.
const LEAVES = {
  re2js: 're2js',
  pg: 'pg',
  '@cyclonedx/cyclonedx-library': 'cyclonedx',
  'vscode-languageserver/node': 'languageserver',
  'vscode-languageserver-textdocument': 'textdocument',
  // Required where first used already (src/core/text/structured.ts).
  'jsonc-parser': 'jsonc-parser',
};
// Libraries the sources import as modules (at their top) but many runs never call: the YAML parser (a
// YAML file, the ownership register) and the CSV parser (a CSV file). The bundle holds a stand-in for
// each whose exports load the library the first time one is read (their names are the library's own,
// listed as it builds), and are the library's own from then on. A pre-commit hook on three TypeScript
// files reads neither: 0.17 MB less text to read, copy and deserialise, and no YAML library set up.
// (zod stays in the bundle: only the parts the schemas use are bundled, a library of its own would be
// all of it, five times as large, for every run with a configuration file.)
const LAZY_LEAVES = {
  yaml: 'yaml',
  'csv-parse/sync': 'csv-parse',
  // A .env file's parser: it loads node:os (and sets up its vault decryption) as it loads.
  dotenv: 'dotenv',
};
const requireHere = createRequire(import.meta.url);
const lazyLeaf = (spec, name) => {
  const lib = requireHere(spec);
  const names = Object.keys(lib);
  return [
    `const names = ${JSON.stringify(names)};`,
    'let lib;',
    'function load() {',
    `  if (lib) return lib;`,
    `  lib = require(${JSON.stringify(`./lib/${name}.js`)});`,
    '  for (const k of names) Object.defineProperty(exports, k, { value: lib[k], enumerable: true, configurable: true, writable: false });',
    '  return lib;',
    '}',
    ...(Object.getOwnPropertyDescriptor(lib, '__esModule') ? ["Object.defineProperty(exports, '__esModule', { value: true });"] : []),
    'for (const k of names) Object.defineProperty(exports, k, { get: () => load()[k], enumerable: true, configurable: true });',
  ].join('\n');
};
rmSync('dist/lib', { recursive: true, force: true });
await Promise.all(Object.entries({ ...LEAVES, ...LAZY_LEAVES }).map(([spec, name]) => build({
  ...common, stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: '.', sourcefile: `${name}.js` },
  outfile: `dist/lib/${name}.js`, external: cliExternal,
})));
// Commander loads node:child_process as it loads (for subcommands that are programs, which we have
// none of): about 6 ms of every run, and `scan --staged` in an ordinary repository starts no process
// at all. Its copy is loaded when first used instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      (/[\\/]commander[\\/]lib[\\/]command\.js$/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      loader: 'js',
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
    }));
  },
};
const leaves = {
  name: 'leaves',
  setup(b) {
    const filter = new RegExp(`^(?:${Object.keys(LEAVES).map((k) => k.replace(/[/.-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (a) => ({ path: `./lib/${LEAVES[a.path]}.js`, external: true }));
    const lazy = new RegExp(`^(?:${Object.keys(LAZY_LEAVES).map((k) => k.replace(/[/.-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: lazy }, (a) => ({ path: a.path, namespace: 'lazy-leaf' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-leaf' }, (a) => ({ loader: 'js', contents: lazyLeaf(a.path, LAZY_LEAVES[a.path]) }));
    b.onResolve({ filter: /^\.\/lib\/[a-z0-9-]+\.js$/, namespace: 'lazy-leaf' }, (a) => ({ path: a.path, external: true }));
  },
};
// The version is written in (src/cli/version.ts): no run reads package.json for it.
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
await build({
  ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli-main.js', plugins: [leaves, lazyChildProcess, noSamples, esmPath],
  define: { CH_BUILD_VERSION: JSON.stringify(version) },
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' }, footer: { js: '})' },
  external: cliExternal,
});
// The starter reads the bundle as Latin-1 (a copy, not a UTF-8 decoding): esbuild escapes every non-ASCII
// character, and this keeps it so. It names the bundle's content (its SHA-256) in its cache keys: a
// cache of another build is never used.
// The scan worker's bundle is started the same way (src/core/run/pool.ts).
// The hash of the CLI covers the libraries in dist/lib/ too (read the same way): kept scan results depend
// on RE2's answers.
const hashOf = (...files) => {
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = readFileSync(file);
    if (bytes.some((b) => b > 0x7f)) throw new Error(`${file} is not ASCII: it is read as Latin-1`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
};
const leafFiles = Object.values({ ...LEAVES, ...LAZY_LEAVES }).map((name) => `dist/lib/${name}.js`);
writeFileSync('dist/cli.js', readFileSync('scripts/cli-shim.cjs', 'utf8').replace('@BUNDLE_HASH@', hashOf('dist/cli-main.js', ...leafFiles)).replace('@WORKER_HASH@', hashOf('dist/worker.js')));
chmodSync('dist/cli.js', 0o755);
// Nothing else stays in dist/: a file an earlier build (or an experiment) left there would be packed and
// published with the CLI (.npmignore keeps dist/).
const built = new Set(['cli.js', 'lib', ...[...entries.filter((e) => existsSync(e.in)).map((e) => e.out), 'dist/cli-main.js'].flatMap((f) => [path.basename(f), `${path.basename(f)}.map`])]);
for (const f of readdirSync('dist')) if (!built.has(f)) rmSync(path.join('dist', f), { recursive: true, force: true });
if (!process.argv.includes('--no-tsc')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
}
