// The ownership rules: stable ids shared by the CLI, every report format and the editor, with the
// default severity and the words each output needs (SARIF rule metadata, help text).
import type { Severity } from '../types/kinds';

import { OWNERSHIP_RULE_IDS, type OwnershipRuleId } from '../vocabulary';

export { OWNERSHIP_RULE_IDS, type OwnershipRuleId };

export interface OwnershipRule {
  id: OwnershipRuleId;
  name: string;
  severity: Severity;
  description: string;
  help: string;
}

export const OWNERSHIP_RULES: Record<OwnershipRuleId, OwnershipRule> = {
  'owner/missing': {
    id: 'owner/missing', name: 'CredentialWithoutOwner', severity: 'medium',
    description: 'Credential reference that no identity in the register owns',
    help: 'Add an identity to credentials.yaml (or a `match` entry to an existing one) naming its business and technical owner, so someone can rotate or revoke it.',
  },
  'owner/incomplete': {
    id: 'owner/incomplete', name: 'IncompleteCredentialIdentity', severity: 'low',
    description: 'Identity in the register misses a required field',
    help: 'Fill in the missing fields: both owners, the purpose, the environment, and when it expires or must rotate.',
  },
  'owner/expired': {
    id: 'owner/expired', name: 'ExpiredCredential', severity: 'high',
    description: 'Credential past its expiry date',
    help: 'Rotate or retire the credential, then update `expires` (and `lastRotated`) in the register.',
  },
  'owner/expiring': {
    id: 'owner/expiring', name: 'ExpiringCredential', severity: 'medium',
    description: 'Credential expiring soon',
    help: 'Plan the rotation with its owners before it expires, then update `expires` in the register.',
  },
  'owner/rotation-overdue': {
    id: 'owner/rotation-overdue', name: 'CredentialRotationOverdue', severity: 'medium',
    description: 'Credential not rotated within its rotation period',
    help: 'Rotate the credential and set `lastRotated` to the day it was rotated.',
  },
  'owner/shared-across-environments': {
    id: 'owner/shared-across-environments', name: 'CredentialSharedAcrossEnvironments', severity: 'medium',
    description: 'One credential used from several environments',
    help: 'Give each environment its own credential, so a leak in test cannot reach production; register each one separately.',
  },
  'owner/untagged-resource': {
    id: 'owner/untagged-resource', name: 'CredentialResourceWithoutOwnerTag', severity: 'low',
    description: 'Kubernetes or Terraform resource carrying a credential without an owner label or tag',
    help: 'Add an `owner` label (Kubernetes) or an `Owner` tag (Terraform) naming the team accountable for it.',
  },
  'owner/register-invalid': {
    id: 'owner/register-invalid', name: 'InvalidCredentialRegister', severity: 'high',
    description: 'The credential register is invalid',
    help: 'Fix the entry in credentials.yaml: the schema, duplicate ids and unknown keys are checked (schemas/credentials.schema.json).',
  },
  'owner/unreferenced': {
    id: 'owner/unreferenced', name: 'UnreferencedCredentialIdentity', severity: 'low',
    description: 'Identity whose `match` matches nothing in the workspace any more',
    help: 'Revoke the credential with its provider, then retire the identity (`retired: <date>` in credentials.yaml, or `credential-hygiene retire <id>`); a register shared across repositories sets `scope: organization`.',
  },
  'owner/review-overdue': {
    id: 'owner/review-overdue', name: 'CredentialReviewOverdue', severity: 'low',
    description: 'Identity not reviewed within its review period',
    help: 'Review the credential with its owners (still needed? still theirs? least privilege?), then set `lastReviewed` to the day it was reviewed.',
  },
};

export function isOwnershipRuleId(id: string): id is OwnershipRuleId {
  return (OWNERSHIP_RULE_IDS as readonly string[]).includes(id);
}
