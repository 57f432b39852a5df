// A credential reference: a place in the workspace that uses a credential by name (never its value).
import type { Range } from '../types/range';

export const REFERENCE_KINDS = [
  'env-read', // process.env.X, os.getenv("X"), ... in code
  'dotenv-key', // a key in a .env* file
  'vault-ref', // ref+vault://..., op://..., @Microsoft.KeyVault(...), {{resolve:secretsmanager:...}}, ARNs, GCP secret names
  'k8s-secret', // a Kubernetes Secret manifest
  'k8s-secret-ref', // secretKeyRef / secretRef / secret volumes
  'k8s-service-account', // a ServiceAccount manifest
  'k8s-external-secret', // an External Secrets ExternalSecret
  'terraform-resource', // a Terraform resource that creates a credential
  'actions-secret', // ${{ secrets.X }} in a GitHub Actions workflow
  'compose-env', // a credential-named variable in docker-compose `environment`
  'literal-secret', // a hard-coded secret the engine found
  'agent', // an MCP server an AI-agent tool is configured with (`agent:<server key>`)
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Whether the resource carrying a credential names an owner (Kubernetes labels/annotations, Terraform tags). */
export interface ResourceOwnership {
  /** `kubernetes` or `terraform`. */
  platform: 'kubernetes' | 'terraform';
  /** The owner label or tag value, when there is one. */
  owner?: string;
  /** False when the resource can carry an owner label or tag and carries none. */
  tagged: boolean;
}

export interface CredentialReference {
  kind: ReferenceKind;
  /** What the register's `match` globs are tested against: `STRIPE_SECRET_KEY`, `k8s:Secret/payments-db`, `terraform:aws_iam_access_key.ci`. */
  name: string;
  /** Workspace-relative POSIX path. */
  path: string;
  /** Exact range of the name (or the resource header) in the file. */
  range: Range;
  offset: { start: number; end: number };
  /** Canonical environment (`production`, `staging`, `test`, `development`, or as written) when the path or content says so. */
  environment?: string;
  /** For Kubernetes and Terraform resources that carry a credential. */
  resource?: ResourceOwnership;
  /** For literal secrets: the engine rule that found it. */
  ruleId?: string;
  /** Reason from an inline `credential-hygiene:allow` marker on (or right above) its line: findings here are suppressed. */
  allowed?: string;
}

/**
 * What ownership needs of a file's analysis (analysis/analyze.ts makes them): its secret findings, the
 * references found in it, and for an ownership source (register, catalog, CODEOWNERS) its text.
 */
export interface AnalyzedText {
  findings: readonly import('../findings').Finding[];
  references?: CredentialReference[];
  source?: { text: string };
}

/** An analyzed file, or why it was not read. */
export interface AnalyzedFile extends AnalyzedText {
  path: string;
  skipped?: import('../files/read').Skipped;
}
