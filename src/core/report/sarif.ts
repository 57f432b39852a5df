// SARIF 2.1.0 as GitHub code scanning reads it: URIs relative to %SRCROOT%, full regions, rule
// metadata with security-severity, and partialFingerprints so alerts survive moved lines.
import { pathToFileURL } from 'node:url';
import type { Finding } from '../findings';
import type { OwnershipFinding } from '../ownership/finding';
import { OWNERSHIP_RULES } from '../ownership/rules';
import type { Confidence, Rule, Severity } from '../rules/types';
import { nhiTags } from '../rules/nhi';
import { builtinRules } from '../rules';
import { ruleDocsUrl } from '../rules/docs';
import { escapeTerminal } from '../text/escape';
import { redactText } from '../scan/redact-text';
import { TOOL, UNUSED_SUPPRESSION, type ScanReport } from './scan-report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/**
 * A secret finding's level is its confidence (how sure it is a real credential), capped by its
 * severity: high -> error, medium -> warning, low -> note. Ownership findings keep their severity's.
 */
const CONFIDENCE_LEVEL: Record<Confidence, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
const LEVEL_RANK = { error: 3, warning: 2, note: 1 } as const;
function findingLevel(severity: Severity, confidence: Confidence): 'error' | 'warning' | 'note' {
  const a = LEVEL[severity];
  const b = CONFIDENCE_LEVEL[confidence];
  return LEVEL_RANK[a] <= LEVEL_RANK[b] ? a : b;
}
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const PRECISION = { high: 'very-high', medium: 'high', low: 'medium' } as const;

/** Text a viewer shows as is (custom rules' descriptions, reasons, messages): redacted, no control characters. */
const plain = (s: string) => escapeTerminal(redactText(s));

function ruleName(id: string): string {
  return id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export function toSarif(report: ScanReport, rules: readonly Rule[]): object {
  const all = [...report.findings, ...report.suppressed];
  const usedIds = [...new Set(all.map((f) => f.ruleId))].sort();
  const owned = [
    ...(report.ownership ? [...report.ownership.findings, ...report.ownership.suppressed] : []),
    ...(report.certificates ? [...report.certificates.findings, ...report.certificates.suppressed] : []),
  ];
  const ownershipIds = [...new Set(owned.map((f) => f.ruleId))].sort();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const builtin = new Set(builtinRules.map((r) => r.id));
  const index = new Map([...usedIds, ...ownershipIds].map((id, i) => [id, i]));
  const driverRules = usedIds.map((id) => {
    const r = byId.get(id);
    const description = plain(r?.description ?? id);
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: description },
      helpUri: ruleDocsUrl(id, { custom: !builtin.has(id) }),
      // The provider only when there is one: a generic finding is "a hard-coded credential", not a "Generic" one.
      fullDescription: { text: `${description}. A hard-coded ${r && r.provider !== 'Generic' ? plain(r.provider) : ''} credential in source is readable by everyone with the code and stays in its history.`.replace('  ', ' ') },
      help: {
        text: 'Move the value to a secret store or an environment variable, reference it from code, and rotate it if it was ever committed.',
        markdown: 'Move the value to a secret store (a vault reference) or an environment variable, reference it from code, and **rotate it** if it was ever committed.',
      },
      defaultConfiguration: { level: findingLevel(r?.severity ?? 'high', r?.confidence ?? 'medium') },
      properties: {
        tags: ['security', 'secret', 'credential', ...(r && r.provider !== 'Generic' ? [plain(r.provider)] : []), ...nhiTags(id)],
        precision: PRECISION[r?.confidence ?? 'medium'],
        'security-severity': SECURITY_SEVERITY[r?.severity ?? 'high'],
      },
    };
  });
  // Ownership rules: governance rather than leaks, so they carry the ownership tags and no precision.
  for (const id of ownershipIds) {
    const r = OWNERSHIP_RULES[id];
    driverRules.push({
      id,
      name: r.name,
      shortDescription: { text: r.description },
      helpUri: ruleDocsUrl(id),
      fullDescription: { text: id.startsWith('owner/') ? `${r.description}. A credential nobody owns is a credential nobody rotates or revokes.` : `${r.description}.` },
      help: { text: r.help, markdown: r.help },
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { tags: ['security', 'credential', id.startsWith('owner/') ? 'ownership' : 'certificate', ...nhiTags(id)], precision: 'very-high', 'security-severity': SECURITY_SEVERITY[r.severity] },
    });
  }
  const region = (range: Finding['range']) => ({
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });
  const ownershipResult = (f: OwnershipFinding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: plain(f.message) },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' }, region: region(f.range) } }],
    ...(f.related?.length
      ? {
        relatedLocations: f.related.map((r, i) => ({
          id: i + 1,
          message: { text: plain(r.message) },
          physicalLocation: { artifactLocation: { uri: encodeURI(r.path), uriBaseId: '%SRCROOT%' }, region: region(r.range) },
        })),
      }
      : {}),
    partialFingerprints: { 'credentialHygieneOwnership/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      ...(f.identityId ? { identity: f.identityId } : {}),
      ...(f.reference ? { reference: f.reference, referenceKind: f.referenceKind } : {}),
      ...(f.suggestedOwners ? { suggestedOwners: f.suggestedOwners } : {}),
    },
    ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: plain(f.suppressed.reason) }] } : {}),
  });
  const result = (f: Finding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: findingLevel(f.severity, f.confidence),
    message: { text: `${plain(f.description)} (${plain(f.preview)}). Move it to a secret store and reference it; rotate it if it was committed.` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' },
        region: {
          startLine: f.range.start.line + 1,
          startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
        },
      },
    }],
    partialFingerprints: { 'credentialHygiene/v1': f.fingerprint },
    properties: {
      severity: f.severity, confidence: f.confidence, provider: f.provider, suggestedEnvName: f.fix.envName,
      // An MCP server's credential: the tool, the server, where in it, and the provider rule that knew the value.
      ...(f.agent ? { agent: { ...f.agent, server: plain(f.agent.server), ...(f.agent.key ? { key: plain(f.agent.key) } : {}) } } : {}),
      ...(f.history ? { history: f.history } : {}),
    },
    ...(f.suppressed
      ? { suppressions: [{ kind: f.suppressed.by === 'inline' ? 'inSource' : 'external', justification: plain(f.suppressed.reason) }] }
      : {}),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL.name, fullName: TOOL.fullName, informationUri: TOOL.informationUri, version: report.version, semanticVersion: report.version, rules: driverRules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.root.endsWith('/') ? report.root : `${report.root}/`).href } },
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: !report.summary.cancelled,
        toolExecutionNotifications: [
          ...report.skipped.map((s) => ({
            level: 'note',
            message: { text: plain(`skipped (${s.reason}): ${s.detail}`) },
            locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.path), uriBaseId: '%SRCROOT%' } } }],
          })),
          // --report-unused-suppressions: allow comments that allow nothing (a warning: remove them).
          ...(report.unusedSuppressions ?? []).map((u) => ({
            descriptor: { id: 'unused-suppression' },
            level: 'warning',
            message: { text: UNUSED_SUPPRESSION },
            locations: [{
              physicalLocation: {
                artifactLocation: { uri: encodeURI(u.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: u.range.start.line + 1, startColumn: u.range.start.character + 1, endLine: u.range.end.line + 1, endColumn: u.range.end.character + 1 },
              },
            }],
          })),
        ],
      }],
      results: [...all.map(result), ...owned.map(ownershipResult)],
    }],
  };
}
