// The workspace report for leads: how healthy the workspace's credentials are (tiles), where the risk
// sits (series for charts), whether it is getting better (trend), and the findings and identities
// behind it (tables). Pure: no editor, no disk, no clock; the CLI and the VS Code webview build it from
// the same scan and ownership data. Only redacted previews, names and paths: never a secret value.
import { NHI_IDS, NHI_RISKS, nhiOf, type NhiId } from '../rules/nhi';
import type { Finding } from '../findings';
import { SEVERITY_RANK } from '../findings';
import type { OwnershipFinding } from '../ownership/finding';
import type { InventoryEntry, InventoryStatus } from '../ownership/evaluate';
import { INVENTORY_STATUSES } from '../ownership/evaluate';
import type { OwnershipRun } from '../ownership/workspace';
import { SEVERITIES, type Severity } from '../types/kinds';
import { redactDeep } from '../scan/redact-text';
import { leakedInHistory, type LeakedInHistory } from './history-section';
import { readiness } from '../certs/evaluate';
import { isCertificateRule } from '../certs/channel';
import { isQuantumVulnerable } from '../certs/policy';
import type { CryptoReadiness, InventoryKey } from '../types/certificates';
import { TOOL, type ScanReport } from './scan-report';

export const WORKSPACE_REPORT_SCHEMA = 'credential-hygiene/workspace-report@1';
/** How many scan summaries the trend keeps by default. */
export const HISTORY_CAP = 50;
/** Bars per chart before the rest are folded into "other". */
export const SERIES_LIMIT = 10;
export const ROOT_FOLDER = '(root)';
export const NO_OWNER = '(no owner)';

/** One scan in the trend: counts only. */
export interface ReportSummary {
  /** ISO 8601 date-time of the scan. */
  at: string;
  /** Open secret findings. */
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Open ownership findings. */
  ownershipFindings: number;
  suppressed: number;
  references: number;
  ownedReferences: number;
  /** Percent of references that an identity owns, or null when there are none. */
  coverage: number | null;
  identities: number;
  expired: number;
  expiring: number;
  overdue: number;
  /** Credentials referenced with no owner (inventory status `no-owner`). Histories before 0.2 called it `orphaned`. */
  noOwner: number;
}

export interface SeriesPoint {
  label: string;
  value: number;
  /** Open findings of each severity in this bar (for stacked bars and tooltips). */
  bySeverity?: Record<Severity, number>;
}

export interface OwnerCoverage {
  /** Entity ref (`group:payments`), or NO_OWNER for references nobody owns. */
  owner: string;
  identities: number;
  /** Identities with status ok. */
  healthy: number;
  references: number;
  /** Share of all references, in percent (one decimal). */
  share: number;
}

export interface FindingRow {
  type: 'secret' | 'ownership';
  state: 'open' | 'suppressed';
  severity: Severity;
  ruleId: string;
  /** Provider for secrets; "Ownership" for ownership findings. */
  provider: string;
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  folder: string;
  /** The OWASP NHI Top 10 (2025) risks its rule maps to (`NHI2`...). */
  nhi: string[];
  /** Secrets: the redacted preview. Ownership: the message (names, never values). */
  detail: string;
  description?: string;
  identityId?: string;
  reference?: string;
  suppressedBy?: string;
  suppressedReason?: string;
  fingerprint: string;
}

export interface IdentityRow {
  id: string;
  status: InventoryStatus;
  source: InventoryEntry['source'];
  kind?: string;
  provider?: string;
  businessOwner?: string;
  technicalOwner?: string;
  environments: string[];
  expires?: string;
  nextRotation?: string;
  missing: string[];
  problems: string[];
  references: number;
  /** Where it is declared, else its first reference (1-based line). */
  path?: string;
  line?: number;
}

/** A certificate in the report's certificates section (names, dates and algorithms only). */
export interface CertificateRow {
  id: string;
  subject: string;
  issuer: string;
  notAfter: string;
  /** Whole days from the report's time to notAfter (negative: expired). */
  daysLeft: number;
  key: string;
  signature: string;
  quantumVulnerable: boolean;
  owner?: string;
  status: InventoryStatus;
  problems: string[];
  path?: string;
  line?: number;
}

