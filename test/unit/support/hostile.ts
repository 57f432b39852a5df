// A workspace built to hurt a scanner: FIFOs (as a plain file, a .gitignore, CODEOWNERS), a link to
// /dev/zero, a link to a file outside the tree, a link loop, a folder deeper than PATH_MAX, a 20 MB
// single-line file, a YAML "billion laughs" register, control characters and invalid UTF-8 in names and
// content, text in a .bin, a real binary .sqlite, media by extension, and (optionally) a catastrophic
// exclude glob next to a 40-character file name. Every entry says what a scanner should make of it.
// Linux only (mkfifo, /dev/zero). Reused by the CLI tests and the extension-host suite's runner.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface HostileOptions {
  /** Also write `.credential-hygiene.json` with `exclude: ["+(a|a)b"]` (the CLI must refuse it: exit 2). */
  catastrophicGlob?: boolean;
  /** A secret-looking line for files whose content must (or must not) be scanned. */
  secretLine: string;
}

export interface Hostile {
  dir: string;
  /** Folder next to `dir` holding the file the outside link points to. */
  outsideDir: string;
  /** Workspace-relative paths and what the scan must say about each. */
  expectSkipped: Array<{ path: string | RegExp; reason: string; detail?: RegExp }>;
  /** Files whose secret must be found (their content is text). */
  expectScanned: string[];
  /** The 40-character name the catastrophic glob would backtrack on. */
  longName: string;
  cleanup(): void;
}

export const CATASTROPHIC_GLOB = '+(a|a)b';

/** Folder whose absolute path is over PATH_MAX (4096), built one level at a time (relative mkdir). */
function deepFolder(parent: string): string {
  const seg = 'd'.repeat(200);
  let rel = 'deep';
  mkdirSync(path.join(parent, rel));
  const cwd = process.cwd();
  try {
    process.chdir(path.join(parent, rel));
    for (let i = 0; i < 22; i++) {
      mkdirSync(seg);
      process.chdir(seg);
      rel += `/${seg}`;
    }
    writeFileSync('unreachable.txt', 'nothing here\n');
  } finally {
    process.chdir(cwd);
  }
  return rel;
}

