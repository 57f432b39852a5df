// `credentials.yaml`: the register of the workspace's machine credentials and who owns them. The zod
// schema is the single source: types, validation messages and schemas/credentials.schema.json.
import * as z from 'zod';
import { CREDENTIAL_KINDS } from '../types/kinds';
import { ISO_DATE, ISO_DURATION, parseDate } from './dates';
import { REGISTER_SCOPES } from '../vocabulary';

export { REGISTER_FILE } from '../vocabulary';

import { ENTITY_REF } from './entity-ref';

export { ENTITY_REF } from './entity-ref';

const entityRef = z.string().regex(ENTITY_REF, 'an entity ref such as "group:payments", "user:jdoe" or "group:default/payments"');
const date = z.string().regex(ISO_DATE, { error: 'a date as YYYY-MM-DD (or an ISO 8601 date-time)', abort: true })
  .refine((s) => parseDate(s) !== undefined, 'not a calendar date');

export const OwnersSchema = z.object({
  business: entityRef.optional().describe('Who answers for why the credential exists (a group or user entity ref)'),
  technical: entityRef.optional().describe('Who can rotate or revoke it (a group or user entity ref)'),
}).strict();

export const IdentitySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'lower-case letters, digits, ".", "_" and "-", e.g. "stripe-live-key"')
    .describe('Unique id of the credential'),
  kind: z.enum(CREDENTIAL_KINDS).optional().describe('What sort of credential it is'),
  provider: z.string().min(1).optional().describe('Who issues it: Stripe, AWS, GitHub...'),
  owners: OwnersSchema.optional().describe('Accountable owners; missing ones come from `defaults.owners`'),
  purpose: z.string().min(1).optional().describe('Why it exists'),
  environment: z.string().min(1).optional().describe('Where it is used: production, staging, test, development...'),
  system: z.string().min(1).optional().describe('The system (Backstage `System`) it belongs to'),
  ref: z.string().min(1).optional().describe('Where it lives: a vals URI (ref+vault://...) or a native reference (op://..., an ARN...)'),
  rotation: z.string().regex(ISO_DURATION, 'an ISO 8601 duration such as "P90D", "P6M" or "P1Y"').optional()
    .describe('How often it must be rotated (ISO 8601 duration)'),
  lastRotated: date.optional().describe('When it was last rotated (or issued)'),
  expires: date.optional().describe('When it stops working'),
  review: z.string().regex(ISO_DURATION, 'an ISO 8601 duration such as "P90D", "P6M" or "P1Y"').optional()
    .describe('How often its owners must review it (ISO 8601 duration)'),
  lastReviewed: date.optional().describe('When its owners last reviewed it'),
  match: z.array(z.string().min(1)).optional()
    .describe('References that belong to it: environment-variable names, vault paths, k8s:Secret/NAME, terraform:TYPE.NAME, agent:MCP-SERVER; globs allowed'),
  retired: date.optional().describe('When it was retired: kept for the audit trail, no longer checked or required to have an owner'),
}).strict();

export const RegisterSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(1).optional().describe('Format version'),
  scope: z.enum(REGISTER_SCOPES).optional()
    .describe('`repository` (default): the identities this repository uses; `organization`: a register shared across repositories (no owner/unreferenced)'),
  defaults: z.object({ owners: OwnersSchema.optional() }).strict().optional().describe('Applied to every identity that does not say otherwise'),
  identities: z.array(IdentitySchema).default([]).describe('The credentials this workspace uses'),
}).strict().describe('Credential Hygiene register: every machine credential with its accountable owners');

export type Owners = z.infer<typeof OwnersSchema>;
export type IdentityInput = z.input<typeof IdentitySchema>;
export type IdentityFields = z.infer<typeof IdentitySchema>;
export type RegisterData = z.infer<typeof RegisterSchema>;
