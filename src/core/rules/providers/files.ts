// Private keys, connection strings with inline passwords, and the credential files people commit
// (.netrc, .pgpass, .git-credentials, Docker/npm/PyPI/cloud CLI configs, framework master keys).
// Cloud access keys, SaaS tokens, JWTs and `password = "..."` assignments belong to other files.
import { isPlaceholder } from '../../text/placeholder';
import { shannonEntropy } from '../../text/entropy';
import { ALPHABET, type SampleGen } from '../sample-gen';
import type { Confidence, Rule } from '../types';

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** The `./0-9A-Za-z` alphabet of crypt(3) hashes. */
const CRYPT64 = './' + ALPHABET.digits + ALPHABET.upper + ALPHABET.lower;
const DJANGO_CHARS = ALPHABET.lowerAlnum + '!@#%^&*(-_=+)';
/** Well-known sample passwords the engine's placeholder filter does not know, when they are the whole password. */
const WEAK = String.raw`(?:pass|pwd|pw|mypass|mypassword|mysecretpassword|secretpassword|passw0rd|pa55word|s3cr3t|tiger|letmein|hunter2|qwerty|password\d{1,3}|secret\d{1,3})`;
const WEAK_RE = new RegExp(`^${WEAK}$`, 'i');

/** `user:password`, decoded from the base64 of a Docker `auth` or an HTTP Basic header. */
const BASIC_PAIR = /^([\x21-\x39\x3b-\x7e]{1,256}):([\x20-\x7e]{3,512})$/;

/** base64 of `user:password` (Docker `auth`, HTTP Basic) whose password is neither a placeholder nor the user name. */
function basicCredentials(s: string): boolean {
  const m = BASIC_PAIR.exec(Buffer.from(s, 'base64').toString('latin1'));
  return m !== null && m[1] !== m[2] && !isPlaceholder(m[2]) && !WEAK_RE.test(m[2]);
}

/**
 * A test account's pair (`testuser:testpass`, `demo:demo-2024`: a plain password that says test, demo,
 * dummy, fake, sample or example, or holds the user's name) is low: API clients' and servers' test
 * collections are full of them.
 */
function basicConfidence(s: string): Confidence {
  const m = BASIC_PAIR.exec(Buffer.from(s, 'base64').toString('latin1'));
  if (!m) return 'medium';
  const [, user, password] = m;
  const plain = /^[A-Za-z0-9_.-]+$/.test(password);
  const testWord = /test|demo|dummy|fake|sample|example/i.test(password);
  const ownName = user.length >= 3 && password.toLowerCase().includes(user.toLowerCase());
  return plain && (testWord || ownName) ? 'low' : 'medium';
}

// ---------------------------------------------------------------------------------------------
// Private keys
// ---------------------------------------------------------------------------------------------

/**
 * A PEM body: tokens (a base64 run, or a word of a `Proc-Type:`/`DEK-Info:`/`Version:` header), each
 * followed by ONE separator: a newline, an escaped `\n` (JSON, .env) or a space/tab (indentation, or
 * a key pasted onto one line). Separators are outside the token class, so a body parses one way only;
 * a token never holds `--`, so the body stops at the next `-----BEGIN` instead of running on. The lazy,
 * bounded repetition stays linear even on a 1 MiB line.
 */
const PEM_BODY = String.raw`(?:(?:[A-Za-z0-9+/=:,.]|-(?!-)){0,4096}(?:\r?\n|[ \t]|(?:\\r)?\\n)){1,3000}?`;

/** The base64 of a PEM block, headers and labels dropped. */
function pemBase64(block: string): string {
  return block.replace(/-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----/g, ' ')
    .split(/\s|\\[rn]/).filter((t) => /^[A-Za-z0-9+/=]+$/.test(t)).join('');
}
/** Real key material, not `MII...` with an ellipsis or a row of x's. */
function hasKeyMaterial(block: string, min = 64): boolean {
  const body = pemBase64(block);
  return body.length >= min && shannonEntropy(body) >= 4.5;
}

/** Ways a key gets pasted: a file, an escaped JSON/JS string, a YAML block scalar, one .env line. */
function pemShapes(g: SampleGen, label: string, envName: string): string[] {
  return [
    g.pem(label),
    `const key = "${g.pem(label, 8).replace(/\n/g, '\\n')}\\n";`,
    `tls:\n  key: |\n    ${g.pem(label, 6).replace(/\n/g, '\n    ')}\n  cert: ./tls.crt\n`,
    `${envName}="${g.pem(label, 5).replace(/\n/g, ' ')}"`,
  ];
}

function pem(
  id: string, label: string, what: string, kind: Rule['kind'], envName: string,
  extra: (g: SampleGen) => string[] = () => [], severity: Rule['severity'] = 'critical',
): Rule {
  const publicLabel = label.replace('PRIVATE', 'PUBLIC');
  return {
    id,
    description: `${what} private key (PEM block)`,
    provider: 'Private key',
    kind,
    severity,
    confidence: 'high',
    keywords: ['private key'],
    regex: new RegExp(`(-----BEGIN ${label}-----${PEM_BODY}-----END ${label}-----)`),
    multiline: true,
    window: { before: 64, after: 32768 },
    validate: (s) => hasKeyMaterial(s),
    envName,
    skipFilters: true,
    samples: {
      truePositives: (g) => [...pemShapes(g, label, envName), ...extra(g)],
      falsePositives: (g) => [
        g.pem(publicLabel),
        g.pem('CERTIFICATE'),
        `-----BEGIN ${label}-----\n${g.base64(24)}...\n-----END ${label}-----`, // documentation ellipsis
        `-----BEGIN ${label}-----\n${'x'.repeat(64)}\n${'x'.repeat(64)}\n-----END ${label}-----`,
        g.pem(label).split('\n').slice(0, 6).join('\n'), // truncated: no END line
        `if (text.startsWith('-----BEGIN ${label}-----')) return parse(text);`,
        `$ANSIBLE_VAULT;1.1;AES256\n${g.hex(80)}\n${g.hex(80)}`,
      ],
    },
  };
}

function ppk(g: SampleGen, version: 2 | 3, privateLines = 14): string {
  const lines = (n: number) => Array.from({ length: n }, () => g.base64(64)).join('\n');
  return [
    `PuTTY-User-Key-File-${version}: ssh-rsa`, 'Encryption: none', `Comment: rsa-key-2024${g.digits(4)}`,
    'Public-Lines: 6', lines(6), `Private-Lines: ${privateLines}`, lines(privateLines),
    `Private-MAC: ${g.hex(version === 3 ? 64 : 40)}`,
  ].join('\n');
}

