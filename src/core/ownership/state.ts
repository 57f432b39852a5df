// Ownership state for a long-lived host (the editor): it holds the register, Backstage catalogs,
// CODEOWNERS and each file's references, updates one file at a time as documents change, and
// evaluates on demand. No disk, no clock: texts and "now" come from the caller.
import type { Finding } from '../findings';
import type { OwnershipOptions } from '../config/ownership';
import { discoverReferences, referencesFromFindings } from './discovery';
import { evaluateOwnership, type OwnershipInput, type OwnershipResult } from './evaluate';
import type { OwnershipFinding } from './finding';
import type { AnalyzedText, CredentialReference } from './reference';
import { emptyRegister, parseRegister, type Register } from './register';
import { REGISTER_FILE } from '../vocabulary';
import { isCatalogFile, parseCatalog, type CatalogFile } from './sources/catalog';
import { CODEOWNERS_LOCATIONS, parseCodeowners, type CodeOwners } from './sources/codeowners';
import { codeownerSuggestions, ownerSuggestions, type OwnerSuggestion } from './suggest';

export class OwnershipState {
  private register: Register;
  private readonly catalogs = new Map<string, CatalogFile>();
  /** CODEOWNERS by location; the first of CODEOWNERS_LOCATIONS that exists is used. */
  private readonly codeowners = new Map<string, CodeOwners>();
  private readonly discovered = new Map<string, CredentialReference[]>();
  private readonly literals = new Map<string, CredentialReference[]>();
  private order: Map<string, number> | undefined;

  /** `registerPath`: workspace-relative path of the register (config `ownership.register`). */
  constructor(readonly registerPath = REGISTER_FILE, public options: Partial<OwnershipOptions> = {}) {
    this.register = emptyRegister(registerPath);
  }

  /**
   * A file's current text (undefined: deleted). The register, catalog-info.yaml and CODEOWNERS files
   * update their sources; every other file is searched for references.
   */
  updateFile(path: string, text: string | undefined): void {
    if (path === this.registerPath) {
      this.register = text === undefined ? emptyRegister(path) : parseRegister(text, path);
      return;
    }
    if ((CODEOWNERS_LOCATIONS as readonly string[]).includes(path)) {
      if (text === undefined) this.codeowners.delete(path);
      else this.codeowners.set(path, parseCodeowners(text, path));
      return;
    }
    if (isCatalogFile(path)) {
      if (text === undefined) this.catalogs.delete(path);
      else this.catalogs.set(path, parseCatalog(text, path));
      return;
    }
    if (text === undefined) {
      this.discovered.delete(path);
      this.literals.delete(path);
    } else this.discovered.set(path, discoverReferences(text, path));
  }

  /**
   * A file's analysis (analysis/analyze.ts): the ownership sources' text, the references found when the
   * file was analyzed, and its open secret findings as literal references. Nothing is read or searched again.
   */
  setAnalysis(path: string, a: AnalyzedText): void {
    if (a.source) this.updateFile(path, a.source.text);
    if (path !== this.registerPath && !isCatalogFile(path)) this.discovered.set(path, a.references ?? []);
    this.setSecretFindings(path, a.findings.filter((f) => !f.suppressed));
  }

  /** A register read elsewhere (one that could not be read carries an issue saying why). */
  setRegister(register: Register): void {
    this.register = register;
  }

  /** The engine's current findings for a file: its unsuppressed literal secrets are references too. */
  setSecretFindings(path: string, findings: readonly Finding[]): void {
    this.literals.set(path, referencesFromFindings(findings.filter((f) => f.path === path)));
  }

  get currentRegister(): Register {
    return this.register;
  }

  /**
   * The order files were listed in (the walk's): discovered references follow it whatever order the
   * files' analyses arrived in (workers finish when they finish), so every face lists the same inventory.
   */
  setFileOrder(paths: Iterable<string>): void {
    this.order = new Map();
    for (const p of paths) if (!this.order.has(p)) this.order.set(p, this.order.size);
  }

  references(): CredentialReference[] {
    const rank = this.order;
    const discovered = rank
      ? [...this.discovered.keys()].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0)).flatMap((p) => this.discovered.get(p)!)
      : [...this.discovered.values()].flat();
    // Literal secrets in path order, as the scan reports its findings.
    const literals = [...this.literals.keys()].sort().flatMap((p) => this.literals.get(p)!);
    return [...discovered, ...literals];
  }

  /**
   * `extra.certified`: identities whose expiry comes from certificates; `extra.referencesComplete`: every
   * file of the workspace has been analyzed (default true; see OwnershipInput).
   */
  evaluate(now: Date, extra: Pick<OwnershipInput, 'certified' | 'referencesComplete'> = {}): OwnershipResult {
    const co = this.activeCodeowners();
    return evaluateOwnership({
      ...extra,
      referencesComplete: extra.referencesComplete ?? true,
      register: this.register,
      catalog: [...this.catalogs.values()].flatMap((c) => c.entities),
      references: this.references(),
      now,
      options: this.options,
      suggestOwners: (p) => codeownerSuggestions(co, p),
    });
  }

  /** Owners to offer when registering a credential referenced from `path`. */
  suggestions(path?: string): OwnerSuggestion[] {
    return ownerSuggestions({
      identities: this.register.identities,
      catalog: [...this.catalogs.values()].flatMap((c) => c.entities),
      codeowners: this.activeCodeowners(),
      path,
    });
  }

  private activeCodeowners(): CodeOwners | undefined {
    for (const loc of CODEOWNERS_LOCATIONS) {
      const co = this.codeowners.get(loc);
      if (co) return co;
    }
    return undefined;
  }
}

/** A result's findings grouped by workspace-relative path (for per-document diagnostics). */
export function findingsByPath(result: Pick<OwnershipResult, 'findings'>): Map<string, OwnershipFinding[]> {
  const out = new Map<string, OwnershipFinding[]>();
  for (const f of result.findings) out.set(f.path, [...(out.get(f.path) ?? []), f]);
  return out;
}