/** The certificates section: when they expire, which algorithms they use, one row each. */
export interface CertificatesSection {
  /** Fixed buckets, soonest first: expired, within 30 days, 31-90, 91-180, 181-365, over a year. */
  expiryTimeline: SeriesPoint[];
  /** Key algorithms of certificates and private keys, most used first. */
  byAlgorithm: SeriesPoint[];
  rows: CertificateRow[];
}

export interface WorkspaceReport {
  schema: typeof WORKSPACE_REPORT_SCHEMA;
  tool: string;
  version: string;
  /** Workspace name (the folder's base name, as the report may travel by e-mail). */
  workspace: string;
  generatedAt: string;
  ownership: { enabled: boolean; register?: string; registerFound?: boolean };
  scanned?: { files: number; skipped: number; durationMs: number };
  tiles: {
    /** `ownership`: owner/* findings; `certificates`: the certificate checks' (cert/*, crypto/*), register or not. */
    findings: { total: number; bySeverity: Record<Severity, number>; secrets: number; ownership: number; certificates: number };
    coverage: { owned: number; references: number; percent: number | null };
    identities: number;
    expired: number;
    expiring: number;
    overdue: number;
    /** Credentials referenced in the workspace that no identity owns (inventory status no-owner). */
    noOwner: number;
    incomplete: number;
    byStatus: Record<InventoryStatus, number>;
    suppressed: { total: number; byReason: Array<{ reason: string; by: string; count: number }> };
  };
  series: {
    byProvider: SeriesPoint[];
    byRule: SeriesPoint[];
    byFolder: SeriesPoint[];
    /** Open findings by OWASP NHI Top 10 risk (a finding counts under each risk its rule maps to), in the list's order. */
    byNhi: SeriesPoint[];
    coverageByOwner: OwnerCoverage[];
  };
  /** Oldest first, the current scan last. */
  trend: ReportSummary[];
  findings: FindingRow[];
  identities: IdentityRow[];
  /** Certificates found in the workspace (when there are any). */
  certificates?: CertificatesSection;
  /** How many keys and certificates use quantum-vulnerable or weak algorithms, by algorithm and by owner (when there are any). */
  cryptoReadiness?: CryptoReadiness;
  /** Rows left out of the tables beyond the limit. */
  truncated: { findings: number; identities: number };
  notes: string[];
  /** When git history was scanned: the secrets it holds, removed-but-not-rotated first. */
  leakedInHistory?: LeakedInHistory;
}

export interface WorkspaceReportInput {
  /** Absolute or display path of the workspace; only its base name is kept. */
  root: string;
  version: string;
  now: Date;
  /** Open secret findings. */
  findings: readonly Finding[];
  suppressed?: readonly Finding[];
  ownership?: {
    findings: readonly OwnershipFinding[];
    suppressed?: readonly OwnershipFinding[];
    inventory: readonly InventoryEntry[];
    register?: { path: string; found: boolean };
    /** Private keys found (certs/evaluate.ts), for the cryptographic-readiness summary. */
    keys?: readonly InventoryKey[];
  };
  /**
   * The certificate checks when ownership is off (certs/channel.ts): their findings, certificate entries
   * and private keys. With ownership on they are part of `ownership`, and this is not read.
   */
  certificates?: {
    findings: readonly OwnershipFinding[];
    suppressed?: readonly OwnershipFinding[];
    inventory: readonly InventoryEntry[];
    keys?: readonly InventoryKey[];
  };
  scanned?: { files: number; skipped: number; durationMs: number };
  /** Earlier scans, any order; the current one is appended. */
  history?: readonly ReportSummary[];
  historyCap?: number;
  notes?: readonly string[];
  /** Table rows kept (default 5000 each). */
  maxRows?: number;
  /** The "Leaked in history" section (history-section.ts), when git history was scanned. */
  leakedInHistory?: LeakedInHistory;
}

