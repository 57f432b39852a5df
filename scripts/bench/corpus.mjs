// Deterministic, seeded generation of realistic source text for the benchmark: ordinary code in
// several languages that is full of credential-ish words (password fields, token variables, config
// keys) but holds no secret, minified bundles and source maps with long lines, lockfiles full of
// hashes, and a sprinkling of planted secrets. Every token-shaped string is assembled here at run
// time from SampleGen, so this file itself carries none.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadOut, MiB } from './util.mjs';

const { SampleGen } = loadOut('core/rules/sample-gen.js');

/** Bump when the generated content changes, so a cached tree is rebuilt rather than reused. */
export const CORPUS_VERSION = 3;

const WORDS = [
  'user', 'order', 'account', 'session', 'cache', 'client', 'request', 'response', 'config', 'service', 'handler', 'payment',
  'invoice', 'profile', 'item', 'cart', 'product', 'report', 'metric', 'event', 'queue', 'job', 'worker', 'file', 'path',
  'query', 'result', 'data', 'value', 'record', 'entry', 'index', 'node', 'batch', 'stream', 'buffer', 'message', 'channel',
  'retry', 'limit', 'timeout', 'header', 'body', 'status', 'error', 'logger', 'store', 'registry', 'manager', 'builder',
  'adapter', 'schema', 'model', 'view', 'route', 'policy', 'role', 'tenant', 'region', 'bucket', 'customer', 'address',
  'shipment', 'catalog', 'price', 'discount', 'coupon', 'webhook', 'audit', 'billing', 'ledger', 'export', 'import', 'upload',
  'download', 'search', 'filter', 'page', 'cursor', 'offset', 'count', 'total', 'summary', 'detail', 'owner', 'member', 'team',
];
// The credential vocabulary real code is full of: it wakes the prefilter without being a secret.
const CRED_WORDS = ['password', 'token', 'secret', 'apiKey', 'accessToken', 'refreshToken', 'credential', 'privateKey', 'bearer', 'passphrase'];
const VERBS = ['get', 'find', 'load', 'save', 'update', 'delete', 'create', 'fetch', 'sync', 'build', 'parse', 'render', 'validate', 'resolve', 'apply', 'send', 'emit', 'handle', 'compute', 'merge'];
const PHRASE = ['could not', 'failed to', 'skipping', 'retrying', 'received', 'missing', 'invalid', 'unexpected', 'loaded', 'updated', 'expired', 'rejected'];
const HOSTS = ['api.internal', 'db.internal', 'cache.internal', 'auth.example.com', 'queue.internal', 'search.internal'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const upper = (s) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** Identifier and literal helpers over one seeded generator. */
class Vocab {
  constructor(g) {
    this.g = g;
  }
  w() { return this.g.pick(WORDS); }
  chance(p) { return this.g.next() < p; }
  n(max = 1000) { return this.g.int(max); }
  camel(k = 2) {
    let s = this.w();
    for (let i = 1; i < k; i++) s += cap(this.w());
    return s;
  }
  pascal(k = 2) { return cap(this.camel(k)); }
  snake(k = 2) {
    const parts = [];
    for (let i = 0; i < k; i++) parts.push(this.w());
    return parts.join('_');
  }
  verb() { return this.g.pick(VERBS); }
  cred() { return this.g.pick(CRED_WORDS); }
  phrase() { return `${this.g.pick(PHRASE)} ${this.w()} ${this.w()}`; }
  sentence(k = 12) {
    const parts = [];
    for (let i = 0; i < k; i++) parts.push(this.chance(0.08) ? this.cred().toLowerCase() : this.w());
    return cap(parts.join(' ')) + '.';
  }
  host() { return this.g.pick(HOSTS); }
}

// ---------------------------------------------------------------------------------------------
// Planted secrets, one kind per provider family that either tool knows. Assembled at run time.

/** Secret kinds: name (an env-var-ish identifier it is assigned to) and the value. */
const SECRET_KINDS = [
  (g) => ({ name: 'GITHUB_TOKEN', value: g.checksummedToken('ghp_') }),
  (g) => ({ name: 'GH_PAT', value: `github_pat_${g.alnum(22)}_${g.alnum(59)}` }),
  (g) => ({ name: 'NPM_TOKEN', value: g.checksummedToken('npm_') }),
  (g) => ({ name: 'AWS_ACCESS_KEY_ID', value: 'AKIA' + g.upperAlnum(16) }),
  (g) => ({ name: 'AWS_SECRET_ACCESS_KEY', value: g.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 40) }),
  (g) => ({ name: 'SLACK_BOT_TOKEN', value: `xoxb-${g.digits(11)}-${g.digits(13)}-${g.alnum(24)}` }),
  (g) => ({ name: 'SLACK_WEBHOOK_URL', value: `https://hooks.slack.com/services/T${g.upperAlnum(8)}/B${g.upperAlnum(10)}/${g.alnum(24)}` }),
  (g) => ({ name: 'STRIPE_SECRET_KEY', value: `sk_live_${g.alnum(24)}` }),
  (g) => ({ name: 'GOOGLE_API_KEY', value: `AIza${g.base64url(35)}` }),
  (g) => ({ name: 'SENDGRID_API_KEY', value: `SG.${g.base64url(22)}.${g.base64url(43)}` }),
  (g) => ({ name: 'OPENAI_API_KEY', value: `sk-${g.alnum(20)}${'T3Blbk' + 'FJ'}${g.alnum(20)}` }),
  (g) => ({ name: 'JWT_TOKEN', value: g.jwt({ role: 'service' }) }),
  (g) => ({ name: 'DB_PASSWORD', value: g.password(16) }),
  (g) => ({ name: 'CLIENT_SECRET', value: g.alnum(40) }),
  (g) => ({ name: 'DATABASE_URL', value: `postgres://app:${g.alnum(18)}@${g.pick(HOSTS)}:5432/app` }),
];

