// The certificate checks' own channel: cert/* and crypto/* findings come from the files' analyses
// (their certificate facts) whether or not the ownership checks run. With ownership on they are part
// of its evaluation (evaluate.ts adds them, owners and all); with it off they are evaluated here alone,
// with the same severities (`ownership.severities`) and window (`ownership.expiringWithinDays`). Every
// face then reports them in one place of their own, once: `isCertificateRule` tells them apart.
import type { OwnershipOptions } from '../config/ownership';
import type { OwnershipResult } from '../ownership/evaluate';
import { addCertificates, collectFacts, type CertificateSource } from './evaluate';

/** Whether a rule id is one of the certificate checks (cert/*, crypto/*) rather than an ownership one. */
export function isCertificateRule(ruleId: string): boolean {
  return ruleId.startsWith('cert/') || ruleId.startsWith('crypto/');
}

/**
 * The certificate checks alone (no register, no references): findings, certificate entries, keys and
 * readiness. `cert/invalid` (a block that cannot be read: in a workspace without a register, mostly a
 * fragment in test code) is off here unless `ownership.severities` names it; with a register it runs.
 */
export function evaluateCertificates(files: Iterable<CertificateSource>, now: Date, options?: Partial<OwnershipOptions>): OwnershipResult {
  const tuned = { ...options, severities: { 'cert/invalid': false as const, ...options?.severities } };
  return addCertificates({ findings: [], suppressed: [], inventory: [], identities: [] }, collectFacts(files), now, tuned);
}

/** Whether a result holds anything of the certificate checks: a readable certificate, a key, a declaration or a finding. */
export function hasCertificates(result: Pick<OwnershipResult, 'inventory' | 'crypto' | 'findings' | 'suppressed'>): boolean {
  return result.inventory.some((e) => e.certificate || e.certificateDefinition) || Boolean(result.crypto?.keys.length) ||
    [...result.findings, ...result.suppressed].some((f) => isCertificateRule(f.ruleId));
}
