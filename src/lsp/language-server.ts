// The language server: one more face over core, for every editor that speaks LSP 3.17 (Neovim, Helix,
// Zed, Emacs, Sublime, JetBrains). Open documents are analyzed on worker threads as they change
// (incremental sync) and their diagnostics pushed; closed files come from a workspace scan (also on
// workers), answered to `workspace/diagnostic` or, for clients that cannot pull, pushed after the
// scan command. Nothing runs on the message loop that can take long: a hostile file delays only
// itself (workers.ts). Untrusted (the default) behaves as the extension in Restricted Mode.
import { lstat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ExecuteCommandRequest, FileChangeType, LSPErrorCodes, MessageType, ResponseError, ShowMessageNotification,
  TextDocuments, TextDocumentSyncKind, type CancellationToken, type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
  type WorkDoneProgressReporter, type WorkspaceDocumentDiagnosticReport, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { FileResult } from '../core/run/file';
import { ResultsCache, type ResultsFolder } from '../core/run/results-cache';
import { listTasks, scan, type ScanSummary } from '../core/run/scanner';
import { forgetIgnoreFilesUnder, toPosix, type IgnoreFile } from '../core/files/walk';
import type { Finding } from '../core/findings';
import { evaluateCertificates } from '../core/certs/channel';
import type { CertificateSource } from '../core/certs/evaluate';
import { ownershipOptions } from '../core/config/ownership';
import type { OwnershipFinding } from '../core/ownership/finding';
import { isEnvFile } from '../core/scan/env-file';
import { addToBaseline, codeActionsFor, COMMANDS, moveToEnv, ownershipActionsFor, pathToUri, type ActionContext, type ClientCaps, type FindingRef, type Located } from './actions';
import { OWNERSHIP_SOURCE } from '../core/display';
import { isoDay } from '../core/ownership/dates';
import { committedInHead, envFileState } from './git-state';
import { OwnershipFolders } from './ownership';
import { certificateDiagnostics, certificateHover, findingId, hoverFor, notAnalyzed, ownershipDiagnostics, toDiagnostics, within, type FindingData } from './present';
import { localeTranslator } from './locale';
import { LSP_HOVER, type HoverFace } from '../core/present/hover';
import { translator } from '../core/present/l10n';
import { Projects, type Project } from './project';
import { defaultSettings, readSettings, SECTION, trustedFrom, type LspSettings } from './settings';

/** One open document's latest analysis: the findings its diagnostics show, for the version they came from. */
interface DocState {
  version: number;
  findings: Finding[];
  project: Project;
  file: string;
  rel: string;
  /** The document's certificate facts (public facts only), for the certificate hover. */
  certificates?: CertificateSource;
}

/** What the last workspace scan found in one folder's files, by path relative to the folder. */
interface FolderIndex {
  files: Map<string, Finding[]>;
  /** The certificate facts of the files that hold certificates, keys or declarations (public facts only). */
  certificates: Map<string, CertificateSource>;
  cancelled: boolean;
}

export interface ScanResult {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
  /** Files answered from the results an earlier scan kept (unchanged since, not read again). */
  unchanged?: number;
}

export interface ServerOptions {
  /** Where scan results are kept between sessions (the CLI's starter offers its private folder): a file unchanged since is not read again. */
  results?: ResultsFolder;
}

/** A file's certificate facts, when it has any. */
function factsOf(r: FileResult): CertificateSource | undefined {
  return r.certificates ? { path: r.path, certificates: r.certificates } : undefined;
}

/**
 * The certificate checks (core/certs/channel.ts) over a folder's files, register or not, at the real clock
 * with the project's `ownership.severities` and `expiringWithinDays`, by path: evaluated together, so a
 * private key pairs with its certificate in another file as in the CLI.
 */
function certificateFindings(sources: Iterable<CertificateSource>, project: Project): Map<string, OwnershipFinding[]> {
  const out = new Map<string, OwnershipFinding[]>();
  for (const f of evaluateCertificates(sources, new Date(), ownershipOptions(project.config.ownership)).findings) out.set(f.path, [...(out.get(f.path) ?? []), f]);
  return out;
}

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments<TextDocument>(TextDocument);
  let settings: LspSettings = defaultSettings();
  let trusted = false;
  /** The hovers' face: English until the client names its locale in initialize. */
  let hoverFace: HoverFace = { ...LSP_HOVER, l10n: translator() };
  let caps: ClientCaps = { applyEdit: false, documentChanges: false, createFiles: false };
  let canPull = false;
  let canRefresh = false;
  let canProgress = false;
  let canAskConfiguration = false;
  let watchDynamically = false;
  let workspaceFolderEvents = false;
  let configurationDynamically = false;
  const log = (m: string) => connection.console.log(m);
  const projects = new Projects([], { settings: () => settings, trusted: () => trusted, log });
  const states = new Map<string, DocState>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<string>();
  const dirty = new Set<string>();
  const index = new Map<string, FolderIndex>();
  /** Closed files whose diagnostics were pushed (clients that cannot pull), so clearing them is pushed too. */
  const pushed = new Set<string>();
  let shuttingDown = false;
  /** Each open document's own diagnostics (secrets, certificates), to send again with new owner/* ones. */
  const own = new Map<string, { version: number; diagnostics: Diagnostic[]; root: string; rel: string }>();
  /** Open documents changed since they were opened or last saved, by path. */
  const unsaved = new Set<string>();
  const owners = new OwnershipFolders({
    debounceMs: () => settings.debounceMs, log, changed: (root, paths) => void ownersChanged(root, paths), unsaved: (root, rel) => unsaved.has(path.join(root, rel)),
  });

  const display = (p: Project) => ({ severity: settings.severity, minConfidence: p.config.minConfidence ?? 'medium' });
  const customIds = (p: Project) => new Set(p.config.customRules.map((r) => r.id));
  /** A folder's owner/* diagnostics at a path (none while ownership is off there). */
  const ownerDiagnostics = (root: string, rel: string, project: Project) =>
    ownershipDiagnostics(owners.findingsAt(root, rel), display(project), (p) => pathToUri(path.join(root, p)));
  /** The ownership checks cover the workspace folders (as in the extension), from their project as loaded. */
  async function ownersFor(root: string): Promise<Project | undefined> {
    if (!projects.roots.includes(root)) return undefined;
    const project = await projects.forRoot(root);
    await owners.load(project);
    return project;
  }

  /** After a set-up change (config, baseline, register, settings, trust): each folder's ownership from its project as it loads now. */
  async function reloadOwners(): Promise<void> {
    for (const root of owners.roots()) if (!projects.roots.includes(root)) owners.drop(root);
    for (const root of projects.roots) await ownersFor(root).catch((e) => log(`ownership of ${root} not loaded: ${(e as Error).message}`));
  }

  /** A folder's owner/* findings changed: open documents there get theirs again, closed files are refreshed or pushed. */
  async function ownersChanged(root: string, paths: ReadonlySet<string>): Promise<void> {
    let closed = false;
    for (const rel of paths) {
      const uri = pathToUri(path.join(root, rel));
      const mine = own.get(uri);
      if (!documents.get(uri)) closed = true;
      else if (mine && mine.root === root) {
        const project = await projects.forRoot(root);
        void connection.sendDiagnostics({ uri, version: mine.version, diagnostics: [...mine.diagnostics, ...ownerDiagnostics(root, rel, project)] });
      }
    }
    if (closed) await publishClosed();
  }

  /** Where a document is: its file, its project and its path in it (an untitled one counts as in the first folder). */
  async function placeOf(uri: string): Promise<{ file: string; project: Project; rel: string }> {
    const file = uriToPath(uri) ?? path.join(projects.roots[0] ?? process.cwd(), path.posix.basename(uri.replace(/[?#].*$/, '')) || 'untitled');
    const project = await projects.forFile(file);
    return { file, project, rel: toPosix(path.relative(project.root, file)) || path.basename(file) };
  }

  /** The findings a file's analysis shows: inline-suppressed and baseline-accepted ones left out, and a git-ignored `.env`'s (trusted only). */
  async function shownFindings(r: FileResult, project: Project, file: string): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const f of r.findings) {
      const entry = f.suppressed ? undefined : project.matcher?.match(f);
      if (entry) f.suppressed = { by: 'baseline', reason: entry.reason };
      delete f.legacyFingerprints;
      if (!f.suppressed) out.push(f);
    }
    if (out.length && isEnvFile(r.path) && (await envFileState(file, trusted)) === 'ignored') return [];
    return out;
  }

  // ---- open documents: analyzed on workers as they change, diagnostics pushed

  function schedule(uri: string, delayMs: number): void {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void analyzeDocument(uri);
    }, delayMs));
  }

  /** One analysis per document at a time; edits meanwhile make one more run with the newest text. */
  async function analyzeDocument(uri: string): Promise<void> {
    if (running.has(uri)) {
      dirty.add(uri);
      return;
    }
    running.add(uri);
    try {
      do {
        dirty.delete(uri);
        const doc = documents.get(uri);
        if (!doc || shuttingDown) break;
        await analyzeOnce(doc).catch((e) => log(`analysis of ${uri} failed: ${(e as Error).message}`));
      } while (dirty.has(uri));
    } finally {
      running.delete(uri);
    }
  }

  async function analyzeOnce(doc: TextDocument): Promise<void> {
    const { file, project, rel } = await placeOf(doc.uri);
    const version = doc.version;
    const outcome = await project.workers.analyze({ rel, content: doc.getText() });
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return; // a newer edit is analyzed next
    let diagnostics: Diagnostic[];
    if (!outcome.ok) {
      if (outcome.reason === 'closed') return;
      states.delete(doc.uri);
      diagnostics = [notAnalyzed(outcome.detail)];
    } else {
      if (outcome.result.skipped) log(`${rel}: ${outcome.result.skipped.reason} (${outcome.result.skipped.detail})`);
      const findings = await shownFindings(outcome.result, project, file);
      if (documents.get(doc.uri)?.version !== version) return;
      states.set(doc.uri, { version, findings, project, file, rel, certificates: factsOf(outcome.result) });
      diagnostics = [
        ...toDiagnostics(findings, display(project), version, customIds(project)),
        ...certificateDiagnostics(documentCertificateFindings(outcome.result, project), display(project)),
      ];
      // The document's text stands in for the file in its folder's ownership model (a file on disk only).
      if (uriToPath(doc.uri) && (await ownersFor(project.root)) === project) {
        if (documents.get(doc.uri)?.version !== version) return;
        owners.accept(project, rel, outcome.result, true);
      }
    }
    own.set(doc.uri, { version, diagnostics, root: project.root, rel });
    void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...diagnostics, ...ownerDiagnostics(project.root, rel, project)] });
  }

  /** An open document's certificate findings, judged with the folder's other files (from the last scan) as the CLI does. */
  function documentCertificateFindings(r: FileResult, project: Project): OwnershipFinding[] {
    const mine = factsOf(r);
    if (!mine) return [];
    const others = [...(index.get(project.root)?.certificates.values() ?? [])].filter((x) => x.path !== r.path);
    return certificateFindings([...others, mine], project).get(r.path) ?? [];
  }

  function reanalyzeOpen(): void {
    for (const d of documents.all()) schedule(d.uri, 0);
  }

  /** The version each document was opened at: the library reports an open as a content change too. */
  const openedAt = new Map<string, number>();
  documents.onDidOpen((e) => {
    openedAt.set(e.document.uri, e.document.version);
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (openedAt.get(e.document.uri) === e.document.version) return;
    const file = uriToPath(e.document.uri);
    if (file) unsaved.add(file);
    schedule(e.document.uri, settings.debounceMs);
  });
  documents.onDidSave((e) => {
    const file = uriToPath(e.document.uri);
    if (file) unsaved.delete(file);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    states.delete(e.document.uri);
    openedAt.delete(e.document.uri);
    own.delete(e.document.uri);
    // A closed file's findings are the workspace scan's again: pulled, or (a client that cannot pull,
    // once a scan pushed closed files) its saved text analyzed and pushed.
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    const file = uriToPath(e.document.uri);
    if (file) unsaved.delete(file);
    // Its folder's ownership model hears the file on disk again (analyzed from disk, on the workers).
    const ownerRoot = file && owners.roots().includes(projects.rootOf(file)) ? projects.rootOf(file) : undefined;
    if (file && ownerRoot) {
      void (async () => {
        const project = await projects.forRoot(ownerRoot);
        owners.closeDocument(project, toPosix(path.relative(ownerRoot, file)));
        await analyzeClosed(ownerRoot, new Set([file]));
        if (canPull && canRefresh) await connection.languages.diagnostics.refresh().catch(() => undefined);
        else if (!canPull && index.has(ownerRoot)) await publishClosed();
      })().catch((err) => log(`analysis of ${file} failed: ${(err as Error).message}`));
    } else if (canPull) {
      if (canRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
    } else if (file && index.has(projects.rootOf(file))) {
      void analyzeClosed(projects.rootOf(file), new Set([file])).then(publishClosed).catch((err) => log(`analysis of ${file} failed: ${(err as Error).message}`));
    }
  });

  // ---- the workspace: closed files, on the scan's workers

  async function scanFolder(root: string, signal: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<ScanResult> {
    const project = await projects.forRoot(root);
    if (projects.roots.includes(root)) await owners.load(project);
    const feed = projects.roots.includes(root) ? owners.beginScan(project) : undefined;
    const files = new Map<string, Finding[]>();
    const certificates = new Map<string, CertificateSource>();
    let found = 0;
    const envFiles: Array<[string, Finding[]]> = [];
    let summary: ScanSummary | undefined;
    // What an earlier session analysed and has not changed since is not read again: the workers compare
    // each file with what was kept (this thread never waits on the file system).
    const cache = settings.keepScanResults && options.results ? ResultsCache.open({ folder: options.results.folder, build: options.results.build, base: root, checkIn: 'workers' }) : undefined;
    try {
      summary = await scan({
        // Walked and analyzed at once, always on workers (this thread answers the editor), four at most.
        roots: [root], base: root, config: project.config, baseline: project.baseline, signal, workerRange: { min: 1, max: 4 }, analysis: project.analysis, cache,
        ignoreFiles: ignoreFilesOf(root),
        onListed: (tasks) => feed?.listed(tasks.map((t) => t.rel)),
        onProgress: (p) => onProgress?.(p.filesDone, p.filesTotal),
        onResult: (r) => {
          feed?.add(r);
          const facts = factsOf(r);
          if (facts) certificates.set(r.path, facts);
          const shown = r.findings.filter((f) => !f.suppressed);
          if (isEnvFile(r.path) && shown.length) envFiles.push([r.path, shown]);
          else files.set(r.path, shown);
        },
      });
      for (const [rel, fs] of envFiles) files.set(rel, (await envFileState(path.join(root, rel), trusted)) === 'ignored' ? [] : fs);
      for (const fs of files.values()) found += fs.length;
      if (!summary.cancelled) index.set(root, { files, certificates, cancelled: false });
      await cache?.save();
    } finally {
      // The folder's ownership model, complete now: evaluated before the answer that follows the scan
      // (cancelled or failed, the last evaluation stands).
      await feed?.end(summary);
    }
    return { files: summary.files, findings: found, skipped: summary.skipped.length, cancelled: summary.cancelled, ...(summary.unchanged ? { unchanged: summary.unchanged } : {}) };
  }

  /** Analyzes closed files of a folder from disk (on the workers, bounded reads) into the folder's index. */
  /**
   * Per root, the `.gitignore` of each folder a walk listed (null: none), for every walk of the session:
   * each is read once, until a watched-files change names it.
   */
  const ignoreFiles = new Map<string, Map<string, IgnoreFile | null>>();
  function ignoreFilesOf(root: string): Map<string, IgnoreFile | null> {
    let known = ignoreFiles.get(root);
    if (!known) ignoreFiles.set(root, (known = new Map()));
    return known;
  }

  async function analyzeClosed(root: string, files: ReadonlySet<string>): Promise<void> {
    const project = await projects.forRoot(root);
    // A file gone from disk (a document closed after its file was deleted) is not listed: removed below.
    const present = (await Promise.all([...files].map((f) => lstat(f).then(() => f, () => undefined)))).filter((f): f is string => f !== undefined);
    // As the workspace scan lists them: a file git ignores is not analyzed, a new folder's files are.
    const tasks = present.length ? await listTasks({ roots: [root], within: present, base: root, config: project.config, ignoreFiles: ignoreFilesOf(root) }) : [];
    const listed = new Set(tasks.map((t) => t.rel));
    for (const f of files) {
      const rel = toPosix(path.relative(root, f));
      if (!listed.has(rel)) {
        index.get(root)?.files.delete(rel);
        index.get(root)?.certificates.delete(rel);
        owners.remove(project, rel);
      }
    }
    const done = await Promise.all(tasks.map(async (t) => {
      const outcome = await project.workers.analyze({ ...t, root });
      if (outcome.ok) owners.accept(project, t.rel, outcome.result, false);
      const findings = outcome.ok ? await shownFindings(outcome.result, project, path.join(root, t.rel)) : [];
      return { rel: t.rel, findings, certs: outcome.ok ? factsOf(outcome.result) : undefined };
    }));
    // All at once: an answer never shows one changed file's new diagnostics beside another's old ones.
    for (const { rel, findings, certs } of done) {
      index.get(root)?.files.set(rel, findings);
      if (certs) index.get(root)?.certificates.set(rel, certs);
      else index.get(root)?.certificates.delete(rel);
    }
  }

  async function scanWorkspace(token: CancellationToken | undefined, progress: WorkDoneProgressReporter | undefined): Promise<ScanResult> {
    const abort = new AbortController();
    token?.onCancellationRequested(() => abort.abort());
    const total: ScanResult = { files: 0, findings: 0, skipped: 0, cancelled: false };
    progress?.begin('Credential Hygiene: scanning the workspace', 0, 'listing files', true);
    let lastPct = -1;
    try {
      for (const root of projects.roots) {
        const r = await scanFolder(root, abort.signal, (done, all) => {
          const pct = all ? Math.floor((done / all) * 100) : 0;
          if (pct !== lastPct) {
            lastPct = pct;
            progress?.report(pct, `${done}/${all} files`);
          }
        });
        total.files += r.files;
        total.findings += r.findings;
        total.skipped += r.skipped;
        if (r.unchanged) total.unchanged = (total.unchanged ?? 0) + r.unchanged;
        if (r.cancelled || abort.signal.aborted) {
          total.cancelled = true;
          break;
        }
      }
    } finally {
      progress?.done();
    }
    return total;
  }

  /** The diagnostics of every closed file the last scans found something in (and of those that had some before). */
  async function closedFileReports(previous: ReadonlySet<string>): Promise<Array<{ uri: string; diagnostics: Diagnostic[] }>> {
    const out: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
    const seen = new Set<string>();
    for (const root of new Set([...index.keys(), ...owners.roots()])) {
      const folder = index.get(root) ?? { files: new Map<string, Finding[]>(), certificates: new Map<string, CertificateSource>() };
      const project = await projects.forRoot(root);
      const certificates = certificateFindings(folder.certificates.values(), project);
      for (const rel of new Set([...folder.files.keys(), ...owners.paths(root)])) {
        const uri = pathToUri(path.join(root, rel));
        if (documents.get(uri)) continue;
        const diagnostics = [
          ...toDiagnostics(folder.files.get(rel) ?? [], display(project), null, customIds(project)),
          ...certificateDiagnostics(certificates.get(rel) ?? [], display(project)),
          ...ownerDiagnostics(root, rel, project),
        ];
        if (!diagnostics.length && !previous.has(uri)) continue;
        seen.add(uri);
        out.push({ uri, diagnostics });
      }
    }
    for (const uri of previous) if (!seen.has(uri) && !documents.get(uri)) out.push({ uri, diagnostics: [] });
    return out;
  }

  async function publishClosed(): Promise<void> {
    if (canPull) {
      if (canRefresh) await connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    const reports = await closedFileReports(pushed);
    for (const r of reports) {
      if (r.diagnostics.length) pushed.add(r.uri);
      else pushed.delete(r.uri);
      void connection.sendDiagnostics(r);
    }
  }

  // ---- requests

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const problems: string[] = [];
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    settings = readSettings(init, defaultSettings(), problems);
    trusted = trustedFrom(init);
    hoverFace = { ...LSP_HOVER, l10n: localeTranslator(params.locale, undefined, log) };
    for (const p of problems) log(p);
    const c = params.capabilities ?? {};
    caps = {
      applyEdit: Boolean(c.workspace?.applyEdit),
      documentChanges: Boolean(c.workspace?.workspaceEdit?.documentChanges),
      createFiles: Boolean(c.workspace?.workspaceEdit?.resourceOperations?.includes('create')),
    };
    canPull = Boolean(c.textDocument?.diagnostic);
    canRefresh = Boolean(c.workspace?.diagnostics?.refreshSupport);
    canProgress = Boolean(c.window?.workDoneProgress);
    canAskConfiguration = Boolean(c.workspace?.configuration);
    watchDynamically = Boolean(c.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    workspaceFolderEvents = Boolean(c.workspace?.workspaceFolders);
    configurationDynamically = Boolean(c.workspace?.didChangeConfiguration?.dynamicRegistration);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((f): f is string => Boolean(f))
      ?? [params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined].filter((f): f is string => Boolean(f));
    projects.setFolders(folders);
    log(`Credential Hygiene language server: ${folders.length} folder(s), ${trusted ? 'trusted' : 'untrusted (Restricted Mode: no git, no workspace rules)'}`);
    return {
      capabilities: {
        // Saves: a document's text stands for a file deleted under it only while it is not saved.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        diagnosticProvider: { identifier: 'credential-hygiene', interFileDependencies: false, workspaceDiagnostics: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'credential-hygiene' },
    };
  });

  connection.onInitialized(() => {
    if (watchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    }
    if (configurationDynamically) void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch(() => undefined);
    if (workspaceFolderEvents) connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
      const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
      const next = projects.roots.filter((r) => !removed.has(r));
      for (const f of e.added) {
        const p = uriToPath(f.uri);
        if (p) next.push(p);
      }
      for (const r of removed) {
        if (!r) continue;
        index.delete(r);
        owners.drop(r);
      }
      projects.setFolders(next);
      await reloadOwners();
      reanalyzeOpen();
    });
    // A client that cannot pull gets the closed files' diagnostics pushed after a start-up scan, as the extension.
    rescanForPush();
  });

  /**
   * A client that cannot pull: the workspace scanned in the background (at start-up, and again after a
   * set-up change emptied the index) and the closed files' diagnostics pushed.
   */
  function rescanForPush(): void {
    if (canPull || !settings.scanOnStartup || !projects.roots.length || shuttingDown) return;
    void (async () => {
      const progress = canProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
      const r = await scanWorkspace(progress?.token, progress);
      if (!r.cancelled) await publishClosed();
    })().catch((e) => log(`workspace scan failed: ${(e as Error).message}`));
  }

  /** The finding a diagnostic or command names, in the document's current analysis (undefined when stale or gone). */
  function locate(uri: string, id: string, version?: number | null): Located | undefined {
    const doc = documents.get(uri);
    const state = states.get(uri);
    if (!doc || !state || state.version !== doc.version || (version != null && version !== doc.version)) return undefined;
    const finding = state.findings.find((f) => findingId(f) === id);
    return finding ? { doc, finding, project: state.project, file: state.file, rel: state.rel } : undefined;
  }

  /** A message for the user: a notification (window.showXMessage sends a request that waits for an answer). */
  const show = (kind: 'info' | 'warning' | 'error', message: string) =>
    void connection.sendNotification(ShowMessageNotification.type, { type: kind === 'error' ? MessageType.Error : kind === 'warning' ? MessageType.Warning : MessageType.Info, message });

  const actionContext = (): ActionContext => ({
    caps, trusted,
    openDocument: (file) => documents.get(pathToUri(file)),
    applyEdit: async (edit: WorkspaceEdit, label: string) => (await connection.workspace.applyEdit({ label, edit })).applied,
    ask: async (message, choices) => (await connection.window.showInformationMessage(message, ...choices.map((title) => ({ title }))))?.title,
    notify: (kind, message) => show(kind, message),
    log,
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const state = states.get(params.textDocument.uri);
    if (!doc || !state || state.version !== doc.version) return null;
    const offset = doc.offsetAt(params.position);
    const project = state.project;
    const f = state.findings.find((x) => x.offset.start <= offset && offset <= x.offset.end
      && toDiagnostics([x], display(project), null, new Set()).length > 0);
    if (!f) {
      // A certificate or a declaration here: what it is, judged with the folder's other files as the CLI does.
      if (!state.certificates) return null;
      const others = [...(index.get(project.root)?.certificates.values() ?? [])].filter((x) => x.path !== state.rel);
      const now = new Date();
      const entries = evaluateCertificates([...others, state.certificates], now, ownershipOptions(project.config.ownership)).inventory
        .filter((e) => e.source === 'certificate' && e.declaredAt?.path === state.rel && within(e.declaredAt.range, params.position));
      return entries.length ? certificateHover(hoverFace, entries, now) : null;
    }
    const inHistory = await committedInHead(state.file, doc.getText().slice(f.offset.start, f.offset.end), trusted);
    return hoverFor(hoverFace, f, { inHistory, customRule: customIds(project).has(f.ruleId) });
  });

  connection.onCodeAction(async (params) => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    const state = states.get(uri);
    if (!doc || !state || state.version !== doc.version) return [];
    const start = doc.offsetAt(params.range.start);
    const end = doc.offsetAt(params.range.end);
    const wanted = new Set(params.context.diagnostics.map((d) => (d.data as FindingData | undefined)?.id).filter(Boolean));
    const project = state.project;
    const here: Located[] = [];
    for (const f of state.findings) {
      if (!toDiagnostics([f], display(project), null, new Set()).length) continue; // no diagnostic, no fix
      const overlaps = f.offset.start <= end && start <= f.offset.end;
      if (!wanted.has(findingId(f)) && !overlaps) continue;
      here.push({ doc, finding: f, project, file: state.file, rel: state.rel });
    }
    const actions = await codeActionsFor(actionContext(), here, params.context.diagnostics);
    // The ownership diagnostics asked about (owner/*): their fixes, from the folder's last evaluation.
    const owned = params.context.diagnostics.filter((d) => d.source === OWNERSHIP_SOURCE);
    if (owned.length) actions.push(...await ownershipActionsFor(actionContext(), project, state.rel, owners.findingsAt(project.root, state.rel), owned, isoDay(new Date())));
    return actions;
  });

  // Registered directly (not onExecuteCommand) to see whether the client gave a progress token.
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    const ref = params.arguments?.[0] as FindingRef | undefined;
    switch (params.command) {
      case COMMANDS.scanWorkspace: {
        let progress: WorkDoneProgressReporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
        let serverToken: CancellationToken | undefined;
        if (params.workDoneToken === undefined && canProgress) {
          const created = await connection.window.createWorkDoneProgress().catch(() => undefined);
          if (created) {
            progress = created;
            serverToken = created.token;
          }
        }
        const both: CancellationToken = {
          get isCancellationRequested() { return token.isCancellationRequested || Boolean(serverToken?.isCancellationRequested); },
          onCancellationRequested: (listener, thisArgs, disposables) => {
            const a = token.onCancellationRequested(listener, thisArgs, disposables);
            const b = serverToken?.onCancellationRequested(listener, thisArgs, disposables);
            return { dispose: () => { a.dispose(); b?.dispose(); } };
          },
        };
        const result = await scanWorkspace(both, progress);
        if (result.cancelled) {
          if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace scan cancelled');
          return result;
        }
        await publishClosed();
        return result;
      }
      case COMMANDS.moveToEnv:
      case COMMANDS.addToBaseline: {
        const t = ref && locate(ref.uri, ref.id, ref.version);
        if (!t) {
          show('info', 'Credential Hygiene: that finding is no longer in the file (it changed since).');
          return false;
        }
        const ok = params.command === COMMANDS.moveToEnv
          ? await moveToEnv(actionContext(), t)
          : await addToBaseline(actionContext(), t, params.arguments?.[1] as string | undefined);
        if (ok && params.command === COMMANDS.addToBaseline) {
          await reloadSetup({ publish: false });
        }
        return ok;
      }
      default:
        throw new ResponseError(LSPErrorCodes.RequestFailed, `unknown command ${params.command}`);
    }
  });

  // Open documents' diagnostics are pushed as they change: the pull answer for them stays empty, so a
  // client that does both does not show them twice.
  connection.languages.diagnostics.on(() => ({ kind: 'full', items: [] }));

  connection.languages.diagnostics.onWorkspace(async (_params, token) => {
    for (const root of projects.roots) {
      if (index.has(root)) continue;
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const r = await scanFolder(root, abort.signal);
      if (r.cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace diagnostics cancelled');
    }
    const reports = await closedFileReports(new Set());
    const items: WorkspaceDocumentDiagnosticReport[] = reports.map((r) => ({ kind: 'full', uri: r.uri, version: null, items: r.diagnostics }));
    return { items };
  });

  /**
   * The projects' set-up changed (config, baseline, settings, a register that appeared or went): every
   * project, index and ownership model is built again and the open documents analyzed again; with
   * `publish`, closed files' diagnostics too (and a rescan for a client that cannot pull).
   */
  async function reloadSetup(o: { publish?: boolean } = {}): Promise<void> {
    await projects.invalidate();
    index.clear();
    await reloadOwners();
    reanalyzeOpen();
    if (o.publish === false) return;
    await publishClosed();
    rescanForPush();
  }

  connection.onDidChangeConfiguration(async (params) => {
    let raw: unknown = params.settings;
    const empty = raw === null || raw === undefined || (typeof raw === 'object' && Object.keys(raw as object).length === 0);
    if (empty && canAskConfiguration) raw = await connection.workspace.getConfiguration(SECTION).catch(() => undefined);
    const problems: string[] = [];
    settings = readSettings(raw, defaultSettings(), problems);
    for (const p of problems) log(p);
    // Trust is granted only at start-up; a settings change can take it away, never give it.
    if (raw && typeof raw === 'object' && (raw as Record<string, unknown>).trusted === false) trusted = false;
    await reloadSetup();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let setup = false;
    const touched = new Map<string, Set<string>>();
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      if (!file) continue;
      // The register changed where ownership is on (still there): its new text is analyzed as any file's,
      // and the folder re-evaluated; created or deleted, it turns ownership on or off (a set-up change).
      const registerChanged = change.type === FileChangeType.Changed && owners.registerOf(projects.rootOf(file)) === file;
      if (!registerChanged && (await projects.isProjectFile(file))) {
        setup = true;
        continue;
      }
      if (path.basename(file) === '.gitignore') ignoreFiles.get(projects.rootOf(file))?.delete(path.dirname(file));
      if (documents.get(change.uri)) continue; // an open document is analyzed from its text
      const root = projects.rootOf(file);
      const folder = index.get(root);
      if (!folder && !owners.roots().includes(root)) continue;
      const rel = toPosix(path.relative(root, file));
      if (change.type === FileChangeType.Deleted) {
        // A file, or a folder (a client reports a folder deleted, not each file in it): a folder made
        // again there is listed anew.
        forgetIgnoreFilesUnder(ignoreFiles.get(root), file);
        for (const map of folder ? [folder.files, folder.certificates] : []) {
          map.delete(rel);
          for (const key of [...map.keys()]) if (key.startsWith(`${rel}/`)) map.delete(key);
        }
        if (owners.roots().includes(root)) owners.remove(await projects.forRoot(root), rel, true);
      } else touched.set(root, (touched.get(root) ?? new Set()).add(file));
    }
    if (setup) {
      await reloadSetup();
      return;
    }
    for (const [root, files] of touched) await analyzeClosed(root, files);
    await publishClosed();
  });

  connection.onShutdown(async () => {
    shuttingDown = true;
    for (const t of timers.values()) clearTimeout(t);
    owners.close();
    await projects.invalidate();
  });

  documents.listen(connection);
  connection.listen();
}