/** A PEM private key block (multi-line), the other classic planted secret. */
function pemKey(g) {
  return g.pem(g.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']), 18 + g.int(10));
}

function plantedSecret(g) {
  return g.pick(SECRET_KINDS)(g);
}

/** One planted secret as a line (or lines) of the given language; `stats` counts what was planted. */
function secretLines(v, lang, stats) {
  const g = v.g;
  stats.planted++;
  if (g.int(25) === 0 && lang !== 'json') {
    const pem = pemKey(g);
    if (lang === 'py') return [`PRIVATE_KEY = """${pem}"""`];
    if (lang === 'yaml') return ['private_key: |', ...pem.split('\n').map((l) => '  ' + l)];
    if (lang === 'md') return ['```', pem, '```'];
    if (lang === 'go') return ['const privateKey = `' + pem + '`'];
    return ['const PRIVATE_KEY = `' + pem + '`;'];
  }
  const { name, value } = plantedSecret(g);
  const camelName = name.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  switch (lang) {
    case 'py': return [`${name} = "${value}"`];
    case 'go': return [`\t${camelName} := "${value}"`];
    case 'java': return [`    private static final String ${name} = "${value}";`];
    case 'yaml': return [`  ${name.toLowerCase()}: "${value}"`];
    case 'json': return [`  "${camelName}": "${value}",`];
    case 'md': return ['```sh', `export ${name}=${value}`, '```'];
    case 'env': return [`${name}=${value}`];
    default: return [`  const ${camelName} = '${value}';`];
  }
}

// ---------------------------------------------------------------------------------------------
// Line generators per language. Each returns a block of lines; most are ordinary code, some use
// the credential vocabulary without holding a secret, a few carry long hex/base64 non-secrets.

function jsBlock(v, ts) {
  const g = v.g;
  const fn = v.verb() + v.pascal();
  const a = v.camel(1);
  const b = v.camel(2);
  const out = [];
  if (ts && v.chance(0.3)) {
    out.push(`export interface ${v.pascal()} {`);
    for (let i = 0, k = 2 + g.int(8); i < k; i++) out.push(`  ${v.chance(0.1) ? v.cred() : v.camel()}${v.chance(0.2) ? '?' : ''}: ${g.pick(['string', 'number', 'boolean', 'Date', `${v.pascal()}[]`])};`);
    out.push('}', '');
    return out;
  }
  const sig = ts ? `(${a}: ${v.pascal()}, options: ${v.pascal()}Options = {}): Promise<${v.pascal()}>` : `(${a}, options = {})`;
  if (v.chance(0.2)) out.push('/**', ` * ${v.sentence(10)}`, ` * ${v.sentence(8)}`, ' */');
  out.push(`export async function ${fn}${sig} {`);
  for (let i = 0, k = 3 + g.int(18); i < k; i++) out.push(...jsStatement(v, a, b));
  out.push(`  return ${b};`, '}', '');
  return out;
}

function jsStatement(v, a, b) {
  const g = v.g;
  const r = g.int(100);
  if (r < 6) return jsCredLine(v);
  if (r < 7) return jsEntropyLine(v);
  if (r < 17) return [`  // ${v.sentence(6 + g.int(8))}`];
  if (r < 30) return [`  const ${b} = await ${a}.${v.verb()}${v.pascal(1)}(${v.camel(1)}, { ${v.camel(1)}: ${v.n()} });`];
  if (r < 40) return [`  if (!${b}) {`, `    throw new ${v.pascal(1)}Error('${v.phrase()}');`, '  }'];
  if (r < 50) return [`  logger.${g.pick(['info', 'debug', 'warn'])}('${v.phrase()}', { ${v.camel(1)}: ${a}.${v.camel(1)}, count: ${b}.length });`];
  if (r < 60) return [`  const ${v.camel(2)} = ${b}.map((x) => x.${v.camel(1)}).filter(Boolean);`];
  if (r < 68) return [`  for (const x of ${b}.${v.camel(1)}) {`, `    total += x.${v.camel(1)} * ${v.n(100)};`, '  }'];
  if (r < 76) return [`  const url = \`https://${v.host()}/v1/${v.w()}s/\${${a}.id}/${v.w()}\`;`];
  if (r < 84) return [`  await this.${v.camel(1)}Cache.set(\`${v.w()}:\${${a}.id}\`, ${b}, { ttl: ${v.n(86400)} });`];
  if (r < 92) return [`  const { ${v.camel(1)}, ${v.camel(1)}, ${v.camel(1)} } = ${a}.${g.pick(['body', 'query', 'params'])};`];
  return [`  ${b}.${v.camel(1)} = options.${v.camel(1)} ?? ${g.pick(['null', 'undefined', "''", '0', 'false', '[]'])};`];
}

function jsCredLine(v) {
  const g = v.g;
  const w = v.w();
  return g.pick([
    () => ['  const password = req.body.password;'],
    () => ['  if (!(await bcrypt.compare(password, user.passwordHash))) return res.status(401).end();'],
    () => [`  const token = jwt.sign({ sub: user.id, scope: '${w}' }, process.env.JWT_SECRET, { expiresIn: '1h' });`],
    () => ["  const headers = { Authorization: `Bearer ${token}`, 'x-request-id': requestId };"],
    () => [`  const apiKey = process.env.${upper(w)}_API_KEY;`],
    () => [`  const secret = config.get('${w}.secret');`],
    () => [`  const schema = z.object({ email: z.string().email(), password: z.string().min(${8 + g.int(8)}) });`],
    () => [`  const ${w}Token = await ${w}Client.getAccessToken();`],
    () => ['  if (session.token.expiresAt < Date.now()) await refreshToken(session);'],
    () => [`  const TOKEN_TTL_SECONDS = ${g.int(90000)};`],
    () => [`  // the ${w} signing secret is rotated by the vault operator every ${g.int(90)} days`],
    () => ["  const passwordResetUrl = '/account/password/reset';"],
    () => ['  const { accessKeyId, secretAccessKey } = credentials;'],
    () => [`  apiKey: options.apiKey ?? process.env.API_KEY, token: this.${w}Token,`],
    () => ["  password: 'changeme', // local development only"],
    () => [`  if (typeof secret !== 'string' || secret.length < ${16 + g.int(16)}) throw new Error('secret too short');`],
  ])();
}

function jsEntropyLine(v) {
  const g = v.g;
  return g.pick([
    () => [`  const ${v.w()}Id = '${g.uuid()}';`],
    () => [`  const checksum = '${g.hex(64)}';`],
    () => [`  etag: '"${g.hex(32)}"',`],
    () => [`  integrity: 'sha512-${g.base64(86)}==',`],
    () => [`  const commit = '${g.hex(40)}';`],
  ])();
}

function pyBlock(v) {
  const g = v.g;
  const out = [];
  if (v.chance(0.3)) {
    out.push(`class ${v.pascal()}(${g.pick(['BaseModel', 'models.Model', 'object', 'Exception'])}):`);
    out.push(`    """${v.sentence(8)}"""`, '');
    for (let i = 0, k = 1 + g.int(4); i < k; i++) {
      out.push(`    def ${v.verb()}_${v.snake(1)}(self, ${v.snake(1)}, ${v.snake(1)}=None):`);
      for (let j = 0, n = 2 + g.int(10); j < n; j++) out.push(...pyStatement(v, '        '));
      out.push(`        return ${v.snake(1)}`, '');
    }
    return out;
  }
  out.push(`def ${v.verb()}_${v.snake(2)}(${v.snake(1)}, ${v.snake(1)}=${g.pick(['None', 'True', '0', '""'])}):`);
  for (let j = 0, n = 2 + g.int(14); j < n; j++) out.push(...pyStatement(v, '    '));
  out.push(`    return ${v.snake(1)}`, '', '');
  return out;
}

function pyStatement(v, ind) {
  const g = v.g;
  const r = g.int(100);
  const a = v.snake(1);
  if (r < 6) {
    return [ind + g.pick([
      'password = os.environ["DB_PASSWORD"]',
      'self.api_key = api_key',
      'token = request.headers.get("Authorization", "").removeprefix("Bearer ")',
      'if not check_password(password, user.password_hash): raise PermissionDenied()',
      'SECRET_KEY = env("DJANGO_SECRET_KEY")',
      `password_min_length = ${8 + g.int(8)}`,
      'access_token = session.get("access_token")',
      `"password": forms.CharField(widget=forms.PasswordInput, max_length=${64 + g.int(64)}),`,
      `credentials = service_account.Credentials.from_service_account_file(${a}_path)`,
      '# never log the token or the password',
    ])];
  }
  if (r < 7) return [ind + g.pick([`request_id = "${g.uuid()}"`, `sha = "${g.hex(40)}"  # commit`, `digest = "${g.hex(64)}"`])];
  if (r < 17) return [`${ind}# ${v.sentence(6 + g.int(8))}`];
  if (r < 35) return [`${ind}${a} = ${v.snake(1)}.${v.verb()}_${v.snake(1)}(${v.snake(1)}, ${v.snake(1)}=${v.n()})`];
  if (r < 45) return [`${ind}if not ${a}:`, `${ind}    raise ${v.pascal(1)}Error("${v.phrase()}")`];
  if (r < 58) return [`${ind}logger.${g.pick(['info', 'debug', 'warning'])}("${v.phrase()} %s", ${a})`];
  if (r < 70) return [`${ind}${a} = [x.${v.snake(1)} for x in ${v.snake(1)} if x.${v.snake(1)}]`];
  if (r < 80) return [`${ind}for ${a} in ${v.snake(1)}:`, `${ind}    total += ${a}.${v.snake(1)} * ${v.n(100)}`];
  if (r < 90) return [`${ind}url = f"https://${v.host()}/v1/${v.w()}s/{${a}.id}"`];
  return [`${ind}${a} = {"${v.snake(1)}": ${v.snake(1)}, "${v.snake(1)}": ${v.n()}, "${v.snake(1)}": None}`];
}

function goBlock(v) {
  const g = v.g;
  const out = [];
  if (v.chance(0.3)) {
    out.push(`// ${v.pascal()} ${v.sentence(6).toLowerCase()}`, `type ${v.pascal()} struct {`);
    for (let i = 0, k = 2 + g.int(8); i < k; i++) {
      const f = v.chance(0.12) ? cap(v.cred()) : v.pascal();
      out.push(`\t${f} ${g.pick(['string', 'int', 'bool', 'time.Time', '[]string', '*' + v.pascal(1)])} \`json:"${f[0].toLowerCase() + f.slice(1)}"\``);
    }
    out.push('}', '');
    return out;
  }
  out.push(`func (s *${v.pascal(1)}Service) ${cap(v.verb())}${v.pascal()}(ctx context.Context, ${v.camel(1)} string) (*${v.pascal(1)}, error) {`);
  for (let i = 0, k = 3 + g.int(14); i < k; i++) out.push(...goStatement(v));
  out.push('\treturn result, nil', '}', '');
  return out;
}

function goStatement(v) {
  const g = v.g;
  const r = g.int(100);
  const a = v.camel(1);
  if (r < 6) {
    return [g.pick([
      '\ttoken, err := s.tokens.Issue(ctx, userID)',
      '\tapiKey := os.Getenv("API_KEY")',
      '\treq.Header.Set("Authorization", "Bearer "+token)',
      '\tif cfg.DBPassword == "" {\n\t\treturn nil, errors.New("db password is required")\n\t}',
      '\tsecret, err := s.vault.Secret(ctx, "payments/webhook")',
      '\t// the password is hashed with bcrypt before it is stored',
    ])];
  }
  if (r < 7) return [`\tconst ${a}Digest = "${g.hex(64)}"`];
  if (r < 17) return [`\t// ${v.sentence(6 + g.int(8))}`];
  if (r < 40) return [`\t${a}, err := s.${v.camel(1)}.${cap(v.verb())}(ctx, ${v.camel(1)})`, '\tif err != nil {', `\t\treturn nil, fmt.Errorf("${v.phrase()}: %w", err)`, '\t}'];
  if (r < 55) return [`\tlog.Printf("${v.phrase()} %s", ${a})`];
  if (r < 70) return [`\tfor _, x := range ${a}.${v.pascal(1)}s {`, `\t\ttotal += x.${v.pascal(1)} * ${v.n(100)}`, '\t}'];
  if (r < 85) return [`\turl := fmt.Sprintf("https://${v.host()}/v1/${v.w()}s/%s", ${a}.ID)`];
  return [`\tresult.${v.pascal(1)} = ${g.pick(['nil', '0', '""', 'true', a])}`];
}

function javaBlock(v) {
  const g = v.g;
  const out = [];
  out.push(`    public ${v.pascal(1)} ${v.verb()}${v.pascal()}(${v.pascal(1)} ${v.camel(1)}, ${g.pick(['String', 'long', 'int'])} ${v.camel(1)}) {`);
  for (let i = 0, k = 3 + g.int(14); i < k; i++) out.push(...javaStatement(v));
  out.push('        return result;', '    }', '');
  return out;
}

function javaStatement(v) {
  const g = v.g;
  const r = g.int(100);
  const a = v.camel(1);
  if (r < 6) {
    return [g.pick([
      '        String token = authService.createToken(user);',
      '        if (!passwordEncoder.matches(rawPassword, user.getPasswordHash())) {\n            throw new BadCredentialsException("bad credentials");\n        }',
      '        headers.setBearerAuth(accessToken);',
      '        final String apiKey = env.getProperty("payments.api-key");',
      '        // never log the secret or the token',
    ])];
  }
  if (r < 7) return [`        final String ${a}Hash = "${g.hex(64)}";`];
  if (r < 17) return [`        // ${v.sentence(6 + g.int(8))}`];
  if (r < 40) return [`        final ${v.pascal(1)} ${a} = ${v.camel(1)}Repository.${v.verb()}${v.pascal(1)}(${v.camel(1)}, ${v.n()});`];
  if (r < 52) return [`        if (${a} == null) {`, `            throw new IllegalStateException("${v.phrase()}");`, '        }'];
  if (r < 65) return [`        log.info("${v.phrase()} {}", ${a}.get${v.pascal(1)}());`];
  if (r < 80) return [`        final List<${v.pascal(1)}> ${a}s = ${v.camel(1)}.stream().map(${v.pascal(1)}::get${v.pascal(1)}).collect(Collectors.toList());`];
  return [`        result.set${v.pascal(1)}(${g.pick(['null', '0L', '""', 'true', a])});`];
}

function javaHeader(v) {
  const cls = v.pascal();
  const lines = [`package com.example.${v.w()}.${v.w()};`, '', 'import java.util.List;', 'import java.util.stream.Collectors;', '', '@Service', `public class ${cls}Service {`];
  lines.push('    @Value("${app.jwt.secret}")', '    private String jwtSecret;', '    private final String password;', '');
  return { lines, tail: ['}', ''] };
}

function yamlBlock(v) {
  const g = v.g;
  const r = g.int(10);
  if (r < 3) {
    const name = v.w() + '-' + v.w();
    return [
      '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, 'spec:', `  replicas: ${1 + g.int(5)}`, '  template:', '    spec:', '      containers:',
      `        - name: ${name}`, `          image: registry.internal/${name}:${g.int(9)}.${g.int(30)}.${g.int(9)}`, '          env:',
      '            - name: DB_PASSWORD', '              valueFrom:', '                secretKeyRef:', `                  name: ${name}-secrets`, '                  key: password',
      '            - name: API_TOKEN', '              valueFrom:', '                secretKeyRef:', `                  name: ${name}-secrets`, '                  key: token',
      `            - name: LOG_LEVEL`, `              value: ${g.pick(['info', 'debug', 'warn'])}`,
    ];
  }
  if (r < 5) {
    return [
      `${v.snake(1)}:`, '  runs-on: ubuntu-latest', '  steps:', '    - uses: actions/checkout@v4', `    - run: npm ci && npm run ${v.w()}`, '      env:',
      '        NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}', '        GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    ];
  }
  const out = [`${v.snake(1)}:`];
  for (let i = 0, k = 3 + g.int(10); i < k; i++) {
    const q = g.int(100);
    if (q < 8) out.push(g.pick(['  password: ${DB_PASSWORD}', '  token_url: https://auth.example.com/oauth/token', '  api_key_header: X-Api-Key', `  password_min_length: ${8 + g.int(8)}`, '  secret_name: payments-prod-db']));
    else if (q < 40) out.push(`  ${v.snake(1)}: ${v.n(10000)}`);
    else if (q < 65) out.push(`  ${v.snake(2)}: ${g.pick(['true', 'false', 'null'])}`);
    else if (q < 85) out.push(`  ${v.snake(1)}: "https://${v.host()}/${v.w()}"`);
    else out.push(`  ${v.snake(1)}: ${v.w()}-${v.w()}`);
  }
  return out;
}

function jsonRecord(v) {
  const g = v.g;
  return [
    '  {',
    `    "id": "${g.uuid()}",`,
    `    "${v.camel(1)}": "${v.w()} ${v.w()}",`,
    `    "email": "${v.w()}.${v.w()}@example.com",`,
    `    "passwordHash": "$2b$12$${g.chars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 53)}",`,
    `    "${v.camel(2)}": ${v.n(100000)},`,
    `    "${v.camel(1)}Enabled": ${g.pick(['true', 'false'])},`,
    `    "token": null,`,
    `    "createdAt": "2024-0${1 + g.int(9)}-1${g.int(9)}T0${g.int(9)}:1${g.int(9)}:00Z"`,
    '  },',
  ];
}

function lockEntry(v) {
  const g = v.g;
  const name = `${v.w()}-${v.w()}`;
  const ver = `${g.int(9)}.${g.int(30)}.${g.int(20)}`;
  return [
    `    "node_modules/${name}": {`,
    `      "version": "${ver}",`,
    `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-${ver}.tgz",`,
    `      "integrity": "sha512-${g.base64(86)}==",`,
    '      "dev": true',
    '    },',
  ];
}

function mdBlock(v) {
  const g = v.g;
  const r = g.int(10);
  if (r < 2) {
    return ['```sh', `export ${upper(v.cred())}=<your-${v.w()}-token>`, `curl -H "Authorization: Bearer $TOKEN" https://${v.host()}/v1/${v.w()}s`, '```', ''];
  }
  if (r < 4) return [`## ${cap(v.w())} ${v.w()}`, ''];
  if (r < 5) return ['| Name | Description |', '| --- | --- |', `| \`${upper(v.cred())}\` | ${v.sentence(6)} |`, `| \`${upper(v.camel())}\` | ${v.sentence(5)} |`, ''];
  return [v.sentence(10 + g.int(20)) + ' ' + v.sentence(8 + g.int(12)), ''];
}

// ---------------------------------------------------------------------------------------------
// Whole files.

/** A source file of roughly `lines` lines; `plant` secrets go in at random places. */
function sourceFile(v, lang, lines, plant, stats) {
  const out = [];
  let tail = [];
  switch (lang) {
    case 'js':
    case 'ts':
      out.push(`import { ${v.pascal(1)} } from './${v.w()}';`, `import ${v.camel(1)} from '${v.w()}-${v.w()}';`, `const logger = require('./logger')('${v.w()}');`, '');
      break;
    case 'py':
      out.push('import logging', 'import os', `from .${v.w()} import ${v.pascal(1)}`, '', 'logger = logging.getLogger(__name__)', '', '');
      break;
    case 'go':
      out.push(`package ${v.w()}`, '', 'import (', '\t"context"', '\t"fmt"', '\t"os"', ')', '');
      break;
    case 'java': {
      const h = javaHeader(v);
      out.push(...h.lines);
      tail = h.tail;
      break;
    }
    case 'json':
      out.push('[');
      tail = ['  null', ']'];
      break;
    case 'lock':
      out.push('{', `  "name": "${v.w()}-${v.w()}",`, '  "lockfileVersion": 3,', '  "packages": {');
      tail = ['    "": {}', '  }', '}'];
      break;
    case 'md':
      out.push(`# ${cap(v.w())} ${v.w()}`, '', v.sentence(20), '');
      break;
  }
  const block = {
    js: () => jsBlock(v, false), ts: () => jsBlock(v, true), py: () => pyBlock(v), go: () => goBlock(v), java: () => javaBlock(v),
    yaml: () => yamlBlock(v), json: () => jsonRecord(v), lock: () => lockEntry(v), md: () => mdBlock(v),
  }[lang];
  const plantAt = new Set();
  for (let i = 0; i < plant; i++) plantAt.add(v.g.int(Math.max(1, lines)));
  while (out.length < lines) {
    const before = out.length;
    out.push(...block());
    for (const p of plantAt) {
      if (p >= before && p < out.length) out.push(...secretLines(v, lang === 'lock' ? 'json' : lang, stats));
    }
  }
  out.push(...tail);
  return out.join('\n') + '\n';
}

/** A minified bundle: long lines of dense code and string tables, now and then an inline data URI. */
function minifiedBundle(v, bytes, lineBytes, plant, stats) {
  const g = v.g;
  const id = () => g.pick(['e', 't', 'n', 'r', 'o', 'i', 'a', 's', 'u', 'c', 'l', 'f', 'd', 'p', 'h', 'm']) + (g.next() < 0.4 ? g.pick(['', 'e', 't', 'n', '$', '_']) : '');
  const pieces = [
    () => `function ${id()}(${id()},${id()}){return ${id()}.${v.camel(1)}?${id()}.${v.camel(1)}(${id()}):null}`,
    () => `var ${id()}={apiKey:${id()}.env.${upper(v.w())}_API_KEY,token:null,password:"",${v.camel(1)}:${v.n()}}`,
    () => `${id()}.headers.Authorization="Bearer "+${id()}.${v.camel(1)}Token`,
    () => `if(!${id()}.password)throw new Error("${v.phrase()}")`,
    () => `${id()}.prototype.${v.verb()}${v.pascal(1)}=function(${id()}){return this.${v.camel(1)}.get(${id()})}`,
    () => `${id()}=${id()}.map(function(${id()}){return ${id()}.${v.camel(1)}*${v.n(100)}}).filter(Boolean)`,
    () => `"${v.camel(1)}":"${v.sentence(5)}"`,
    () => `for(var ${id()}=0;${id()}<${id()}.length;${id()}++)${id()}+=${id()}[${id()}].${v.camel(1)}`,
    () => `${id()}.${v.camel(1)}=function(){return{type:"${upper(v.camel())}",payload:${id()}}}`,
    () => `fetch("https://${v.host()}/v1/${v.w()}s",{method:"POST",headers:{"x-${v.w()}-token":${id()}}})`,
  ];
  const out = [];
  let size = 0;
  let line = 0;
  const plantEvery = plant ? Math.floor(bytes / (plant + 1)) : Infinity;
  let nextPlant = plantEvery;
  while (size < bytes) {
    let s;
    if (g.next() < 0.0015) s = `${id()}="data:image/png;base64,${g.base64Bytes(2000 + g.int(30000))}"`;
    else s = g.pick(pieces)();
    if (size >= nextPlant) {
      const { value } = plantedSecret(g);
      stats.planted++;
      s = `${id()}={${v.camel(1)}:"${value}"}`;
      nextPlant += plantEvery;
    }
    out.push(s);
    size += s.length + 1;
    line += s.length + 1;
    if (line >= lineBytes) {
      out.push('\n');
      line = 0;
    } else out.push(';');
  }
  return out.join('') + '\n';
}

/** A source map: one enormous "mappings" line plus sourcesContent strings. */
function sourceMap(v, bytes) {
  const g = v.g;
  const vlq = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const segs = [];
  let size = 0;
  while (size < bytes * 0.7) {
    const seg = g.pick(['AAAA', 'SAASA', 'CAAC', 'IAAI', 'GAAG']) + vlq[g.int(64)] + vlq[g.int(64)] + (g.next() < 0.1 ? ';' : ',');
    segs.push(seg);
    size += seg.length;
  }
  const src = [];
  for (let i = 0; i < 3; i++) src.push(JSON.stringify(sourceFile(v, 'ts', 60 + g.int(200), 0, { planted: 0 })));
  return `{"version":3,"file":"${v.w()}.js","sources":["../src/${v.w()}.ts"],"sourcesContent":[${src.join(',')}],"names":[],"mappings":"${segs.join('')}"}\n`;
}

function envFile(v, plant, stats) {
  const g = v.g;
  const out = ['# local settings; production values come from the vault', `PORT=${3000 + g.int(100)}`, `LOG_LEVEL=${g.pick(['info', 'debug'])}`, 'API_TOKEN=', 'SECRET_KEY=changeme', `${upper(v.camel())}_URL=https://${v.host()}`];
  for (let i = 0; i < 4 + g.int(10); i++) out.push(`${upper(v.camel())}=${g.pick([String(v.n()), 'true', 'false', v.w()])}`);
  for (let i = 0; i < plant; i++) out.push(...secretLines(v, 'env', stats));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The tree: a monorepo of projects in eight top-level areas of the same mixture, so one area is a
// representative subset (what both tools scan when the full tree is too slow for the other one).

const AREAS = ['apps', 'services', 'packages', 'libs', 'tools', 'infra', 'web', 'platform'];
export const SUBSET_AREA = 'services';

const PROJECT_KINDS = [
  { lang: 'ts', ext: 'ts', weight: 4 },
  { lang: 'js', ext: 'js', weight: 3 },
  { lang: 'py', ext: 'py', weight: 3 },
  { lang: 'go', ext: 'go', weight: 2 },
  { lang: 'java', ext: 'java', weight: 2 },
];

function pickWeighted(g, items) {
  let r = g.next() * items.reduce((a, x) => a + x.weight, 0);
  for (const x of items) if ((r -= x.weight) < 0) return x;
  return items[items.length - 1];
}

/** Lines of a source file: mostly small and medium, a long tail of big ones. */
function fileLines(g) {
  const r = g.next();
  if (r < 0.15) return 5 + g.int(30);
  if (r < 0.7) return 30 + g.int(220);
  if (r < 0.95) return 250 + g.int(550);
  if (r < 0.995) return 800 + g.int(2200);
  return 3000 + g.int(5000);
}

/** Writes one project's files; returns bytes written. */
function writeProject(v, dir, stats) {
  const g = v.g;
  const kind = pickWeighted(g, PROJECT_KINDS);
  let bytes = 0;
  const write = (rel, text) => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    stats.files++;
    bytes += Buffer.byteLength(text);
  };
  // About one file in twenty-five gets a planted secret.
  const plant = () => (g.next() < 0.04 ? 1 + g.int(2) : 0);
  const modules = 2 + g.int(6);
  for (let m = 0; m < modules; m++) {
    const mod = `${kind.lang === 'java' ? 'src/main/java/com/example/' : 'src/'}${v.w()}${m}`;
    for (let f = 0, n = 3 + g.int(14); f < n; f++) {
      const lang = g.next() < 0.85 ? kind.lang : g.pick(['ts', 'js', 'py', 'go', 'java']);
      const ext = { ts: 'ts', js: 'js', py: 'py', go: 'go', java: 'java' }[lang];
      const name = kind.lang === 'java' ? v.pascal() : lang === 'py' || lang === 'go' ? v.snake() : v.camel();
      write(`${mod}/${name}${f}.${ext}`, sourceFile(v, lang, fileLines(g), plant(), stats));
    }
  }
  for (let f = 0, n = 1 + g.int(6); f < n; f++) write(`test/${v.camel()}${f}.test.${kind.ext}`, sourceFile(v, kind.lang, fileLines(g), plant(), stats));
  for (let f = 0, n = 1 + g.int(4); f < n; f++) write(`config/${v.w()}${f}.${g.pick(['yaml', 'yml'])}`, sourceFile(v, 'yaml', 20 + g.int(300), plant(), stats));
  if (g.next() < 0.5) write(`fixtures/${v.w()}s.json`, sourceFile(v, 'json', 100 + g.int(3000), plant(), stats));
  if (g.next() < 0.3 && (kind.lang === 'js' || kind.lang === 'ts')) write('package-lock.json', sourceFile(v, 'lock', 500 + g.int(8000), 0, stats));
  for (let f = 0, n = 1 + g.int(3); f < n; f++) write(f === 0 ? 'README.md' : `docs/${v.w()}-${v.w()}.md`, sourceFile(v, 'md', 30 + g.int(400), plant(), stats));
  if (g.next() < 0.3) write(g.pick(['.env', '.env.example', '.env.local']), envFile(v, g.next() < 0.3 ? 1 : 0, stats));
  // A few bundles: big, long-lined, each at most 1.9 MiB so both tools read every one.
  if ((kind.lang === 'js' || kind.lang === 'ts') && g.next() < 0.12) {
    const size = Math.floor((0.2 + g.next() * 1.6) * MiB);
    const lineBytes = g.next() < 0.3 ? size : 16384 + g.int(256 * 1024);
    const name = `${v.w()}.${g.hex(8)}`;
    write(`dist/${name}.min.js`, minifiedBundle(v, size, lineBytes, g.next() < 0.5 ? 1 : 0, stats));
    if (g.next() < 0.5) write(`dist/${name}.min.js.map`, sourceMap(v, Math.floor(size * 0.6)));
    stats.bundles++;
  }
  return bytes;
}

/**
 * The benchmark tree for `targetBytes` and `seed`, generated once and cached under .bench/tree.
 * A manifest written last marks a complete tree; anything else in the folder is regenerated.
 */
export function ensureTree(benchDir, { targetBytes, seed, label }) {
  const dir = path.join(benchDir, 'tree', `${label}-v${CORPUS_VERSION}-s${seed}-${Math.round(targetBytes / MiB)}m`);
  const manifestFile = path.join(dir, '..', `${path.basename(dir)}.manifest.json`);
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8'));
    return { dir, subset: path.join(dir, SUBSET_AREA), ...m, cached: true };
  }
  // A half-written tree, or trees of older versions and seeds of this size class: 150 MiB each.
  for (const old of existsSync(path.dirname(dir)) ? readdirSync(path.dirname(dir)) : []) {
    if (old.startsWith(`${label}-`)) rmSync(path.join(path.dirname(dir), old), { recursive: true, force: true });
  }
  const started = Date.now();
  const v = new Vocab(new SampleGen(seed));
  const stats = { files: 0, planted: 0, bundles: 0 };
  let bytes = 0;
  let subsetBytes = 0;
  let subsetFiles = 0;
  for (const area of AREAS) {
    let areaBytes = 0;
    const filesBefore = stats.files;
    for (let p = 0; areaBytes < targetBytes / AREAS.length; p++) {
      areaBytes += writeProject(v, path.join(dir, area, `${v.w()}-${v.w()}-${p}`), stats);
    }
    bytes += areaBytes;
    if (area === SUBSET_AREA) {
      subsetBytes = areaBytes;
      subsetFiles = stats.files - filesBefore;
    }
  }
  const manifest = { version: CORPUS_VERSION, seed, files: stats.files, bytes, planted: stats.planted, bundles: stats.bundles, subsetFiles, subsetBytes, generatedMs: Date.now() - started };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { dir, subset: path.join(dir, SUBSET_AREA), ...manifest, cached: false };
}

/** A realistic TypeScript source file of exactly `lines` lines, with two planted secrets. */
export function realisticSource(seed, lines) {
  const v = new Vocab(new SampleGen(seed));
  const text = sourceFile(v, 'ts', lines, 2, { planted: 0 }).split('\n').slice(0, lines);
  while (text.length < lines) text.push('');
  return text.join('\n') + '\n';
}

/** A realistic multi-line source file of about `bytes` bytes. */
export function realisticSourceOfSize(seed, bytes) {
  const v = new Vocab(new SampleGen(seed));
  const parts = [];
  let size = 0;
  while (size < bytes) {
    const s = sourceFile(v, v.g.pick(['ts', 'js', 'py']), 400, 1, { planted: 0 });
    parts.push(s);
    size += s.length;
  }
  return parts.join('').slice(0, bytes);
}

/** One line of about `bytes` of minified JavaScript. */
export function minifiedLine(seed, bytes) {
  const v = new Vocab(new SampleGen(seed));
  return minifiedBundle(v, bytes, Infinity, 1, { planted: 0 }).slice(0, bytes).replace(/\n/g, ';');
}

