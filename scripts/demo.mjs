// `npm run demo`: the quick start. Copies the sample "payments" app (samples/demo-workspace) to
// .demo/payments-app, fills its ⟦fake:KIND⟧ markers with freshly generated fake credentials (seeded,
// so every run plants the same values), makes it a git repository, scans it with the built CLI, writes
// SARIF, JSON and Markdown reports to .demo/, and checks that the planted credentials were found.
//
// Exit status: 0 when the demo worked, even though the scan found secrets (that is the point);
// 1 when something broke (the CLI failed, or it missed more planted credentials than TOLERANCE).
//
// No credential-shaped string is written in this file: prefixes and bodies are put together at run
// time, and the values exist only inside .demo/payments-app. The manifest (.demo/manifest.json) says
// where each one was planted and which rule should find it, never the value.
//
// The test (test/unit/demo.test.ts) imports this module to regenerate the values in memory; the demo
// itself runs only when the file is executed directly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATE_DIR = path.join(ROOT, 'samples', 'demo-workspace');
export const DEMO_DIR = path.join(ROOT, '.demo');
export const WORKSPACE = path.join(DEMO_DIR, 'payments-app');
export const MANIFEST = path.join(DEMO_DIR, 'manifest.json');
export const REPORTS = { sarif: 'report.sarif', json: 'report.json', markdown: 'report.md' };
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLE_GEN = path.join(ROOT, 'out', 'src', 'core', 'rules', 'sample-gen.js');

/** The generator's seed: the same seed plants the same values on every run. */
export const SEED = 0xde30;
/** How many planted credentials the scan may miss before the demo counts as broken. */
export const TOLERANCE = 1;

const BASE32_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * What each marker becomes. `rules` are the ids of the built-in rules that may report it (the first is
 * the one meant for it); kinds without rules are look-alikes that must NOT be reported.
 */
export const KINDS = {
  'github-pat': { what: 'GitHub personal access token', rules: ['github-pat-classic'], gen: (g) => g.checksummedToken('ghp' + '_') },
  'stripe-live': { what: 'Stripe live secret key', rules: ['stripe-live-secret-key'], gen: (g) => 'sk_' + 'live_' + g.alnum(24) },
  'stripe-test': { what: 'Stripe test-mode secret key', rules: ['stripe-test-secret-key'], gen: (g) => 'sk_' + 'test_' + g.alnum(24) },
  'aws-key-id': { what: 'AWS access key id', rules: ['aws-access-key-id'], gen: (g) => 'AK' + 'IA' + g.chars(BASE32_UPPER, 16) },
  // Terraform's aws provider calls it `secret_key`, which the AWS rule does not take for an AWS name
  // (too generic); the generic rule reports it instead.
  'aws-secret': { what: 'AWS secret access key', rules: ['aws-secret-access-key', 'generic-secret'], gen: (g) => g.chars(ALNUM + '/+', 40) },
  'slack-bot': {
    what: 'Slack bot token', rules: ['slack-bot-token'],
    gen: (g) => ['xox' + 'b', g.digits(12), g.digits(13), g.alnum(24)].join('-'),
  },
  'slack-webhook': {
    what: 'Slack incoming-webhook URL', rules: ['slack-webhook-url'],
    gen: (g) => `https://hooks.slack.com/${'serv' + 'ices'}/T${g.upperAlnum(8)}/B${g.upperAlnum(10)}/${g.alnum(24)}`,
  },
  'pg-password': { what: 'password in a Postgres connection URL', rules: ['postgres-connection-string'], gen: (g) => g.alnum(18) },
  'jwt': { what: 'JSON Web Token', rules: ['jwt'], gen: (g) => g.jwt({ iss: 'ledger.internal', role: 'service' }) },
  'rsa-private-key': { what: 'RSA private key (PEM)', rules: ['private-key-rsa'], gen: (g) => g.pem('RSA ' + 'PRIVATE KEY', 8) },
  'openai': {
    what: 'OpenAI API key', rules: ['openai-project-key'],
    gen: (g) => 'sk-' + 'proj-' + g.base64url(74) + 'T3Blbk' + 'FJ' + g.base64url(74),
  },
  'sendgrid': { what: 'SendGrid API key', rules: ['sendgrid-api-key'], gen: (g) => 'SG' + '.' + g.base64url(22) + '.' + g.base64url(43) },
  'password': { what: 'password in YAML', rules: ['generic-password'], gen: (g) => g.password(16) },
  // Look-alikes: the scan must stay quiet about these.
  'stripe-publishable': { what: 'Stripe publishable key (public by design)', gen: (g) => 'pk_' + 'live_' + g.alnum(24) },
  'uuid': { what: 'UUID', gen: (g) => g.uuid() },
  'git-sha': { what: 'git commit SHA', gen: (g) => g.hex(40) },
};

