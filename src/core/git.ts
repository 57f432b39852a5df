// Every git call we make goes through here. A repository can arrive as a zip, a share or a volume,
// and its .git/config can name commands git will run (core.fsmonitor, hooks, diff.external, pagers,
// textconv and filter drivers, credential helpers, askpass, ssh, gpg). We only ever ask read-only
// questions, so each call turns all of that off, runs git with no shell, a timeout and a bounded
// output, and the answers that are asked often (hovers) are cached. Callers decide whether git may
// run at all: the editor runs none in an untrusted workspace.
import type * as ChildProcess from 'node:child_process';
import { nodeCrypto } from './node-crypto';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * `-c` settings that neutralise config-driven execution, and options every command gets. Filter and
 * textconv drivers cannot be switched off by name (the names are the repository's), so we never use
 * a command that applies them: no `git show`, no working-tree diff, blobs only through `cat-file`.
 */
export const HARDENING: readonly string[] = [
  '-c', 'core.fsmonitor=false',
  '-c', `core.hooksPath=${process.platform === 'win32' ? 'NUL' : '/dev/null'}`,
  '-c', 'diff.external=',
  '-c', 'core.pager=cat',
  '-c', 'pager.show=false', '-c', 'pager.diff=false', '-c', 'pager.log=false',
  '-c', 'core.askPass=',
  '-c', 'credential.helper=',
  '-c', 'core.sshCommand=false',
  '-c', 'core.gitProxy=',
  '-c', 'protocol.allow=never',
  '-c', 'core.editor=false',
  '-c', 'sequence.editor=false',
  '-c', 'log.showSignature=false',
  '-c', 'gpg.program=false',
  '-c', 'core.untrackedCache=false',
  '-c', 'submodule.recurse=false',
  '--no-pager',
  '--no-optional-locks',
];

/** Variables that name programs git would run, or that turn the hardening back off. */
const DROPPED_ENV = /^(GIT_ASKPASS|SSH_ASKPASS|GIT_SSH|GIT_SSH_COMMAND|GIT_EXTERNAL_DIFF|GIT_PAGER|PAGER|GIT_EDITOR|GIT_SEQUENCE_EDITOR|GIT_PROXY_COMMAND|GIT_CONFIG_PARAMETERS|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG_SYSTEM|GIT_TRACE\w*)$/;

export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!DROPPED_ENV.test(k.toUpperCase())) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_ASKPASS: '', SSH_ASKPASS: '',
    GIT_PAGER: 'cat', PAGER: 'cat', GCM_INTERACTIVE: 'never', LC_ALL: 'C',
  };
}

let childProcess: typeof ChildProcess | undefined;
/**
 * node:child_process, loaded the first time git runs: a `--staged` run that reads the repository
 * itself (../cli/staged-probe.ts) starts no process, and loading the module costs it about 5 ms.
 */
function spawn(...args: Parameters<typeof ChildProcess.spawn>): ChildProcess.ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  return (childProcess ??= require('node:child_process') as typeof ChildProcess).spawn(...args);
}

let resolved: string | undefined;

/**
 * The git program, found on PATH's absolute entries only: a relative entry (or, on Windows, the
 * current folder, which is searched first) would let a workspace ship its own `git`.
 */
export function gitProgram(): string {
  if (resolved) return resolved;
  const names = process.platform === 'win32' ? ['git.exe'] : ['git'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        if (!statSync(file).isFile()) continue;
        accessSync(file, fsConstants.X_OK);
        return (resolved = file);
      } catch {
        // not here
      }
    }
  }
  return (resolved = 'git'); // spawn reports ENOENT; every caller treats that as "no answer"
}

export interface GitResult {
  /** Exit code 0, within the time and output limits. */
  ok: boolean;
  code: number | null;
  stdout: Buffer;
  /** The output went over `maxBytes` (and git was stopped). */
  overflow: boolean;
  timedOut: boolean;
}

export interface GitOptions {
  /** Most bytes of standard output kept; more stops git and sets `overflow`. Default 1 MiB. */
  maxBytes?: number;
  timeoutMs?: number;
  /** Written to git's standard input. */
  input?: string;
  /** Inherit `GIT_DIR`/`GIT_INDEX_FILE` (a pre-commit hook's temporary index); off for the editor. */
  inheritRepoEnv?: boolean;
}

const REPO_ENV = /^GIT_(DIR|WORK_TREE|INDEX_FILE|COMMON_DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM)$/;

/** Runs `git <hardening> <args>` in `cwd`: no shell, hardened config and environment, bounded. Never throws. */
export function runGit(cwd: string, args: readonly string[], o: GitOptions = {}): Promise<GitResult> {
  const maxBytes = o.maxBytes ?? 1 << 20;
  let env = gitEnv();
  if (!o.inheritRepoEnv) env = Object.fromEntries(Object.entries(env).filter(([k]) => !REPO_ENV.test(k)));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    let timedOut = false;
    let settled = false;
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stdout = Buffer.concat(chunks, Math.min(size, maxBytes));
      resolve({ ok: code === 0 && !overflow && !timedOut, code, stdout, overflow, timedOut });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(gitProgram(), [...HARDENING, ...args], {
        cwd, env, shell: false, windowsHide: true, stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'],
      });
    } catch {
      resolve({ ok: false, code: null, stdout: Buffer.alloc(0), overflow: false, timedOut: false });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (overflow) return;
      if (size + d.length > maxBytes) {
        chunks.push(d.subarray(0, maxBytes - size));
        size = maxBytes;
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      chunks.push(d);
      size += d.length;
    });
    child.on('error', () => finish(null));
    child.on('close', (code) => finish(code));
    if (o.input !== undefined) {
      child.stdin!.on('error', () => undefined); // git may exit before reading everything
      child.stdin!.end(o.input);
    }
  });
}

