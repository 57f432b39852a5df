// Which findings a baseline could match, from the rules it has entries of. Looking a finding up reads
// its fingerprint, which for a password or another guessable secret is scrypt (tens of milliseconds):
// a finding no entry could match is not looked up, and a worker that posts findings to a matcher on
// another thread (the language server's) computes the fingerprints of these findings only.
import type { Finding } from '../findings';
import { MCP_CONFIG_PATHS } from '../rules/providers/agents';

/** An agent-configuration rule (`mcp-*`): its entries match the provider rule's finding of the same value. */
export const isAgentRule = (ruleId: string): boolean => ruleId.startsWith('mcp-');

/**
 * Whether an entry of one of `rules` could match `f`: one of its own rule, one of the provider rule that
 * recognised an `mcp-*` finding's value, or (when `agentEntries`: some rule is an `mcp-*` one, decided
 * once by the caller) a provider rule's finding in an agent configuration (the `mcp-*` rules disabled)
 * against an `mcp-*` entry.
 */
export function baselineMayMatch(f: Finding, rules: ReadonlySet<string>, agentEntries: boolean): boolean {
  if (rules.has(f.ruleId)) return true;
  const provider = f.agent?.providerRule;
  if (provider !== undefined && rules.has(provider)) return true;
  return agentEntries && !f.agent && MCP_CONFIG_PATHS.test(f.path);
}
