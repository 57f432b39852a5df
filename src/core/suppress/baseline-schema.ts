// The baseline file's validator (zod), loaded only when a baseline is read (baseline.ts).
import * as z from 'zod';

export const EntrySchema = z.object({
  fingerprint: z.string().regex(/^(?:v2:)?[0-9a-f]{16,64}$/, 'a fingerprint (v2:<hex>, or the old <hex>)'),
  ruleId: z.string(),
  path: z.string().optional().describe('Where it was seen when added (informational; matching uses the fingerprint)'),
  reason: z.string().min(1),
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').optional(),
  added: z.string().optional(),
}).strict();

export const BaselineSchema = z.object({
  version: z.literal(1),
  entries: z.array(EntrySchema),
}).strict();

export type Baseline = z.infer<typeof BaselineSchema>;
export type BaselineEntry = z.infer<typeof EntrySchema>;