export function emptyBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/** Percent with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** The first path segment of a workspace-relative POSIX path, or ROOT_FOLDER for a top-level file. */
export function topFolder(p: string): string {
  const i = p.indexOf('/');
  return i > 0 ? p.slice(0, i) : ROOT_FOLDER;
}

/** Ownership coverage: references an identity owns over all references, from the inventory. */
export function coverageOf(inventory: readonly InventoryEntry[]): { owned: number; references: number; percent: number | null } {
  let owned = 0;
  let references = 0;
  for (const e of inventory) {
    references += e.references.length;
    if (e.source !== 'unregistered') owned += e.references.length;
  }
  return { owned, references, percent: percent(owned, references) };
}

/**
 * Counts by key, largest first (ties by label), at most `limit` bars: the rest are summed into
 * "other (N)". Each bar also counts its items by severity when `severity` is given.
 */
/** "NHI2 Secret Leakage": how a risk reads in charts and filters. */
export function nhiLabel(id: string): string {
  return `${id} ${NHI_RISKS[id as NhiId] ?? ''}`.trim();
}

/** Open findings under each OWASP NHI risk, in the Top 10's order, with their severities. */
function nhiSeries(rows: readonly FindingRow[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const id of NHI_IDS) {
    const under = rows.filter((r) => r.nhi.includes(id));
    if (!under.length) continue;
    const bySeverity = emptyBySeverity();
    for (const r of under) bySeverity[r.severity]++;
    out.push({ label: nhiLabel(id), value: under.length, bySeverity });
  }
  return out;
}

export function groupCount<T>(items: readonly T[], key: (t: T) => string, limit = SERIES_LIMIT, severity?: (t: T) => Severity): SeriesPoint[] {
  const map = new Map<string, SeriesPoint>();
  for (const it of items) {
    const label = key(it);
    let p = map.get(label);
    if (!p) map.set(label, (p = { label, value: 0, ...(severity ? { bySeverity: emptyBySeverity() } : {}) }));
    p.value++;
    if (severity) p.bySeverity![severity(it)]++;
  }
  const all = [...map.values()].sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (all.length <= limit) return all;
  const kept = all.slice(0, limit - 1);
  const rest = all.slice(limit - 1);
  const other: SeriesPoint = { label: `other (${rest.length})`, value: rest.reduce((n, p) => n + p.value, 0) };
  if (severity) {
    other.bySeverity = emptyBySeverity();
    for (const p of rest) for (const s of SEVERITIES) other.bySeverity[s] += p.bySeverity![s];
  }
  return [...kept, other];
}

/** The accountable owner of an identity: its technical owner, else its business owner. */
export function accountableOwner(e: Pick<InventoryEntry, 'owners'>): string | undefined {
  return e.owners.technical ?? e.owners.business;
}

export function coverageByOwner(inventory: readonly InventoryEntry[]): OwnerCoverage[] {
  const total = inventory.reduce((n, e) => n + e.references.length, 0);
  const map = new Map<string, OwnerCoverage>();
  for (const e of inventory) {
    const owner = e.source === 'unregistered' ? NO_OWNER : accountableOwner(e) ?? NO_OWNER;
    let c = map.get(owner);
    if (!c) map.set(owner, (c = { owner, identities: 0, healthy: 0, references: 0, share: 0 }));
    if (e.source !== 'unregistered') {
      c.identities++;
      if (e.status === 'ok') c.healthy++;
    }
    c.references += e.references.length;
  }
  for (const c of map.values()) c.share = percent(c.references, total) ?? 0;
  return [...map.values()].sort((a, b) =>
    Number(a.owner === NO_OWNER) - Number(b.owner === NO_OWNER) || b.references - a.references || b.identities - a.identities || (a.owner < b.owner ? -1 : 1));
}

