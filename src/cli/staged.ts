// `--staged`: the contents git will commit (the index), not the working tree, for pre-commit hooks.
// What git says is staged, and the blobs, come from ./staged-probe.ts. Each staged blob's size is checked
// before it is read; submodules and blobs over the size limit are listed as skipped.
import { constants as bufferConstants } from 'node:buffer';
import { readForStructure } from '../core/certs/discover';
import { decode, humanSize, type Skipped } from '../core/files/read';
import type { GivenSource } from '../core/run/file';
import { globFilter } from '../core/files/walk';
import { runGit } from '../core/git';
import type { Config } from '../core/config/schema';
import { readBlobs, stagedProbe, type GitRunner } from './staged-probe';

export type { GitRunner } from './staged-probe';

/** The largest file that can become one string (V8's limit), so the largest useful --max-file-size. */
export const MAX_SCANNABLE_SIZE: number = bufferConstants.MAX_STRING_LENGTH;

export async function stagedSources(
  cwd: string, config: Config, git: GitRunner = runGit,
): Promise<{ sources: GivenSource[]; skipped: Skipped[]; top: string }> {
  const { top, entries: all, sizes, contents: read } = await stagedProbe(cwd, git);
  const accept = globFilter(config.include, config.exclude);
  const entries = all.filter((e) => accept(e.rel));
  const limit = Math.min(config.maxFileSize, MAX_SCANNABLE_SIZE);
  const sources: GivenSource[] = [];
  const skipped: Skipped[] = [];
  const blobs = entries.filter((e) => {
    if (e.mode !== '160000') return true;
    skipped.push({ path: e.rel, reason: 'submodule', detail: 'a submodule (its own repository): scan it there' });
    return false;
  });
  const wanted = new Map<string, number>();
  for (const e of blobs) {
    const size = sizes.get(e.id);
    if (size !== undefined && size <= limit) wanted.set(e.id, size);
  }
  const contents = read ?? await readBlobs(git, cwd, [...wanted].map(([id, size]) => ({ id, size })));
  for (const e of blobs) {
    const size = sizes.get(e.id);
    if (size === undefined) {
      skipped.push({ path: e.rel, reason: 'unreadable', detail: 'git has no blob for it' });
      continue;
    }
    if (size > limit) {
      skipped.push({ path: e.rel, reason: 'too-large', detail: `${humanSize(size)} is over the ${humanSize(limit)} limit` });
      continue;
    }
    const bytes = contents.get(e.id);
    if (!bytes) {
      skipped.push({ path: e.rel, reason: 'unreadable', detail: 'git could not read it' });
      continue;
    }
    const d = decode(bytes);
    // A key file or a PKCS#12 store about to be committed is read for its structure, as in a tree's scan.
    if (readForStructure(bytes, e.rel, 'skip' in d && d.skip === 'binary')) sources.push({ rel: e.rel, bytes });
    else if ('skip' in d) skipped.push({ path: e.rel, reason: d.skip, detail: d.detail });
    else sources.push({ rel: e.rel, content: d.text });
  }
  return { sources, skipped, top };
}