/** Files the scan must not read at all, and why (a planted credential in them must not be reported). */
export const NOT_SCANNED = {
  '.env': 'git-ignored (.gitignore), as in a real checkout',
  'src/stripe.test.ts': 'excluded by .credential-hygiene.json (**/*.test.ts)',
};

/** Lines that mention credentials without holding one: each must stay unreported. */
export const SAFE_LINES = [
  { file: 'config/app.yaml', contains: 'ref+vault://secret/data/payments#/stripe_key', why: 'vault reference' },
  { file: 'config/app.yaml', contains: 'ref+vault://secret/data/payments#/stripe_webhook_secret', why: 'vault reference' },
  { file: '.github/workflows/deploy.yml', contains: '${{ secrets.STRIPE_KEY }}', why: 'GitHub Actions secret' },
  { file: 'k8s/deployment.yaml', contains: 'key: stripe-secret-key', why: 'Kubernetes secretKeyRef' },
  { file: 'k8s/deployment.yaml', contains: 'key: db-password', why: 'Kubernetes secretKeyRef' },
  { file: 'src/db.ts', contains: 'process.env.DATABASE_URL', why: 'environment lookup' },
  { file: 'src/db.ts', contains: 'process.env.DB_PASSWORD', why: 'environment lookup' },
  { file: 'src/db.ts', contains: 'password: dbPassword', why: 'variable, not a literal' },
  { file: 'src/stripe.ts', contains: 'process.env.STRIPE_WEBHOOK_SECRET', why: 'environment lookup' },
  { file: 'worker/settings.py', contains: 'os.environ["STRIPE_SECRET_KEY"]', why: 'environment lookup' },
  { file: 'billing/main.go', contains: 'os.Getenv("STRIPE_SECRET_KEY")', why: 'environment lookup' },
  { file: 'docker-compose.yml', contains: '${POSTGRES_PASSWORD}', why: 'Compose variable' },
  { file: 'infra/main.tf', contains: 'var.db_password', why: 'Terraform variable' },
  { file: 'Dockerfile', contains: '/run/secrets/npm_token', why: 'BuildKit secret mount' },
];

/** Files that must produce no finding at all. */
export const CLEAN_FILES = {
  '.env.example': 'placeholders only',
  'k8s/deployment.yaml': 'secretKeyRef references only',
  'src/db.ts': 'environment lookups only',
  'Dockerfile': 'BuildKit secret mount',
};

// The word `fake` in a marker also keeps the unfilled template quiet when this repository itself is
// scanned: the engine takes a value that says "fake" for a placeholder.
const MARKER = /⟦(?:fake:([a-z0-9-]+))?[^⟧\n]{0,40}⟧/g;

/** A failure the demo explains in one line (anything else is a bug: it prints a stack). */
class DemoError extends Error {}

/** The SampleGen class, from the compiled engine (`npm run build` makes it). */
function loadSampleGen() {
  if (!existsSync(SAMPLE_GEN)) throw new DemoError(`${path.relative(ROOT, SAMPLE_GEN)} is missing: run \`npm run build\` first`);
  return createRequire(import.meta.url)(SAMPLE_GEN).SampleGen;
}

/** Template files as sorted POSIX paths; `x.tmpl` is written as `x` (so `.env.tmpl` becomes a real, git-ignored `.env`). */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * Fills every template in memory. Returns the files and, per marker, where its value landed (1-based
 * lines) and the value itself: the caller writes the files and keeps the values out of everything else.
 */
