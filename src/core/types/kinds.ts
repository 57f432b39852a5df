// Shared vocabulary: how bad a finding is, how sure the rule is, and what kind of credential it is.
// The lowest layer of the engine: rules, config, findings, ownership and every report use these words.
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Kinds of credential, shared with the ownership register. */
export const CREDENTIAL_KINDS = [
  'api_key', 'token', 'service_account', 'certificate', 'ssh_key', 'oauth_app', 'database_credential', 'password', 'webhook',
  // An AI agent's access: the credentials an MCP server is configured with, owned as one.
  'agent',
] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
