// Ownership over a workspace on disk (the CLI; the editor can use it for a full scan): load the
// register, Backstage catalogs and CODEOWNERS, find references in every scanned file, add the literal
// secrets the scan found, and evaluate. A missing or broken register never throws: its problems
// are findings.
import * as path from 'node:path';
import type { Config } from '../config/schema';
import { LIMITS, readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import { decode } from '../files/read';
import { toPosix } from '../files/walk';
import { ownershipEnabled } from '../vocabulary';
import { ownershipOptions, type OwnershipOptions } from '../config/ownership';
import type { OwnershipResult } from './evaluate';
import type { AnalyzedFile, CredentialReference } from './reference';
import { emptyRegister, parseRegister, type Register } from './register';
import { REGISTER_FILE } from '../vocabulary';
import { parseCatalog, type CatalogFile } from './sources/catalog';
import { CODEOWNERS_LOCATIONS, parseCodeowners, type CodeOwners } from './sources/codeowners';
import { OwnershipState } from './state';

export interface OwnershipContext {
  /** Folder paths are relative to. */
  base: string;
  register: Register;
  /** Absolute path of the register file (whether or not it exists). */
  registerFile: string;
  catalogs: CatalogFile[];
  codeowners?: CodeOwners;
  options: OwnershipOptions;
  /** Config `ownership.enabled`, else on when the register exists or the config has an `ownership` section. */
  enabled: boolean;
}

/** The files ownership reads besides the scanned ones, with their size caps. */
function contextFiles(base: string, config: Pick<Config, 'ownership'>, configDir: string) {
  const registerFile = path.resolve(configDir, config.ownership?.register ?? REGISTER_FILE);
  return {
    registerFile,
    catalogs: ['catalog-info.yaml', 'catalog-info.yml'].map((name) => ({ name, file: path.join(base, name) })),
    codeowners: CODEOWNERS_LOCATIONS.map((loc) => ({ name: loc, file: path.join(base, loc) })),
  };
}

const MAX_BY_KIND = { register: LIMITS.register, catalog: LIMITS.catalog, codeowners: LIMITS.codeowners } as const;
type ReadFn = (file: string, kind: keyof typeof MAX_BY_KIND) => BoundedRead;

/**
 * Reads what ownership needs from `base` (config paths resolve against `configDir`, default `base`).
 * Every file is read with the bounded reader, inside `base`: a FIFO, device, oversized file or link
 * out of the workspace is not read (for the register, that is a register issue, so it shows).
 */
export function loadOwnershipContext(base: string, config: Pick<Config, 'ownership'>, configDir = base): OwnershipContext {
  return buildContext(base, config, configDir, (file, kind) => readBoundedSync(file, { maxBytes: MAX_BY_KIND[kind], root: base }));
}

/** The same, without blocking the thread (the editor's extension host). */
export async function loadOwnershipContextAsync(base: string, config: Pick<Config, 'ownership'>, configDir = base): Promise<OwnershipContext> {
  const f = contextFiles(base, config, configDir);
  const wanted: Array<[string, keyof typeof MAX_BY_KIND]> = [
    [f.registerFile, 'register'], ...f.catalogs.map((c) => [c.file, 'catalog'] as [string, 'catalog']), ...f.codeowners.map((c) => [c.file, 'codeowners'] as [string, 'codeowners']),
  ];
  const reads = new Map<string, BoundedRead>();
  await Promise.all(wanted.map(async ([file, kind]) => reads.set(file, await readBounded(file, { maxBytes: MAX_BY_KIND[kind], root: base }))));
  return buildContext(base, config, configDir, (file) => reads.get(file)!);
}

function buildContext(base: string, config: Pick<Config, 'ownership'>, configDir: string, read: ReadFn): OwnershipContext {
  const f = contextFiles(base, config, configDir);
  const registerFile = f.registerFile;
  const rel = toPosix(path.relative(base, registerFile));
  const r = read(registerFile, 'register');
  let register: Register;
  if (r.ok) {
    const d = decode(r.bytes);
    register = 'text' in d ? parseRegister(d.text, rel) : unreadableRegister(rel, `it is not text (${d.detail})`);
  } else if (r.code === 'ENOENT') {
    register = emptyRegister(rel);
  } else {
    register = unreadableRegister(rel, r.reason === 'not-a-file' ? `it is ${r.detail}` : r.detail);
  }
  const catalogs: CatalogFile[] = [];
  for (const { name, file } of f.catalogs) {
    const catalogText = textOf(read(file, 'catalog'));
    if (catalogText !== undefined) catalogs.push(parseCatalog(catalogText, name));
  }
  let codeowners: CodeOwners | undefined;
  for (const { name, file } of f.codeowners) {
    const co = textOf(read(file, 'codeowners'));
    if (co !== undefined) {
      codeowners = parseCodeowners(co, name);
      break;
    }
  }
  return {
    base, register, registerFile, catalogs, codeowners,
    options: ownershipOptions(config.ownership),
    enabled: ownershipEnabled(config, register.exists),
  };
}

/** A register that is there but cannot be read: one issue saying why, so the user sees it. */
export function unreadableRegister(rel: string, why: string): Register {
  const at = { line: 0, character: 0 };
  return { ...emptyRegister(rel), exists: true, issues: [{ code: 'unreadable', message: `cannot read the register: ${why}`, path: rel, range: { start: at, end: at } }] };
}

function textOf(r: BoundedRead): string | undefined {
  if (!r.ok) return undefined;
  const d = decode(r.bytes);
  return 'text' in d ? d.text : undefined;
}


export interface OwnershipRun extends OwnershipResult {
  enabled: boolean;
  register: Register;
  references: CredentialReference[];
}

/** Where ownership's own files are for `base`: the register, the root catalogs, CODEOWNERS. */
export function ownershipSourceFiles(base: string, config: Pick<Config, 'ownership'>, configDir = base) {
  const f = contextFiles(base, config, configDir);
  return {
    register: { name: toPosix(path.relative(base, f.registerFile)), file: f.registerFile },
    others: [
      ...f.catalogs.map((c) => ({ ...c, kind: 'catalog' as const })),
      ...f.codeowners.map((c) => ({ ...c, kind: 'codeowners' as const })),
    ],
  };
}

/**
 * Feeds `state` the ownership files no analysis brought (git-ignored, excluded, outside the scanned
 * roots, or over the scan's size cap): each is read once here, bounded, with its own cap. A file an
 * analysis covered (text or a refusal) is not read again.
 */
export async function readUnanalyzedSources(
  state: OwnershipState, analysisOf: (rel: string) => AnalyzedFile | undefined,
  base: string, config: Pick<Config, 'ownership'>, configDir = base, read: (file: string, max: number) => BoundedRead | Promise<BoundedRead> = (file, max) => readBoundedSync(file, { maxBytes: max, root: base }),
): Promise<void> {
  const files = ownershipSourceFiles(base, config, configDir);
  const covered = (rel: string) => {
    const a = analysisOf(rel);
    return a && (a.source !== undefined || (a.skipped !== undefined && a.skipped.reason !== 'too-large')) ? a : undefined;
  };
  const reg = covered(files.register.name);
  if (reg && !reg.source) state.setRegister(unreadableRegister(files.register.name, reg.skipped!.reason === 'not-a-file' ? `it is ${reg.skipped!.detail}` : reg.skipped!.detail));
  else if (!reg) state.setRegister(registerFrom(await read(files.register.file, MAX_BY_KIND.register), files.register.name));
  for (const { name, file, kind } of files.others) {
    if (covered(name)) continue;
    const text = textOf(await read(file, MAX_BY_KIND[kind]));
    if (text !== undefined) state.updateFile(name, text);
  }
}

function registerFrom(r: BoundedRead, rel: string): Register {
  if (r.ok) {
    const d = decode(r.bytes);
    return 'text' in d ? parseRegister(d.text, rel) : unreadableRegister(rel, `it is not text (${d.detail})`);
  }
  if (r.code === 'ENOENT') return emptyRegister(rel);
  return unreadableRegister(rel, r.reason === 'not-a-file' ? `it is ${r.detail}` : r.detail);
}

/** The evaluation as the CLI reports it: only what lies in the files scanned (the register counts when it is under a scanned root). */
export function scopedRun(result: OwnershipResult, register: Register, references: CredentialReference[], scope: { roots: string[]; registerFile: string; scanned: ReadonlySet<string> }): OwnershipRun {
  const registerScanned = scope.scanned.has(register.path) || scope.roots.some((r) => isInside(scope.registerFile, r));
  const inScope = (p: string) => scope.scanned.has(p) || (registerScanned && p === register.path);
  return {
    ...result,
    enabled: true,
    register,
    references,
    findings: result.findings.filter((f) => inScope(f.path)),
    suppressed: result.suppressed.filter((f) => inScope(f.path)),
  };
}



function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
