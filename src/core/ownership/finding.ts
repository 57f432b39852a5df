// What an ownership check reports. Kept apart from the secret `Finding`: these are about who owns a
// credential, and never carry a value (reference names, identity ids and paths only).
import { nodeCrypto } from '../node-crypto';
import type { Range } from '../types/range';
import type { Severity } from '../types/kinds';
import type { ReferenceKind } from './reference';
import type { OwnershipRuleId } from './rules';

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export interface OwnershipFinding {
  ruleId: OwnershipRuleId;
  severity: Severity;
  message: string;
  /** Workspace-relative POSIX path the finding is reported at. */
  path: string;
  range: Range;
  /** The register identity it is about, when there is one. */
  identityId?: string;
  /** The reference it is about (an environment-variable name, `k8s:Secret/x`, a vault path...). */
  reference?: string;
  referenceKind?: ReferenceKind;
  /** Owners to offer in a fix (entity refs such as `group:payments`): from the register, Backstage or CODEOWNERS. */
  suggestedOwners?: string[];
  /** Other places involved: the references of an identity reported in the register, and so on. */
  related?: RelatedLocation[];
  /** Hash of rule, path and subject (not the line), so it survives moved lines. */
  fingerprint: string;
  /** Set when an inline `credential-hygiene:allow` marker covers the reference's line. */
  suppressed?: { by: 'inline'; reason: string };
}

export function ownershipFingerprint(ruleId: string, path: string, subject: string, occurrence = 0): string {
  return nodeCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${subject}\0${occurrence}`).digest('hex').slice(0, 32);
}
