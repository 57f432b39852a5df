// Finds the credential references in one text: where the workspace uses a credential by name.
// Each concern lives in discovery/; this module picks the ones that apply to the path, attaches exact
// ranges and the environment (discovery/environment.ts), and returns them in text order.
import { LineIndex } from '../text/lines';
import { isEnvFile } from '../scan/env-file';
import { inlineSuppression } from '../suppress/inline';
import { actionsSecrets, isWorkflowFile } from './discovery/actions';
import { envReads, isCodeFile, type NameHit } from './discovery/code-env';
import { composeEnvironment, isComposeFile } from './discovery/compose';
import { dotenvKeys } from './discovery/dotenv';
import { environmentFromPath } from './discovery/environment';
import { isYamlFile, kubernetesReferences } from './discovery/kubernetes';
import { isTerraformFile, terraformResources } from './discovery/terraform';
import { vaultReferences } from './discovery/vault';
import { MCP_CONFIG_PATHS, readMcpConfig } from '../scan/mcp-config';
import type { CredentialReference, ReferenceKind, ResourceOwnership } from './reference';

export { referencesFromFindings } from './discovery/literal';
export { canonicalEnvironment, environmentFromPath } from './discovery/environment';

/** Documentation describes references rather than making them (a README's `op://vault/item` example). */
const DOCS = /\.(?:md|mdx|markdown|rst|adoc|txt|html?)$/i;

export function isDocumentationFile(path: string): boolean {
  return DOCS.test(path);
}

/** This tool's own reports (SARIF, JSON, the CSV inventory) quote references; a report left in the workspace must not count. */
function isOwnReport(text: string, path: string): boolean {
  if (/\.sarif(?:\.json)?$/i.test(path)) return true;
  const head = text.slice(0, 400);
  return /^\{\s*"tool":\s*"credential-hygiene"/.test(head) || head.startsWith('id,status,source,kind,provider,business_owner,');
}

/** The reference name of an MCP server: `agent:` and its key (`agent:github`). */
export function agentReferenceName(server: string): string {
  return `agent:${server}`;
}

/** Every credential reference in `text`; `path` is workspace-relative POSIX and decides which finders run. */
export function discoverReferences(text: string, path: string): CredentialReference[] {
  if (DOCS.test(path) || isOwnReport(text, path)) return [];
  const lines = new LineIndex(text);
  const code = isCodeFile(path);
  const fileEnv = code ? undefined : environmentFromPath(path);
  const out: CredentialReference[] = [];
  const add = (kind: ReferenceKind, h: NameHit, extra: { environment?: string; resource?: ResourceOwnership } = {}) => {
    const allowed = inlineSuppression(lines, lines.lineOf(h.start));
    out.push({
      kind, name: h.name, path,
      range: { start: lines.position(h.start), end: lines.position(h.end) },
      offset: { start: h.start, end: h.end },
      environment: extra.environment ?? fileEnv,
      ...(extra.resource ? { resource: extra.resource } : {}),
      ...(allowed ? { allowed } : {}),
    });
  };

  if (code) for (const h of envReads(text, path)) add('env-read', h);
  if (isEnvFile(path)) for (const h of dotenvKeys(text)) add('dotenv-key', h);
  if (isWorkflowFile(path)) for (const h of actionsSecrets(text)) add('actions-secret', h, { environment: h.environment });
  else if (isComposeFile(path)) for (const h of composeEnvironment(text)) add('compose-env', h);
  else if (isYamlFile(path)) {
    for (const h of kubernetesReferences(text)) {
      add(h.kind, h, { environment: fileEnv ?? (h.namespace ? environmentFromPath(h.namespace) : undefined), resource: h.resource });
    }
  }
  if (isTerraformFile(path)) for (const h of terraformResources(text)) add('terraform-resource', h, { resource: h.resource });
  for (const h of vaultReferences(text)) add('vault-ref', h);
  // Each MCP server an agent tool is configured with is an access someone must answer for.
  const mcp = MCP_CONFIG_PATHS.test(path) ? readMcpConfig(text, path) : undefined;
  for (const s of mcp?.servers ?? []) add('agent', { name: agentReferenceName(s.name), start: s.nameStart, end: s.nameEnd });
  return out.sort((a, b) => a.offset.start - b.offset.start || a.offset.end - b.offset.end);
}
