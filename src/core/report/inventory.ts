// The credential inventory (`credential-hygiene inventory`): every identity with its owners, status
// and where it is referenced, plus the references nobody owns; as JSON, CSV and Markdown.
import { INVENTORY_STATUSES, type InventoryEntry, type InventoryStatus } from '../ownership/evaluate';
import type { CryptoInventory } from '../types/certificates';
import type { OwnershipRun } from '../ownership/workspace';
import { TOOL } from './scan-report';
import { redactDeep } from '../scan/redact-text';
import { mdCode, mdText } from '../text/escape';

export interface InventoryReport {
  tool: string;
  version: string;
  root: string;
  generatedAt: string;
  register: { path: string; found: boolean; issues: Array<{ message: string; line: number; column: number }> };
  summary: { entries: number; byStatus: Record<InventoryStatus, number>; references: number };
  identities: InventoryEntry[];
  /** Private keys found (public facts only) and the cryptographic-readiness summary, when the workspace has certificates or keys. */
  crypto?: CryptoInventory;
}

export const STATUS_ICON: Record<InventoryStatus, string> = { ok: '✅', expiring: '⏳', expired: '⛔', overdue: '🔁', incomplete: '📝', 'no-owner': '❓', retired: '🗄️' };

export function buildInventoryReport(run: OwnershipRun, root: string, version: string, now: Date): InventoryReport {
  const byStatus = Object.fromEntries(INVENTORY_STATUSES.map((s) => [s, 0])) as Record<InventoryStatus, number>;
  for (const e of run.inventory) byStatus[e.status]++;
  // Register and catalog fields are free text (a password in `ref`, a key pasted into `purpose`): redacted here, once, for every format.
  return redactDeep({
    tool: TOOL.name,
    version,
    root,
    generatedAt: now.toISOString(),
    register: {
      path: run.register.path,
      found: run.register.exists,
      issues: run.register.issues.map((i) => ({ message: i.message, line: i.range.start.line + 1, column: i.range.start.character + 1 })),
    },
    summary: { entries: run.inventory.length, byStatus, references: run.references.length },
    identities: run.inventory,
    ...(run.crypto ? { crypto: run.crypto } : {}),
  });
}

const COLUMNS = [
  'id', 'status', 'source', 'kind', 'provider', 'business_owner', 'technical_owner', 'purpose', 'environment', 'used_in',
  'system', 'ref', 'rotation', 'last_rotated', 'next_rotation', 'expires', 'missing', 'problems', 'declared_at', 'references',
  'review', 'last_reviewed', 'next_review', 'retired',
] as const;

export function toInventoryCsv(report: InventoryReport): string {
  const rows = report.identities.map((e) => [
    e.id, e.status, e.source, e.kind, e.provider, e.owners.business, e.owners.technical, e.purpose, e.environment, e.environments.join(' '),
    e.system, e.ref, e.rotation, e.lastRotated, e.nextRotation, e.expires, e.missing.join('; '), e.problems.join(' '),
    e.declaredAt ? `${e.declaredAt.path}:${e.declaredAt.range.start.line + 1}` : '', locations(e).join('; '),
    e.review, e.lastReviewed, e.nextReview, e.retired,
  ]);
  return [COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
export function csvCell(v: string | undefined): string {
  let s = v ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `path:line` of each reference, once per line (a .env line can hold a key and a vault reference). */
export function locations(e: InventoryEntry): string[] {
  return [...new Set(e.references.map((r) => `${r.path}:${r.range.start.line + 1}`))];
}

export function toInventoryMarkdown(report: InventoryReport, limit = 500): string {
  const s = report.summary;
  const out = ['## Credential inventory', ''];
  const counts = INVENTORY_STATUSES.filter((st) => s.byStatus[st]).map((st) => `${STATUS_ICON[st]} ${s.byStatus[st]} ${st}`);
  out.push(`**${s.entries} credential${s.entries === 1 ? '' : 's'}**${counts.length ? `: ${counts.join(' · ')}` : ''} · ${s.references} references · register: ${report.register.found ? mdCode(report.register.path) : `no ${mdCode(report.register.path)} yet`}`, '');
  if (report.identities.length) {
    out.push('| Status | Credential | Business owner | Technical owner | Environment | Expires / next rotation | Referenced in |', '|---|---|---|---|---|---|---|');
    for (const e of report.identities.slice(0, limit)) {
      const env = e.environments.length ? e.environments.join(', ') : e.environment ?? '';
      const when = [e.retired ? `retired ${e.retired}` : '', e.expires ? `expires ${e.expires}` : '', e.nextRotation ? `rotate by ${e.nextRotation}` : '',
        e.nextReview ? `review by ${e.nextReview}` : ''].filter(Boolean).join(' · ');
      const refs = locations(e);
      const shown = refs.slice(0, 3).map(mdCode).join(', ') + (refs.length > 3 ? ` +${refs.length - 3} more` : '');
      const what = [e.kind, e.provider].filter(Boolean).join(', ');
      out.push(`| ${STATUS_ICON[e.status]} ${e.status} | ${mdCode(e.id)}${what ? ` (${mdText(what)})` : ''} | ${mdText(e.owners.business ?? '—')} | ${mdText(e.owners.technical ?? '—')} | ${mdText(env)} | ${mdText(when)} | ${shown || '—'} |`);
    }
    if (report.identities.length > limit) out.push('', `…and ${report.identities.length - limit} more.`);
  }
  for (const i of report.register.issues) out.push('', `> ⚠️ ${mdText(`${report.register.path}:${i.line}:${i.column}: ${i.message}`)}`);
  return out.join('\n') + '\n';
}
