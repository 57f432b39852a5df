// The validator of the config's `ownership` section (zod): loaded with the config schema, only when a
// config file is read (ownership.ts holds the defaults and options, which need no validator).
import * as z from 'zod';
import { SEVERITIES } from '../types/kinds';
import { OWNERSHIP_RULE_IDS, REGISTER_FILE, type OwnershipRuleId } from '../vocabulary';
import { DEFAULT_EXPIRING_DAYS, REQUIRABLE_FIELDS } from './ownership-fields';


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
