// Figures against a reference measured in the same run (see the README's performance table):
//  - start-up: `scan --staged` of a few staged files in a real git repo against a bare `node -e 0`;
//  - a repository-sized tree against secretlint with its O(files²) profiler switched off;
//  - a large tree (the generated tree plus a node_modules) against a ripgrep pass of every rule's
//    keyword (`rg -i -F`, all keywords at once): what any keyword-prefiltered scanner must at least
//    spend reading these bytes.
// The two commands of a pair run in turn, A B A B ..., so a drift in the machine's speed hits both;
// each figure is the median of the per-pair ratios (wall and CPU time), over at least five pairs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadOut, median, timeCommand } from './util.mjs';
import { realisticSource } from './corpus.mjs';

export const RG = '/usr/bin/rg';

/** A and B in turn, `runs` times each after one untimed warm-up of each; medians and per-pair ratios A/B. */
export async function paired(a, b, runs, { cwd, timeoutMs = 600_000 } = {}) {
  const once = async (c) => {
    const r = await timeCommand(c.cmd, c.args, { cwd: c.cwd ?? cwd, timeoutMs, env: c.env });
    if (r.timedOut || (c.okCodes && !c.okCodes.includes(r.code))) throw new Error(`${c.label} failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${r.stderr.slice(-500)}`);
    return r;
  };
  await once(a);
  await once(b);
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    as.push(await once(a));
    bs.push(await once(b));
  }
  const stats = (rs) => ({
    ms: median(rs.map((r) => r.ms)), cpuS: median(rs.map((r) => r.cpuS ?? NaN)), peakRssMiB: median(rs.map((r) => (r.rssKb ?? NaN) / 1024)),
    allMs: rs.map((r) => Math.round(r.ms)),
  });
  return {
    runs, a: stats(as), b: stats(bs),
    wallRatio: median(as.map((r, i) => r.ms / bs[i].ms)),
    cpuRatio: median(as.map((r, i) => (r.cpuS ?? NaN) / (bs[i].cpuS ?? NaN))),
  };
}

/** A git repository with three small source files staged, as a pre-commit hook sees it. */
export function stagedRepo(benchDir) {
  const dir = path.join(benchDir, 'staged-repo');
  if (!existsSync(path.join(dir, '.git'))) {
    mkdirSync(dir, { recursive: true });
    const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q', '.');
    for (let i = 0; i < 3; i++) {
      // Ordinary code full of credential words and no secret: a clean commit, the common case.
      const text = realisticSource(0x5a6e + i, 40).split('\n').filter((l) => !/[A-Za-z0-9_-]{20,}/.test(l)).join('\n') + '\n';
      writeFileSync(path.join(dir, `module${i}.ts`), text);
    }
    git('add', '.');
  }
  return dir;
}

/** Every built-in rule's keywords (lower case, once each) in a file for `rg -f`. */
export function keywordFile(benchDir) {
  const { builtinRules } = loadOut('core/rules/index.js');
  const words = [...new Set(builtinRules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))];
  const file = path.join(benchDir, 'keywords.txt');
  writeFileSync(file, words.join('\n') + '\n');
  return { file, count: words.length };
}

/**
 * ripgrep over `paths`, every file (no ignore files, hidden files too, as our --no-gitignore scan), all
 * keywords case-insensitively as fixed strings, counting every occurrence (it must read every byte).
 */
export function rgKeywordCommand(paths, keywords) {
  return { label: 'rg', cmd: RG, args: ['--no-ignore', '--hidden', '--no-config', '-i', '-F', '-f', keywords, '--count-matches', '--no-messages', ...paths], okCodes: [0, 1] };
}
