// Reads of credential-named environment variables in code, per language (by file extension), so a
// Markdown file that mentions `process.env.X` does not count. Only names that mean a credential
// (`STRIPE_SECRET_KEY`, not `PORT`) are references.
import { commentSpans, inSpans, languageIdForPath } from '../../languages';
import { credentialName } from '../../rules/providers/generic';

type Lang = 'js' | 'python' | 'go' | 'java' | 'csharp' | 'ruby' | 'php';

const LANG: Record<string, Lang> = {
  javascript: 'js', javascriptreact: 'js', typescript: 'js', typescriptreact: 'js', python: 'python', go: 'go',
  java: 'java', kotlin: 'java', groovy: 'java', scala: 'java', csharp: 'csharp', ruby: 'ruby', php: 'php',
};

const NAME = '([A-Za-z_][A-Za-z0-9_]{0,127})';
const Q = `["'\`]`;
/** Each pattern's group 1 is the variable name. */
const PATTERNS: Record<Lang, RegExp[]> = {
  js: [
    new RegExp(`\\b(?:process\\.env|import\\.meta\\.env)\\.${NAME}\\b`, 'g'),
    new RegExp(`\\b(?:process\\.env|import\\.meta\\.env)\\s*\\[\\s*${Q}${NAME}${Q}\\s*\\]`, 'g'),
    new RegExp(`\\bDeno\\.env\\.get\\(\\s*${Q}${NAME}${Q}`, 'g'),
  ],
  python: [
    new RegExp(`\\b(?:os\\.)?environ\\s*\\[\\s*[rbuf]?${Q}${NAME}${Q}\\s*\\]`, 'g'),
    new RegExp(`\\b(?:os\\.environ\\.get|os\\.getenv|environ\\.get|getenv)\\(\\s*${Q}${NAME}${Q}`, 'g'),
  ],
  go: [new RegExp(`\\bos\\.(?:Getenv|LookupEnv)\\(\\s*"${NAME}"`, 'g')],
  java: [new RegExp(`\\bSystem\\.getenv\\(\\s*"${NAME}"`, 'g'), new RegExp(`\\bSystem\\.getenv\\(\\)\\s*\\[\\s*"${NAME}"\\s*\\]`, 'g')],
  csharp: [new RegExp(`\\bEnvironment\\.GetEnvironmentVariable\\(\\s*"${NAME}"`, 'g')],
  ruby: [new RegExp(`\\bENV\\s*\\[\\s*${Q}${NAME}${Q}\\s*\\]`, 'g'), new RegExp(`\\bENV\\.fetch\\(\\s*${Q}${NAME}${Q}`, 'g')],
  php: [new RegExp(`\\bgetenv\\(\\s*${Q}${NAME}${Q}`, 'g'), new RegExp(`\\$_(?:ENV|SERVER)\\s*\\[\\s*${Q}${NAME}${Q}\\s*\\]`, 'g')],
};
/** A cheap test before the patterns run. */
const PREFILTER: Record<Lang, RegExp> = {
  js: /process\.env|import\.meta\.env|Deno\.env/, python: /environ|getenv/, go: /os\.(?:Getenv|LookupEnv)/,
  java: /System\.getenv/, csharp: /GetEnvironmentVariable/, ruby: /\bENV\b/, php: /getenv|\$_(?:ENV|SERVER)/,
};

export interface NameHit {
  name: string;
  start: number;
  end: number;
}

export function isCodeFile(path: string): boolean {
  return languageIdForPath(path) in LANG;
}

/** Reads of credential-named variables in code; a comment or docstring that mentions one is not a read. */
export function envReads(text: string, path: string): NameHit[] {
  const languageId = languageIdForPath(path);
  const lang = LANG[languageId];
  if (!lang || !PREFILTER[lang].test(text)) return [];
  const hits = new Map<number, NameHit>();
  for (const re of PATTERNS[lang]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m[1];
      if (!credentialName(name)) continue;
      const start = m.index + m[0].lastIndexOf(name);
      hits.set(start, { name, start, end: start + name.length });
    }
  }
  if (!hits.size) return [];
  const comments = commentSpans(text, languageId);
  return [...hits.values()].filter((h) => !inSpans(comments, h.start)).sort((a, b) => a.start - b.start);
}
