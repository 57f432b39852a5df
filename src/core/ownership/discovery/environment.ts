// Which environment a reference belongs to, kept deliberately simple:
// - source code is environment-neutral (the same code runs everywhere), so code references get none;
// - otherwise a path segment or file-name word names it: `k8s/prod/`, `envs/staging/`, `.env.production`,
//   `values-dev.yaml`, `docker-compose.test.yml`;
// - in a GitHub Actions workflow, the job's `environment:` wins (see actions.ts).
// Names are made canonical so `prod` and `production` are one environment.

const CANONICAL: Record<string, string> = {
  prod: 'production', production: 'production', prd: 'production', live: 'production',
  staging: 'staging', stage: 'staging', stg: 'staging', preprod: 'staging', uat: 'staging',
  test: 'test', tests: 'test', testing: 'test', qa: 'test',
  dev: 'development', development: 'development', local: 'development',
};

/** `prod` -> `production`; an unknown name is kept, lower-cased (`sandbox`). */
export function canonicalEnvironment(name: string): string {
  const n = name.trim().toLowerCase();
  return CANONICAL[n] ?? n;
}

/** The environment a configuration file's path names, if exactly one word in it does. */
export function environmentFromPath(path: string): string | undefined {
  const words = path.toLowerCase().split(/[/._-]+/).filter(Boolean);
  const found = new Set(words.map((w) => CANONICAL[w]).filter(Boolean));
  return found.size === 1 ? [...found][0] : undefined;
}