/** Adds a summary to the history: sorted oldest first, one entry per `at` (the newer replaces), at most `cap` newest kept. */
export function appendHistory(history: readonly ReportSummary[], summary: ReportSummary, cap = HISTORY_CAP): ReportSummary[] {
  const rest = history.filter((h) => isSummary(h) && h.at !== summary.at);
  const all = [...rest, summary].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return cap > 0 ? all.slice(Math.max(0, all.length - cap)) : [];
}

/** Whether a stored value looks like a summary (stored history may come from an older version or be edited). */
export function isSummary(v: unknown): v is ReportSummary {
  const o = v as ReportSummary;
  return Boolean(o) && typeof o === 'object' && typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) &&
    typeof o.findings === 'number' && typeof o.bySeverity === 'object' && o.bySeverity !== null;
}

/** Parses a stored history (JSON text or value); anything unreadable gives an empty history. */
export function parseHistory(v: unknown): ReportSummary[] {
  let data = v;
  if (typeof v === 'string') {
    try {
      data = JSON.parse(v);
    } catch {
      return [];
    }
  }
  const list = Array.isArray(data) ? data : Array.isArray((data as { history?: unknown })?.history) ? (data as { history: unknown[] }).history : [];
  return list.filter(isSummary).map((h) => {
    const { orphaned, ...rest } = h as ReportSummary & { orphaned?: number };
    return { ...rest, noOwner: h.noOwner ?? orphaned ?? 0, bySeverity: { ...emptyBySeverity(), ...h.bySeverity } };
  });
}

export function summarize(report: WorkspaceReport): ReportSummary {
  const t = report.tiles;
  return {
    at: report.generatedAt,
    findings: t.findings.secrets,
    bySeverity: { ...t.findings.bySeverity },
    ownershipFindings: t.findings.ownership + t.findings.certificates,
    suppressed: t.suppressed.total,
    references: t.coverage.references,
    ownedReferences: t.coverage.owned,
    coverage: t.coverage.percent,
    identities: t.identities,
    expired: t.expired,
    expiring: t.expiring,
    overdue: t.overdue,
    noOwner: t.noOwner,
  };
}

function secretRow(f: Finding): FindingRow {
  return {
    type: 'secret', state: f.suppressed ? 'suppressed' : 'open', severity: f.severity, ruleId: f.ruleId, provider: f.provider,
    path: f.path, line: f.range.start.line + 1, column: f.range.start.character + 1, folder: topFolder(f.path), nhi: [...nhiOf(f.ruleId)],
    detail: f.preview, description: f.description, fingerprint: f.fingerprint,
    ...(f.suppressed ? { suppressedBy: f.suppressed.by, suppressedReason: f.suppressed.reason } : {}),
  };
}

function ownershipRow(f: OwnershipFinding): FindingRow {
  return {
    type: 'ownership', state: f.suppressed ? 'suppressed' : 'open', severity: f.severity, ruleId: f.ruleId, provider: 'Ownership',
    path: f.path, line: f.range.start.line + 1, column: f.range.start.character + 1, folder: topFolder(f.path), nhi: [...nhiOf(f.ruleId)],
    detail: f.message, fingerprint: f.fingerprint,
    ...(f.identityId ? { identityId: f.identityId } : {}), ...(f.reference ? { reference: f.reference } : {}),
    ...(f.suppressed ? { suppressedBy: f.suppressed.by, suppressedReason: f.suppressed.reason } : {}),
  };
}

function identityRow(e: InventoryEntry): IdentityRow {
  const at = e.declaredAt ?? e.references[0];
  return {
    id: e.id, status: e.status, source: e.source, kind: e.kind, provider: e.provider,
    businessOwner: e.owners.business, technicalOwner: e.owners.technical,
    environments: e.environments.length ? e.environments : e.environment ? [e.environment] : [],
    expires: e.expires, nextRotation: e.nextRotation, missing: e.missing, problems: e.problems, references: e.references.length,
    ...(at ? { path: at.path, line: at.range.start.line + 1 } : {}),
  };
}

const STATUS_RANK = Object.fromEntries(INVENTORY_STATUSES.map((s, i) => [s, i])) as Record<InventoryStatus, number>;

