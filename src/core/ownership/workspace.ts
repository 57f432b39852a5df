// Ownership over a workspace on disk (the CLI; the editor can use it for a full scan): load the
// register, Backstage catalogs and CODEOWNERS, find references in every scanned file, add the literal
// secrets the scan found, and evaluate. A missing or broken register never throws: its problems
// are findings.
import { ownershipEnabled } from '../vocabulary';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import type { Finding } from '../findings';
import { LIMITS, readBounded, readBoundedSync, type BoundedRead } from '../files/bounded';
import { decode } from '../files/read';
import { toPosix } from '../files/walk';
import { listTasks } from '../scan/scanner';
import { ownershipOptions, type OwnershipOptions } from './config';
import { discoverReferences, referencesFromFindings } from './discovery';
import { evaluateOwnership, type OwnershipResult } from './evaluate';
import type { CredentialReference } from './reference';
import { emptyRegister, parseRegister, type Register } from './register';
import { REGISTER_FILE } from './schema';
import { isCatalogFile, parseCatalog, type CatalogFile } from './sources/catalog';
import { CODEOWNERS_LOCATIONS, parseCodeowners, type CodeOwners } from './sources/codeowners';
import { codeownerSuggestions } from './suggest';

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
function unreadableRegister(rel: string, why: string): Register {
  const at = { line: 0, character: 0 };
  return { ...emptyRegister(rel), exists: true, issues: [{ code: 'unreadable', message: `cannot read the register: ${why}`, path: rel, range: { start: at, end: at } }] };
}

function textOf(r: BoundedRead): string | undefined {
  if (!r.ok) return undefined;
  const d = decode(r.bytes);
  return 'text' in d ? d.text : undefined;
}

export interface OwnershipRunRequest {
  roots: string[];
  base: string;
  config: Config;
  configDir?: string;
  /** The scan's unsuppressed findings: literal secrets are references too. */
  findings: readonly Finding[];
  now: Date;
  /** Texts to use instead of reading `roots` (staged files, unsaved editors). */
  sources?: Array<{ rel: string; content: string }>;
  /** Evaluate even when the workspace has not opted in (the inventory command). */
  force?: boolean;
  signal?: AbortSignal;
}

export interface OwnershipRun extends OwnershipResult {
  enabled: boolean;
  register: Register;
  references: CredentialReference[];
}

export async function runOwnership(req: OwnershipRunRequest): Promise<OwnershipRun> {
  const ctx = loadOwnershipContext(req.base, req.config, req.configDir);
  const staged = req.sources?.find((s) => s.rel === ctx.register.path);
  if (staged) ctx.register = parseRegister(staged.content, ctx.register.path);
  if (!ctx.enabled && !req.force) {
    return { enabled: false, register: ctx.register, references: [], findings: [], suppressed: [], inventory: [], identities: [] };
  }
  const tasks = await listTasks({ roots: req.roots, base: req.base, config: req.config, sources: req.sources, signal: req.signal });
  const references: CredentialReference[] = [];
  const scanned = new Set<string>();
  const catalogs = new Map(ctx.catalogs.map((c) => [c.path, c]));
  for (const t of tasks) {
    if (req.signal?.aborted) break;
    scanned.add(t.rel);
    if (t.rel === ctx.register.path) continue;
    const text = t.content ?? textOf(await readBounded(t.abs!, { maxBytes: req.config.maxFileSize, root: t.root }));
    if (text === undefined) continue;
    if (isCatalogFile(t.rel)) catalogs.set(t.rel, parseCatalog(text, t.rel));
    else references.push(...discoverReferences(text, t.rel));
  }
  references.push(...referencesFromFindings(req.findings));
  const result = evaluateOwnership({
    register: ctx.register,
    catalog: [...catalogs.values()].flatMap((c) => c.entities),
    references,
    now: req.now,
    options: ctx.options,
    suggestOwners: (p) => codeownerSuggestions(ctx.codeowners, p),
  });
  // Report only what lies in the files scanned (the register counts when it is under a scanned root).
  const registerScanned = scanned.has(ctx.register.path) || req.roots.some((r) => isInside(ctx.registerFile, r));
  const inScope = (p: string) => scanned.has(p) || (registerScanned && p === ctx.register.path);
  return {
    ...result,
    enabled: true,
    register: ctx.register,
    references,
    findings: result.findings.filter((f) => inScope(f.path)),
    suppressed: result.suppressed.filter((f) => inScope(f.path)),
  };
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
