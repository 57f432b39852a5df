// Bundles the CLI, the scan worker and (when present) the extension with esbuild, and type-checks/emits
// the sources and tests with tsc into out/ for mocha.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], target: 'node20', format: 'cjs', sourcemap: 'linked', minify: true, legalComments: 'none', logLevel: 'warning' };
const entries = [
  // A native module (better-sqlite3) is loaded from node_modules. The language server (src/lsp, with
  // vscode-languageserver) is in this bundle behind the `lsp` command's dynamic import: its modules
  // are initialized only when that command runs.
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node', external: ['better-sqlite3'] },
  { in: 'src/core/run/worker.ts', out: 'dist/worker.js' },
  { in: 'src/core/history/worker.ts', out: 'dist/history-worker.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];
await Promise.all(entries.filter((e) => existsSync(e.in)).map((e) => build({
  ...common, entryPoints: [e.in], outfile: e.out, external: e.external ?? [], banner: e.banner ? { js: e.banner } : undefined,
})));
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
if (!process.argv.includes('--no-tsc')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
}