/** A long-running git process (history scans, `cat-file --batch`): the same hardening, no output cap, stopped by `signal`. */
export interface GitStream {
  stdout: NodeJS.ReadableStream;
  /** Present when `stdin: true` was asked for. */
  stdin?: NodeJS.WritableStream;
  /** Exit code (null: killed or could not start); the first 4 KiB of standard error, for the caller's own decisions (never printed). */
  done: Promise<{ code: number | null; stderr: string }>;
  kill(): void;
}

export interface GitStreamOptions {
  signal?: AbortSignal;
  /** Keep standard input open for requests (`cat-file --batch`). */
  stdin?: boolean;
  inheritRepoEnv?: boolean;
}

/**
 * Runs `git <hardening> <args>` in `cwd` and hands back its output as a stream, for answers too large
 * to buffer (a repository's whole history). No shell; the caller reads at its own pace (backpressure),
 * and an abort kills git. Never throws: a git that cannot start ends at once with code null.
 */
export function spawnGit(cwd: string, args: readonly string[], o: GitStreamOptions = {}): GitStream {
  let env = gitEnv();
  if (!o.inheritRepoEnv) env = Object.fromEntries(Object.entries(env).filter(([k]) => !REPO_ENV.test(k)));
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(gitProgram(), [...HARDENING, ...args], {
      cwd, env, shell: false, windowsHide: true, stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
  } catch {
    // node:stream loaded only here (a started git loads it anyway): a run that starts none saves its load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const empty = new (require('node:stream') as typeof import('node:stream')).PassThrough();
    empty.end();
    return { stdout: empty, done: Promise.resolve({ code: null, stderr: '' }), kill: () => undefined };
  }
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8').slice(0, 4096 - stderr.length);
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onAbort = () => kill();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) kill();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let settled = false;
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stderr });
    };
    child.on('error', () => finish(null));
    child.on('close', (code) => finish(code));
  });
  if (child.stdin) child.stdin.on('error', () => undefined); // git may exit before reading everything
  return { stdout: child.stdout!, stdin: child.stdin ?? undefined, done, kill };
}

export async function gitTopLevel(dir: string): Promise<string | undefined> {
  const r = await runGit(dir, ['rev-parse', '--show-toplevel']);
  const top = r.ok ? r.stdout.toString('utf8').trim() : '';
  return top ? path.resolve(top) : undefined;
}

/** `rel` is relative to `top` (POSIX). */
export async function isTracked(top: string, rel: string): Promise<boolean> {
  return (await runGit(top, ['ls-files', '--error-unmatch', '--', rel])).ok;
}

export async function isIgnored(top: string, rel: string): Promise<boolean> {
  return (await runGit(top, ['check-ignore', '-q', '--no-index', '--', rel])).ok;
}

/** The blob id of `rel` in HEAD, or undefined (no HEAD, not in it, not a repository). */
export async function headBlobId(top: string, rel: string): Promise<string | undefined> {
  const r = await runGit(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `HEAD:${rel}`]);
  const id = r.ok ? r.stdout.toString('utf8').trim() : '';
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id) ? id : undefined;
}

/** Largest blob read to answer "is it in HEAD"; a bigger file is answered "no". */
export const HEAD_BLOB_LIMIT = 16 << 20;

/**
 * Answers per blob id (content-addressed, so never stale): the SHA-256 of each needle asked about.
 * The blob's text is not kept; the few most recent blobs stay in memory to answer new needles.
 */
const answers = new Map<string, Map<string, boolean>>();
const blobs = new Map<string, Promise<string | undefined>>();
const ANSWER_BLOBS = 256;
const KEPT_BLOBS = 4;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
  return value;
}

/** The text of a blob by id, read once through `cat-file` (no filters, no textconv), size-checked first (`knownSize`: as `ls-tree --long` said). */
export async function readBlob(top: string, id: string, maxBytes: number, knownSize?: number): Promise<Buffer | undefined> {
  const size = knownSize ?? await blobSize(top, id);
  if (size === undefined || size > maxBytes) return undefined;
  const r = await runGit(top, ['cat-file', 'blob', id], { maxBytes: size });
  return r.ok && r.stdout.length === size ? r.stdout : undefined;
}

async function blobSize(top: string, id: string): Promise<number | undefined> {
  const r = await runGit(top, ['cat-file', '-s', id]);
  const n = r.ok ? Number(r.stdout.toString('utf8').trim()) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Whether HEAD's version of the file contains `needle` (compared in memory; never printed or kept). */
export async function headContains(top: string, rel: string, needle: string): Promise<boolean> {
  const id = await headBlobId(top, rel);
  return id ? blobContains(top, id, needle) : false;
}

export async function blobContains(top: string, id: string, needle: string): Promise<boolean> {
  const key = nodeCrypto().createHash('sha256').update(needle).digest('hex');
  const known = answers.get(id)?.get(key);
  if (known !== undefined) return known;
  let text = blobs.get(id);
  if (!text) {
    text = readBlob(top, id, HEAD_BLOB_LIMIT).then((b) => b?.toString('utf8'));
    remember(blobs, id, text, KEPT_BLOBS);
  }
  const body = await text;
  if (body === undefined) {
    blobs.delete(id); // too large or not readable now: answer "no", and ask again next time
    return false;
  }
  const found = body.includes(needle);
  const perBlob = answers.get(id) ?? remember(answers, id, new Map<string, boolean>(), ANSWER_BLOBS);
  remember(perBlob, key, found, 256);
  return found;
}

/** For tests: forget every cached answer. */
export function forgetGitCaches(): void {
  answers.clear();
  blobs.clear();
}
