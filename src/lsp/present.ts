// How findings show over LSP: diagnostics (code, a link to the rule's docs, source, tags, and the
// finding's id in `data` so fixes act on the analysis they came from, never on a rescan) and hovers.
// Only redacted previews; text that can come from the workspace (a custom rule's description) is
// redacted and escaped.
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover } from 'vscode-languageserver/node';
import { CERTIFICATES_SOURCE, diagnosticLevel, OWNERSHIP_SOURCE, type DiagnosticLevel, type DisplaySettings } from '../core/display';
import type { OwnershipFinding } from '../core/ownership/finding';
import type { InventoryEntry } from '../core/ownership/evaluate';
import type { Position, Range } from '../core/types/range';
import type { Finding } from '../core/findings';
import { ruleDocsUrl } from '../core/rules/docs';
import { redactText } from '../core/scan/redact-text';
import { escapeMessage, mdCode, mdText } from '../core/text/escape';
import { rotationIssuer } from '../core/rules/issuer';

export const SOURCE = 'Credential Hygiene';
/** The code of the notice a file gets when it could not be analyzed (its analysis ran out of time). */
export const NOT_ANALYZED = 'not-analyzed';

const SEVERITY: Record<Exclude<DiagnosticLevel, 'none'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic's `data` holds: the finding's id and the document version it was found in. */
export interface FindingData {
  id: string;
  version: number | null;
}

/** A finding's id within one analysis: rule, salted fingerprint and offset (nothing of the value). */
export function findingId(f: Finding): string {
  return `${f.ruleId}@${f.offset.start}:${f.fingerprint}`;
}

export const plain = (s: string) => escapeMessage(redactText(s)).replace(/\n/g, ' ');

export function toDiagnostics(findings: readonly Finding[], display: DisplaySettings, version: number | null, customRules: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const level = diagnosticLevel(f, display);
    if (level === 'none') continue;
    const data: FindingData = { id: findingId(f), version };
    out.push({
      range: f.range,
      severity: SEVERITY[level],
      code: f.ruleId,
      codeDescription: { href: ruleDocsUrl(f.ruleId, { custom: customRules.has(f.ruleId) }) },
      source: SOURCE,
      message: `${plain(f.description)}: ${f.preview}. Move it out of the code (code actions offer fixes).`,
      // LSP's tags (unnecessary, deprecated) say nothing true of a leaked credential: none is set.
      tags: [],
      data,
    });
  }
  return out;
}

/**
 * The certificate checks' findings (cert/*, crypto/*) as diagnostics: certain facts (a date, a key size),
 * so their level is their severity's. Messages are names and dates only, escaped.
 */
export function certificateDiagnostics(findings: readonly OwnershipFinding[], display: DisplaySettings): Diagnostic[] {
  return checkDiagnostics(findings, display, CERTIFICATES_SOURCE);
}

/**
 * The ownership checks' findings (owner/*) as diagnostics, as the extension shows them: the level is
 * their severity's, the source the ownership one, the other places involved (an identity's references)
 * as related information. Messages are names, ids and dates only, escaped.
 */
export function ownershipDiagnostics(findings: readonly OwnershipFinding[], display: DisplaySettings, uriOf: (rel: string) => string): Diagnostic[] {
  return checkDiagnostics(findings, display, OWNERSHIP_SOURCE, uriOf);
}

/** Findings of the checks beside the secret scan (certificates, ownership) under their source; `uriOf` adds related places. */
function checkDiagnostics(findings: readonly OwnershipFinding[], display: DisplaySettings, source: string, uriOf?: (rel: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const level = display.severity[f.severity];
    if (level === 'none') continue;
    out.push({
      range: f.range,
      severity: SEVERITY[level],
      code: f.ruleId,
      codeDescription: { href: ruleDocsUrl(f.ruleId) },
      source,
      message: plain(f.message),
      tags: [],
      ...(uriOf && f.related?.length ? { relatedInformation: f.related.map((r) => ({ location: { uri: uriOf(r.path), range: r.range }, message: plain(r.message) })) } : {}),
    });
  }
  return out;
}