export function buildWorkspaceReport(input: WorkspaceReportInput): WorkspaceReport {
  const own = input.ownership;
  const inventory = own?.inventory ?? [];
  // The certificate checks' part: in ownership's evaluation when it ran, else their own.
  const certs = own ?? input.certificates;
  const certInventory = certs?.inventory ?? [];
  const openOwnership = certs?.findings ?? [];
  const openCertificates = openOwnership.filter((f) => isCertificateRule(f.ruleId)).length;
  const suppressedAll: Array<Finding | OwnershipFinding> = [...(input.suppressed ?? []), ...(certs?.suppressed ?? [])];
  const bySeverity = emptyBySeverity();
  for (const f of input.findings) bySeverity[f.severity]++;
  for (const f of openOwnership) bySeverity[f.severity]++;
  const byStatus = Object.fromEntries(INVENTORY_STATUSES.map((s) => [s, 0])) as Record<InventoryStatus, number>;
  for (const e of inventory) byStatus[e.status]++;
  // Counted by problem, not status: an expired identity that is also overdue counts in both tiles.
  const withProblem = (rule: string) => inventory.filter((e) => e.problems.includes(rule as InventoryEntry['problems'][number])).length;
  const reasons = new Map<string, { reason: string; by: string; count: number }>();
  for (const f of suppressedAll) {
    const reason = f.suppressed?.reason || '(no reason given)';
    const by = f.suppressed?.by ?? 'inline';
    const key = `${by}\0${reason}`;
    const r = reasons.get(key) ?? { reason, by, count: 0 };
    r.count++;
    reasons.set(key, r);
  }
  const open = [...input.findings.map(secretRow), ...openOwnership.map(ownershipRow)];
  const rows = [...open, ...suppressedAll.map((f) => ('preview' in f ? secretRow(f) : ownershipRow(f)))].sort((a, b) =>
    Number(a.state === 'suppressed') - Number(b.state === 'suppressed') || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column);
  const identities = inventory.map(identityRow).sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const maxRows = input.maxRows ?? 5000;
  const sev = (r: FindingRow) => r.severity;
  const report: WorkspaceReport = {
    schema: WORKSPACE_REPORT_SCHEMA,
    tool: TOOL.name,
    version: input.version,
    workspace: baseName(input.root),
    generatedAt: input.now.toISOString(),
    ownership: own ? { enabled: true, ...(own.register ? { register: own.register.path, registerFound: own.register.found } : {}) } : { enabled: false },
    ...(input.scanned ? { scanned: input.scanned } : {}),
    tiles: {
      findings: { total: open.length, bySeverity, secrets: input.findings.length, ownership: openOwnership.length - openCertificates, certificates: openCertificates },
      coverage: coverageOf(inventory),
      identities: inventory.filter((e) => e.source !== 'unregistered' && e.source !== 'certificate').length,
      expired: withProblem('owner/expired'),
      expiring: withProblem('owner/expiring'),
      overdue: withProblem('owner/rotation-overdue'),
      noOwner: byStatus['no-owner'],
      incomplete: withProblem('owner/incomplete'),
      byStatus,
      suppressed: { total: suppressedAll.length, byReason: [...reasons.values()].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)) },
    },
    series: {
      byProvider: groupCount(open.filter((r) => r.type === 'secret'), (r) => r.provider, SERIES_LIMIT, sev),
      byRule: groupCount(open, (r) => r.ruleId, SERIES_LIMIT, sev),
      byFolder: groupCount(open, (r) => r.folder, SERIES_LIMIT, sev),
      byNhi: nhiSeries(open),
      coverageByOwner: coverageByOwner(inventory),
    },
    trend: [],
    findings: rows.slice(0, maxRows),
    identities: identities.slice(0, maxRows),
    truncated: { findings: Math.max(0, rows.length - maxRows), identities: Math.max(0, identities.length - maxRows) },
    notes: [...(input.notes ?? [])],
    ...(input.leakedInHistory ? { leakedInHistory: input.leakedInHistory } : {}),
  };
  const keys = certs?.keys ?? [];
  if (keys.length || certInventory.some((e) => e.source === 'certificate')) {
    report.certificates = certificatesSection(certInventory, keys, input.now, maxRows);
    report.cryptoReadiness = readiness(certInventory, keys);
  }
  report.trend = appendHistory(input.history ?? [], summarize(report), input.historyCap ?? HISTORY_CAP);
  // Names, paths, reasons and descriptions are workspace text: every format (HTML, Markdown, JSON, CSV) gets them redacted.
  return redactDeep(report);
}

