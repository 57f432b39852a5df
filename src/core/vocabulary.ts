// The words every face uses for the same facts (editor, CLI, reports, README). One place, so the
// Problems panel, the inventory and a lead's report never call one thing by two names.

/** An inventory entry's status. */
export type InventoryStatus = 'ok' | 'expiring' | 'expired' | 'overdue' | 'incomplete' | 'no-owner' | 'retired';
/** Worst first: an entry's status is the first that applies (a retired identity is `retired`, whatever else). */
export const INVENTORY_STATUSES: readonly InventoryStatus[] = ['expired', 'overdue', 'no-owner', 'expiring', 'incomplete', 'ok', 'retired'];

// The words for statuses and registry states (no owner, unknown owner, retired, orphaned) are the
// README's; each face writes them in its own medium (the editor localizes them, see
// extension/ownership/credentials-view.ts), never with another meaning.

/** What every face says when the ownership checks did not run. */
export const OWNERSHIP_OFF = 'Ownership checks are off: there is no credentials.yaml (nor an "ownership" section in .credential-hygiene.json).';

/** What every face adds to OWNERSHIP_OFF when the workspace holds certificates or keys: their checks ran. */
export const CERTIFICATES_CHECKED = 'The certificate and key checks need no register: they ran (their cert/* and crypto/* findings and the cryptographic readiness are below).';

/** The one rule for when the ownership checks run, for every face: configured, or a register exists. */
export function ownershipEnabled(config: { ownership?: { enabled?: boolean } }, registerExists: boolean): boolean {
  return config.ownership?.enabled ?? (registerExists || config.ownership !== undefined);
}

/** The credential register's file name, at the workspace root unless config `ownership.register` says otherwise. */
export const REGISTER_FILE = 'credentials.yaml';

/** The ownership rules' stable ids (their words and default severities: ownership/rules.ts). */
export const OWNERSHIP_RULE_IDS = [
  'owner/missing',
  'owner/incomplete',
  'owner/expired',
  'owner/expiring',
  'owner/rotation-overdue',
  'owner/shared-across-environments',
  'owner/untagged-resource',
  'owner/register-invalid',
  'owner/unreferenced',
  'owner/review-overdue',
  // Certificates and cryptography (src/core/certs): they run whether or not the ownership checks do
  // (certs/channel.ts), with the same severities setting.
  'cert/expired',
  'cert/expiring',
  'cert/not-yet-valid',
  'cert/long-lived',
  'cert/invalid',
  'crypto/weak-key',
  'crypto/weak-signature',
  'crypto/quantum-vulnerable',
] as const;
export type OwnershipRuleId = (typeof OWNERSHIP_RULE_IDS)[number];

/** What `owner/unreferenced` says of an identity whose `match` matches nothing in the workspace any more. */
export const UNREFERENCED = 'no longer referenced here: revoke it, or retire it';

/** A register's `scope`: `organization` (shared across repositories) turns `owner/unreferenced` off. */
export const REGISTER_SCOPES = ['repository', 'organization'] as const;
export type RegisterScope = (typeof REGISTER_SCOPES)[number];
