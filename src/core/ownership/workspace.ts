// Ownership over a workspace on disk (the CLI; the editor can use it for a full scan): load the
// register, Backstage catalogs and CODEOWNERS, find references in every scanned file, add the literal
// secrets the scan found, and evaluate. A missing or broken register never throws: its problems
// are findings.
import { ownershipEnabled } from '../vocabulary';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import type { Finding } from '../findings';
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

/** Reads what ownership needs from `base` (config paths resolve against `configDir`, default `base`). */
export function loadOwnershipContext(base: string, config: Pick<Config, 'ownership'>, configDir = base): OwnershipContext {
  const registerFile = path.resolve(configDir, config.ownership?.register ?? REGISTER_FILE);
  const rel = toPosix(path.relative(base, registerFile));
  const text = readIfExists(registerFile);
  const register = text === undefined ? emptyRegister(rel) : parseRegister(text, rel);
  const catalogs: CatalogFile[] = [];
  for (const name of ['catalog-info.yaml', 'catalog-info.yml']) {
    const catalogText = readIfExists(path.join(base, name));
    if (catalogText !== undefined) catalogs.push(parseCatalog(catalogText, name));
  }
  let codeowners: CodeOwners | undefined;
  for (const loc of CODEOWNERS_LOCATIONS) {
    const co = readIfExists(path.join(base, loc));
    if (co !== undefined) {
      codeowners = parseCodeowners(co, loc);
      break;
    }
  }
  return {
    base, register, registerFile, catalogs, codeowners,
    options: ownershipOptions(config.ownership),
    enabled: ownershipEnabled(config, register.exists),
  };
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
    const text = t.content ?? (await readText(t.abs!, req.config.maxFileSize));
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

function readIfExists(file: string): string | undefined {
  try {
    const bytes = readFileSync(file);
    const d = decode(bytes);
    return 'text' in d ? d.text : undefined;
  } catch {
    return undefined;
  }
}

async function readText(file: string, maxFileSize: number): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxFileSize) return undefined;
    const d = decode(await fs.readFile(file));
    return 'text' in d ? d.text : undefined;
  } catch {
    return undefined;
  }
}
