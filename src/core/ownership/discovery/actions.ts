// GitHub Actions: `${{ secrets.X }}` in workflows. The job's `environment:` (a name, or `name:` under
// it) says which environment the secret belongs to. GITHUB_TOKEN is issued per run by GitHub and has
// no owner to record.
import { isMap, isPair, isScalar } from 'yaml';
import { parseYamlDocument } from '../../text/structured';
import type { NameHit } from './code-env';
import { canonicalEnvironment } from './environment';

export interface ActionsSecretHit extends NameHit {
  environment?: string;
}

export function isWorkflowFile(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

const EXPRESSION = /\$\{\{((?:[^}]|\}(?!\}))*)\}\}/g;
const SECRET = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']{1,128})'\s*\])/g;

export function actionsSecrets(text: string): ActionsSecretHit[] {
  if (!text.includes('secrets')) return [];
  const jobs = jobEnvironments(text);
  const out: ActionsSecretHit[] = [];
  EXPRESSION.lastIndex = 0;
  for (let e = EXPRESSION.exec(text); e; e = EXPRESSION.exec(text)) {
    const base = e.index + 3;
    SECRET.lastIndex = 0;
    for (let m = SECRET.exec(e[1]); m; m = SECRET.exec(e[1])) {
      const name = m[1] ?? m[2];
      if (name === 'GITHUB_TOKEN') continue;
      const start = base + m.index + m[0].lastIndexOf(name);
      const job = jobs.find((j) => start >= j.start && start < j.end);
      out.push({ name, start, end: start + name.length, environment: job?.environment });
    }
  }
  return out;
}

/** Each job's span in the text and its literal environment name. */
function jobEnvironments(text: string): Array<{ start: number; end: number; environment?: string }> {
  const doc = parseYamlDocument(text, { prettyErrors: false });
  const jobs = isMap(doc.contents) ? doc.contents.get('jobs', true) : undefined;
  if (!isMap(jobs)) return [];
  const out: Array<{ start: number; end: number; environment?: string }> = [];
  for (const pair of jobs.items) {
    if (!isPair(pair) || !isMap(pair.value) || !pair.value.range) continue;
    let env = pair.value.get('environment', true);
    if (isMap(env)) env = env.get('name', true);
    const name = isScalar(env) && typeof env.value === 'string' && !env.value.includes('${{') ? canonicalEnvironment(env.value) : undefined;
    out.push({ start: pair.value.range[0], end: pair.value.range[2], environment: name });
  }
  return out;
}
