// The human-readable inventory: one block per credential (status, owners, dates, where it is used).
import { STATUS_ICON, locations, type InventoryReport } from '../core/report/inventory';
import { INVENTORY_STATUSES, type InventoryStatus } from '../core/ownership/evaluate';
import { escapeTerminal } from '../core/text/escape';
import { mapStrings } from '../core/text/redact-text';
import type { Style } from './terminal';

type Paint = (style: Style | Style[], s: string) => string;
const STATUS_STYLE: Record<InventoryStatus, Style[]> = {
  ok: ['green'], expiring: ['yellow'], expired: ['red', 'bold'], overdue: ['red'], incomplete: ['yellow'], 'no-owner': ['red'], retired: ['gray'],
};

/** What a certificate entry says of its certificate: names, validity and days left, algorithms (never key material). */
function certificateLine(e: InventoryReport['identities'][number], generatedAt: string): string | undefined {
  const c = e.certificate;
  if (c) {
    const left = Math.ceil((Date.parse(c.notAfter) - Date.parse(generatedAt)) / 86_400_000);
    return [`subject ${c.subject}`, c.selfSigned ? 'self-signed' : `issuer ${c.issuer}`, c.ca ? 'CA' : '',
      `valid ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)} (${left >= 0 ? `${left} days left` : `expired ${-left} days ago`})`,
      `${c.key.name}, ${c.signature.name}`, `sha256 ${c.fingerprint.slice(0, 16)}…`].filter(Boolean).join(' · ');
  }
  const d = e.certificateDefinition;
  if (d) return [d.commonName ? `common name ${d.commonName}` : '', d.validityHours ? `validity ${Math.round(d.validityHours / 24)} days` : '',
    d.renewBeforeHours ? `renewed ${Math.round(d.renewBeforeHours / 24)} days before expiry` : '', d.issuer ? `issuer ${d.issuer}` : ''].filter(Boolean).join(' · ') || undefined;
  return undefined;
}

export function inventoryText(inventory: InventoryReport, paint: Paint): string {
  // Register fields, names and paths come from the workspace: no control character reaches the terminal.
  const report = mapStrings(inventory, escapeTerminal);
  const out: string[] = [];
  for (const e of report.identities) {
    const what = [e.kind, e.provider].filter(Boolean).join(', ');
    out.push(`${paint('bold', e.id)}  ${paint(STATUS_STYLE[e.status], `${STATUS_ICON[e.status]} ${e.status}`)}${what ? paint('gray', `  ${what}`) : ''}`);
    if (e.source !== 'unregistered') {
      out.push(`  owners: business ${e.owners.business ?? paint('red', 'none')} · technical ${e.owners.technical ?? paint('red', 'none')}`);
      const facts = [
        e.environment ? `environment ${e.environment}` : '',
        e.environments.length && e.environments.join(',') !== e.environment ? `used in ${e.environments.join(', ')}` : '',
        e.expires ? `expires ${e.expires}` : '',
        e.rotation ? `rotation ${e.rotation}${e.nextRotation ? ` (next ${e.nextRotation})` : ''}` : '',
        e.missing.length ? paint('yellow', `missing ${e.missing.join(', ')}`) : '',
      ].filter(Boolean);
      if (facts.length) out.push(`  ${facts.join(' · ')}`);
    }
    const cert = certificateLine(e, report.generatedAt);
    if (cert) out.push(`  ${cert}`);
    const refs = locations(e);
    out.push(paint('dim', `  ${refs.length ? `referenced in ${refs.slice(0, 6).join(', ')}${refs.length > 6 ? ` and ${refs.length - 6} more` : ''}` : 'not referenced in the files scanned'}`));
  }
  if (out.length) out.push('');
  for (const i of report.register.issues) out.push(paint('yellow', `note: ${report.register.path}:${i.line}:${i.column}: ${i.message}`));
  const s = report.summary;
  const counts = INVENTORY_STATUSES.filter((st) => s.byStatus[st]).map((st) => paint(STATUS_STYLE[st], `${s.byStatus[st]} ${st}`));
  out.push(`${s.entries} credential${s.entries === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''} · ${s.references} references · register: ${report.register.found ? report.register.path : `no ${report.register.path} yet`}`);
  return out.join('\n') + '\n';
}
