// Vault references: where a moved secret lives, in the provider's native syntax where the file type
// has one (CloudFormation dynamic references, App Service Key Vault references, 1Password, Kubernetes
// secretKeyRef), and in the vals URI form (`ref+vault://path#/key`) everywhere else.

export const VAULT_PROVIDERS = [
  { id: 'vault', label: 'HashiCorp Vault', vals: 'vault' },
  { id: 'openbao', label: 'OpenBao', vals: 'openbao' },
  { id: 'awssecrets', label: 'AWS Secrets Manager', vals: 'awssecrets' },
  { id: 'awsssm', label: 'AWS SSM Parameter Store', vals: 'awsssm' },
  { id: 'azurekeyvault', label: 'Azure Key Vault', vals: 'azurekeyvault' },
  { id: 'gcpsecrets', label: 'GCP Secret Manager', vals: 'gcpsecrets' },
  { id: 'op', label: '1Password', vals: 'op' },
  { id: 'doppler', label: 'Doppler', vals: 'doppler' },
  { id: 'infisical', label: 'Infisical', vals: 'infisical' },
  { id: 'sops', label: 'SOPS', vals: 'sops' },
  { id: 'k8s', label: 'Kubernetes Secret', vals: 'k8s' },
] as const;
export type VaultProviderId = (typeof VAULT_PROVIDERS)[number]['id'];

/** Default path templates; `{project}`, `{name}` (snake_case), `{NAME}`, `{slug}` (kebab-case), `{env}` are filled in. */
export const DEFAULT_PATH_TEMPLATES: Record<VaultProviderId, string> = {
  vault: 'secret/data/{project}#/{name}',
  openbao: 'secret/data/{project}#/{name}',
  awssecrets: '{project}/{slug}',
  awsssm: '/{project}/{slug}',
  azurekeyvault: '{project}-kv/{slug}',
  gcpsecrets: '{project}/{slug}',
  op: '{project}/{slug}/credential',
  doppler: '{project}/{env}/{NAME}',
  infisical: '{project}/{env}/{NAME}',
  sops: 'secrets.enc.yaml#/{name}',
  k8s: 'v1/Secret/default/{project}-secrets/{name}',
};

export interface ReferenceContext {
  provider: VaultProviderId;
  /** The environment-variable-style name of the secret: STRIPE_SECRET_KEY. */
  name: string;
  project: string;
  env?: string;
  /** Override of the provider's default template. */
  template?: string;
  /** Workspace-relative path and full text of the file being fixed (decides the native syntax). */
  path: string;
  text: string;
}

export interface Reference {
  /** What replaces the literal. */
  text: string;
  /** The secret's path in the provider (for storing it there first). */
  path: string;
  /** Key within the secret, for providers that keep several values under one path. */
  key?: string;
  native: boolean;
}

function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
}

export function fillTemplate(template: string, ctx: Pick<ReferenceContext, 'name' | 'project' | 'env'>): string {
  return template
    .replace(/\{project\}/g, slugify(ctx.project))
    .replace(/\{name\}/g, ctx.name.toLowerCase())
    .replace(/\{NAME\}/g, ctx.name)
    .replace(/\{slug\}/g, slugify(ctx.name))
    .replace(/\{env\}/g, ctx.env ?? 'prod');
}

const isCloudFormation = (text: string) => /AWSTemplateFormatVersion|^[ \t]*Type:\s*["']?AWS::|"Type"\s*:\s*"AWS::/m.test(text);
const isAppServiceSettings = (path: string, text: string) =>
  /(^|\/)(local\.settings\.json|appsettings(\.[\w-]+)?\.json)$/.test(path) || /Microsoft\.Web\/sites/.test(text) || /\.bicep$/.test(path);

/** The reference text for the configured provider, native where the file has a native form. */
export function buildReference(ctx: ReferenceContext): Reference {
  const filled = fillTemplate(ctx.template ?? DEFAULT_PATH_TEMPLATES[ctx.provider], ctx);
  const [path, key] = filled.split('#/');
  if ((ctx.provider === 'awssecrets' || ctx.provider === 'awsssm') && isCloudFormation(ctx.text)) {
    const text = ctx.provider === 'awssecrets'
      ? `{{resolve:secretsmanager:${path}${key ? `:SecretString:${key}` : ''}}}`
      : `{{resolve:ssm-secure:${path}}}`;
    return { text, path, key, native: true };
  }
  if (ctx.provider === 'azurekeyvault' && isAppServiceSettings(ctx.path, ctx.text)) {
    const [vault, secret] = path.split('/');
    return { text: `@Microsoft.KeyVault(SecretUri=https://${vault}.vault.azure.net/secrets/${secret ?? slugify(ctx.name)}/)`, path, native: true };
  }
  if (ctx.provider === 'op') return { text: `op://${path}`, path, native: true };
  return { text: `ref+${ctx.provider}://${path}${key ? `#/${key}` : ''}`, path, key, native: false };
}

/**
 * Kubernetes: an env entry's `value: <literal>` becomes `valueFrom.secretKeyRef`. Returns the
 * replacement for the whole `value:` line (from its indent), or undefined if the line is not one.
 */
export function secretKeyRefFor(lineText: string, secretName: string, key: string): string | undefined {
  const m = /^(\s*)(-\s+)?value:\s*\S/.exec(lineText);
  if (!m) return undefined;
  const indent = m[1] + (m[2] ? ' '.repeat(m[2].length) : '');
  const lead = m[1] + (m[2] ?? '');
  return `${lead}valueFrom:\n${indent}  secretKeyRef:\n${indent}    name: ${secretName}\n${indent}    key: ${key}`;
}

export function isKubernetesManifest(text: string): boolean {
  return /^[ \t]*apiVersion:\s*\S+/m.test(text) && /^[ \t]*kind:\s*(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)\b/m.test(text);
}
