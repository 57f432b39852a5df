// Vault references in any text: vals URIs (`ref+vault://...`, `ref+awssecrets://...`) and the
// providers' native forms. The reference text itself is the name the register matches.
import type { NameHit } from './code-env';

const END = `[^\\s"'\`<>,;|)}\\]]`;
const PATTERNS: RegExp[] = [
  new RegExp(`ref\\+[a-z0-9]{2,20}://${END}{1,500}`, 'g'), // vals
  new RegExp(`\\bop://${END}{1,300}`, 'g'), // 1Password
  /@Microsoft\.KeyVault\([^)\n]{1,500}\)/g, // Azure App Service / Functions
  /\{\{resolve:(?:secretsmanager|ssm-secure):[^}\n]{1,500}\}\}/g, // CloudFormation dynamic references
  /\barn:aws[a-z-]{0,12}:secretsmanager:[a-z0-9-]{1,30}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}/g, // Secrets Manager ARNs
  /\bprojects\/[a-z0-9-]{1,64}\/secrets\/[A-Za-z0-9_-]{1,255}(?:\/versions\/[A-Za-z0-9_-]{1,64})?/g, // GCP Secret Manager
];
const PREFILTER = /ref\+|op:\/\/|KeyVault|\{\{resolve:|secretsmanager|\/secrets\//;

export function vaultReferences(text: string): NameHit[] {
  if (!PREFILTER.test(text)) return [];
  const hits: NameHit[] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // vals allows a trailing `+` to end a reference embedded in a longer string.
      const name = m[0].replace(/\+$/, '').replace(/[.:]$/, '');
      hits.push({ name, start: m.index, end: m.index + name.length });
    }
  }
  // An ARN inside a CloudFormation reference, or a GCP name inside a vals URI, is the same reference: keep the outer one.
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  return hits.filter((h) => {
    if (h.end <= reach) return false; // inside an earlier (outer) hit
    reach = h.end;
    return true;
  });
}
