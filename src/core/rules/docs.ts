// Where a rule is documented, for links from editors (an LSP diagnostic's `codeDescription`) and
// reports: one scheme, the README section that explains the rule's family, on the project's
// repository. Built-in secret rules share "What it finds", the owner/* rules the ownership section,
// and a project's custom rules the configuration section that defines them.

export const PROJECT_URL = 'https://github.com/credential-hygiene/credential-hygiene';
const README_URL = `${PROJECT_URL}/blob/main/README.md`;

/** README headings (GitHub's anchors) that document each family of rules. */
export const RULE_DOC_ANCHORS = {
  secret: 'what-it-finds-and-what-it-leaves-alone',
  ownership: 'ownership-every-credential-has-an-accountable-owner',
  custom: 'configuration-credential-hygienejson',
  certificates: 'certificates-and-cryptographic-readiness',
} as const;

/** The documentation link for a rule; `custom`: a rule from the project's configuration. */
export function ruleDocsUrl(ruleId: string, opts: { custom?: boolean } = {}): string {
  const family = ruleId.startsWith('owner/') ? 'ownership' : ruleId.startsWith('cert/') || ruleId.startsWith('crypto/') ? 'certificates' : opts.custom ? 'custom' : 'secret';
  return `${README_URL}#${RULE_DOC_ANCHORS[family]}`;
}
