// The `ownership` section of .credential-hygiene.json, and the options the evaluation runs with.
import type { Severity } from '../types/kinds';
import type { OwnershipRuleId } from '../vocabulary';
import type { OwnershipConfig } from './ownership-schema';

export type { OwnershipConfig } from './ownership-schema';

/** Fields `required` can name; `expiresOrRotation` is satisfied by either. */
export const REQUIRABLE_FIELDS = [
  'kind', 'provider', 'owners.business', 'owners.technical', 'purpose', 'environment', 'system', 'ref',
  'rotation', 'lastRotated', 'expires', 'expiresOrRotation',
] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];
export const DEFAULT_REQUIRED: readonly RequirableField[] = ['owners.business', 'owners.technical', 'purpose', 'environment', 'expiresOrRotation'];
export const DEFAULT_EXPIRING_DAYS = 30;

export interface OwnershipOptions {
  required: readonly RequirableField[];
  expiringWithinDays: number;
  /** Rule id -> severity, or false to turn the rule off. */
  severities: Partial<Record<OwnershipRuleId, Severity | false>>;
}

/** Options from the config section (or partial options); unset ones take the defaults. */
export function ownershipOptions(config?: Partial<OwnershipOptions> | Partial<OwnershipConfig>): OwnershipOptions {
  return {
    required: config?.required ?? DEFAULT_REQUIRED,
    expiringWithinDays: config?.expiringWithinDays ?? DEFAULT_EXPIRING_DAYS,
    severities: config?.severities ?? {},
  };
}
