// The agent tools whose configuration expands no variable (Claude Desktop, Zed, Continue's old
// config.json) get no reference fix: a reference there would be read as the value itself. The
// diagnostic says so, where the user looks for the fix (docs: README, "AI-agent configurations").
import * as vscode from 'vscode';
import { agentRefStyle } from '../../../core/fix/agent-ref';
import type { Finding } from '../../../core/findings';

/** Why a finding's configuration gets no reference fix, and what to do instead; undefined when it gets one (or is no agent's). */
export function noReferenceNote(f: Pick<Finding, 'agent' | 'path'>): string | undefined {
  const a = f.agent;
  if (!a || agentRefStyle(a.tool, f.path)) return undefined;
  switch (a.tool) {
    case 'claude-desktop': return vscode.l10n.t('Claude Desktop does not expand variables in claude_desktop_config.json, so there is no reference fix: use a vault reference, or rotate it and accept it in the baseline.');
    case 'zed': return vscode.l10n.t('Zed does not expand variables in context_servers, so there is no reference fix: use a vault reference, or rotate it and accept it in the baseline.');
    case 'continue': return vscode.l10n.t('Continue expands secrets only in its YAML configs, not in config.json, so there is no reference fix here: move the server to .continue/mcpServers/*.yaml.');
    default: return vscode.l10n.t('This tool does not expand variables in its configuration, so there is no reference fix: use a vault reference, or rotate it and accept it in the baseline.');
  }
}