export function makeHostile(opts: HostileOptions): Hostile {
  const top = mkdtempSync(path.join(tmpdir(), 'ch-hostile-'));
  const dir = path.join(top, 'ws');
  const outsideDir = path.join(top, 'outside');
  mkdirSync(dir);
  mkdirSync(outsideDir);
  const put = (rel: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  };
  const fifo = (rel: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, rel)]);
  };
  const expectSkipped: Hostile['expectSkipped'] = [];
  const expectScanned: string[] = [];

  // What must still be scanned, around the traps.
  put('src/app.ts', `export const token = "${opts.secretLine}";\n`);
  expectScanned.push('src/app.ts');

  fifo('pipe.txt');
  expectSkipped.push({ path: 'pipe.txt', reason: 'not-a-file', detail: /FIFO/ });
  fifo('sub/.gitignore');
  put('sub/code.py', `key = "${opts.secretLine}"\n`);
  expectScanned.push('sub/code.py');
  expectSkipped.push({ path: 'sub/.gitignore', reason: 'not-a-file', detail: /FIFO/ });
  fifo('CODEOWNERS');
  expectSkipped.push({ path: 'CODEOWNERS', reason: 'not-a-file', detail: /FIFO/ });

  symlinkSync('/dev/zero', path.join(dir, 'big.env'));
  expectSkipped.push({ path: 'big.env', reason: 'symlink', detail: /character device/ });
  writeFileSync(path.join(outsideDir, 'secret.txt'), `outside = "${opts.secretLine}"\n`);
  symlinkSync(path.join(outsideDir, 'secret.txt'), path.join(dir, 'outside.txt'));
  expectSkipped.push({ path: 'outside.txt', reason: 'symlink', detail: /outside/ });
  symlinkSync('loop-b', path.join(dir, 'loop-a'));
  symlinkSync('loop-a', path.join(dir, 'loop-b'));
  expectSkipped.push({ path: 'loop-a', reason: 'symlink', detail: /loop/ }, { path: 'loop-b', reason: 'symlink', detail: /loop/ });

  deepFolder(dir);
  // The walk goes down until a folder's absolute path is over the OS limit: that folder is reported.
  expectSkipped.push({ path: /^deep\/(d+\/)+$/, reason: 'unreadable', detail: /ENAMETOOLONG/ });

  put('huge.min.js', Buffer.alloc(20 * 1024 * 1024, 'x'));
  expectSkipped.push({ path: 'huge.min.js', reason: 'too-large' });

  // Billion laughs: nine levels of nine aliases.
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    bomb.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  put('credentials.yaml', `${bomb.join('\n')}\nidentities: *i\n`);

  put('ctl-\x01\x1b[31m-name.txt', `x = "${opts.secretLine}"\n`);
  expectScanned.push('ctl-\x01\x1b[31m-name.txt');
  put('latin1.txt', Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0x0a]), Buffer.from(`k = "${opts.secretLine}"\n`)]));
  expectScanned.push('latin1.txt');
  put('notes.bin', `# exported settings\napi = "${opts.secretLine}"\n`);
  expectScanned.push('notes.bin');
  put('real.sqlite', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(64), Buffer.from(opts.secretLine)]));
  expectSkipped.push({ path: 'real.sqlite', reason: 'binary' });
  put('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expectSkipped.push({ path: 'logo.png', reason: 'file-type' });

  // A .gitignore line that the `ignore` package's regular expression takes exponential time on, over a
  // path forty folders deep: the walk asks about each folder and file on the way down.
  put('trap/.gitignore', `${'**/a/'.repeat(8)}**/b\n`);
  const nested = `trap/${'a/'.repeat(40)}leak.ts`;
  put(nested, `k = "${opts.secretLine}"\n`);
  expectScanned.push(nested);
  // More ignore rules than are applied: the rest are reported, not silently dropped.
  put('many/.gitignore', Array.from({ length: 10_050 }, (_, i) => `gen-${i}/*.tmp`).join('\n'));
  put('many/code.py', `key = "${opts.secretLine}"\n`);
  expectScanned.push('many/code.py');
  expectSkipped.push({ path: 'many/.gitignore', reason: 'too-large', detail: /50 of its rules are not applied/ });

  // Nesting that overflows a recursive parser (200,000 levels): an agent config, a manifest, compose and
  // catalog files. Not parsed (a parser's stack overflow can abort the process), scanned as text.
  const deep = (open: string, close: string) => `${open.repeat(200_000)}${close.repeat(200_000)}`;
  put('.vscode/mcp.json', `{"servers": {"x": {"env": ${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}}}\nkey = "${opts.secretLine}"\n`);
  expectScanned.push('.vscode/mcp.json');
  put('deploy/k8s.yaml', `apiVersion: v1\nkind: Secret\ndata: ${deep('[', ']')}\n`);
  put('docker-compose.yml', `services: ${deep('{a: ', '}')}\n`);
  put('catalog-info.yaml', `${'- '.repeat(200_000)}x\n`);
  put('deploy/values.yaml', `token: "${opts.secretLine}"\n`);
  expectScanned.push('deploy/values.yaml');

  const longName = `${'a'.repeat(39)}c`;
  put(longName, `k = "${opts.secretLine}"\n`);
  expectScanned.push(longName);
  if (opts.catastrophicGlob) put('.credential-hygiene.json', JSON.stringify({ exclude: [CATASTROPHIC_GLOB] }));

  return {
    dir, outsideDir, expectSkipped, expectScanned, longName,
    // rm handles paths over PATH_MAX (it walks with openat); fs.rmSync may not.
    cleanup: () => execFileSync('rm', ['-rf', top]),
  };
}