const privateKeys: Rule[] = [
  pem('private-key-rsa', 'RSA PRIVATE KEY', 'RSA (PKCS#1)', 'certificate', 'RSA_PRIVATE_KEY', (g) => [
    `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${g.upperHex(32)}\n\n` +
      `${g.base64(64)}\n${g.base64(64)}\n${g.base64(40)}==\n-----END RSA PRIVATE KEY-----`,
  ]),
  pem('private-key-ec', 'EC PRIVATE KEY', 'Elliptic-curve (SEC1)', 'certificate', 'EC_PRIVATE_KEY'),
  pem('private-key-dsa', 'DSA PRIVATE KEY', 'DSA', 'certificate', 'DSA_PRIVATE_KEY'),
  pem('private-key-openssh', 'OPENSSH PRIVATE KEY', 'OpenSSH', 'ssh_key', 'SSH_PRIVATE_KEY'),
  pem('private-key-pkcs8', 'PRIVATE KEY', 'PKCS#8', 'certificate', 'TLS_PRIVATE_KEY'),
  pem('private-key-pkcs8-encrypted', 'ENCRYPTED PRIVATE KEY', 'Passphrase-protected PKCS#8', 'certificate',
    'TLS_PRIVATE_KEY', () => [], 'high'),
  pem('private-key-pgp', 'PGP PRIVATE KEY BLOCK', 'PGP/GPG', 'certificate', 'GPG_PRIVATE_KEY', (g) => [
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\nComment: release signing key\n\n` +
      `${g.base64(64)}\n${g.base64(64)}\n${g.base64(64)}\n=${g.base64(4)}\n-----END PGP PRIVATE KEY BLOCK-----`,
  ]),
  {
    id: 'private-key-base64-pem',
    description: 'Base64-encoded PEM private key (kubeconfig client-key-data, Kubernetes tls.key, CI variables)',
    provider: 'Private key',
    kind: 'certificate',
    severity: 'critical',
    confidence: 'high',
    // base64 of "-----BEGIN": every encoded PEM block starts with it.
    keywords: ['ls0tls1crudjti'],
    regex: /(?<![A-Za-z0-9+/])(LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,16000}={0,2})/,
    window: { before: 64, after: 16500 },
    validate: (s) => {
      const text = Buffer.from(s, 'base64').toString('latin1');
      return /^-----BEGIN [A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?-----/.test(text) && hasKeyMaterial(text);
    },
    envName: 'TLS_PRIVATE_KEY_BASE64',
    skipFilters: true,
    samples: {
      secret: (g) => b64(g.pem('RSA PRIVATE KEY', 8) + '\n'),
      truePositives: (g) => [
        `users:\n- name: admin\n  user:\n    client-certificate-data: ${b64(g.pem('CERTIFICATE', 8))}\n` +
          `    client-key-data: ${b64(g.pem('EC PRIVATE KEY', 3))}\n`,
        `kind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.key: ${b64(g.pem('PRIVATE KEY', 10) + '\n')}\n`,
      ],
      falsePositives: (g) => [
        `    client-certificate-data: ${b64(g.pem('CERTIFICATE', 10) + '\n')}`,
        `  tls.pub: ${b64(g.pem('PUBLIC KEY', 6))}`,
        `  tls.key: ${b64('-----BEGIN RSA PRIVATE KEY-----\n' + 'x'.repeat(200))}`,
      ],
    },
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key file (.ppk)',
    provider: 'PuTTY',
    kind: 'ssh_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['putty-user-key-file-'],
    // Header, then whole lines up to `Private-Lines: n`, then the private base64 lines (the secret).
    regex: /PuTTY-User-Key-File-[23]:[^\n]{1,100}\n(?:[^\n]{0,200}\n){1,40}?Private-Lines:[ \t]{0,4}\d{1,3}\r?\n((?:[A-Za-z0-9+/=]{1,100}\r?\n){0,199}[A-Za-z0-9+/=]{1,100})(?=\r?\n|$)/,
    multiline: true,
    validate: (s) => hasKeyMaterial(s, 40),
    envName: 'SSH_PRIVATE_KEY',
    skipFilters: true,
    samples: {
      truePositives: (g) => [ppk(g, 2), ppk(g, 3, 1).replace(/\r?\n/g, '\r\n')],
      falsePositives: (g) => [
        `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "rsa-key-20240101"\n${g.base64(64)}\n${g.base64(40)}\n---- END SSH2 PUBLIC KEY ----`,
        'Save the key as PuTTY-User-Key-File-2: ssh-rsa (a .ppk file) and load it in Pageant.',
        ppk(g, 2).replace(/Private-Lines: 14\n[\s\S]*?\nPrivate-MAC/, 'Private-Lines: 14\n<private key lines>\nPrivate-MAC'),
      ],
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Connection strings with inline passwords (the secret is the password only)
// ---------------------------------------------------------------------------------------------

/** The user before `:`; `u` is referenced so `postgres:postgres@` (user = password, a default) is skipped. */
const URL_USER = String.raw`(?<u>[^\s:/?#@'"\x60<>\\]{0,128})`;
/** SMTP logins are often e-mail addresses, `@` included. */
const EMAIL_USER = String.raw`(?<u>[^\s:/?#'"\x60<>\\]{0,128})`;
/**
 * Password characters: anything but whitespace, quotes, brackets and `excluded`; a `%` only where it is
 * not a format verb (`%s`, `%v`, `%(name)s`). The two branches cannot match the same text.
 */
/** A tool's options before its password flag, over continued lines (`\` at a line's end), not into the next command. */
const TOOL_OPTIONS = String.raw`(?:[^\n|;&\\]|\\\r?\n|\\(?!\r?\n)){0,200}?[ \t]`;

/**
 * The regex and secret groups for `forms`, each a command whose password flag is followed by VALUE: a
 * double-quoted, single-quoted or bare value (three groups per form; a bare one ends at a space, a quote
 * or the next command, and is six characters or more). A value that starts with `$`, `%`, `{` or `<` is a variable, a template or a
 * placeholder (`${{ secrets.X }}`, `%PW%`, `<password>`).
 */
function toolPasswordFlags(forms: readonly string[]): Pick<Rule, 'regex' | 'secretGroup'> {
  const secretGroup: number[] = [];
  const parts = forms.map((form, i) => {
    const first = i * 3 + 1;
    secretGroup.push(first, first + 1, first + 2);
    return form.replace('VALUE', String.raw`(?![$%{<])(?:"(?![$%{<])([^"\r\n]{3,128})"|'([^'\r\n]{3,128})'|([^\s"'\x60;|&<>]{6,128}))(?=[\s"';|)]|$)`);
  });
  return { regex: new RegExp(`(?:${parts.join('|')})`), secretGroup };
}

const passChars = (excluded: string, n: string) =>
  String.raw`(?:[^\s'"\x60<>{}\[\]\\%${excluded}]|%(?![G-Zg-z(]|[A-Fa-f](?![0-9A-Fa-f]))){${n}}`;
/** A password in a URL: ends at `@`; `${X}`, `{{ x }}` and `%s` cannot be one. */
const URL_PASS = `(${passChars('/?@', '3,256')})`;
/** The host: not a bare documentation host (`example.com`, `host`, `hostname`). */
const URL_HOST = String.raw`@(?!(?:example\.(?:com|org|net)|host(?:name)?)(?![\w.-]))(?=[\w\[])`;

function urlRegex(schemes: string, user = URL_USER): RegExp {
  return new RegExp(String.raw`(?<![\w+.-])(?:${schemes})://${user}:(?!\k<u>@)(?!${WEAK}@)${URL_PASS}${URL_HOST}`, 'i');
}

interface UrlSpec {
  id: string;
  provider: string;
  what: string;
  /** Regex alternation of schemes (non-capturing). */
  schemes: string;
  keywords: string[];
  /** A scheme for the samples. */
  scheme: string;
  envName: string;
  kind?: Rule['kind'];
  severity?: Rule['severity'];
  confidence?: Rule['confidence'];
  user?: string;
  extra?: (g: SampleGen) => string[];
}

function url(s: UrlSpec): Rule {
  const sc = s.scheme;
  return {
    id: s.id,
    description: `${s.what} with an inline password`,
    provider: s.provider,
    kind: s.kind ?? 'database_credential',
    severity: s.severity ?? 'critical',
    confidence: s.confidence ?? 'high',
    keywords: s.keywords,
    regex: urlRegex(s.schemes, s.user),
    secretGroup: 2,
    envName: s.envName,
    samples: {
      truePositives: (g) => [
        `${s.envName.replace(/_PASSWORD$/, '_URL')}=${sc}://app:${g.alnum(18)}@svc.internal.example.com:5432/app`,
        `conn = connect("${sc}://svc_user:${g.password(16)}@10.0.3.7/prod?timeout=5")`,
        `url: '${sc}://deploy:${g.alnum(8)}%40${g.alnum(6)}@${g.lower(6)}.corp.internal'`,
        ...(s.extra?.(g) ?? []),
      ],
      falsePositives: (g) => [
        `${sc}://app:\${DB_PASSWORD}@db.internal:5432/app`,
        `fmt.Sprintf("${sc}://%s:%s@%s/%s", user, pass, host, name)`,
        `url: "${sc}://app:{{ .Values.db.password }}@db:5432/app"`,
        `${sc}://app:@db.internal/app`,
        `${sc}://localhost/app`,
        `${sc}://user:password@example.com/db`,
        `e.g. ${sc}://admin:${g.alnum(12)}@example.com/db`,
        `${sc}://admin:admin@localhost/app`,
        `${sc}://app:********@db.internal/app`,
        `${sc}://user:abc@api.internal/v1`, // a run (abc, 1234, qwerty) stands in for a password
        `${sc}://deploy:1234@ci.internal/app`,
        `${sc}://app:<password>@db.internal/app`,
      ],
    },
  };
}

const connectionStrings: Rule[] = [
  url({
    id: 'postgres-connection-string', provider: 'PostgreSQL', what: 'PostgreSQL connection URL',
    schemes: String.raw`postgres(?:ql)?(?:\+\w{1,20})?|postgis|pgsql`, keywords: ['postgres', 'postgis', 'pgsql'],
    scheme: 'postgresql', envName: 'POSTGRES_PASSWORD',
    extra: (g) => [`engine = create_engine("postgresql+psycopg2://etl:${g.alnum(20)}@warehouse.corp.internal/dw")`],
  }),
  url({
    id: 'mysql-connection-string', provider: 'MySQL', what: 'MySQL/MariaDB connection URL',
    schemes: String.raw`mysqlx?(?:\+\w{1,20})?|mariadb(?:\+\w{1,20})?`, keywords: ['mysql', 'mariadb'],
    scheme: 'mysql', envName: 'MYSQL_PASSWORD',
    extra: (g) => [`DATABASE_URL="mariadb://wp:${g.alnum(16)}@mariadb.internal:3306/wp"`],
  }),
  url({
    id: 'mongodb-connection-string', provider: 'MongoDB', what: 'MongoDB connection URI',
    schemes: String.raw`mongodb(?:\+srv)?`, keywords: ['mongodb'], scheme: 'mongodb+srv', envName: 'MONGODB_PASSWORD',
    extra: (g) => [`mongodb://root:${g.alnum(24)}@mongo-0.mongo:27017,mongo-1.mongo:27017/admin?replicaSet=rs0`],
  }),
  url({
    id: 'redis-connection-string', provider: 'Redis', what: 'Redis connection URL',
    schemes: String.raw`rediss?(?:\+sentinel)?`, keywords: ['redis'], scheme: 'rediss', envName: 'REDIS_PASSWORD', severity: 'high',
    extra: (g) => [`REDIS_URL=redis://:${g.alnum(32)}@cache.internal:6379/0`],
  }),
  url({
    id: 'amqp-connection-string', provider: 'RabbitMQ', what: 'AMQP (RabbitMQ) broker URL',
    schemes: 'amqps?', keywords: ['amqp'], scheme: 'amqps', envName: 'AMQP_PASSWORD', kind: 'password', severity: 'high',
    extra: (g) => [`broker_url = "amqp://celery:${g.alnum(20)}@rabbitmq.internal:5672//"`],
  }),
  url({
    id: 'mssql-connection-string', provider: 'SQL Server', what: 'SQL Server connection URL',
    schemes: String.raw`(?:mssql|sqlserver)(?:\+\w{1,20})?`, keywords: ['mssql', 'sqlserver'], scheme: 'sqlserver',
    envName: 'MSSQL_PASSWORD',
    extra: (g) => [`mssql+pyodbc://sa:${g.password(18)}@sql01.corp.internal:1433/orders?driver=ODBC+Driver+18`],
  }),
  url({
    id: 'ldap-bind-url', provider: 'LDAP', what: 'LDAP bind URL', schemes: 'ldaps?', keywords: ['ldap'],
    scheme: 'ldaps', envName: 'LDAP_BIND_PASSWORD', kind: 'password', severity: 'high',
    extra: (g) => [`LDAP_URL=ldap://cn=admin,dc=corp,dc=internal:${g.alnum(16)}@ldap.corp.internal:389`],
  }),
  url({
    id: 'smtp-connection-string', provider: 'SMTP', what: 'SMTP server URL', schemes: String.raw`smtps?|submission`,
    keywords: ['smtp', 'submission'], scheme: 'smtps', envName: 'SMTP_PASSWORD', kind: 'password', severity: 'high',
    user: EMAIL_USER,
    extra: (g) => [`EMAIL_URL=smtp://alerts@corp.internal:${g.alnum(16)}@smtp.mail.internal:587`],
  }),
  url({
    id: 'ftp-connection-string', provider: 'FTP', what: 'FTP/SFTP URL', schemes: 's?ftps?', keywords: ['ftp'],
    scheme: 'sftp', envName: 'FTP_PASSWORD', kind: 'password', severity: 'high',
    extra: (g) => [`lftp -e "mirror -R dist /www" ftp://deploy:${g.alnum(14)}@ftp.hosting.internal`],
  }),
  url({
    id: 'http-basic-auth-url', provider: 'HTTP', what: 'HTTP(S) URL with basic-auth credentials',
    schemes: String.raw`(?:git\+)?https?|wss?`, keywords: ['http', 'ws://', 'wss://'], scheme: 'https',
    envName: 'HTTP_BASIC_AUTH_PASSWORD', kind: 'password', severity: 'high', confidence: 'medium',
    extra: (g) => [
      `git remote add origin https://deploy:${g.alnum(20)}@git.internal.corp/team/app.git`,
      `pip install --index-url https://ci:${g.alnum(20)}@pypi.internal.corp/simple app`,
    ],
  }),
  {
    id: 'url-embedded-password',
    description: 'Password embedded in a URL of any other scheme (snowflake://, clickhouse://, neo4j://, ...)',
    provider: 'URL',
    kind: 'password',
    severity: 'high',
    confidence: 'medium',
    keywords: ['://'],
    // http(s)/ws(s) have their own rule; database schemes' rules are more confident and win overlaps.
    regex: new RegExp(String.raw`(?<![\w+.-])(?!(?:git\+)?https?:|wss?:)[a-z][a-z0-9+.-]{1,30}://${URL_USER}:(?!\k<u>@)(?!${WEAK}@)${URL_PASS}${URL_HOST}`, 'i'),
    secretGroup: 2,
    envName: 'SERVICE_PASSWORD',
    samples: {
      truePositives: (g) => [
        `engine = create_engine("snowflake://analyst:${g.alnum(18)}@acme-eu.snowflakecomputing.com/SALES/PUBLIC")`,
        `CLICKHOUSE_URL=clickhouse://default:${g.password(16)}@ch.internal:9000/events`,
      ],
      falsePositives: (g) => [
        `NEO4J_URI=neo4j://neo4j:\${NEO4J_PASSWORD}@graph.internal:7687`,
        'ssh://git@git.internal:2222/team/app.git',
        `s3://${g.lower(8)}-backups/orders/2024-06-01.dump`,
        'snowflake://analyst:changeme@acme.snowflakecomputing.com',
      ],
    },
  },
  {
    id: 'curl-basic-auth',
    description: 'Password passed to curl on the command line (-u / --user user:password)',
    provider: 'curl',
    kind: 'password',
    severity: 'high',
    confidence: 'medium',
    keywords: ['curl'],
    // The options may go on over continued lines (`\` at a line's end); the password may be quoted
    // on its own (`--user kevin:'…'`).
    regex: new RegExp(String.raw`\bcurl\b(?:[^\n|;&\\]|\\\r?\n|\\(?!\r?\n)){0,512}?[ \t](?:-[A-Za-z]{0,8}u[ \t]{0,4}|--user(?:[ \t]{1,4}|=))["']?(?<u>[^\s:"'$]{1,128}):["']?(?!\k<u>(?:["'\s]|$))` +
      `(${passChars('', '3,256')})(?=["']|\\s|$)`),
    multiline: true,
    window: { before: 0, after: 1024 },
    secretGroup: 2,
    envName: 'CURL_PASSWORD',
    samples: {
      truePositives: (g) => [
        `sh "curl -u deployer:${g.alnum(18)} -T build/shop.tgz https://artifactory.internal/libs-release/"`,
        `curl -fsSL -u "backup:${g.password(16)}" https://nexus.internal/repository/tools/restore.sh -o /tmp/restore.sh`,
        `curl --user 'ci:${g.alnum(20)}' https://jenkins.internal/job/app/build`,
        `curl -sSu ops:${g.alnum(16)} https://grafana.internal/api/dashboards`,
        `curl --user kevin:'${g.alnum(16)}' -iX PATCH https://api.corp.internal/v1/users/7`,
        `curl -k -X POST https://cache.internal:11222/rest/v2/caches/default/hello \\\n  -H 'Content-type: text/plain' \\\n  -d 'world' \\\n  -u developer:${g.alnum(16)}`,
      ],
      falsePositives: (g) => [
        'curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.internal/',
        'curl -u admin:${ADMIN_PASSWORD} https://grafana.internal/api/health',
        'curl -u deployer: https://artifactory.internal/  # prompts for the password',
        'curl -u admin:admin http://localhost:8080/',
        // Another command on the next line is not curl's option.
        `curl https://status.internal/health\nssh -o User=deploy -u ops:${g.alnum(16)} host`,
        "description: 'Password passed to curl on the command line (-u / --user user:password)',",
      ],
    },
  },
  {
    id: 'cli-password-flag',
    description: 'Password given to a command-line tool by its password flag (docker login -p, mysql --password=, sshpass -p, keytool -storepass)',
    provider: 'Generic',
    kind: 'password',
    severity: 'high',
    confidence: 'low', // in tests and docs it stays low, as the generic rules' findings
    // A flag that takes a password says what the value is: any value that is not a placeholder is one.
    confidenceOf: () => 'medium',
    keywords: ['docker login', 'podman login', 'buildah login', 'nerdctl login', 'oras login', 'skopeo login', 'registry login', 'az login', 'mysql', 'mariadb', 'sshpass', 'redis-cli', 'mongo', 'sqlcmd', 'bcp ', 'ipmitool', 'ldap', 'keytool', 'openssl', 'wget', 'rabbitmqctl'],
    ...toolPasswordFlags([
      String.raw`\b(?:docker|podman|buildah|nerdctl|oras|skopeo|helm[ \t]{1,4}registry)[ \t]{1,4}login\b${TOOL_OPTIONS}(?:-p|--password)(?:[ \t]{1,4}|=)VALUE`,
      String.raw`\baz[ \t]{1,4}login\b${TOOL_OPTIONS}(?:-p|--password)(?:[ \t]{1,4}|=)VALUE`,
      // MySQL's `-p` takes its value attached (`-pSecret`); `-p db` prompts, and the next word is a database.
      String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump)\b${TOOL_OPTIONS}(?:-p(?=[^\s-])|--password=)VALUE`,
      String.raw`\bsshpass[ \t]{1,4}-p[ \t]{0,4}VALUE`,
      String.raw`\bredis-cli\b${TOOL_OPTIONS}(?:-a|--pass)[ \t]{1,4}VALUE`,
      String.raw`\b(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b${TOOL_OPTIONS}(?:-p|--password)(?:[ \t]{1,4}|=)VALUE`,
      String.raw`\b(?:sqlcmd|bcp|ipmitool)\b${TOOL_OPTIONS}-P[ \t]{1,4}VALUE`,
      String.raw`\bldap(?:search|add|modify|delete|passwd|whoami)\b${TOOL_OPTIONS}-w[ \t]{1,4}VALUE`,
      String.raw`\bkeytool\b${TOOL_OPTIONS}-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)[ \t]{1,4}VALUE`,
      String.raw`\bopenssl\b${TOOL_OPTIONS}-(?:passin|passout|pass)[ \t]{1,4}["']?pass:VALUE`,
      String.raw`\bwget\b${TOOL_OPTIONS}--(?:http-|ftp-|proxy-)?password(?:=|[ \t]{1,4})VALUE`,
      String.raw`\brabbitmqctl[ \t]{1,4}(?:add_user|change_password)[ \t]{1,4}\S{1,64}[ \t]{1,4}VALUE`,
    ]),
    multiline: true,
    window: { before: 16, after: 1024 },
    envName: 'CLI_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'deploy.sh', text: `docker login -u ci-bot -p "${g.password(14)}" registry.example.com` },
        { path: '.gitlab-ci.yml', text: `deploy:\n  script:\n    - docker login -u gitlab-ci-token -p ${g.alnum(20)} registry.gitlab.com` },
        { path: 'backup.sh', text: `mysqldump -h db -uroot -p${g.alnum(14)} shop > shop.sql` },
        { path: 'backup.sh', text: `mysql --user=backup --password='${g.password(14)}' shop < dump.sql` },
        { path: 'deploy.sh', text: `sshpass -p '${g.password(14)}' ssh deploy@10.0.0.5 'systemctl restart app'` },
        { path: 'deploy.sh', text: `az login -u admin@corp.example -p '${g.password(14)}'` },
        { path: 'ops/flush.sh', text: `redis-cli -h cache.internal -a ${g.alnum(24)} FLUSHALL` },
        { path: 'ops/restore.sh', text: `mongorestore --username admin --password "${g.password(14)}" --authenticationDatabase admin dump/` },
        { path: 'ops/seed.ps1', text: `sqlcmd -S sql01 -U sa -P "${g.password(14)}" -i seed.sql` },
        { path: 'ops/users.sh', text: `ldapsearch -x -H ldaps://ldap.corp -D "cn=admin,dc=corp" -w ${g.alnum(16)} "(uid=*)"` },
        { path: 'android/sign.sh', text: `keytool -genkeypair -keystore release.jks -alias app -storepass ${g.alnum(16)} -keypass ${g.alnum(16)}` },
        { path: 'certs/make.sh', text: `openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:${g.alnum(16)}` },
        { path: 'setup.sh', text: `rabbitmqctl add_user orders ${g.alnum(18)}` },
        { path: 'fetch.sh', text: `wget --user=ci --password=${g.alnum(16)} https://nexus.internal/repo/app.tgz` },
      ],
      falsePositives: () => [
        { path: 'deploy.sh', text: 'docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD" registry.example.com' },
        { path: '.github/workflows/ci.yml', text: 'run: docker login -u ci -p ${{ secrets.REGISTRY_PASSWORD }} ghcr.io' },
        { path: 'deploy.sh', text: 'echo "$PW" | docker login -u ci --password-stdin registry.example.com' },
        { path: 'README.md', text: 'Run `mysql -u root -p shop` and type the password when asked.' },
        { path: 'backup.sh', text: 'mysqldump -uroot -p$MYSQL_ROOT_PASSWORD --all-databases > all.sql' },
        { path: 'android/sign.sh', text: 'keytool -genkeypair -keystore release.jks -storepass:env STOREPASS' },
        { path: 'certs/make.sh', text: 'openssl pkcs12 -export -in cert.pem -out cert.p12 -passout env:P12_PASSWORD' },
        { path: 'deploy.sh', text: 'sshpass -e ssh deploy@10.0.0.5' },
        { path: 'ops/flush.sh', text: 'redis-cli -a "$REDIS_PASSWORD" PING' },
        { path: 'deploy.sh', text: 'docker login -u ci -p <password> registry.example.com' },
        { path: 'setup.sh', text: 'mysql -uroot -proot -e "select 1"' },
      ],
    },
  },
  {
    // `curl -H "X-Api-Key: …"`, `--header 'Api-Token: …'`, `wget --header=…`: a header whose name says it
    // carries a credential. Services that issue UUIDs as API keys are common, so a UUID counts here.
    id: 'http-api-key-header',
    description: 'API key or token in an HTTP header given on the command line (curl -H, --header)',
    provider: 'HTTP',
    kind: 'api_key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['-h "', "-h '", '--header'],
    fallback: true,
    regex: new RegExp(String.raw`(?:-H|--header)(?:[ \t]{1,4}|=)["']?((?:X-)?(?:[A-Za-z0-9]{1,30}[-_])?(?:api[-_]?key|api[-_]?token|auth[-_]?token|access[-_]?token|private[-_]?token|secret[-_]?key|token|secret))` +
      String.raw`[ \t]{0,4}:[ \t]{0,4}([A-Za-z0-9._~+/=-]{12,512})(?=["'\s]|$)`, 'i'),
    secretGroup: 2,
    entropy: 3,
    validate: (s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s),
    envName: 'API_KEY',
    samples: {
      truePositives: (g) => [
        `curl -X GET https://api.corp.internal/v1/items -H "apikey: ${g.uuid()}" -H "Accept: application/json"`,
        `curl -X GET https://deploy.corp.internal/api \\\n     -H "X-Octopus-ApiKey: ${g.uuid()}"`,
        `curl -X POST --header "Api-Token: ${g.alnum(16)}" https://api.corp.internal/v2/jobs`,
        `curl -H 'X-Auth-Token: ${g.hex(32)}' https://objects.corp.internal/v1/AUTH_ops`,
        `wget --header="Private-Token: ${g.alnum(20)}" https://git.corp.internal/api/v4/projects`,
      ],
      falsePositives: (g) => [
        'curl -H "X-Api-Key: $API_KEY" https://api.corp.internal/',
        'curl -H "X-Api-Key: ${API_KEY}" https://api.corp.internal/',
        'curl -H "X-Api-Key: {{apiKey}}" https://api.corp.internal/',
        'curl -H "X-Api-Key: <your-api-key>" https://api.corp.internal/',
        `curl -H "X-Request-Id: ${g.uuid()}" -H "Content-Type: application/json" https://api.corp.internal/`,
        `curl -H "X-Api-Key: ${'x'.repeat(32)}" https://api.corp.internal/`,
        'curl -H "X-Token-Type: access_token" https://api.corp.internal/',
      ],
    },
  },
  {
    id: 'http-basic-auth-header',
    description: 'HTTP Basic Authorization header with base64-encoded user:password',
    provider: 'HTTP',
    kind: 'password',
    severity: 'high',
    confidence: 'medium',
    keywords: ['basic '],
    regex: /\bBasic[ \t]{1,4}([A-Za-z0-9+/]{8,1024}={0,2})(?![A-Za-z0-9+/=])/i,
    validate: basicCredentials,
    confidenceOf: basicConfidence,
    envName: 'HTTP_BASIC_AUTH',
    samples: {
      truePositives: (g) => [
        `private static final String LEGACY_BASIC = "Basic ${b64(`deploy:${g.alnum(20)}`)}";`,
        `curl -H "Authorization: Basic ${b64(`svc-reports:${g.password(18)}`)}" https://reports.internal/api`,
      ],
      falsePositives: (g) => [
        'WWW-Authenticate: Basic realm="admin"',
        `headers["Authorization"] = "Basic " + btoa(user + ":" + pass);`,
        `Authorization: Basic ${b64('user:password')}`,
        `parseBearer('Basic ${b64('user:pass')}')`,
        `Authorization: Basic ${g.base64Bytes(24)}`, // not user:password once decoded
      ],
    },
  },
  {
    id: 'http-bearer-auth-header',
    description: 'Opaque bearer token in an HTTP Authorization header (curl -H, .http/.rest files, docs, code)',
    provider: 'HTTP',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['bearer ', 'token '],
    // `Authorization: Bearer …` (header, curl -H, .http/.rest request), `"Authorization": "Bearer …"` (JSON, code),
    // a header set in code (`req.Header.Set("Authorization", "Bearer …")`, `setRequestProperty(…)`); the
    // `Token` and `Api-Token` schemes (Django REST framework, Dynatrace, GitHub's old form) too.
    regex: /\bAuthorization["']?[ \t]{0,4}[:=,][ \t]{0,4}["']?(?:Bearer|Token|Api-Token)[ \t]{1,4}([A-Za-z0-9._~+/=-]{16,4096})(?![A-Za-z0-9._~+/=-]|[{$<%])/i,
    entropy: 3.5,
    validate: (s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s),
    envName: 'API_TOKEN',
    samples: {
      truePositives: (g) => [
        `curl -sS -H "Authorization: Bearer ${g.base64url(40)}" https://api.corp.internal/v1/orders`,
        { path: 'requests/orders.http', text: `GET https://api.corp.internal/v1/orders\nAuthorization: Bearer ${g.alnum(48)}\nAccept: application/json\n` },
        { path: 'api/smoke.rest', text: `POST https://api.corp.internal/v1/refunds HTTP/1.1\nauthorization: bearer ${g.hex(40)}\n` },
        `fetch(url, { headers: { "Authorization": "Bearer ${g.base64url(32)}" } });`,
        `curl -H "Authorization: Token ${g.hex(40)}" --request PUT https://api.corp.internal/api/use/635`,
        `curl -H "Authorization: Api-Token ${g.alnum(48)}" https://tenant.live.example.net/api/v2/metrics`,
        { path: 'api/client.go', text: `req.Header.Set("Authorization", "Bearer ${g.alnum(40)}")` },
        { path: 'src/Api.java', text: `conn.setRequestProperty("Authorization", "Bearer ${g.base64url(40)}");` },
      ],
      falsePositives: (g) => [
        { path: 'requests/orders.http', text: 'GET https://api.corp.internal/v1/orders\nAuthorization: Bearer {{token}}\n' },
        { path: 'requests/orders.http', text: '@token = {{login.response.body.access_token}}\nAuthorization: Bearer {{token}}\n' },
        'curl -H "Authorization: Bearer $API_TOKEN" https://api.corp.internal/',
        'curl -H "Authorization: Bearer ${API_TOKEN}" https://api.corp.internal/',
        'Authorization: Bearer <access-token>',
        'headers["Authorization"] = "Bearer " + token',
        { path: 'api/client.go', text: 'req.Header.Set("Authorization", "Bearer "+token)' },
        'Authorization: Bearer YOUR_ACCESS_TOKEN_HERE',
        `curl -H "Authorization: Bearer ${g.badChecksumToken('ghp_')}" https://api.github.com/user`,
        'WWW-Authenticate: Bearer realm="api", error="invalid_token"',
      ],
    },
  },
  {
    id: 'adonet-connection-string',
    description: 'ADO.NET / ODBC connection string with a password (SQL Server, Azure SQL, Npgsql, MySQL)',
    provider: 'ADO.NET',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['password', 'pwd'],
    // Server=...; ...; Password=secret;  (keys are case-insensitive; the value ends at `;` or a quote)
    regex: new RegExp(String.raw`(?<!\w)(?:Server|Data Source|Host|Address|Addr|Network Address)[ \t]{0,4}=[^"'\n]{1,512}?;[ \t]{0,4}` +
      String.raw`(?:Password|Pwd)[ \t]{0,4}=[ \t]{0,4}(?!${WEAK}(?:[;"']|\s|$))([^;"'\s{}<>]{3,256})(?![{}<>])`, 'i'),
    window: { before: 768, after: 300 },
    envName: 'DB_PASSWORD',
    samples: {
      truePositives: (g) => [
        `"Default": "Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=${g.password(16)};Encrypt=True;"`,
        `<add name="Legacy" connectionString="Data Source=sql01.corp;Initial Catalog=Legacy;User Id=app;Password=${g.alnum(14)};" />`,
        `var cs = "Host=pg.internal;Port=5432;Database=shop;Username=shop;Password=${g.alnum(20)}";`,
        `Driver={ODBC Driver 18 for SQL Server};Server=sql02;Uid=report;Pwd=${g.alnum(12)};`,
      ],
      falsePositives: (g) => [
        'Server=(localdb)\\mssqllocaldb;Database=orders;Trusted_Connection=True;',
        'Server=sql01;Database=orders;User Id=app;Password={0};',
        'Server=sql01;Database=orders;User Id=app;Password=$(DbPassword);',
        `"Server=sql01;Database=orders;User Id=app;Password=" + ${g.lower(8)} + ";"`,
        'Data Source=sql01;Initial Catalog=x;User Id=app;Password=<your-password>;',
        'Server=sql01;User Id=sa;Password=;',
      ],
    },
  },
  {
    id: 'jdbc-connection-string',
    description: 'JDBC URL with a password parameter',
    provider: 'JDBC',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['jdbc:'],
    regex: new RegExp(String.raw`(?<![\w])jdbc:[a-z][^\s"'<>\x60]{0,512}?[;?&:]password=(?!${WEAK}(?:[;&"']|\s|$))` +
      `(${passChars(';&', '3,256')})`, 'i'),
    window: { before: 64, after: 1024 },
    envName: 'JDBC_PASSWORD',
    samples: {
      truePositives: (g) => [
        `spring.datasource.url=jdbc:sqlserver://sql01.corp:1433;databaseName=orders;user=sa;password=${g.password(16)};encrypt=true`,
        `String url = "jdbc:mysql://db.internal:3306/shop?user=shop&password=${g.alnum(18)}&useSSL=true";`,
        `jdbc:postgresql://pg.internal:5432/app?user=app&password=${g.alnum(20)}`,
      ],
      falsePositives: () => [
        'jdbc:postgresql://pg.internal:5432/app?user=app&password=${DB_PASSWORD}',
        'jdbc:mysql://db.internal:3306/shop?user=shop&password=',
        'jdbc:sqlserver://sql01;databaseName=orders;integratedSecurity=true',
        'String url = "jdbc:mysql://" + host + "/shop?user=shop&password=" + pass;',
      ],
    },
  },
  {
    id: 'mysql-go-dsn',
    description: 'MySQL data source name with a password (Go\'s `user:password@tcp(host)/db`)',
    provider: 'MySQL',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['@tcp(', '@tcp6(', '@unix(', '@udp('],
    // go-sql-driver/mysql's DSN: user:password@protocol(address)/dbname?params. The password ends at the
    // last `@` before the protocol; `%s` (a format string) and `${X}` cannot be one.
    regex: new RegExp(String.raw`(?<![\w/:@.$-])(?<u>[\w.$-]{1,64}):(?!\k<u>@)(?!${WEAK}@)(${passChars('/@(', '3,128')})@(?:tcp6?|unix|udp)\(`, 'i'),
    secretGroup: 2,
    window: { before: 256, after: 32 },
    envName: 'MYSQL_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'cmd/api/main.go', text: `db, err := sql.Open("mysql", "shop:${g.password(16)}@tcp(127.0.0.1:3306)/shop?parseTime=true")` },
        { path: 'config/app.yaml', text: `dsn: app:${g.alnum(20)}@unix(/var/run/mysqld/mysqld.sock)/app` },
        { path: '.env', text: `DATABASE_DSN=root:${g.alnum(14)}@tcp(db:3306)/orders` },
      ],
      falsePositives: () => [
        { path: 'cmd/api/main.go', text: 'dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/%s", user, pass, host, port, name)' },
        { path: 'cmd/api/main.go', text: 'dsn := "app:${DB_PASSWORD}@tcp(db:3306)/app"' },
        { path: 'README.md', text: 'DSN format: `username:password@tcp(host:port)/dbname`' },
        { path: 'cmd/api/main.go', text: 'db, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/test")' },
      ],
    },
  },
  {
    id: 'libpq-connection-string',
    description: 'PostgreSQL keyword/value connection string with a password (libpq, psycopg, pgx, GORM)',
    provider: 'PostgreSQL',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['password='],
    // `host=db user=app password=… dbname=app`: space-separated keywords (lower case, as libpq reads
    // them), another keyword first, so a lone `password=` is left to the assignment rules.
    regex: new RegExp(String.raw`(?<![\w.-])(?:host|hostaddr|user|dbname|port|sslmode)[ \t]{0,2}=[^"'\x60\r\n]{1,256}?[ \t]password[ \t]{0,2}=[ \t]{0,2}` +
      String.raw`(?!${WEAK}(?:\s|$|["'\x60]))(?:'([^'\\\r\n]{3,256})'|(${passChars(';=', '3,256')}))(?=\s|$|["'\x60;])`),
    secretGroup: [1, 2],
    window: { before: 512, after: 300 },
    envName: 'PGPASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'internal/db/db.go', text: `db, err := gorm.Open(postgres.Open("host=db user=app password=${g.password(16)} dbname=app port=5432"), &gorm.Config{})` },
        { path: 'app/db.py', text: `conn = psycopg2.connect("dbname=shop user=shop password='${g.alnum(18)}' host=pg.internal")` },
        { path: 'src/db.c', text: `PGconn *conn = PQconnectdb("host=localhost port=5432 user=report password=${g.alnum(14)}");` },
      ],
      falsePositives: () => [
        { path: 'internal/db/db.go', text: 'dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=%s", h, u, p, d)' },
        { path: 'internal/db/db.go', text: 'dsn := "host=db user=app password=${DB_PASSWORD} dbname=app"' },
        { path: 'app/db.py', text: 'conn = psycopg2.connect("host=db user=app password=" + password)' },
        { path: 'docs/setup.md', text: 'Use `host=localhost user=postgres password=<password> dbname=postgres`.' },
      ],
    },
  },
  {
    id: 'oracle-connect-string',
    description: 'Oracle connect string with user/password (JDBC thin/OCI URL or sqlplus command)',
    provider: 'Oracle',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['jdbc:oracle:', 'sqlplus'],
    regex: new RegExp(String.raw`(?:\bjdbc:oracle:(?:thin|oci8?):|\bsqlplus[ \t]{1,4}(?:-[sSlL][ \t]{1,4}){0,2})` +
      String.raw`(?<u>[\w$#.]{1,64})/(?!\k<u>@)(?!${WEAK}@)(${passChars('/@', '3,128')})@`, 'i'),
    secretGroup: 2,
    envName: 'ORACLE_PASSWORD',
    samples: {
      truePositives: (g) => [
        `url = "jdbc:oracle:thin:orders/${g.alnum(16)}@//ora01.corp.internal:1521/ORCLPDB1"`,
        `sqlplus -s backup/${g.alnum(14)}@ora01:1521/PROD @nightly.sql`,
      ],
      falsePositives: () => [
        'jdbc:oracle:thin:scott/tiger@localhost:1521:orcl',
        'sqlplus system/${ORACLE_PWD}@XE',
        'jdbc:oracle:thin:@//ora01.corp.internal:1521/ORCLPDB1',
      ],
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Credential files, recognised by path and shape
// ---------------------------------------------------------------------------------------------

/** Defaults for credential-file rules: their values have no prefix, so provider-specific rules win overlaps. */
type FileRule = Omit<Rule, 'kind' | 'severity' | 'confidence'> & Partial<Pick<Rule, 'kind' | 'severity' | 'confidence'>>;
const file = (r: FileRule): Rule => ({ kind: 'password', severity: 'high', confidence: 'medium', ...r });

/** At the start of a line (or of the searched window), after optional indentation. */
const BOL = String.raw`(?<![^\n])[ \t]{0,8}`;

/** crypt(3) hashes as in /etc/shadow: MD5, SHA-256/512 (with optional rounds), bcrypt, yescrypt. */
const CRYPT_HASH = String.raw`\$[156]\$(?:rounds=\d{1,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{22,86}|\$2[abxy]\$\d\d\$[./0-9A-Za-z]{53}` +
  String.raw`|\$g?y\$[./0-9A-Za-z]{1,32}\$[./0-9A-Za-z]{1,64}\$[./0-9A-Za-z]{43}`;
const sha512crypt = (g: SampleGen) => `$6$${g.chars(CRYPT64, 16)}$${g.chars(CRYPT64, 86)}`;
const bcrypt = (g: SampleGen) => `$2y$10$${g.chars(CRYPT64, 53)}`;
const WP_SALT_CHARS = ALPHABET.base62 + '!@#$%^&*()-_ []{}<>~+=,.;:/?|';

const credentialFiles: Rule[] = [
  // --- Unix and developer home-directory files ---
  file({
    id: 'netrc-password',
    description: 'Password in a .netrc file (curl, git, ftp, Heroku CLI)',
    provider: 'netrc',
    keywords: ['password'],
    paths: /(?:^|\/)(?:[._]netrc|\.authinfo)$/,
    // `anonymous@`-style (e-mail) passwords of anonymous FTP are not secrets.
    regex: /(?<!\S)password[ \t]{1,16}(?!\S{0,255}@(?!\S))([^\s<>]{1,256})(?!\S)/,
    anyStrength: true,
    envName: 'NETRC_PASSWORD',
    samples: {
      truePositives: (g) => [
        // Any password in a credential file is a finding, however weak.
        { path: '.netrc', text: `machine ftp.corp.internal login backup password ${g.weakPassword()}\n` },
        { path: 'home/.authinfo', text: `machine imap.corp.internal login ops password ${g.weakPassword()} port 993\n` },
        { path: '.netrc', text: `machine git.corp.internal login ci password ${g.alnum(24)}\n` },
        { path: 'home/ops/_netrc', text: `machine api.heroku.com\n  login ops@corp.internal\n  password ${g.uuid()}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/netrc.md', text: `machine git.corp.internal login ci password ${g.alnum(24)}\n` },
        { path: '.netrc', text: 'default login anonymous password anonymous@\n' },
        { path: '.netrc', text: 'machine api.heroku.com login ops@corp.internal password ${HEROKU_API_KEY}\n' },
      ],
    },
  }),
  file({
    id: 'pgpass-password',
    description: 'Password in a PostgreSQL .pgpass file',
    provider: 'PostgreSQL',
    kind: 'database_credential',
    keywords: [],
    paths: /(?:^|\/)(?:\.pgpass|pgpass\.conf)$/,
    // hostname:port:database:username:password (a password equal to the user is a local default)
    regex: /(?<![^\n])(?!#)(?:[^:\\\n]|\\.){1,253}:(?:\d{1,5}|\*):(?:[^:\\\n]|\\.){1,63}:(?<u>(?:[^:\\\n]|\\.){1,63}):(?!\k<u>\r?(?:\n|$))([^\r\n]{1,256})/,
    secretGroup: 2,
    anyStrength: true,
    envName: 'PGPASSWORD',
    samples: {
      truePositives: (g) => [
        { path: '.pgpass', text: `db.internal:5432:shop:shop_app:${g.weakPassword()}\nreplica.internal:5432:*:report:${g.digits(6)}\n` },
        { path: '.pgpass', text: `# hostname:port:database:username:password\ndb.internal:5432:shop:shop_app:${g.password(18)}\n` },
        { path: 'AppData/Roaming/postgresql/pgpass.conf', text: `*:*:*:replicator:${g.alnum(20)}\r\n` },
      ],
      falsePositives: (g) => [
        { path: '.pgpass', text: 'db.internal:5432:shop:shop_app:*\n' },
        { path: 'docs/pgpass.txt', text: `db.internal:5432:shop:shop_app:${g.password(18)}\n` },
        { path: '.pgpass', text: '# hostname:port:database:username:password\nlocalhost:5432:*:postgres:postgres\n' },
      ],
    },
  }),
  file({
    id: 'git-credentials-token',
    description: 'Token or password in a git credential store (.git-credentials)',
    provider: 'Git',
    kind: 'token',
    keywords: [],
    paths: /(?:^|\/)(?:\.git-credentials|\.config\/git\/credentials)$/,
    // The user part may hold a raw `@` (`https://me@corp.com:pass@host`, as git writes what it was given).
    regex: /\bhttps?:\/\/[^\s:/]{0,256}:([^\s/@]{1,512})@[\w.[\]-]{1,253}(?![\w.@-])/,
    anyStrength: true,
    envName: 'GIT_TOKEN',
    samples: {
      truePositives: (g) => [
        // git stores what it was given: an e-mail user with a raw `@`, a weak password.
        { path: '.git-credentials', text: `https://ops@corp.internal:${g.alnum(20)}@git.corp.internal\nhttps://me:${g.weakPassword()}@bitbucket.org\n` },
        { path: '.git-credentials', text: `https://deploy:${g.alnum(40)}@bitbucket.org\n` },
        { path: 'home/ci/.config/git/credentials', text: `https://oauth2:${g.base64url(26)}@git.corp.internal\n` },
      ],
      falsePositives: (g) => [
        { path: 'NOTES.txt', text: `https://deploy:${g.alnum(40)}@bitbucket.org\n` },
        { path: '.git-credentials', text: 'https://deploy@bitbucket.org\n' },
      ],
    },
  }),
  file({
    id: 'htpasswd-password-hash',
    description: 'Password hash in an Apache/nginx htpasswd file',
    provider: 'htpasswd',
    severity: 'medium',
    keywords: [],
    paths: /(?:^|\/)[^/]{0,64}htpasswd$/,
    regex: new RegExp(String.raw`(?<![^\n])[^:\s#]{1,255}:(\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\{SHA\}[A-Za-z0-9+/]{27}=|` +
      String.raw`\{SSHA\}[A-Za-z0-9+/]{24,80}={0,2}|${CRYPT_HASH})(?![^\s:])`),
    entropy: 3,
    envName: 'HTPASSWD_HASH',
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        { path: '.htpasswd', text: `admin:$apr1$${g.chars(CRYPT64, 8)}$${g.chars(CRYPT64, 22)}\n` },
        { path: 'nginx/conf.d/metrics.htpasswd', text: `prometheus:${bcrypt(g)}\ngrafana:{SHA}${g.base64Bytes(20)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/auth.md', text: `admin:$apr1$${g.chars(CRYPT64, 8)}$${g.chars(CRYPT64, 22)}\n` },
        { path: '.htpasswd', text: '# admin:<hash from htpasswd -B>\nadmin:\n' },
      ],
    },
  }),
  file({
    id: 'shadow-password-hash',
    description: 'Password hash in an /etc/shadow-style line',
    provider: 'Unix',
    severity: 'medium',
    confidence: 'high',
    keywords: ['$1$', '$5$', '$6$', '$y$', '$gy$', '$2a$', '$2b$', '$2y$'],
    regex: new RegExp(String.raw`(?<![^\n])[a-z_][\w.-]{0,31}:!{0,2}(${CRYPT_HASH}):\d{0,6}:\d{0,6}:\d{0,6}:`),
    entropy: 3,
    envName: 'PASSWORD_HASH',
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        `root:${sha512crypt(g)}:19500:0:99999:7:::\ndaemon:*:19500:0:99999:7:::`,
        `deploy:$y$j9T$${g.chars(CRYPT64, 22)}$${g.chars(CRYPT64, 43)}:19800:0:99999:7:::`,
      ],
      falsePositives: (g) => [
        'root:*:19500:0:99999:7:::\nnobody:!:19500::::::',
        `const hash = "${bcrypt(g)}";`,
        `root:$6$${'x'.repeat(16)}$${'x'.repeat(86)}:19500:0:99999:7:::`,
      ],
    },
  }),
  file({
    id: 'docker-config-auth',
    description: 'Registry credentials in a Docker config.json or .dockerconfigjson (an "auth" entry under "auths", base64 of user and password)',
    provider: 'Docker',
    keywords: ['auths'],
    // Quotes escaped once (JSON in a JSON or YAML string) or twice (in a TOML string, GitLab runners'
    // DOCKER_AUTH_CONFIG).
    regex: /\\{0,3}"auth\\{0,3}"[ \t]{0,8}:[ \t\r\n]{0,16}\\{0,3}"([A-Za-z0-9+/]{8,2048}={0,2})\\{0,3}"/,
    multiline: true,
    window: { before: 64, after: 16384 },
    validate: basicCredentials,
    envName: 'DOCKER_AUTH',
    samples: {
      truePositives: (g) => [
        { path: 'home/.docker/config.json', text: `{\n  "auths": {\n    "registry.corp.internal:5000": {\n      "auth": "${b64(`ci:${g.alnum(20)}`)}"\n    }\n  }\n}\n` },
        `stringData:\n  .dockerconfigjson: '{"auths":{"ghcr.io":{"auth":"${b64(`bot:${g.alnum(30)}`)}"}}}'\n`,
        { path: 'runner/config.toml', text: `[[runners]]\n  environment = ["DOCKER_AUTH_CONFIG={\\\\\\"auths\\\\\\":{\\\\\\"docker.corp.internal:8081\\\\\\":{\\\\\\"auth\\\\\\":\\\\\\"${b64(`ci-bot:${g.alnum(20)}`)}\\\\\\"}}}"]\n` },
      ],
      falsePositives: () => [
        '{\n  "auths": {\n    "ghcr.io": {}\n  },\n  "credsStore": "desktop"\n}\n',
        `{"auths": {"registry.corp.internal": {"auth": "${b64('username')}"}}}`, // no user:password
        `{"auths": {"registry.corp.internal": {"auth": "${b64('user:password')}"}}}`,
        '{"auths": {"registry.corp.internal": {"auth": "${DOCKER_AUTH}"}}}',
      ],
    },
  }),
  file({
    id: 'npmrc-auth-token',
    description: 'npm registry credential in .npmrc syntax (_authToken, _auth, _password)',
    provider: 'npm',
    kind: 'token',
    keywords: ['_authtoken', '_auth', '_password'],
    // `//registry/:_authToken=...` anywhere (also `echo ... > .npmrc` in Dockerfiles), or `_auth=` at a line start; never quoted.
    regex: /(?:(?<=:)|(?<![^\n]))_(?:authToken|auth|password)[ \t]{0,4}=[ \t]{0,4}([^\s"'#;]{8,2048})/,
    envName: 'NPM_TOKEN',
    samples: {
      truePositives: (g) => [
        { path: '.npmrc', text: `@acme:registry=https://npm.corp.internal/\n//npm.corp.internal/:_authToken=${g.base64url(36)}\n` },
        { path: '.npmrc', text: `_auth=${b64(`ci:${g.alnum(16)}`)}\nalways-auth=true\n` },
        `RUN echo "//registry.npmjs.org/:_authToken=${g.alnum(36)}" > .npmrc && npm ci`,
      ],
      falsePositives: () => [
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
        '        self._auth = auth_handler',
        '_password=',
      ],
    },
  }),
  file({
    id: 'yarnrc-npm-auth-token',
    description: 'npm registry credential in a Yarn Berry .yarnrc.yml (npmAuthToken, npmAuthIdent)',
    provider: 'Yarn',
    kind: 'token',
    keywords: ['npmauthtoken', 'npmauthident'],
    regex: /\bnpmAuth(?:Token|Ident)[ \t]{0,4}:[ \t]{0,4}["']?([^\s"'#]{8,2048})/i,
    envName: 'NPM_AUTH_TOKEN',
    samples: {
      truePositives: (g) => [
        `npmRegistries:\n  "https://npm.corp.internal":\n    npmAlwaysAuth: true\n    npmAuthToken: ${g.base64url(36)}\n`,
        `npmAuthIdent: "ci:${g.alnum(16)}"`,
      ],
      falsePositives: () => ['npmAuthToken: "${NPM_TOKEN}"', 'npmAlwaysAuth: true\nnpmAuthToken: ""'],
    },
  }),
  file({
    id: 'pypirc-password',
    description: 'Package index password or token in a .pypirc file',
    provider: 'PyPI',
    kind: 'token',
    keywords: ['password'],
    paths: /(?:^|\/)\.pypirc$/,
    regex: new RegExp(String.raw`${BOL}password[ \t]{0,4}[=:][ \t]{0,4}([^\s<>]{1,512})(?!\S)`),
    anyStrength: true,
    envName: 'TWINE_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: '.pypirc', text: `[internal]\nusername = deployer\npassword = ${g.weakPassword()}\n` },
        { path: '.pypirc', text: `[internal]\nrepository = https://pypi.corp.internal/simple/\nusername = deployer\npassword = ${g.password(18)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'setup.cfg', text: `[internal]\nusername = deployer\npassword = ${g.password(18)}\n` },
        { path: '.pypirc', text: '[pypi]\nusername = __token__\npassword = <your PyPI token>\n' },
      ],
    },
  }),
  file({
    id: 'mysql-option-file-password',
    description: 'Password in a MySQL option file (.my.cnf, my.ini)',
    provider: 'MySQL',
    kind: 'database_credential',
    keywords: ['password'],
    paths: /(?:^|\/)\.?my\.cnf$|(?:^|\/)my\.ini$/,
    regex: new RegExp(String.raw`${BOL}password[ \t]{0,4}=[ \t]{0,4}["']?([^\s"'#<>]{1,256})(?![^\s"'#])`),
    anyStrength: true,
    envName: 'MYSQL_PWD',
    samples: {
      truePositives: (g) => [
        { path: '.my.cnf', text: `[client]\nuser=backup\npassword="${g.password(16)}"\nhost=db.internal\n` },
        { path: '.my.cnf', text: `[client]\nuser=backup\npassword=${g.weakPassword()}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/mysql.md', text: `[client]\npassword=${g.password(16)}\n` },
        { path: 'etc/mysql/my.cnf', text: '[client]\npassword=\n' },
      ],
    },
  }),
  file({
    id: 'maven-settings-password',
    description: 'Server password in a Maven settings.xml (plain text; `{...}` values are Maven-encrypted)',
    provider: 'Maven',
    keywords: ['<password>', '<passphrase>'],
    paths: /(?:^|\/)settings\.xml$/,
    regex: /<(password|passphrase)>(?!\{)([^<\s]{1,512})<\/\1>/,
    secretGroup: 2,
    anyStrength: true,
    envName: 'MAVEN_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'home/.m2/settings.xml', text: `<server>\n  <id>nexus</id>\n  <username>admin</username>\n  <password>${g.weakPassword()}</password>\n</server>` },
        { path: '.m2/settings.xml', text: `<server>\n  <id>nexus</id>\n  <username>ci</username>\n  <password>${g.password(16)}</password>\n</server>` },
      ],
      falsePositives: (g) => [
        { path: 'pom.xml', text: `<password>${g.password(16)}</password>` },
        { path: '.mvn/settings.xml', text: '<password>${env.NEXUS_PASSWORD}</password>' },
        { path: '.mvn/settings.xml', text: `<password>{${g.base64(16)}=}</password>` },
      ],
    },
  }),
  file({
    id: 'composer-auth-password',
    description: 'Repository password in a Composer auth.json (http-basic)',
    provider: 'Composer',
    keywords: ['"password"'],
    paths: /(?:^|\/)auth\.json$/,
    regex: /"password"[ \t]{0,8}:[ \t]{0,8}"([^"\r\n]{1,512})"/,
    anyStrength: true,
    envName: 'COMPOSER_AUTH',
    samples: {
      truePositives: (g) => [
        { path: 'auth.json', text: `{\n  "http-basic": {\n    "repo.packagist.com": {\n      "username": "token",\n      "password": "${g.alnum(40)}"\n    }\n  }\n}` },
      ],
      falsePositives: (g) => [
        { path: 'composer.json', text: `{"http-basic": {"repo.packagist.com": {"username": "token", "password": "${g.alnum(40)}"}}}` },
        { path: 'auth.json', text: '{"http-basic": {"repo.packagist.com": {"username": "token", "password": "${COMPOSER_PASS}"}}}' },
      ],
    },
  }),

  // --- Cloud CLIs (keys in code belong to the cloud rules; these are scoped to the CLIs' own files) ---
  file({
    id: 'aws-cli-credentials-file',
    description: 'Secret access key or session token in an AWS CLI credentials/config file',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'critical',
    keywords: ['aws_secret_access_key', 'aws_session_token'],
    paths: /(?:^|\/)\.aws\/(?:credentials|config)$/,
    regex: new RegExp(String.raw`${BOL}(?:aws_secret_access_key|aws_session_token)[ \t]{0,4}=[ \t]{0,4}([A-Za-z0-9/+=]{16,2048})`),
    window: { before: 64, after: 2200 },
    envName: 'AWS_SECRET_ACCESS_KEY',
    samples: {
      truePositives: (g) => [
        { path: 'home/.aws/credentials', text: `[default]\naws_access_key_id = ${g.upperAlnum(20)}\naws_secret_access_key = ${g.chars(ALPHABET.alnum + '/+', 40)}\n` },
        { path: '.aws/config', text: `[profile temp]\naws_session_token = ${g.base64(360)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'deploy/notes.txt', text: `aws_secret_access_key = ${g.chars(ALPHABET.alnum + '/+', 40)}\n` },
        { path: '.aws/credentials', text: `[docs]\naws_secret_access_key = ${['wJalrXUtnFEMI', '/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY'].join('')}\n` },
        { path: '.aws/config', text: '[profile sso]\ncredential_process = aws-vault export --format=json sso\n' },
      ],
    },
  }),
  file({
    id: 'boto-config-secret',
    description: 'Secret key or OAuth refresh token in a boto / gsutil config file',
    provider: 'Boto',
    kind: 'api_key',
    keywords: ['aws_secret_access_key', 'gs_secret_access_key', 'gs_oauth2_refresh_token'],
    paths: /(?:^|\/)(?:\.boto|boto\.cfg)$/,
    regex: new RegExp(String.raw`${BOL}(?:aws_secret_access_key|gs_secret_access_key|gs_oauth2_refresh_token)[ \t]{0,4}[=:][ \t]{0,4}([^\s#;<>]{16,1024})(?![^\s#;])`),
    envName: 'BOTO_SECRET_ACCESS_KEY',
    samples: {
      truePositives: (g) => [
        { path: '.boto', text: `[Credentials]\ngs_oauth2_refresh_token = 1//${g.base64url(100)}\n` },
        { path: 'etc/boto.cfg', text: `[Credentials]\naws_secret_access_key = ${g.chars(ALPHABET.alnum + '/+', 40)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'tools/config.ini', text: `[Credentials]\ngs_secret_access_key = ${g.alnum(40)}\n` },
        { path: '.boto', text: '[Credentials]\ngs_oauth2_refresh_token = <run gsutil config>\n' },
      ],
    },
  }),
  file({
    id: 'azure-cli-token-cache',
    description: 'Token or service-principal secret in an Azure CLI cache (~/.azure/*.json)',
    provider: 'Azure CLI',
    kind: 'token',
    keywords: [],
    paths: /(?:^|\/)\.azure\/(?:accessTokens|msal_token_cache|service_principal_entries)\.json$/,
    regex: /"(?:refreshToken|accessToken|secret|client_secret)"[ \t]{0,8}:[ \t\r\n]{0,16}"([^"\s]{16,16384})"/,
    envName: 'AZURE_CLIENT_SECRET',
    samples: {
      truePositives: (g) => [
        { path: 'home/.azure/msal_token_cache.json', text: `{"RefreshToken": {"k": {"credential_type": "RefreshToken", "secret": "0.A${g.base64url(300)}"}}}` },
        { path: '.azure/service_principal_entries.json', text: `[{"client_id": "${g.uuid()}", "tenant": "${g.uuid()}", "client_secret": "${g.base64url(34)}"}]` },
      ],
      falsePositives: (g) => [
        { path: '.azure/azureProfile.json', text: `{"subscriptions": [{"id": "${g.uuid()}", "secret": "${g.base64url(40)}"}]}` },
        { path: '.azure/msal_token_cache.json', text: '{"RefreshToken": {"k": {"secret": "<redacted-refresh-token>"}}}' },
      ],
    },
  }),
  file({
    id: 'gcloud-adc-refresh-token',
    description: 'OAuth refresh token in gcloud application-default credentials',
    provider: 'Google Cloud',
    kind: 'token',
    keywords: ['refresh_token'],
    paths: /(?:^|\/)(?:application_default_credentials|adc)\.json$/,
    regex: /"refresh_token"[ \t]{0,8}:[ \t]{0,8}"([^"\s]{20,2048})"/,
    envName: 'GOOGLE_REFRESH_TOKEN',
    samples: {
      truePositives: (g) => [
        { path: '.config/gcloud/application_default_credentials.json', text: `{\n  "client_id": "${g.digits(12)}-${g.lowerAlnum(32)}.apps.googleusercontent.com",\n  "refresh_token": "1//${g.base64url(100)}",\n  "type": "authorized_user"\n}` },
      ],
      falsePositives: (g) => [
        { path: 'service/oauth.json', text: `{"refresh_token": "1//${g.base64url(100)}"}` },
        { path: 'application_default_credentials.json', text: '{"refresh_token": "", "type": "authorized_user"}' },
      ],
    },
  }),
  file({
    id: 's3cfg-secret-key',
    description: 'Secret key in an s3cmd configuration (.s3cfg)',
    provider: 's3cmd',
    kind: 'api_key',
    keywords: ['secret_key'],
    paths: /(?:^|\/)\.?s3cfg$/,
    regex: new RegExp(String.raw`${BOL}secret_key[ \t]{0,4}=[ \t]{0,4}([^\s<>]{8,256})(?!\S)`),
    envName: 'S3_SECRET_KEY',
    samples: {
      truePositives: (g) => [{ path: '.s3cfg', text: `[default]\naccess_key = ${g.upperAlnum(20)}\nsecret_key = ${g.chars(ALPHABET.alnum + '/+', 40)}\nhost_base = s3.corp.internal\n` }],
      falsePositives: (g) => [
        { path: 'README.md', text: `secret_key = ${g.chars(ALPHABET.alnum + '/+', 40)}` },
        { path: '.s3cfg', text: '[default]\naccess_key =\nsecret_key =\n' },
      ],
    },
  }),
  file({
    id: 'kubeconfig-user-token',
    description: 'Bearer token or password of a kubeconfig user',
    provider: 'Kubernetes',
    kind: 'token',
    severity: 'critical',
    keywords: ['user:'],
    // `user:` then (sibling keys such as client-certificate-data) then `token:`/`password:`.
    regex: /(?<![\w-])user:[ \t]{0,8}\r?\n(?:[ \t]{2,24}[\w-]{1,64}:[^\n]{0,8192}\n){0,12}?[ \t]{2,24}(?:token|password):[ \t]{1,8}["']?([A-Za-z0-9._~+/=:-]{12,4096})/,
    multiline: true,
    entropy: 3,
    envName: 'KUBE_TOKEN',
    samples: {
      truePositives: (g) => [
        `users:\n- name: ci-deployer\n  user:\n    token: ${g.lowerAlnum(6)}.${g.lowerAlnum(16)}\n`,
        `users:\n  - name: admin\n    user:\n      client-certificate-data: ${g.base64(900)}\n      token: ${g.base64url(64)}\n`,
      ],
      falsePositives: (g) => [
        'users:\n- name: ci\n  user:\n    token: ${K8S_TOKEN}\n',
        'users:\n- name: ci\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n',
        `users:\n- name: eks\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\nother:\n  token: ${g.alnum(30)}\n`,
      ],
    },
  }),

  // --- Desktop FTP/SFTP clients and editor extensions ---
  file({
    id: 'filezilla-password',
    description: 'Saved password in FileZilla sitemanager.xml / recentservers.xml (base64, not encrypted)',
    provider: 'FileZilla',
    keywords: ['<pass'],
    paths: /(?:^|\/)(?:sitemanager|recentservers|filezilla)\.xml$/i,
    regex: /<Pass(?:[ \t]{1,4}encoding="base64")?[ \t]{0,4}>([^<\s]{1,1024})<\/Pass>/i,
    anyStrength: true,
    envName: 'FTP_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'AppData/Roaming/FileZilla/sitemanager.xml', text: `<Server>\n  <Host>ftp.corp.internal</Host>\n  <User>deploy</User>\n  <Pass encoding="base64">${b64(g.password(14))}</Pass>\n</Server>` },
      ],
      falsePositives: (g) => [
        { path: 'docs/ftp.xml', text: `<Pass encoding="base64">${b64(g.password(14))}</Pass>` },
        { path: 'sitemanager.xml', text: `<Pass encoding="crypt" pubkey="${g.hex(64)}">${g.base64(60)}</Pass>` },
      ],
    },
  }),
  file({
    id: 'winscp-password',
    description: 'Saved (obfuscated, reversible) password in WinSCP.ini',
    provider: 'WinSCP',
    keywords: ['password='],
    paths: /(?:^|\/)winscp\.ini$/i,
    regex: /(?<![^\n])(?:Proxy)?Password=([0-9A-F]{16,2048})(?![0-9A-Za-z])/i,
    entropy: 3,
    anyStrength: true,
    envName: 'SFTP_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'WinSCP.ini', text: `[Sessions\\deploy@prod]\nHostName=prod.corp.internal\nUserName=deploy\nPassword=${g.upperHex(64)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'settings.ini', text: `[Sessions\\deploy@prod]\nPassword=${g.upperHex(64)}\n` },
        { path: 'WinSCP.ini', text: '[Sessions\\deploy@prod]\nPassword=\nPasswordPlain=0\n' },
      ],
    },
  }),
  file({
    id: 'sftp-config-password',
    description: 'Password in an editor SFTP/FTP extension config (.vscode/sftp.json, sftp-config.json, .ftpconfig)',
    provider: 'SFTP',
    keywords: ['"password"', '"passphrase"'],
    paths: /(?:^|\/)(?:\.vscode\/sftp\.json|sftp-config\.json|\.ftpconfig|\.remote-sync\.json)$/,
    regex: /"(?:password|passphrase)"[ \t]{0,8}:[ \t]{0,8}"([^"\r\n]{1,512})"/,
    anyStrength: true,
    envName: 'SFTP_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: '.vscode/sftp.json', text: `{\n  "name": "prod",\n  "host": "web01.corp.internal",\n  "protocol": "sftp",\n  "username": "deploy",\n  "password": "${g.password(16)}",\n  "remotePath": "/var/www"\n}` },
        { path: 'sftp-config.json', text: `{\n  // Sublime SFTP\n  "type": "sftp",\n  "password": "${g.password(14)}",\n}` },
      ],
      falsePositives: (g) => [
        { path: 'src/config.json', text: `{"username": "deploy", "password": "${g.password(16)}"}` },
        { path: '.vscode/sftp.json', text: '{"host": "web01", "username": "deploy", "privateKeyPath": "~/.ssh/id_ed25519", "password": ""}' },
      ],
    },
  }),

  // --- CI servers ---
  file({
    id: 'jenkins-credentials-xml',
    description: 'Stored credential in a Jenkins credentials.xml (plain or Jenkins-encrypted {...})',
    provider: 'Jenkins',
    keywords: [],
    paths: /(?:^|\/)credentials\.xml$/,
    regex: /<(password|passphrase|secret|privateKey|secretBytes|apiToken)>\{?([^<\s{}]{4,16384})\}?<\/\1>/,
    secretGroup: 2,
    anyStrength: true,
    envName: 'JENKINS_CREDENTIAL',
    samples: {
      truePositives: (g) => [
        { path: 'jenkins_home/credentials.xml', text: `<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <scope>GLOBAL</scope>\n  <id>deploy</id>\n  <username>deploy</username>\n  <password>{${g.base64(108)}=}</password>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>` },
        { path: 'credentials.xml', text: `<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <id>slack</id>\n  <secret>${g.alnum(32)}</secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>` },
      ],
      falsePositives: (g) => [
        { path: 'jobs/build/config.xml', text: `<password>{${g.base64(108)}=}</password>` },
        { path: 'credentials.xml', text: '<password>${DEPLOY_PASSWORD}</password>\n<secret></secret>' },
      ],
    },
  }),
  file({
    id: 'jenkins-master-key',
    description: 'Jenkins master key (secrets/master.key decrypts every stored credential)',
    provider: 'Jenkins',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: [],
    paths: /(?:^|\/)secrets\/master\.key$/,
    regex: /(?<![0-9A-Za-z])([0-9a-f]{64,1024})(?![0-9A-Za-z])/,
    entropy: 3,
    envName: 'JENKINS_MASTER_KEY',
    samples: {
      truePositives: (g) => [{ path: 'jenkins_home/secrets/master.key', text: g.hex(512) }],
      falsePositives: (g) => [
        { path: 'secrets/notes.txt', text: g.hex(512) },
        { path: 'secrets/master.key', text: '0'.repeat(512) },
      ],
    },
  }),

  // --- Web frameworks ---
  file({
    id: 'rails-master-key-file',
    description: 'Rails master key (config/master.key or config/credentials/<env>.key)',
    provider: 'Rails',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: [],
    paths: /(?:^|\/)config\/(?:master|credentials\/[\w.-]{1,64})\.key$/,
    regex: /(?<![0-9A-Za-z])([0-9a-f]{32})(?![0-9A-Za-z])/,
    entropy: 3,
    envName: 'RAILS_MASTER_KEY',
    samples: {
      truePositives: (g) => [
        { path: 'config/master.key', text: g.hex(32) },
        { path: 'rails-app/config/credentials/production.key', text: g.hex(32) + '\n' },
      ],
      falsePositives: (g) => [
        { path: 'config/cache.key', text: g.hex(32) },
        { path: 'config/master.key', text: '0'.repeat(32) },
      ],
    },
  }),
  file({
    id: 'rails-master-key-env',
    description: 'Rails master key assigned to RAILS_MASTER_KEY',
    provider: 'Rails',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['rails_master_key', 'railsmasterkey', 'rails.master.key'],
    regex: /rails[._-]?master[._-]?key(?:[^\w\n]{1,12}(?:value=["'])?|>[ \t]{0,8}\r?\n[ \t]{0,40})([0-9a-f]{32})(?![0-9A-Za-z])/i,
    entropy: 3,
    envName: 'RAILS_MASTER_KEY',
    samples: {
      secret: (g) => g.hex(32),
      falsePositives: (g) => [
        'RAILS_MASTER_KEY: ${{ secrets.RAILS_MASTER_KEY }}',
        'ENV["RAILS_MASTER_KEY"] = File.read("config/master.key")',
        `RAILS_MASTER_KEY=${g.hex(31)}`,
        `RAILS_MASTER_KEY=${'ab'.repeat(16)}`,
      ],
    },
  }),
  file({
    id: 'django-secret-key',
    description: 'Django SECRET_KEY literal in a Python settings file',
    provider: 'Django',
    kind: 'api_key',
    confidence: 'high',
    keywords: ['secret_key'],
    paths: /\.py$/,
    // SECRET_KEY = '...' or a fallback default: os.environ.get('X', '...'), env('X', default='...')
    regex: /SECRET_KEY['"\]]{0,3}[ \t]{0,4}(?::[ \t]{0,4}str[ \t]{0,4})?=[ \t]{0,4}(?:[\w.]{1,40}\([ \t]{0,4}['"]\w{1,64}['"][ \t]{0,4},[ \t]{0,4}(?:default[ \t]{0,4}=[ \t]{0,4})?)?['"](?!django-insecure-)([a-z0-9!@#$%^&*(\-_=+)]{50})['"]/,
    entropy: 3.5,
    envName: 'DJANGO_SECRET_KEY',
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        { path: 'shop/settings.py', text: `# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = '${g.chars(DJANGO_CHARS, 50)}'\n` },
        { path: 'config/settings/base.py', text: `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${g.chars(DJANGO_CHARS, 50)}")\n` },
        { path: 'config/settings/prod.py', text: `SECRET_KEY = env("SECRET_KEY", default='${g.chars(DJANGO_CHARS, 50)}')\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/settings.md', text: `SECRET_KEY = '${g.chars(DJANGO_CHARS, 50)}'` },
        { path: 'shop/settings.py', text: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nSECRET_KEY = get_random_secret_key()' },
        { path: 'shop/settings.py', text: "SECRET_KEY = 'change-me-in-production'" },
      ],
    },
  }),
  file({
    id: 'django-insecure-secret-key',
    description: 'Django SECRET_KEY generated by startproject (django-insecure- prefix)',
    provider: 'Django',
    kind: 'api_key',
    confidence: 'high',
    keywords: ['django-insecure-'],
    regex: /(django-insecure-[a-z0-9!@#$%^&*(\-_=+)]{50})(?![a-z0-9!@#$%^&*(\-_=+)])/,
    entropy: 3.5,
    envName: 'DJANGO_SECRET_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'django-insecure-' + g.chars(ALPHABET.lowerAlnum + '!@%^&*-_=+', 50),
      falsePositives: (g) => [
        `SECRET_KEY = 'django-insecure-${g.chars(DJANGO_CHARS, 30)}'`, // truncated
        `SECRET_KEY = 'django-insecure-${'x'.repeat(50)}'`,
        'Keys created by startproject start with django-insecure- and must be replaced.',
      ],
    },
  }),
  file({
    id: 'laravel-app-key',
    description: 'Laravel APP_KEY (base64: encryption key)',
    provider: 'Laravel',
    kind: 'api_key',
    confidence: 'high',
    keywords: ['base64:'],
    regex: /(?<![\w+/])base64:([A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{22}==)(?![A-Za-z0-9+/=])/,
    entropy: 4,
    envName: 'APP_KEY',
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        { path: 'laravel/.env', text: `APP_NAME=Bookings\nAPP_KEY=base64:${g.base64Bytes(32)}\n` },
        `'key' => env('APP_KEY', 'base64:${g.base64Bytes(32)}'),`,
        `APP_KEY="base64:${g.base64Bytes(16)}"`,
      ],
      falsePositives: (g) => [
        'APP_KEY=\nAPP_KEY=base64:${LARAVEL_APP_KEY}',
        `APP_KEY=base64:${g.base64Bytes(24)}`, // not a 16- or 32-byte key
        `APP_KEY=base64:${'A'.repeat(43)}=`,
      ],
    },
  }),
  file({
    id: 'wordpress-db-password',
    description: 'WordPress database password in wp-config.php',
    provider: 'WordPress',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['db_password'],
    regex: /define\([ \t]{0,4}['"]DB_PASSWORD['"][ \t]{0,4},[ \t]{0,4}['"](?!password_here['"])([^'"\\\n]{1,256})['"][ \t]{0,4}\)/,
    envName: 'WORDPRESS_DB_PASSWORD',
    samples: {
      truePositives: (g) => [`define( 'DB_USER', 'wp_blog' );\ndefine( 'DB_PASSWORD', '${g.password(16)}' );`],
      falsePositives: () => [
        "define( 'DB_PASSWORD', 'password_here' );",
        "define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) );",
        "define('DB_PASSWORD', '');",
      ],
    },
  }),
  file({
    id: 'wordpress-auth-salt',
    description: 'WordPress authentication key or salt in wp-config.php',
    provider: 'WordPress',
    kind: 'api_key',
    confidence: 'high',
    // The SECURE_ forms are listed too: a shorter keyword from another rule (`_auth`) could otherwise take the hit.
    keywords: ['secure_auth_key', 'secure_auth_salt', 'auth_key', 'auth_salt', 'logged_in_key', 'logged_in_salt', 'nonce_key', 'nonce_salt'],
    regex: /define\([ \t]{0,4}['"](?:SECURE_)?(?:AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)['"][ \t]{0,4},[ \t]{0,32}'([^'\\\n]{40,128})'[ \t]{0,4}\)/,
    entropy: 4,
    envName: 'WORDPRESS_AUTH_KEY',
    // Salts are random printable text: `<...>`, `${` and `...` occur by chance, so the generic filters would drop real ones.
    skipFilters: true,
    samples: {
      truePositives: (g) => [
        `define( 'AUTH_KEY',         '${g.chars(WP_SALT_CHARS, 64)}' );\ndefine( 'SECURE_AUTH_SALT', '${g.chars(WP_SALT_CHARS, 64)}' );`,
      ],
      falsePositives: () => [
        "define( 'AUTH_KEY',         'put your unique phrase here' );",
        "define( 'NONCE_SALT', getenv( 'WORDPRESS_NONCE_SALT' ) );",
        `define( 'LOGGED_IN_KEY', '${'x'.repeat(64)}' );`,
      ],
    },
  }),
];

export const rules: Rule[] = [...privateKeys, ...connectionStrings, ...credentialFiles];
