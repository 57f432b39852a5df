// Shared by the installed-package tests: the repository root, temp folders, and the SQLite driver's
// native binary offered to prebuild-install the way its download would be.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '../../..');
export const PKG = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string; version: string; optionalDependencies?: Record<string, string>; dependencies?: Record<string, string>;
};

const dirs: string[] = [];
export function tmpDir(prefix: string): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export function cleanupTmp(): void {
  if (process.env.KEEP) return;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** `npm pack` of the working tree into `dir`; returns the tarball's path. */
export function npmPack(dir: string): string {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return path.join(dir, out.trim().split('\n').pop()!);
}

/**
 * better-sqlite3 installs with prebuild-install, which downloads a prebuilt binary for the platform
 * from GitHub and builds from source (make, g++, python3; minutes) when it cannot. These tests run
 * with the npm registry and no other network, so they hand prebuild-install the binary `npm ci`
 * built, packed as its download is, through its documented local-prebuilds setting: the same install
 * path as a user online. CH_NATIVE_FROM_SOURCE=1 skips it (the build-from-source path instead).
 * Returns the environment to install with.
 */
export function nativeEnv(dir: string): Record<string, string> {
  if (process.env.CH_NATIVE_FROM_SOURCE) return {};
  const mod = path.join(REPO_ROOT, 'node_modules/better-sqlite3');
  const binary = path.join(mod, 'build/Release/better_sqlite3.node');
  if (!existsSync(binary)) return {};
  const version = (JSON.parse(readFileSync(path.join(mod, 'package.json'), 'utf8')) as { version: string }).version;
  const prebuilds = path.join(dir, 'prebuilds');
  mkdirSync(prebuilds, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const r = spawnSync('tar', ['-czf', path.join(prebuilds, name), '-C', mod, 'build/Release/better_sqlite3.node']);
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  return { npm_config_better_sqlite3_local_prebuilds: prebuilds };
}
