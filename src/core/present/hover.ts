// The hovers of the editor faces, written once: a finding's (what was found, why it matters, whether
// git already holds it and since when, how to fix it) and a certificate's (subject, issuer, validity and
// days left, algorithms, names, fingerprint, owner). The extension and the language server render the
// same sentences; what differs between them is declared in HoverFace and nowhere else:
//   - the translator (VS Code's `vscode.l10n`; the language server's bundle for the client's locale, or English),
//   - theme icons (`$(shield)`): VS Code's Markdown renders them, a language client shows them as text,
//   - how the fixes are reached: VS Code's quick-fix keys (Ctrl+.) and its fixes, or a client's code actions and the server's.
// Only redacted previews, names, dates and fingerprints; every piece of workspace text (a custom rule's
// description or provider, a subject, an owner) is escaped before it becomes an argument, and the
// sentences are translated whole. Every message is a literal first argument of `l10n.t`, so that
// `npm run l10n` exports them with the extension's own.
import type { Finding, FindingHistory } from '../findings';
import type { InventoryEntry } from '../ownership/evaluate';
import { ruleDocsUrl } from '../rules/docs';
import { rotationIssuer } from '../rules/issuer';
import { mdCode, mdText } from '../text/escape';
import type { Translator } from './l10n';

/** What differs between the faces' hovers. */
export interface HoverFace {
  /** The face's translator (named `l10n`: the exporter finds the calls of `l10n.t` by that name). */
  l10n: Translator;
  /** Whether `$(icon)` theme icons render. */
  themeIcons: boolean;
  /** How fixes are reached: `quick-fix` (Ctrl+., VS Code's fixes), `code-actions` (the language server's). */
  fixes: 'quick-fix' | 'code-actions';
}

/** The extension's hovers (it adds `vscode.l10n`). */
export const VSCODE_HOVER = { themeIcons: true, fixes: 'quick-fix' } as const satisfies Omit<HoverFace, 'l10n'>;
/** The language server's hovers (it adds its translator). */
export const LSP_HOVER = { themeIcons: false, fixes: 'code-actions' } as const satisfies Omit<HoverFace, 'l10n'>;

/** What a finding's hover says, besides the finding. */
export interface FindingHoverFacts {
  /** Whether git's HEAD holds the value; undefined: not checked (an untrusted workspace, where git does not run). */
  inHistory: boolean | undefined;
  /** Since when git history holds it (a face's history index, once built). */
  leak?: Pick<FindingHistory, 'firstDate' | 'firstCommit' | 'commits'>;
  /** Whether the rule is one of the project's custom rules (its documentation is the configuration's section). */
  customRule: boolean;
}

/** The provider to rotate a credential at, or undefined when it is only "where it was issued". */
export function rotateAt(f: Pick<Finding, 'provider'>): string | undefined {
  return rotationIssuer(f.provider);
}

const icon = (face: HoverFace, name: string) => (face.themeIcons ? `$(${name}) ` : '');

