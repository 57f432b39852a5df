#!/usr/bin/env node
// Starts the command line: dist/cli-main.js, the bundle scripts/build.mjs makes (this file is copied to
// dist/cli.js with the bundle's SHA-256 in BUNDLE).
//
// A pre-commit hook or an editor's language server starts the CLI again and again; parsing and compiling
// the bundle would be most of a small scan. So V8's compiled code of the bundle is kept in the user's own
// cache folder ($XDG_CACHE_HOME or ~/.cache, credential-hygiene/compile-cache; created 0700, and a
// folder that others can write is not used), through vm.Script's cachedData: one file per build, Node
// version and command, written (atomically) when the first run of that command ends, so that it holds
// what the command compiled on its way too. Node's own compile cache (module.enableCompileCache, Node
// 22.1+) keeps only what is compiled as a file loads, and Node 20 has none. V8 checks only a cache's
// length and flags against the code, so the file name carries the bundle's SHA-256, size and time: a
// cache of other code is never offered. (The v8-compile-cache package does this for every module, in
// the shared temporary folder: not ours to trust.) The scan workers' script (dist/worker.js) is kept the
// same way: this module exports workerCodeCache, which the CLI hands to its worker pool. So are the
// libraries of dist/lib/ that some commands load (requireLeaf).
// NODE_DISABLE_COMPILE_CACHE=1 turns the cache off, as for any Node program; any failure of the cache
// (a read-only home, a sandbox, a damaged file) only means the bundle is compiled as usual.
'use strict';
const BUNDLE = '@BUNDLE_HASH@';
const WORKER = '@WORKER_HASH@';
const Module = require('node:module');
const path = require('node:path');
const main = path.join(__dirname, 'cli-main.js');

const folders = new Map();
/**
 * The private cache folder `name` ($XDG_CACHE_HOME or ~/.cache, credential-hygiene/NAME), or undefined
 * when there is none to trust: created 0700 (unless `create` is false: then only one that exists); one
 * that is not a folder of this user's, or that others can write, is not used (decided once per name).
 */
function privateFolder(name, create = true) {
  if (folders.has(name)) return folders.get(name);
  try {
    const fs = require('node:fs');
    // HOME, as os.homedir() takes it on POSIX (whenever it is set): node:os need not load. The same rule
    // as src/core/node-os.ts's homeDir(), which this file (not bundled) cannot import.
    const home = () => (process.platform !== 'win32' && process.env.HOME !== undefined ? process.env.HOME : require('node:os').homedir());
    const base = process.platform === 'win32'
      ? process.env.LOCALAPPDATA || path.join(home(), 'AppData', 'Local')
      : process.env.XDG_CACHE_HOME || path.join(home(), '.cache');
    const dir = path.join(base, 'credential-hygiene', name);
    if (!create && !fs.existsSync(dir)) return undefined;
    folders.set(name, undefined);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    const own = process.platform === 'win32' || (st.uid === process.getuid() && (st.mode & 0o022) === 0);
    if (st.isDirectory() && own) folders.set(name, dir);
  } catch {
    // No folder to keep anything in.
    folders.set(name, undefined);
  }
  return folders.get(name);
}

/** The compiled-code folder, unless NODE_DISABLE_COMPILE_CACHE turns it off. */
function cacheFolder() {
  return process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : privateFolder('compile-cache');
}

/**
 * All of the open file `fd` (`size` bytes when it was looked at), read into `into` when it fits, else
 * into a new buffer (grown if the file has grown). Memory a run has not touched yet costs a page fault
 * per page when first written, which some machines charge dearly for: the buffer the bundle was read
 * into is reused for its kept code.
 */
function readWhole(fs, fd, size, into) {
  let buffer = into && into.length >= size + 1 ? into : Buffer.allocUnsafeSlow(size + 1);
  let n = 0;
  for (;;) {
    if (n === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafeSlow(buffer.length)]);
    const got = fs.readSync(fd, buffer, n, buffer.length - n, null);
    if (got === 0) return { bytes: buffer.subarray(0, n), buffer };
    n += got;
  }
}

