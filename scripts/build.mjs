// Bundles the CLI, the scan worker and (when present) the extension with esbuild, and type-checks/emits
// the sources and tests with tsc into out/ for mocha.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, rmSync } from 'node:fs';

const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], target: 'node20', format: 'cjs', sourcemap: 'linked', minify: true, legalComments: 'none', logLevel: 'warning' };
const entries = [
  { in: 'src/core/run/worker.ts', out: 'dist/worker.js' },
  { in: 'src/core/history/worker.ts', out: 'dist/history-worker.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];
await Promise.all(entries.filter((e) => existsSync(e.in)).map((e) => build({
  ...common, entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner: e.banner ? { js: e.banner } : undefined,
})));
// The CLI is split (ES modules, one chunk per part a command needs) so that a command parses and runs only
// its own code: `scan --staged` in a pre-commit hook never loads the registry server, the report
// renderers or the database drivers. dist/cli.js starts it; in the chunks, `require` (for the bundled
// CommonJS packages and the native SQLite driver) and `__dirname` (the dist folder, where worker.js,
// ../package.json and ../media are found) mean what they mean in the CommonJS bundles.
rmSync('dist/cli', { recursive: true, force: true });
await build({
  ...common, format: 'esm', splitting: true, entryPoints: { bin: 'src/cli/bin.ts' }, outdir: 'dist/cli', outExtension: { '.js': '.mjs' }, chunkNames: '[name]-[hash]',
  // better-sqlite3: a native module, loaded from node_modules. The CycloneDX library's optional plugins
  // (XML, schema validation) are never used by the CLI: not bundled.
  external: ['better-sqlite3', 'xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'],
  banner: { js: "import{createRequire as __cr}from'node:module';import{dirname as __dn}from'node:path';import{fileURLToPath as __fu}from'node:url';const require=__cr(import.meta.url),__dirname=__dn(__dn(__fu(import.meta.url)));" },
});
copyFileSync('scripts/cli-shim.cjs', 'dist/cli.js'); // the starter: see its comment (compile cache on Node 22+)
chmodSync('dist/cli.js', 0o755);
if (!process.argv.includes('--no-tsc')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
}