export function fillWorkspace(seed = SEED, templateDir = TEMPLATE_DIR) {
  const SampleGen = loadSampleGen();
  const g = new SampleGen(seed);
  const files = [];
  const planted = [];
  for (const templ of listFiles(templateDir)) {
    const file = templ.replace(/\.tmpl$/, '');
    const template = readFileSync(path.join(templateDir, templ), 'utf8');
    let text = '';
    let last = 0;
    for (const m of template.matchAll(MARKER)) {
      const kind = KINDS[m[1]];
      if (!kind || m[0] !== `⟦fake:${m[1]}⟧`) throw new DemoError(`samples/demo-workspace/${templ}: unknown marker ${m[0]}`);
      text += template.slice(last, m.index);
      last = m.index + m[0].length;
      const value = kind.gen(g);
      const line = lineAt(text, text.length);
      planted.push({ file, line, endLine: line + (value.match(/\n/g)?.length ?? 0), kind: m[1], value });
      text += value;
    }
    text += template.slice(last);
    files.push({ file, text });
  }
  return { seed, files, planted };
}

function lineAt(text, offset) {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Where each planted value is, what must be found and what must not: written to .demo/manifest.json
 * for the test and for curious readers. Holds no value.
 */
export function buildManifest({ seed, files, planted }) {
  const text = new Map(files.map((f) => [f.file, f.text]));
  const mustFind = [];
  const mustNotFlag = [];
  for (const p of planted) {
    if (NOT_SCANNED[p.file]) continue; // covered by cleanFiles below
    const { what, rules } = KINDS[p.kind];
    if (rules) mustFind.push({ file: p.file, line: p.line, endLine: p.endLine, kind: p.kind, what, ruleIds: rules });
    else mustNotFlag.push({ file: p.file, line: p.line, why: what });
  }
  for (const s of SAFE_LINES) {
    const lines = (text.get(s.file) ?? '').split('\n');
    const hits = lines.flatMap((l, i) => (l.includes(s.contains) ? [i + 1] : []));
    if (!hits.length) throw new DemoError(`samples/demo-workspace/${s.file} no longer contains "${s.contains}": update SAFE_LINES`);
    for (const line of hits) mustNotFlag.push({ file: s.file, line, why: s.why });
  }
  const cleanFiles = Object.entries({ ...CLEAN_FILES, ...NOT_SCANNED }).map(([file, why]) => ({ file, why }));
  for (const { file } of cleanFiles) if (!text.has(file)) throw new DemoError(`the template has no ${file}`);
  return { seed, workspace: path.relative(ROOT, WORKSPACE), tolerance: TOLERANCE, mustFind, mustNotFlag, cleanFiles };
}

/** Writes the filled files to a fresh `dir`. */
function writeWorkspace(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const { file, text } of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** `git init` + `git add` in the workspace; returns why not when that failed (no git, say), else undefined. */
function gitInit(dir) {
  // A caller's GIT_DIR / GIT_INDEX_FILE (e.g. when run from a hook) would point git at another repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  for (const args of [['-c', 'init.defaultBranch=main', 'init', '-q'], ['add', '-A']]) {
    const r = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    if (r.error || r.status !== 0) return r.error?.code === 'ENOENT' ? 'git is not installed' : (r.stderr || String(r.error)).trim();
  }
  return undefined;
}

/** Runs the CLI from the repository root; `inherit` shows its output as is (coloured on a terminal). */
function cli(args, stdio) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, stdio, encoding: 'utf8' });
  if (r.error) throw new DemoError(`could not run the CLI: ${r.error.message}`);
  // 0: nothing found, 1: findings; anything else (2: usage or internal error, a signal) is a failure.
  if (r.status !== 0 && r.status !== 1) {
    throw new DemoError(`\`node dist/cli.js ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})${r.stderr ? `:\n${r.stderr.trim()}` : ''}`);
  }
  return r;
}

/** Compares the JSON report with the manifest: which planted credentials were missed, which safe lines flagged. */
export function check(manifest, report) {
  const at = (file, from, to) => report.findings.filter((f) => f.path === file && f.range.start.line + 1 >= from && f.range.start.line + 1 <= to);
  const missed = [];
  const otherRule = [];
  for (const p of manifest.mustFind) {
    const hits = at(p.file, p.line, p.endLine);
    if (!hits.length) missed.push(p);
    else if (!hits.some((f) => p.ruleIds.includes(f.ruleId))) otherRule.push({ ...p, found: hits.map((f) => f.ruleId) });
  }
  const falseAlarms = [
    ...manifest.mustNotFlag.flatMap((s) => at(s.file, s.line, s.line).map((f) => ({ ...s, ruleId: f.ruleId }))),
    ...manifest.cleanFiles.flatMap((c) => report.findings.filter((f) => f.path === c.file).map((f) => ({ ...c, line: f.range.start.line + 1, ruleId: f.ruleId }))),
  ];
  return { missed, otherRule, falseAlarms };
}

