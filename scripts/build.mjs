// Bundles the CLI, the scan worker and (when present) the extension with esbuild, and type-checks/emits
// the sources and tests with tsc into out/ for mocha.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], target: 'node20', format: 'cjs', sourcemap: 'linked', minify: true, legalComments: 'none', logLevel: 'warning' };
const entries = [
  // better-sqlite3: a native module, loaded from node_modules. The CycloneDX library's optional plugins
  // (XML, schema validation) are never used by the CLI: not bundled.
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node', external: ['better-sqlite3', 'xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'] },
  { in: 'src/core/run/worker.ts', out: 'dist/worker.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];
await Promise.all(entries.filter((e) => existsSync(e.in)).map((e) => build({
  ...common, entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner: e.banner ? { js: e.banner } : undefined,
})));
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
if (!process.argv.includes('--no-tsc')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
}
