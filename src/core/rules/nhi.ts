// The OWASP Non-Human Identities Top 10 (2025): the risk vocabulary leads already use. Every rule maps
// to at least one: each secret rule (a hard-coded credential is secret leakage) and each owner/* rule.
// Data, by family, so a new rule of a family is mapped without a line of its own.
import { OWNERSHIP_RULE_IDS, type OwnershipRuleId } from '../vocabulary';

export const NHI_RISKS = {
  NHI1: 'Improper Offboarding',
  NHI2: 'Secret Leakage',
  NHI3: 'Vulnerable Third-Party NHI',
  NHI4: 'Insecure Authentication',
  NHI5: 'Overprivileged NHI',
  NHI6: 'Insecure Cloud Deployment Configurations',
  NHI7: 'Long-Lived Secrets',
  NHI8: 'Environment Isolation',
  NHI9: 'NHI Reuse',
  NHI10: 'Human Use of NHI',
} as const;
export type NhiId = keyof typeof NHI_RISKS;
export const NHI_IDS = Object.keys(NHI_RISKS) as NhiId[];

/** Where the list is published. */
export const NHI_URL = 'https://owasp.org/www-project-non-human-identities-top-10/2025/';

/** The ownership rules: who answers for a credential, how long it lives, where it is used. */
const OWNERSHIP_NHI: Record<OwnershipRuleId, readonly NhiId[]> = {
  'owner/missing': ['NHI1'], // nobody to offboard it
  'owner/incomplete': ['NHI1'],
  'owner/expired': ['NHI7'],
  'owner/expiring': ['NHI7'],
  'owner/rotation-overdue': ['NHI7'],
  'owner/shared-across-environments': ['NHI8', 'NHI9'],
  'owner/untagged-resource': ['NHI1'],
  'owner/register-invalid': ['NHI1'], // the register is the offboarding inventory
  'owner/unreferenced': ['NHI1'],
  'owner/review-overdue': ['NHI1', 'NHI5'], // a review asks "still needed? still this much access?"
  // Certificates and keys (src/core/certs): a certificate is a machine identity's credential too.
  'cert/expired': ['NHI7'],
  'cert/expiring': ['NHI7'],
  'cert/not-yet-valid': ['NHI4'], // clients reject it: a broken authentication path
  'cert/long-lived': ['NHI7'],
  'cert/invalid': ['NHI4'],
  'crypto/weak-key': ['NHI4'],
  'crypto/weak-signature': ['NHI4'],
  'crypto/quantum-vulnerable': ['NHI4'],
};

/** Every secret rule, built in or custom: a credential in the code is leaked to everyone who reads it. */
const SECRET_NHI: readonly NhiId[] = ['NHI2'];

/** The OWASP NHI Top 10 risks a rule id maps to (a secret rule's, unless it is an owner/* rule). */
export function nhiOf(ruleId: string): readonly NhiId[] {
  return (OWNERSHIP_RULE_IDS as readonly string[]).includes(ruleId) ? OWNERSHIP_NHI[ruleId as OwnershipRuleId] : SECRET_NHI;
}

/** SARIF `properties.tags` for a rule's risks: `OWASP-NHI2`. */
export function nhiTags(ruleId: string): string[] {
  return nhiOf(ruleId).map((id) => `OWASP-${id}`);
}
