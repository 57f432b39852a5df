// CODEOWNERS, as GitHub reads it: the first of .github/, the root and docs/ wins, patterns follow
// gitignore rules, and the last matching line decides. Only ever a suggestion for a credential's
// owner: owning the code that reads a key is not the same as answering for the key.
import { IgnoreRules } from '../../files/gitignore';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeOwnersRule {
  pattern: string;
  owners: string[];
  /** 0-based line in the CODEOWNERS file. */
  line: number;
  matcher: IgnoreRules;
}

export interface CodeOwners {
  path: string;
  rules: CodeOwnersRule[];
}

export function parseCodeowners(text: string, path: string): CodeOwners {
  const rules: CodeOwnersRule[] = [];
  text.split(/\r?\n/).forEach((raw, line) => {
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!content || content.startsWith('!')) return;
    const [pattern, ...owners] = content.split(/\s+/);
    try {
      rules.push({ pattern, owners, line, matcher: new IgnoreRules(pattern) });
    } catch {
      // An invalid pattern matches nothing, as on GitHub.
    }
  });
  return { path, rules };
}

/** The owners of a workspace-relative path (`@org/team`, `@user`, emails), or none. */
export function codeownersFor(co: CodeOwners | undefined, filePath: string): string[] {
  if (!co) return [];
  for (let i = co.rules.length - 1; i >= 0; i--) {
    if (co.rules[i].matcher.ignores(filePath)) return co.rules[i].owners;
  }
  return [];
}

/** `@org/payments` -> `group:payments`, `@jdoe` -> `user:jdoe`; an email has no entity ref. */
export function codeownerToEntityRef(owner: string): string | undefined {
  const team = /^@[\w.-]+\/([\w.-]+)$/.exec(owner);
  if (team) return `group:${team[1].toLowerCase()}`;
  const user = /^@([\w.-]+)$/.exec(owner);
  if (user) return `user:${user[1].toLowerCase()}`;
  return undefined;
}
