// How findings show over LSP: diagnostics (code, a link to the rule's docs, source, tags, and the
// finding's id in `data` so fixes act on the analysis they came from, never on a rescan) and hovers
// (their text is core's, src/core/present/hover.ts, the extension's too). Only redacted previews; text
// that can come from the workspace (a custom rule's description) is redacted and escaped.
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover } from 'vscode-languageserver/node';
import { CERTIFICATES_SOURCE, diagnosticLevel, OWNERSHIP_SOURCE, type DiagnosticLevel, type DisplaySettings } from '../core/display';
import type { OwnershipFinding } from '../core/ownership/finding';
import type { InventoryEntry } from '../core/ownership/evaluate';
import type { Position, Range } from '../core/types/range';
import type { Finding } from '../core/findings';
import { ruleDocsUrl } from '../core/rules/docs';
import { redactText } from '../core/scan/redact-text';
import { escapeMessage } from '../core/text/escape';
import { certificateHover as certificateMarkdown, findingHover, type FindingHoverFacts, type HoverFace } from '../core/present/hover';

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

/**
 * A finding's id within one analysis (a diagnostic's data holds the document's version too): its rule
 * and where it is, nothing of the value. Not its fingerprint: that is scrypt for a password, and each
 * keystroke in the value would pay for one before the diagnostics could be published.
 */
export function findingId(f: Finding): string {
  return `${f.ruleId}@${f.offset.start}-${f.offset.end}`;
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

/** Whether `pos` lies within `range` (both ends included). */
export function within(range: Range, pos: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(pos, range.start) && after(range.end, pos);
}

/**
 * The hover of certificates or certificate declarations: subject, issuer, validity and days left,
 * algorithms, SANs, fingerprint and owner, in core's words (the extension's hover says the same).
 */
export function certificateHover(face: HoverFace, entries: readonly InventoryEntry[], now: Date): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: certificateMarkdown(face, entries, now) }, range: entries[0].declaredAt!.range };
}

/** The hover of a finding, in core's words: what, why, whether it is in git's HEAD (undefined: not checked, untrusted), how to fix. */
export function hoverFor(face: HoverFace, f: Finding, facts: FindingHoverFacts): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: findingHover(face, f, facts) }, range: f.range };
}
