// `npm test`: build, type-check, lint, unit tests, the extension-host suites in a real VS Code, the
// user-level UI walk and the installed packages; then one closing line with the totals that CI counts.
import { spawn } from 'node:child_process';

const stages = [
  ['build and type-check', 'node', ['scripts/build.mjs']],
  ['lint', 'node', ['node_modules/eslint/bin/eslint.js', 'src', 'test', 'scripts']],
  ['unit tests', 'node', ['node_modules/mocha/bin/mocha.js']],
  ['extension host (code-server)', 'node', ['test/vscode/run.js']],
  ['user-level UI walk (Playwright)', 'node', ['test/ui/quickfix.ui.js']],
  // The npm tarball installed into an empty folder, and the pre-commit hook run by the framework.
  ['installed packages (npm, pre-commit)', 'node', ['node_modules/mocha/bin/mocha.js', '--no-config', '--reporter', './test/reporter.js', '--timeout', '1200000', 'out/test/install/**/*.test.js']],
];
const only = process.env.TEST_STAGES?.split(',');
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStages = [];

function run(name, cmd, args) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name} ===`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d).slice(-100_000);
    });
    child.on('close', (code) => {
      // Each runner ends with "<name>: N passed, N failed[, N skipped]".
      for (const m of tail.matchAll(/^\w+: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)) {
        totals.passed += Number(m[1]);
        totals.failed += Number(m[2]);
        totals.skipped += Number(m[3] ?? 0);
      }
      resolve(code ?? 1);
    });
  });
}

for (const [name, cmd, args] of stages) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  const code = await run(name, cmd, args);
  if (code !== 0) {
    failedStages.push(name);
    if (name === 'build and type-check') break; // nothing else can run
  }
}
console.log(`\n${failedStages.length ? `failed stages: ${failedStages.join(', ')}` : 'all stages passed'}`);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStages.length ? 1 : 0);