/** The notice for a document that was not analyzed (its analysis ran out of time, or failed). */
export function notAnalyzed(detail: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: NOT_ANALYZED,
    source: SOURCE,
    message: `Credential Hygiene did not analyze this file: ${plain(detail)}. Other files are not affected.`,
    tags: [],
  };
}

/** The provider to rotate a credential at, or undefined when it is only "where it was issued". */
export function rotateAt(f: Pick<Finding, 'provider'>): string | undefined {
  return rotationIssuer(f.provider);
}

/** The hover of a finding: what, why, whether it is in git's HEAD (undefined: not checked, untrusted), how to fix. */
const DAY_MS = 86_400_000;

/** Whether `pos` lies within `range` (both ends included). */
export function within(range: Range, pos: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(pos, range.start) && after(range.end, pos);
}

/**
 * The hover of a certificate or a certificate declaration: subject, issuer, validity and days left,
 * algorithms, SANs, fingerprint and owner (the extension's certificate hover says the same). Names,
 * dates and fingerprints only; workspace text is escaped before it reaches Markdown.
 */
export function certificateHover(entries: readonly InventoryEntry[], now: Date): Hover {
  const describe = (e: InventoryEntry): string => {
    const out: string[] = [];
    const c = e.certificate;
    const d = e.certificateDefinition;
    if (c) {
      out.push(`**Certificate: ${mdText(c.commonName ?? c.subject)}**`);
      out.push(`Subject ${mdCode(c.subject)} · issuer ${c.selfSigned ? 'itself (self-signed)' : mdCode(c.issuer)}`);
      const left = Math.ceil((Date.parse(c.notAfter) - now.getTime()) / DAY_MS);
      const when = Date.parse(c.notBefore) > now.getTime() ? '**not valid yet**' : left > 0 ? `**${left} days left**` : `**expired ${-left} days ago**`;
      out.push(`Valid ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)}: ${when}`);
      out.push(`Key ${mdText(c.key.name)} · signature ${mdText(c.signature.name)}${c.ca ? ' · certificate authority' : ''}`);
      if (c.sans.length) out.push(`Names: ${c.sans.slice(0, 10).map(mdCode).join(', ')}`);
      out.push(`SHA-256 fingerprint ${mdCode(c.fingerprint)}`);
    } else if (d) {
      out.push(`**Certificate declaration: ${mdText(d.name)}**`);
      if (d.validityHours) out.push(`Valid for ${Math.round(d.validityHours / 24)} days after each issue`);
    } else out.push('**Unreadable certificate**');
    const owner = e.owners.technical ?? e.owners.business;
    out.push(owner && e.identityId
      ? `Owner ${mdText(owner)} (register identity ${mdCode(e.identityId)})`
      : 'No owner: no identity in the register matches it (add its path, common name or a SAN to an identity\'s `match`).');
    if (e.problems.length) out.push(`Issues: ${e.problems.map(mdCode).join(' ')}`);
    return out.join('\n\n');
  };
  return { contents: { kind: MarkupKind.Markdown, value: entries.map(describe).join('\n\n---\n\n') }, range: entries[0].declaredAt!.range };
}

export function hoverFor(f: Finding, inHistory: boolean | undefined): Hover {
  const at = rotateAt(f);
  const where = at ? `at ${mdText(at)}` : 'where it was issued';
  const parts = [
    `**Hard-coded credential: ${mdText(f.description)}**`,
    `${mdCode(f.preview)} · provider **${mdText(f.provider)}** · ${f.severity} severity · ${f.confidence} confidence · rule ${mdCode(f.ruleId)} ([docs](${ruleDocsUrl(f.ruleId)}))`,
    '**Why it matters:** anyone who can read this code, its history, a fork, a build artifact or a log can use it, and nobody can rotate a credential they cannot find.',
  ];
  if (inHistory) parts.push(`**Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it ${where}**, then move it.`);
  else if (inHistory === undefined) parts.push(`**Git history not checked** (the workspace is not trusted: git does not run). If this value was ever committed, rotate it ${where}.`);
  parts.push(`**How to fix:** the code actions move it to \`.env\` as \`${f.fix.envName}\` and read it from the environment, suppress it with a reason, or accept it in the baseline.`);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: f.range };
}
