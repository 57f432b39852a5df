// The `ownership` section of .credential-hygiene.json, and the options the evaluation runs with.
import type { Severity } from '../types/kinds';
import type { OwnershipRuleId } from '../vocabulary';
import type { OwnershipConfig } from './ownership-schema';
import { DEFAULT_EXPIRING_DAYS, DEFAULT_REQUIRED, type RequirableField } from './ownership-fields';

export type { OwnershipConfig } from './ownership-schema';

export { DEFAULT_EXPIRING_DAYS, DEFAULT_REQUIRED, REQUIRABLE_FIELDS, type RequirableField } from './ownership-fields';

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
