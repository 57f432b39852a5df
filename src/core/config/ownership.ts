// The `ownership` section of .credential-hygiene.json, and the options the evaluation runs with.
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../types/kinds';
import { OWNERSHIP_RULE_IDS, REGISTER_FILE, type OwnershipRuleId } from '../vocabulary';

/** Fields `required` can name; `expiresOrRotation` is satisfied by either. */
export const REQUIRABLE_FIELDS = [
  'kind', 'provider', 'owners.business', 'owners.technical', 'purpose', 'environment', 'system', 'ref',
  'rotation', 'lastRotated', 'expires', 'expiresOrRotation',
] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];
export const DEFAULT_REQUIRED: readonly RequirableField[] = ['owners.business', 'owners.technical', 'purpose', 'environment', 'expiresOrRotation'];
export const DEFAULT_EXPIRING_DAYS = 30;

const setting = z.union([z.literal(false), z.enum(SEVERITIES)], { error: `expected false or a severity (${SEVERITIES.join(', ')})` });

export const OwnershipConfigSchema = z.object({
  enabled: z.boolean().optional().describe('Check credential ownership (default: on when the register exists or this section is present)'),
  register: z.string().min(1).default(REGISTER_FILE).describe('The credential register, relative to this file'),
  required: z.array(z.enum(REQUIRABLE_FIELDS)).optional()
    .describe('Fields every identity must have (default: owners.business, owners.technical, purpose, environment, expiresOrRotation)'),
  expiringWithinDays: z.number().int().min(0).max(3650).default(DEFAULT_EXPIRING_DAYS).describe('Report owner/expiring this many days ahead'),
  severities: z.object(Object.fromEntries(OWNERSHIP_RULE_IDS.map((id) => [id, setting.optional()])) as Record<OwnershipRuleId, z.ZodOptional<typeof setting>>)
    .strict().optional().describe('Per ownership rule id: false turns it off, a severity overrides its severity'),
}).strict();

export type OwnershipConfig = z.infer<typeof OwnershipConfigSchema>;

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