/** The model from what the CLI has: a scan report and, when ownership ran, its run (for the inventory). */
export function workspaceReportFromScan(scan: ScanReport, run: OwnershipRun | undefined, options: { history?: readonly ReportSummary[]; now?: Date; historyCap?: number; gitHistory?: ScanReport } = {}): WorkspaceReport {
  const git = options.gitHistory;
  return buildWorkspaceReport({
    root: scan.root,
    version: scan.version,
    now: options.now ?? new Date(scan.generatedAt),
    findings: scan.findings,
    suppressed: scan.suppressed,
    ownership: run?.enabled ? {
      findings: run.findings, suppressed: run.suppressed, inventory: run.inventory, keys: run.crypto?.keys,
      register: { path: run.register.path, found: run.register.exists },
    } : undefined,
    // Ownership off: the certificate checks ran all the same.
    ...(run && !run.enabled ? { certificates: { findings: run.findings, suppressed: run.suppressed, inventory: run.inventory, keys: run.crypto?.keys } } : {}),
    scanned: { files: scan.summary.files, skipped: scan.summary.skipped, durationMs: scan.summary.durationMs },
    history: options.history,
    historyCap: options.historyCap,
    notes: scan.notes,
    ...(git?.history ? { leakedInHistory: leakedInHistory(git.findings, { commits: git.history.commits, shallow: git.history.shallow }) } : {}),
  });
}

const EXPIRY_BUCKETS: Array<[string, number]> = [['expired', 0], ['within 30 days', 30], ['31-90 days', 90], ['91-180 days', 180], ['181-365 days', 365], ['over a year', Infinity]];

function certificatesSection(inventory: readonly InventoryEntry[], keys: readonly InventoryKey[], now: Date, maxRows: number): CertificatesSection {
  const rows: CertificateRow[] = [];
  for (const e of inventory) {
    const c = e.certificate;
    if (!c) continue;
    const owner = accountableOwner(e);
    rows.push({
      id: e.id, subject: c.subject, issuer: c.issuer, notAfter: c.notAfter,
      daysLeft: Math.floor((Date.parse(c.notAfter) - now.getTime()) / 86_400_000),
      key: c.key.name, signature: c.signature.name, quantumVulnerable: isQuantumVulnerable(c.key),
      ...(owner ? { owner } : {}), status: e.status, problems: e.problems,
      ...(e.declaredAt ? { path: e.declaredAt.path, line: e.declaredAt.range.start.line + 1 } : {}),
    });
  }
  rows.sort((a, b) => a.daysLeft - b.daysLeft || (a.id < b.id ? -1 : 1));
  const expiryTimeline = EXPIRY_BUCKETS.map(([label], i) => ({
    label,
    value: rows.filter((r) => (i === 0 ? r.daysLeft < 0 : r.daysLeft >= 0 && r.daysLeft <= EXPIRY_BUCKETS[i][1] && (i === 1 || r.daysLeft > EXPIRY_BUCKETS[i - 1][1]))).length,
  }));
  const algs = new Map<string, number>();
  for (const r of rows) algs.set(r.key, (algs.get(r.key) ?? 0) + 1);
  for (const k of keys) if (!k.certificate && !k.public) algs.set(k.key.name, (algs.get(k.key.name) ?? 0) + 1);
  const byAlgorithm = [...algs].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1)).slice(0, SERIES_LIMIT);
  return { expiryTimeline, byAlgorithm, rows: rows.slice(0, maxRows) };
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : p;
}