/** A finding's hover, as Markdown. */
export function findingHover(face: HoverFace, f: Finding, facts: FindingHoverFacts): string {
  const { l10n } = face;
  const at = rotateAt(f);
  const parts = [
    `${icon(face, 'shield')}**${l10n.t('Hard-coded credential: {0}', mdText(f.description))}**`,
    l10n.t('{0} · provider **{1}** · {2} severity · {3} confidence · rule {4} ([docs]({5}))', mdCode(f.preview), mdText(f.provider), f.severity, f.confidence,
      mdCode(f.ruleId), ruleDocsUrl(f.ruleId, { custom: facts.customRule })),
    l10n.t('**Why it matters:** anyone who can read this code, its history, a fork, a build artifact or a log can use it, and nobody can rotate a credential they cannot find.'),
  ];
  if (facts.inHistory) {
    parts.push(`${icon(face, 'warning')}${at
      ? l10n.t("**Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it at {0}**, then move it.", mdText(at))
      : l10n.t("**Already committed:** this value is in git's HEAD. Moving it out of the code is not enough: **rotate it where it was issued**, then move it.")}`);
  } else if (facts.inHistory === undefined) {
    parts.push(at
      ? l10n.t('**Git history not checked** (git does not run in an untrusted workspace). If this value was ever committed, rotate it at {0}.', mdText(at))
      : l10n.t('**Git history not checked** (git does not run in an untrusted workspace). If this value was ever committed, rotate it where it was issued.'));
  }
  const leak = facts.leak;
  if (leak) {
    const since = mdText(leak.firstDate.slice(0, 10));
    const commit = mdCode(leak.firstCommit.slice(0, 12));
    parts.push(`${icon(face, 'history')}${leak.commits === 1
      ? l10n.t('**In git history since {0}** (commit {1}): rotate it even after it is gone from the code.', since, commit)
      : l10n.t('**In git history since {0}** (commit {1}, added by {2} commits): rotate it even after it is gone from the code.', since, commit, leak.commits)}`);
  }
  const name = mdCode(f.fix.envName);
  parts.push(face.fixes === 'quick-fix'
    ? l10n.t('**How to fix:** press Ctrl+. (Cmd+. on macOS) to move it to `.env` as {0} and read it from the environment, or to replace it with a reference to your secret store (Vault, AWS, Azure, GCP, 1Password, …).', name)
    : l10n.t('**How to fix:** the code actions move it to `.env` as {0} and read it from the environment, suppress it with a reason, or accept it in the baseline.', name));
  return parts.join('\n\n');
}

const DAY_MS = 86_400_000;

/** The hover of certificates and certificate declarations (one section each), as Markdown; `now` judges the validity. */
export function certificateHover(face: HoverFace, entries: readonly InventoryEntry[], now: Date): string {
  return entries.map((e) => describeCertificate(face, e, now)).join('\n\n---\n\n');
}

function describeCertificate(face: HoverFace, e: InventoryEntry, now: Date): string {
  const { l10n } = face;
  const out: string[] = [];
  const c = e.certificate;
  const d = e.certificateDefinition;
  if (c) {
    out.push(`${icon(face, 'lock')}**${l10n.t('Certificate: {0}', mdText(c.commonName ?? c.subject))}**`);
    out.push(l10n.t('Subject {0} · issuer {1}', mdCode(c.subject), c.selfSigned ? l10n.t('itself (self-signed)') : mdCode(c.issuer)));
    const left = Math.ceil((Date.parse(c.notAfter) - now.getTime()) / DAY_MS);
    const when = Date.parse(c.notBefore) > now.getTime() ? l10n.t('**not valid yet**')
      : left > 0 ? l10n.t('**{0} days left**', left) : l10n.t('**expired {0} days ago**', -left);
    out.push(l10n.t('Valid {0} → {1}: {2}', mdText(c.notBefore.slice(0, 10)), mdText(c.notAfter.slice(0, 10)), when));
    out.push(l10n.t('Key {0} · signature {1}{2}', mdText(c.key.name), mdText(c.signature.name), c.ca ? l10n.t(' · certificate authority') : ''));
    if (c.sans.length) out.push(l10n.t('Names: {0}', c.sans.slice(0, 10).map(mdCode).join(', ')));
    out.push(l10n.t('SHA-256 fingerprint {0}', mdCode(c.fingerprint)));
  } else if (d) {
    out.push(`${icon(face, 'lock')}**${l10n.t('Certificate declaration: {0}', mdText(d.name))}**`);
    if (d.validityHours) out.push(l10n.t('Valid for {0} days after each issue', Math.round(d.validityHours / 24)));
  } else {
    out.push(`${icon(face, 'warning')}**${l10n.t('Unreadable certificate')}**`);
  }
  const owner = e.owners.technical ?? e.owners.business;
  out.push(owner && e.identityId
    ? l10n.t('Owner {0} (register identity {1})', mdText(owner), mdCode(e.identityId))
    : l10n.t('No owner: no identity in the register matches it (add its path, common name or a SAN to an identity\'s `match`).'));
  if (e.problems.length) out.push(l10n.t('Issues: {0}', e.problems.map(mdCode).join(' ')));
  return out.join('\n\n');
}
