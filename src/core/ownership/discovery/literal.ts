// Hard-coded secrets the engine found are credentials in use too. Their reference name is the fix's
// suggested environment-variable name (what the register would `match` once the value moves out),
// never the value; suppressed findings are not references.
import type { Finding } from '../../findings';
import type { CredentialReference } from '../reference';
import { isCodeFile } from './code-env';
import { environmentFromPath } from './environment';

export function referencesFromFindings(findings: readonly Finding[]): CredentialReference[] {
  return findings.filter((f) => !f.suppressed).map((f) => ({
    kind: 'literal-secret' as const,
    name: f.fix.envName,
    path: f.path,
    range: f.range,
    offset: f.offset,
    environment: isCodeFile(f.path) ? undefined : environmentFromPath(f.path),
    ruleId: f.ruleId,
  }));
}
