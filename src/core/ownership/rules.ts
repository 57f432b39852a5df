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
  /** Off unless the config gives it a severity (`ownership.severities`). */
  defaultOff?: boolean;
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
  'cert/expired': {
    id: 'cert/expired', name: 'ExpiredCertificate', severity: 'high',
    description: 'Certificate past its notAfter date',
    help: 'Renew or replace the certificate (and its key), deploy it, and remove the expired one from the repository.',
  },
  'cert/expiring': {
    id: 'cert/expiring', name: 'ExpiringCertificate', severity: 'medium',
    description: 'Certificate expiring within the ownership window (ownership.expiringWithinDays)',
    help: 'Plan the renewal with its owners now; automate it (ACME, cert-manager) so the next one renews itself.',
  },
  'cert/not-yet-valid': {
    id: 'cert/not-yet-valid', name: 'CertificateNotYetValid', severity: 'medium',
    description: 'Certificate whose notBefore date is in the future',
    help: 'Clients reject it until its notBefore date: check the issuing clock, or keep the current certificate until then.',
  },
  'cert/long-lived': {
    id: 'cert/long-lived', name: 'LongLivedCertificate', severity: 'medium',
    description: 'Publicly-trusted-looking leaf certificate valid longer than the CA/Browser Forum maximum for its issue date',
    help: 'Public TLS certificates may last 398 days, 200 from 15 March 2026, 100 from 15 March 2027 and 47 from 15 March 2029: reissue it with a shorter validity and automate renewal.',
  },
  'cert/invalid': {
    id: 'cert/invalid', name: 'UnreadableCertificate', severity: 'low',
    description: 'Certificate block that cannot be read',
    help: 'The PEM, base64 or DER data is corrupt or truncated: replace it with the real certificate, or remove it.',
  },
  'crypto/weak-key': {
    id: 'crypto/weak-key', name: 'WeakKey', severity: 'high',
    description: 'Key too weak: RSA under 2048 bits, DSA, or an elliptic curve under 256 bits',
    help: 'Generate a new key (RSA 3072+ or EC P-256+ / Ed25519), reissue the certificate, and retire the old key.',
  },
  'crypto/weak-signature': {
    id: 'crypto/weak-signature', name: 'WeakCertificateSignature', severity: 'high',
    description: 'Certificate signed with MD5 or SHA-1',
    help: 'Reissue the certificate with a SHA-256 (or stronger) signature.',
  },
  'crypto/quantum-vulnerable': {
    id: 'crypto/quantum-vulnerable', name: 'QuantumVulnerableKey', severity: 'info', defaultOff: true,
    description: 'Key or certificate using an algorithm a quantum computer could break (RSA, DSA, ECDSA, EdDSA, DH, ECDH)',
    help: 'Informational: list it in the cryptographic-readiness plan (`inventory --format cyclonedx`); migrate to ML-KEM / ML-DSA when your platform supports them.',
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
