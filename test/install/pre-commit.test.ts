// The shipped pre-commit hook (.pre-commit-hooks.yaml) run by the pre-commit framework itself
// (Debian's `pre-commit`): a repository lists this one in .pre-commit-config.yaml, `pre-commit install`
// writes the git hook, and `git commit` with a staged secret is refused with a readable message.
// The framework installs the hook as it does for any `language: node` hook: it clones the hook
// repository, runs `npm install` there (our `prepare` builds the bundle), packs it and installs the
// tarball into its own node environment.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SampleGen } from '../../src/core/rules/sample-gen';
import { cleanupTmp, nativeEnv, REPO_ROOT, tmpDir } from './support';

const PRE_COMMIT = process.env.PRE_COMMIT_BIN || '/usr/bin/pre-commit';

/** The hook repository as pre-commit sees it: this working tree's tracked files, committed. */
function hookRepo(dir: string): { repo: string; rev: string } {
  const repo = path.join(dir, 'hook-repo');
  mkdirSync(repo);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (f.startsWith('test/corpus/') || !existsSync(path.join(REPO_ROOT, f))) continue; // the corpus is test data only
    mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, f), path.join(repo, f));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=ship@example.com', '-c', 'user.name=Ship', 'commit', '-q', '--no-verify', '-m', 'hook repository');
  return { repo, rev: git('rev-parse', 'HEAD').trim() };
}

describe('pre-commit hook, run by the pre-commit framework', function () {
  this.timeout(20 * 60_000); // the framework's first install: npm install, build, pack, install
  after(cleanupTmp);

  it('refuses a commit that stages a secret with a readable message, and lets the fixed commit through', function () {
    if (!existsSync(PRE_COMMIT)) this.skip(); // CI installs Debian's pre-commit (.ci/run)
    const dir = tmpDir('ch-pre-commit-');
    const { repo, rev } = hookRepo(dir);
    const app = path.join(dir, 'app');
    mkdirSync(app);
    const env = { ...process.env, ...nativeEnv(dir), PRE_COMMIT_HOME: path.join(dir, 'pre-commit-home'), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', NO_COLOR: '1' };
    const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: app, encoding: 'utf8', env });
    const git = (...args: string[]) => run('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args]);
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(app, '.pre-commit-config.yaml'), `repos:\n  - repo: ${repo}\n    rev: ${rev}\n    hooks:\n      - id: credential-hygiene\n`);
    writeFileSync(path.join(app, 'README.md'), '# app\n');
    const install = run(PRE_COMMIT, ['install', '--install-hooks']);
    assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`.slice(-4000));

    const g = new SampleGen(1701);
    const token = g.checksummedToken('ghp_');
    writeFileSync(path.join(app, 'deploy.py'), `import os\nGITHUB_TOKEN = "${token}"\n`);
    git('add', '-A');
    const refused = git('commit', '-m', 'deploy script');
    const out = `${refused.stdout}\n${refused.stderr}`;
    assert.notEqual(refused.status, 0, out);
    assert.match(out, /Credential Hygiene \(hard-coded credentials\)\.+Failed/);
    assert.match(out, /^deploy\.py\n\s+2:\d+ /m);
    assert.match(out, /GitHub personal access token/);
    assert.ok(!out.includes(token), 'the hook printed the token');
    assert.notEqual(git('rev-parse', '--verify', '-q', 'HEAD').status, 0, 'a commit was made');

    writeFileSync(path.join(app, 'deploy.py'), 'import os\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');
    git('add', '-A');
    const passed = git('commit', '-m', 'deploy script');
    assert.equal(passed.status, 0, `${passed.stdout}\n${passed.stderr}`);
    assert.match(passed.stdout + passed.stderr, /Credential Hygiene \(hard-coded credentials\)\.+Passed/);
  });
});
