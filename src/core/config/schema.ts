// `.credential-hygiene.json`: the project's scan configuration. The zod schema is the single source:
// types, validation messages and the committed JSON Schema (schemas/) all come from it.
import * as z from 'zod';
import { CREDENTIAL_KINDS, SEVERITIES, CONFIDENCES } from '../types/kinds';
import { OwnershipConfigSchema } from './ownership-schema';

import { DEFAULT_MAX_FILE_SIZE } from './files';

export { CONFIG_FILE, BASELINE_FILE, DEFAULT_MAX_FILE_SIZE } from './files';

const severity = z.enum(SEVERITIES);

export const CustomRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case, e.g. "acme-api-key"').describe('Unique rule id'),
  description: z.string().min(1),
  provider: z.string().default('Custom'),
  kind: z.enum(CREDENTIAL_KINDS).default('api_key'),
  severity: severity.default('high'),
  confidence: z.enum(CONFIDENCES).default('medium'),
  keywords: z.array(z.string().min(2).regex(/^[\x20-\x7e]+$/, 'printable ASCII only')).min(1).describe('Literals that must occur near a match (prefilter)'),
  regex: z.string().min(1).describe('JavaScript regular expression, run in linear time (RE2: no backreferences or lookaround); the secret is capture group `secretGroup`'),
  flags: z.string().regex(/^[imsu]*$/, 'only i, m, s and u are allowed').default(''),
  secretGroup: z.number().int().min(0).default(1),
  entropy: z.number().min(0).max(8).optional().describe('Minimum Shannon entropy (bits per character)'),
  envName: z.string().regex(/^[A-Z][A-Z0-9_]*$/).default('CUSTOM_SECRET'),
  paths: z.string().optional().describe('Only files whose relative path matches this regular expression (run like `regex`)'),
}).strict();

export const ConfigSchema = z.object({
  $schema: z.string().optional(),
  include: z.array(z.string()).optional().describe('minimatch globs of files to scan (default: all)'),
  exclude: z.array(z.string()).optional().describe('minimatch globs of files to skip'),
  gitignore: z.boolean().default(true).describe('Skip what .gitignore files ignore'),
  maxFileSize: z.number().int().positive().default(DEFAULT_MAX_FILE_SIZE).describe('Larger files are skipped, and reported as skipped (bytes)'),
  rules: z.record(z.string(), z.union([z.boolean(), severity], { error: `expected true, false or a severity (${SEVERITIES.join(', ')})` })).default({})
    .describe('Per rule id: false turns it off, a severity overrides its severity'),
  customRules: z.array(CustomRuleSchema).default([]),
  minConfidence: z.enum(CONFIDENCES).default('medium')
    .describe('Findings below this confidence are left out of scan reports and the exit code (high: provider-shaped tokens; medium: structured or random-looking values; low: heuristics, test fixtures, docs, local-development defaults). The editor has its own setting, credentialHygiene.minConfidence'),
  baseline: z.string().optional().describe('Baseline file, relative to this file'),
  fingerprintSalt: z.string().min(8).optional().describe('The project salt of finding fingerprints: random (32 bytes, base64url), committed, so a shared baseline matches on every machine; `baseline create` adds one. Without it, a per-machine salt'),
  ownership: OwnershipConfigSchema.optional().describe('Credential ownership: the register, required fields, expiry window and rule severities'),
}).strict();

export type CustomRuleConfig = z.infer<typeof CustomRuleSchema>;
export type Config = z.infer<typeof ConfigSchema>;
