// What kind of text a file holds, read from its path: the syntax family decides what counts as a
// literal value (in code a credential is a quoted string; in YAML, INI or .env a bare scalar is one
// too), and the context tier (test fixture, documentation) lowers how sure a finding is.

/**
 * - `code`: a programming language; a literal is a quoted string, anything bare is an expression.
 * - `json`: JSON and source maps; values are quoted, and `"a", "b"` is a list, never a name/value pair.
 * - `style`: CSS and its dialects, where no value is a credential.
 * - `other`: configuration (YAML, INI, .env, properties, shell, Dockerfile, XML…), prose and anything
 *   unknown, where a bare scalar may be a value.
 */
export type SyntaxFamily = 'code' | 'json' | 'style' | 'other';

const CODE = new Set([
  'js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts', 'vue', 'svelte', 'astro',
  'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'go', 'rs', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'm', 'mm',
  'cs', 'fs', 'vb', 'swift', 'dart', 'php', 'py', 'pyi', 'rb', 'lua', 'pl', 'pm', 'r', 'jl', 'ex', 'exs', 'erl', 'clj',
  'cljs', 'coffee', 'tf', 'hcl', 'tfvars',
]);
const JSON_LIKE = new Set(['json', 'jsonc', 'json5', 'map', 'ipynb', 'har', 'geojson', 'webmanifest']);
const STYLE = new Set(['css', 'scss', 'sass', 'less', 'styl', 'pcss']);

/** The family of a workspace-relative POSIX path, by its extension. */
export function syntaxFamily(path: string): SyntaxFamily {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'other';
  const ext = base.slice(dot + 1);
  if (CODE.has(ext)) return 'code';
  if (JSON_LIKE.has(ext)) return 'json';
  if (STYLE.has(ext)) return 'style';
  return 'other';
}

/**
 * Where a file sits: test fixtures and documentation hold example credentials far more than real ones,
 * and a translation file holds the words of a user interface (a password field's label, `Contraseña`), not values.
 */
export type ContextTier = 'test' | 'docs' | 'strings' | undefined;

const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|__mocks__|__fixtures__|fixtures?|testdata|test[-_]data|testing|specs?|e2e|mocks?)\//i;
const TEST_NAME = /(?:^|[._-])(?:test|tests|spec|specs|fixture|fixtures|mock|mocks|stub|stubs)(?:[._-][^/]*)?\.[a-z0-9]+$|^(?:conftest\.py|test_[^/]*|[^/]*_test\.(?:go|py|rb|exs?))$/i;
const DOCS_DIR = /(?:^|\/)(?:docs?|documentation|examples?|samples?|demos?|tutorials?|guides?)\//i;
const DOCS_NAME = /\.(?:md|markdown|mdx|rst|adoc|asciidoc|textile|rdoc|pod)$/i;
/**
 * A plain-text file is documentation by its name only (`README.txt`, `CHANGELOG.txt`, `LICENSE.txt`):
 * `notes.txt`, `keys.txt`, `prod-credentials.txt` or a pasted log are where credentials are left in the clear.
 */
const DOCS_TXT = /^(?:readme|changelog|changes|history|news|release[-_]?notes|license|licence|copying|notice|authors|contributors|contributing|install(?:ation)?|usage|faq|manual|guide|tutorial|help)(?:[._-][^/]*)?\.txt$/i;
/**
 * Translations: a locale folder's data files (`locales/es.json`, `config/locales/de.yml`), its code
 * only by a language's name (`i18n/fr.ts`, `lang/pt_BR/auth.php`: not `i18n/index.ts`, which may set up
 * a translation service with its key), and the formats that hold nothing else (gettext, ARB, XLIFF,
 * Fluent, Apple's `.strings`). Not Android's `res/values/strings.xml`, where keys are kept too.
 */
const STRINGS_DIR = /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages|translations?|intl)\/(?:(?:[^/]+\/){0,3}[^/]+\.(?:json5?|ya?ml|properties|toml)|(?:[^/]+\/){0,2}(?:[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?\.[cm]?[jt]s|[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?\/[^/]+\.(?:[cm]?[jt]s|php)))$/;
const STRINGS_NAME = /\.(?:po|pot|arb|xlf|xliff|ftl|strings|stringsdict)$/i;
/** A copy-me example of a config: `ormconfig.sample.json`, `settings.example.yml`, `.env.sample`, `config.php.dist`. */
const EXAMPLE_NAME = /(?:^|[._-])(?:examples?|samples?)(?:\.[a-z0-9]{1,8})?$|\.dist$/i;

/** The context tier of a workspace-relative POSIX path. */
export function contextTier(path: string): ContextTier {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (TEST_DIR.test(path) || TEST_NAME.test(base)) return 'test';
  if (DOCS_DIR.test(path) || DOCS_NAME.test(base) || DOCS_TXT.test(base) || EXAMPLE_NAME.test(base)) return 'docs';
  if (STRINGS_DIR.test(path) || STRINGS_NAME.test(base)) return 'strings';
  return undefined;
}

/** `docker-compose.yml`, `compose.override.yaml`: services for local development. */
export function isComposeFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return /^(?:docker-)?compose(?:[.-][\w.-]*)?\.ya?ml$/.test(base);
}

/**
 * Default passwords of the images and tools people run locally (`POSTGRES_PASSWORD: postgres`,
 * MinIO's `minioadmin`, RabbitMQ's `guest`): in a compose file or aimed at localhost, a
 * development default rather than a leaked credential.
 */
const WELL_KNOWN_DEFAULTS = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'root', 'admin', 'password', 'secret', 'example', 'guest', 'minioadmin',
  'rabbitmq', 'redis', 'mongo', 'mongodb', 'pass', 'passw0rd', 'password1', 'password123', 'admin123', 'test', 'test123',
  'dev', 'development', 'local', 'localdev', 'docker', 'keycloak', 'sonar', 'neo4j', 'elastic', 'changeit', 'user', 'default',
  'sa', 'oracle', 'welcome1', 'letmein', 'toor', 'app', 'airflow', 'superset', 'grafana', 'kibana', 'mssql', 'yourstrong(!)password',
]);

export function isWellKnownDefault(value: string): boolean {
  return WELL_KNOWN_DEFAULTS.has(value.toLowerCase());
}

/** The text around a value names the local machine: `localhost`, `127.0.0.1`, `host.docker.internal`. */
export function mentionsLocalhost(text: string): boolean {
  return /\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|\[::1\])\b/i.test(text);
}

/**
 * The text around a value names a host of the documentation: a reserved example domain (`example.com`,
 * `*.test`, `*.invalid`, `*.example`: RFC 2606), an address kept for documentation (RFC 5737), or one
 * that asks to be replaced (`myhost`, `your-server`).
 */
export function mentionsExampleHost(text: string): boolean {
  return /@(?:[\w-]{1,63}\.){0,8}(?:example\.(?:com|org|net)|[\w-]{1,63}\.(?:test|invalid|example))(?![\w-]|\.\w)|@(?:my|your)[-_]?(?:host|server|domain|db|database)(?![\w-])|@(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d/i.test(text);
}