/** What an earlier run kept in `name`, if anything (read into `into` when it fits). */
function readKept(name, into) {
  try {
    const fs = require('node:fs');
    const fd = fs.openSync(path.join(cacheFolder(), name), 'r');
    try {
      return readWhole(fs, fd, fs.fstatSync(fd).size, into).bytes;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Keeps `data` as `name` (written whole, then renamed: a reader never sees half), and drops what other builds kept under `kind`. */
function keep(name, kind, build, data) {
  const fs = require('node:fs');
  const dir = cacheFolder();
  try {
    const file = path.join(dir, name);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(dir)) {
      if (old.startsWith(`${kind}-`) && !old.startsWith(build)) fs.rmSync(path.join(dir, old), { force: true });
    }
  } catch {
    // Not kept: the next run compiles again.
  }
}

/** The build part of a cache file's name: the content's SHA-256 (from the build), size and time. */
function buildOf(kind, hash, st) {
  return `${kind}-${hash}-${st.size}-${Math.trunc(st.mtimeMs)}-`;
}

/**
 * `source` (the CommonJS bundle `file`, ASCII) compiled with `cachedData` if V8 accepts it. The CLI's
 * bundle is written already wrapped (`wrapped`: see scripts/build.mjs), so V8 compiles the text as read;
 * the worker's, which other programs start as an ordinary module, is wrapped here.
 */
function compile(file, source, cachedData, wrapped = false) {
  const vm = require('node:vm');
  if (wrapped) return new vm.Script(source, { filename: file, cachedData });
  return new vm.Script(Module.wrap(source), { filename: file, cachedData, columnOffset: -Module.wrapper[0].length });
}

/**
 * Runs a compiled bundle as the CommonJS module `file` would run; returns the module. With `leaves`, its
 * `require` takes the libraries of dist/lib/ (./lib/NAME.js: see scripts/build.mjs) through requireLeaf.
 */
function run(script, file, leaves = false) {
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  const base = Module.createRequire(file);
  let req = base;
  if (leaves) {
    req = (id) => (typeof id === 'string' && /^\.\/lib\/[a-z0-9-]+\.js$/.test(id) ? requireLeaf(path.join(__dirname, id)) : base(id));
    Object.assign(req, { resolve: base.resolve, main: base.main, extensions: base.extensions, cache: base.cache });
  }
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  mod.loaded = true;
  return mod;
}

/**
 * A bundle's text (ASCII, read as Latin-1: no UTF-8 decoding, one copy), its file's status, and the
 * buffer it was read into, free for the next read.
 */
function readBundle(file) {
  const fs = require('node:fs');
  const fd = fs.openSync(file, 'r');
  try {
    const st = fs.fstatSync(fd);
    const { bytes, buffer } = readWhole(fs, fd, st.size);
    return { st, source: bytes.latin1Slice(0, bytes.length), scratch: buffer };
  } finally {
    fs.closeSync(fd);
  }
}

/** The command a run's cache files are named by, and the build part of their names (set by runCached). */
let command = 'none';
let cliBuild;

/**
 * `file` (`source`) compiled with the code an earlier run of this command kept as `name`; when there was
 * none (or V8 refused it), what this run compiled is kept, at its end, so that it holds what the command
 * compiled on its way too (not after a usage error, exit 2: a mistyped command would leave a file of its own).
 */
function compileKept(file, source, name, wrapped, scratch) {
  const cachedData = readKept(name, scratch);
  const script = compile(file, source, cachedData, wrapped);
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code === 0 || code === 1) keep(name, 'cli', cliBuild, script.createCachedData());
    });
  }
  return script;
}

/** Compiles the bundle with the cached code of an earlier run of this command; keeps it if there was none. */
function runCached() {
  const { source, st, scratch } = readBundle(main);
  const arg = process.argv[2];
  command = typeof arg === 'string' && /^[a-z][a-z-]{0,19}$/.test(arg) ? arg : 'none';
  cliBuild = buildOf('cli', BUNDLE, st);
  run(compileKept(main, source, `${cliBuild}${process.version}-${process.arch}-${command}.bin`, true, scratch), main, true);
}

/**
 * A library the bundle loads from dist/lib/ when a command needs it (the language server's protocol,
 * the PostgreSQL driver, CycloneDX, RE2), compiled with the code kept for it as the bundle is (its
 * cache files carry the bundle's build, which covers the libraries' content, and their own size and time).
 */
function requireLeaf(file) {
  const loaded = require.cache[file];
  if (loaded) return loaded.exports;
  const { source, st, scratch } = readBundle(file);
  const name = `${cliBuild}lib-${path.basename(file, '.js')}-${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}-${command}.bin`;
  return run(compileKept(file, source, name, false, scratch), file).exports;
}

/**
 * The scan workers' compiled code (dist/worker.js of this build): what an earlier run kept, where to
 * keep a fresh one, and this module, whose runWorker starts a worker from it (see src/core/run/pool.ts).
 * Undefined without a cache folder, or for any other script.
 */
function workerCodeCache(script) {
  const worker = path.join(__dirname, 'worker.js');
  if (script !== worker || WORKER.length !== 32 || cacheFolder() === undefined) return undefined;
  let st;
  try {
    st = require('node:fs').statSync(worker);
  } catch {
    return undefined;
  }
  const build = buildOf('worker', WORKER, st);
  const name = `${build}${process.version}-${process.arch}.bin`;
  return { data: readKept(name), save: (data) => keep(name, 'worker', build, data), runner: __filename };
}

/**
 * In a worker thread: runs `script` compiled with `cachedData`. When V8 had no usable code to start
 * from, the worker says so (`{ codeCache: 'fresh' }`) and answers `{ codeCache: 'get' }` with what it compiled.
 */
function runWorker({ script, cachedData }) {
  const { parentPort } = require('node:worker_threads');
  const compiled = compile(script, require('node:fs').readFileSync(script, 'latin1'), cachedData);
  if (cachedData === undefined || compiled.cachedDataRejected) {
    parentPort.postMessage({ codeCache: 'fresh' });
    parentPort.on('message', (m) => {
      if (m && m.codeCache === 'get') parentPort.postMessage({ codeCache: compiled.createCachedData() });
    });
  }
  run(compiled, script);
}

/**
 * Where the CLI keeps scan results between runs (src/core/run/results-cache.ts): `folder(create)` (the
 * folder is made only when there is something to keep), and the build results are made by (both
 * bundles' hashes and Node's version: results of other code are never taken). Undefined when this is
 * not a build.
 */
function scanResultsCache() {
  if (BUNDLE.length !== 32 || WORKER.length !== 32) return undefined;
  return { folder: (create) => privateFolder('scan-results', create), build: `${BUNDLE}-${WORKER}-${process.version}-${process.arch}` };
}

module.exports = { workerCodeCache, runWorker, scanResultsCache };

if (require.main === module) {
  if (BUNDLE.length === 32 && cacheFolder() !== undefined) runCached();
  else run(compile(main, readBundle(main).source, undefined, true), main);
}