function paint(code, s) {
  const on = !process.env.NO_COLOR && (process.stdout.isTTY || (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0'));
  return on ? `\x1b[${code}m${s}\x1b[0m` : s;
}
const bold = (s) => paint('1', s);
const dim = (s) => paint('2', s);
const say = (s = '') => process.stdout.write(s + '\n');

function main() {
  if (!existsSync(CLI)) throw new DemoError('dist/cli.js is missing: run `npm run build` first (or `npm run demo`, which builds)');
  const rel = (p) => path.relative(ROOT, p).split(path.sep).join('/');
  const filled = fillWorkspace();
  const manifest = buildManifest(filled);

  say(bold('Credential Hygiene demo'));
  say(`A sample payments app (TypeScript, Python, Go, YAML, Terraform, CI) with ${manifest.mustFind.length} hard-coded`);
  say(`fake credentials and ${manifest.mustNotFlag.length} look-alikes that are not secrets (env lookups, vault references, UUIDs, ...).`);
  mkdirSync(DEMO_DIR, { recursive: true });
  writeWorkspace(WORKSPACE, filled.files);
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  const gitProblem = gitInit(WORKSPACE);
  say(dim(gitProblem ? `(not a git repository: ${gitProblem}; .gitignore is honoured all the same)` : `(${rel(WORKSPACE)} is a fresh git repository: .gitignore applies as in a real checkout)`));
  say();

  say(bold(`$ node dist/cli.js scan ${rel(WORKSPACE)}`));
  cli(['scan', rel(WORKSPACE)], 'inherit');
  say();

  for (const [format, name] of Object.entries(REPORTS)) {
    cli(['scan', rel(WORKSPACE), '--format', format, '--output', rel(path.join(DEMO_DIR, name)), '--no-progress'], ['ignore', 'pipe', 'pipe']);
  }
  const report = JSON.parse(readFileSync(path.join(DEMO_DIR, REPORTS.json), 'utf8'));
  const { missed, otherRule, falseAlarms } = check(manifest, report);

  const found = manifest.mustFind.length - missed.length;
  say(`${bold(`${found} of ${manifest.mustFind.length}`)} planted credentials found; ` +
    `${falseAlarms.length ? paint('33', `${falseAlarms.length} false alarm(s)`) : 'no false alarms'} on the look-alikes; ` +
    `${Object.keys(NOT_SCANNED).length} files rightly not scanned (${Object.keys(NOT_SCANNED).join(', ')}).`);
  for (const p of missed) say(paint('33', `  missed: ${p.what} in ${p.file}:${p.line} (expected rule ${p.ruleIds.join(' or ')})`));
  for (const p of otherRule) say(paint('33', `  ${p.what} in ${p.file}:${p.line} was reported by ${p.found.join(', ')} (expected ${p.ruleIds.join(' or ')})`));
  for (const a of falseAlarms) say(paint('33', `  false alarm: ${a.file}:${a.line} (${a.why}) reported by ${a.ruleId}`));
  say();
  say(bold(`Reports, in ${rel(DEMO_DIR)}/:`));
  for (const [name, what] of [
    [REPORTS.sarif, 'SARIF 2.1.0, for GitHub code scanning'],
    [REPORTS.json, 'every finding, machine-readable; values redacted'],
    [REPORTS.markdown, 'for a pull-request comment or a ticket'],
    [path.basename(MANIFEST), 'what the demo planted where (no values)'],
  ]) say(`  ${name.padEnd(14)} ${what}`);
  say();
  say(bold('Try it on your own code:'));
  say(`  npx credential-hygiene scan <dir>              ${dim('# exit 1 when it finds something')}`);
  say('  npx credential-hygiene scan <dir> --format sarif --output scan.sarif');
  say(`  npx credential-hygiene baseline create <dir>   ${dim("# accept today's findings; then scans fail only on new ones:")}`);
  say('  npx credential-hygiene scan <dir> --baseline .credential-hygiene-baseline.json');
  say(dim('(In this checkout, `node dist/cli.js` does what `npx credential-hygiene` does.)'));

  if (missed.length > TOLERANCE) {
    throw new DemoError(`the scan missed ${missed.length} planted credentials (at most ${TOLERANCE} allowed): ${missed.map((p) => p.kind).join(', ')}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`\ndemo failed: ${e instanceof DemoError ? e.message : e.stack}\n`);
    process.exitCode = 1;
  }
}
