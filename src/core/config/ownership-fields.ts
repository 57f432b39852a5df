// The fields the `ownership` section can require, and its defaults: shared by the options (ownership.ts)
// and the validator (ownership-schema.ts), which needs nothing else of the options.
/** Fields `required` can name; `expiresOrRotation` is satisfied by either. */
export const REQUIRABLE_FIELDS = [
  'kind', 'provider', 'owners.business', 'owners.technical', 'purpose', 'environment', 'system', 'ref',
  'rotation', 'lastRotated', 'expires', 'expiresOrRotation',
] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];
export const DEFAULT_REQUIRED: readonly RequirableField[] = ['owners.business', 'owners.technical', 'purpose', 'environment', 'expiresOrRotation'];
export const DEFAULT_EXPIRING_DAYS = 30;
