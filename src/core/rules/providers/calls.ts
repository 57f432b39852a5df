// Credentials written straight into the call that uses them, which no name announces: a JWT signing
// secret (`jwt.sign(payload, "…")`), an HMAC or cipher key (`createHmac("sha256", "…")`,
// `hmac.new(b"…", …)`), a password given to the call that logs in or connects (`mysqli_connect(host,
// user, "…")`, `.login(user, "…")`, `new NetworkCredential(user, "…")`), a `user:password` pair encoded
// for HTTP Basic authentication (`btoa("user:…")`). The assignment rules never see these; the call
// does, in each language's common libraries. A key anyone who reads the code can use to forge tokens or
// signatures is a leak however weak it is, so a key only has to be a literal of 8 characters or more
// that asks for nothing to be filled in; how random it is decides how sure the finding is. A password
// is judged as the generic password rule judges one.
import { charClasses, shannonEntropy } from '../../text/entropy';
import type { Confidence, Rule } from '../types';
import { assignmentConfidence, identifierWords } from './generic';

/**
 * One argument before the secret: a string (which may hold commas: `"cn=admin,dc=corp"`), a value, a
 * call, or a bracketed literal of one level (`{ id: user.id, role }`).
 */
const ARG = String.raw`(?:"[^"\\\r\n]{0,200}"|'[^'\\\r\n]{0,200}'|\{[^{}]{0,400}\}|\[[^\[\]]{0,400}\]|[^,(){}\[\]\r\n]{1,120}(?:\([^()\r\n]{0,120}\))?)`;
/** Optional string-prefix letters: Python `b"…"`/`r'…'`, C# `@"…"`. */
const PREFIX = String.raw`(?:[bBrRuU]{1,2}|@)?`;

/**
 * The rule's regex from `forms`, each a pattern in which `SECRET` stands for the quoted literal: one
 * quote group and one secret group per form (the literal ends at its own quote; `min`–200 characters, on one
 * line, none of them in `excluded`, a class body).
 */
function callForms(forms: readonly string[], min = 8, excluded = ''): { regex: RegExp; secretGroup: number[] } {
  const secretGroup: number[] = [];
  let group = 0;
  const parts = forms.map((form) => {
    const [before, after] = form.split('SECRET');
    group += captureGroups(before);
    const quote = ++group;
    const secret = ++group;
    secretGroup.push(secret);
    group += captureGroups(after);
    return `${before}${PREFIX}(["'\`])((?:(?!\\${quote})[^\\\\\\r\\n${excluded}]){${min},200})\\${quote}${after}`;
  });
  return { regex: new RegExp(`(?:${parts.join('|')})`), secretGroup };
}

/** The capture groups a pattern opens: `(` not escaped, not in a class, not `(?`. */
function captureGroups(source: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && source[i + 1] !== '?') n++;
  }
  return n;
}

/** What the literal holds, beyond the engine's placeholder and reference filters. */
function literalValue(secret: string): boolean {
  if (/\$\{|\{\{|%s|^-----BEGIN|^(?:https?|file):\/\//.test(secret)) return false; // a template, a PEM public key or a URL
  return !/^[A-Z][A-Z0-9_]{7,}$/.test(secret); // an environment variable's name (`JWT_SECRET`)
}

/** A random key is surely one; a plain one (`buechelejedi16`) is still a key anyone can forge with. */
function keyConfidence(secret: string): Confidence {
  return secret.length >= 16 && charClasses(secret) >= 2 && shannonEntropy(secret) >= 3.5 ? 'high' : 'medium';
}

/**
 * An HMAC's key is also used as a label that separates one use of a hash from another (Telegram's
 * `WebAppData`, `app-key-derivation-v1`): readable words are likelier that than a secret.
 */
function hmacKeyConfidence(secret: string): Confidence {
  return readsAsLabel(secret) ? 'low' : keyConfidence(secret);
}

/** Two or more pronounceable words, perhaps with a version (`WebAppData`, `key-derivation-v1`). */
function readsAsLabel(secret: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_.:/-]{0,79}$/.test(secret)) return false;
  const words = identifierWords(secret);
  return words.length >= 2 && words.every((w) => /^v\d{1,3}$/.test(w) || (/^[a-z]{2,20}\d{0,3}$/.test(w) && /[aeiouy]/.test(w)));
}

/**
 * A key is one word: no spaces, parentheses, commas or semicolons. A phrase is an example, and a line of
 * calls strung together (`jwt.sign(a,'jwt.sign(a,'…`) cannot make a match of every call.
 */
const KEY_EXCLUDED = String.raw`\s(),;`;

const jwt = callForms([
  // jsonwebtoken, jose-style helpers: jwt.sign(payload, "…"), jwt.verify(token, "…")
  String.raw`\b(?:jwt|jsonwebtoken|JWT)\.(?:sign|verify)\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // PyJWT, ruby-jwt: jwt.encode(payload, "…", algorithm="HS256"), JWT.decode token, "…"
  String.raw`\b(?:jwt|JWT)\.(?:encode|decode)[( ]\s{0,20}${ARG}\s{0,20},\s{0,20}(?:key\s{0,4}=\s{0,4})?SECRET`,
  // firebase/php-jwt: JWT::encode($payload, '…', 'HS256'), JWT::decode($jwt, new Key('…', 'HS256'))
  String.raw`\bJWT::(?:encode|decode)\(\s{0,20}${ARG}\s{0,20},\s{0,20}(?:new\s{1,4}Key\(\s{0,20})?SECRET`,
  // java-jwt: Algorithm.HMAC256("…")
  String.raw`\bAlgorithm\.HMAC(?:256|384|512)\(\s{0,20}SECRET`,
  // jjwt: .signWith(SignatureAlgorithm.HS256, "…"), .setSigningKey("…"), Keys.hmacShaKeyFor("…".getBytes())
  String.raw`\.signWith\(\s{0,20}SignatureAlgorithm\.HS(?:256|384|512)\s{0,20},\s{0,20}SECRET`,
  String.raw`\.setSigningKey\(\s{0,20}SECRET`,
  String.raw`\bKeys\.hmacShaKeyFor\(\s{0,20}SECRET`,
  // golang-jwt: token.SignedString([]byte("…"))
  String.raw`\.SignedString\(\s{0,20}\[\]byte\(\s{0,20}SECRET`,
  // .NET: new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…"))
  String.raw`\bSymmetricSecurityKey\(\s{0,20}Encoding\.\w{2,20}\.GetBytes\(\s{0,20}SECRET`,
], 8, KEY_EXCLUDED);

const hmac = callForms([
  // Node: createHmac("sha256", "…"), createCipheriv("aes-256-cbc", "…", iv) (also Buffer.from("…"))
  String.raw`\bcreate(?:Hmac|Cipheriv|Decipheriv)\(\s{0,20}${ARG}\s{0,20},\s{0,20}(?:Buffer\.from\(\s{0,20})?SECRET`,
  // Python: hmac.new(b"…", msg, hashlib.sha256), hmac.new(key=b"…"), hmac.digest(b"…", msg, "sha256")
  // (digest takes the message after the key: a JS hash object's `hmac.digest('hex')` is an encoding)
  String.raw`\bhmac\.new\(\s{0,20}(?:key\s{0,4}=\s{0,4})?SECRET`,
  String.raw`\bhmac\.digest\(\s{0,20}(?:key\s{0,4}=\s{0,4})?SECRET\s{0,20},`,
  // Go: hmac.New(sha256.New, []byte("…"))
  String.raw`\bhmac\.New\(\s{0,20}[\w.]{1,40}\s{0,20},\s{0,20}\[\]byte\(\s{0,20}SECRET`,
  // Ruby: OpenSSL::HMAC.hexdigest("SHA256", "…", data)
  String.raw`\bOpenSSL::HMAC\.(?:hexdigest|base64digest|digest)\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // PHP: hash_hmac('sha256', $data, '…')
  String.raw`\bhash_hmac\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // Java: new SecretKeySpec("…".getBytes(), "HmacSHA256")
  String.raw`\bnew\s{1,4}SecretKeySpec\(\s{0,20}SECRET\s{0,4}\.getBytes`,
  // CryptoJS: CryptoJS.AES.encrypt(text, "…"), CryptoJS.HmacSHA256(text, "…")
  String.raw`\bCryptoJS\.(?:(?:AES|DES|TripleDES|Rabbit|RC4|RC4Drop)\.(?:en|de)crypt|Hmac\w{2,10})\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
], 8, KEY_EXCLUDED);

/** A quoted user name (or any short literal) before the password. */
const USER = String.raw`["'][^"'\r\n]{1,100}["']`;

const password = callForms([
  // PHP: mysqli_connect(host, user, "…", db), new mysqli(…), new PDO(dsn, user, "…"), mysqli_real_connect($link, host, user, "…")
  String.raw`\b(?:mysqli_connect|mysql_p?connect)\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\bmysqli_real_connect\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\bnew\s{1,4}(?:mysqli|PDO)\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // Java: DriverManager.getConnection(url, user, "…"), new PasswordAuthentication(user, "…".toCharArray()),
  // a data source's or builder's setPassword("…") / withPassword("…")
  String.raw`\bDriverManager\.getConnection\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\bnew\s{1,4}PasswordAuthentication\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\.(?:set|with)Password\(\s{0,20}SECRET\s{0,20}\)`,
  // Python: pymysql/MySQLdb.connect(host, user, "…"), cx_Oracle/oracledb.connect(user, "…", dsn),
  // ftplib.FTP(host, user, "…"), smtplib/ftplib/imaplib .login("user", "…"), requests' auth=("user", "…"),
  // HTTPBasicAuth("user", "…")
  String.raw`\b(?:pymysql|MySQLdb)\.connect\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\b(?:cx_Oracle|oracledb)\.connect\(\s{0,20}${USER}\s{0,20},\s{0,20}SECRET`,
  String.raw`\bFTP(?:_TLS)?\(\s{0,20}${ARG}\s{0,20},\s{0,20}${USER}\s{0,20},\s{0,20}SECRET`,
  String.raw`\.login\(\s{0,20}${USER}\s{0,20},\s{0,20}SECRET\s{0,20}\)`,
  String.raw`\bauth\s{0,4}=\s{0,4}\(\s{0,20}${USER}\s{0,20},\s{0,20}SECRET\s{0,20}\)`,
  String.raw`\bHTTP(?:Basic|Digest|Proxy)Auth\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // C#: new NetworkCredential(user, "…"); Apache HttpClient: new UsernamePasswordCredentials(user, "…")
  String.raw`\bnew\s{1,4}(?:NetworkCredential|UsernamePasswordCredentials)\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // Go's http.Request, Spring's HttpHeaders: req.SetBasicAuth(user, "…"), headers.setBasicAuth(user, "…")
  String.raw`\.[Ss]etBasicAuth\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // Go: smtp.PlainAuth("", user, "…", host), smtp.CRAMMD5Auth(user, "…")
  String.raw`\bsmtp\.PlainAuth\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\bsmtp\.CRAMMD5Auth\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // python-ldap: conn.simple_bind_s("cn=admin,dc=corp", "…")
  String.raw`\.simple_bind(?:_s)?\(\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  // JS: new Sequelize(db, user, "…", options), superagent's .auth("user", "…")
  String.raw`\bnew\s{1,4}Sequelize\(\s{0,20}${ARG}\s{0,20},\s{0,20}${ARG}\s{0,20},\s{0,20}SECRET`,
  String.raw`\.auth\(\s{0,20}${USER}\s{0,20},\s{0,20}SECRET`,
  // Redis clients' one-argument AUTH: node-redis 3's client.auth("…", callback), Jedis's jedis.auth("…")
  String.raw`\b(?:[Rr]edis|[Jj]edis|client|rdb|cache|conn|connection|cluster|pub|sub|publisher|subscriber)(?:Client|Conn)?\.auth\(\s{0,20}SECRET\s{0,20}[,)]`,
], 6);

/**
 * `user:password` written into the call that encodes it for HTTP Basic authentication: the secret is
 * the part after the user name (letters, digits, `.`, `@`, `+`, `-`) and its colon. One quote group and
 * one secret group per form.
 */
function basicPairForms(forms: readonly string[]): { regex: RegExp; secretGroup: number[] } {
  const secretGroup: number[] = [];
  const parts = forms.map((form, i) => {
    const quote = i * 2 + 1;
    secretGroup.push(quote + 1);
    return form.replace('PAIR', `${PREFIX}(["'\`])[\\w.@+-]{1,64}:((?:(?!\\${quote})[^\\s\\\\]){3,128})\\${quote}`);
  });
  return { regex: new RegExp(`(?:${parts.join('|')})`), secretGroup };
}

const basicPair = basicPairForms([
  // JS: btoa("user:…"), Buffer.from("user:…").toString("base64")
  String.raw`\bbtoa\(\s{0,20}PAIR\s{0,20}\)`,
  String.raw`\bBuffer\.from\(\s{0,20}PAIR\s{0,20}(?:,\s{0,20}["'](?:utf-?8|ascii|binary|latin1)["']\s{0,20})?\)\.toString\(\s{0,20}["']base64["']`,
  // Python: base64.b64encode(b"user:…"), b64encode("user:…".encode())
  String.raw`\bb64encode\(\s{0,20}PAIR`,
  // Java: Base64.getEncoder().encodeToString("user:…".getBytes()), Base64.encodeBase64String(…)
  String.raw`\b(?:encodeToString|encodeBase64String|encodeBase64)\(\s{0,20}PAIR\s{0,4}\.getBytes`,
  // C#: Convert.ToBase64String(Encoding.UTF8.GetBytes("user:…"))
  String.raw`\bConvert\.ToBase64String\(\s{0,20}Encoding\.\w{2,20}\.GetBytes\(\s{0,20}PAIR`,
  // Go: base64.StdEncoding.EncodeToString([]byte("user:…"))
  String.raw`\bEncodeToString\(\s{0,20}\[\]byte\(\s{0,20}PAIR`,
  // PHP: base64_encode('user:…')
  String.raw`\bbase64_encode\(\s{0,20}PAIR`,
]);

const genericPassword = assignmentConfidence('password');

/**
 * As the generic password rule judges one (eight or more characters of three classes); so does a long
 * random one of a single class (a mail provider's app password: 16 random letters).
 */
function passwordConfidence(secret: string): Confidence {
  if (/\s/.test(secret)) return 'low';
  return genericPassword(secret) === 'medium' || (secret.length >= 12 && shannonEntropy(secret) >= 3.5) ? 'medium' : 'low';
}

export const rules: Rule[] = [
  {
    id: 'jwt-signing-secret-literal',
    description: 'JWT signing secret written into the call that signs or verifies tokens',
    provider: 'JWT',
    kind: 'api_key',
    severity: 'high',
    confidence: 'low', // raised by confidenceOf; in tests and docs it stays low, as the generic rules' findings
    keywords: ['jwt.sign', 'jwt.verify', 'jsonwebtoken.', 'jwt.encode', 'jwt.decode', 'jwt::', 'algorithm.hmac', 'signwith', 'setsigningkey', 'hmacshakeyfor', 'signedstring', 'symmetricsecuritykey'],
    regex: jwt.regex,
    secretGroup: jwt.secretGroup,
    validate: literalValue,
    confidenceOf: keyConfidence,
    envName: 'JWT_SECRET',
    samples: {
      truePositives: (g) => [
        { path: 'src/auth.ts', text: `const token = jwt.sign({ id: user.id, role: user.role }, '${g.alnum(32)}', { expiresIn: '1h' });` },
        { path: 'src/auth.js', text: `const claims = jwt.verify(req.headers.token, "${g.password(20)}");` },
        { path: 'app/auth.py', text: `token = jwt.encode({"sub": user.id}, "${g.alnum(24)}", algorithm="HS256")` },
        { path: 'app/auth.py', text: `claims = jwt.decode(token, key=b"${g.alnum(24)}", algorithms=["HS256"])` },
        { path: 'lib/auth.rb', text: `token = JWT.encode payload, '${g.alnum(24)}', 'HS256'` },
        { path: 'src/Auth.php', text: `$decoded = JWT::decode($jwt, new Key('${g.alnum(24)}', 'HS256'));` },
        { path: 'src/Auth.java', text: `Algorithm algorithm = Algorithm.HMAC256("${g.alnum(24)}");` },
        { path: 'src/Auth.java', text: `String jws = Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.HS512, "${g.alnum(32)}").compact();` },
        { path: 'auth/jwt.go', text: `signed, err := token.SignedString([]byte("${g.alnum(32)}"))` },
        { path: 'Auth/Token.cs', text: `var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("${g.alnum(32)}"));` },
        // A weak secret is still one: anyone can forge tokens with it.
        { path: 'src/server.js', text: `const token = jwt.sign(payload, '${['s3cr3t', 'jwt', 'k3y', '2024'].join('-')}');` },
      ],
      falsePositives: (g) => [
        { path: 'src/auth.ts', text: 'const token = jwt.sign(payload, process.env.JWT_SECRET, { expiresIn: "1h" });' },
        { path: 'src/auth.ts', text: 'const claims = jwt.verify(token, config.jwt.secret);' },
        { path: 'src/auth.ts', text: 'const token = jwt.sign(payload, `${prefix}-signing`);' },
        { path: 'src/auth.ts', text: "const token = jwt.sign(payload, 'secret');" },
        { path: 'src/auth.ts', text: "jwt.verify(token, 'JWT_SECRET_KEY');" },
        { path: 'src/auth.ts', text: "jwt.sign(payload, 'your-secret-key');" },
        { path: 'src/auth.ts', text: 'jwt.verify(token, "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA");' },
        { path: 'app/auth.py', text: 'claims = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])' },
        { path: 'src/Auth.java', text: 'Algorithm algorithm = Algorithm.HMAC256(secret);' },
        { path: 'auth/jwt.go', text: 'signed, err := token.SignedString([]byte(os.Getenv("JWT_SECRET")))' },
        { path: 'src/auth.ts', text: `jwt.sign(payload, "${g.alnum(6)}");` },
      ],
    },
  },
  {
    id: 'hmac-key-literal',
    description: 'HMAC or encryption key written into the call that uses it',
    provider: 'Generic',
    kind: 'api_key',
    severity: 'high',
    confidence: 'low', // raised by confidenceOf; in tests and docs it stays low, as the generic rules' findings
    keywords: ['createhmac', 'createcipheriv', 'createdecipheriv', 'hmac.new', 'hmac.digest', 'openssl::hmac', 'hash_hmac', 'secretkeyspec', 'cryptojs.'],
    regex: hmac.regex,
    secretGroup: hmac.secretGroup,
    validate: literalValue,
    confidenceOf: hmacKeyConfidence,
    envName: 'SIGNING_KEY',
    samples: {
      truePositives: (g) => [
        { path: 'src/webhook.ts', text: `const sig = crypto.createHmac('sha256', '${g.alnum(32)}').update(body).digest('hex');` },
        { path: 'src/crypt.js', text: `const cipher = createCipheriv('aes-256-cbc', Buffer.from('${g.alnum(32)}'), iv);` },
        { path: 'app/sign.py', text: `digest = hmac.new(b"${g.alnum(32)}", payload, hashlib.sha256).hexdigest()` },
        { path: 'sign/sign.go', text: `mac := hmac.New(sha256.New, []byte("${g.alnum(32)}"))` },
        { path: 'lib/sign.rb', text: `sig = OpenSSL::HMAC.hexdigest("SHA256", "${g.alnum(32)}", data)` },
        { path: 'src/sign.php', text: `$sig = hash_hmac('sha256', $payload, '${g.alnum(32)}');` },
        { path: 'src/Sign.java', text: `SecretKeySpec key = new SecretKeySpec("${g.alnum(32)}".getBytes(StandardCharsets.UTF_8), "HmacSHA256");` },
        { path: 'src/crypt.js', text: `const text = CryptoJS.AES.decrypt(cipherText, "${g.password(20)}").toString(CryptoJS.enc.Utf8);` },
      ],
      falsePositives: (g) => [
        { path: 'src/webhook.ts', text: "const sig = crypto.createHmac('sha256', secret).update(body).digest('hex');" },
        { path: 'src/webhook.ts', text: "const sig = createHmac('sha256', process.env.WEBHOOK_SECRET!);" },
        { path: 'app/sign.py', text: 'digest = hmac.new(key, payload, hashlib.sha256).hexdigest()' },
        { path: 'src/state.ts', text: "const hmac = createHmac('sha256', this.key);\nhmac.update(state);\nreturn hmac.digest('base64url');" },
        { path: 'app/sign.py', text: 'digest = hmac.new(settings.SIGNING_KEY.encode(), payload, "sha256")' },
        { path: 'src/sign.php', text: "$sig = hash_hmac('sha256', $payload, $secret);" },
        { path: 'src/Sign.java', text: 'SecretKeySpec key = new SecretKeySpec(secret.getBytes(), "HmacSHA256");' },
        { path: 'src/crypt.js', text: "const cipher = createCipheriv('aes-256-cbc', key, iv);" },
        { path: 'src/crypt.js', text: `const digest = createHash('sha256').update('${g.alnum(32)}').digest('hex');` },
        { path: 'src/webhook.ts', text: "createHmac('sha256', 'REPLACE_WITH_YOUR_KEY');" },
      ],
    },
  },
  {
    id: 'password-argument-literal',
    description: 'Password passed as a literal to the call that logs in or connects',
    provider: 'Generic',
    kind: 'password',
    severity: 'high',
    confidence: 'low', // raised by confidenceOf; in tests and docs it stays low, as the generic rules' findings
    keywords: ['setbasicauth', 'usernamepasswordcredentials', 'smtp.plainauth', 'smtp.crammd5auth', 'simple_bind', 'mysqli_connect', 'mysql_connect', 'mysql_pconnect', 'mysqli_real_connect', 'new mysqli', 'new pdo', 'drivermanager.getconnection', 'passwordauthentication', 'setpassword(', 'withpassword(', 'pymysql.connect', 'mysqldb.connect', 'cx_oracle.connect', 'oracledb.connect', 'ftp(', 'ftp_tls(', '.login(', 'auth=(', 'auth = (', 'basicauth(', 'digestauth(', 'proxyauth(', 'networkcredential', 'new sequelize', '.auth('],
    regex: password.regex,
    secretGroup: password.secretGroup,
    validate: literalValue,
    confidenceOf: passwordConfidence,
    envName: 'APP_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'www/db.php', text: `$conn = mysqli_connect("localhost", "root", "${g.password(14)}", "shop");` },
        { path: 'www/db.php', text: `$db = new mysqli('db.internal', 'app', '${g.password(14)}', 'orders');` },
        { path: 'www/db.php', text: `$pdo = new PDO('mysql:host=localhost;dbname=test', 'admin', '${g.password(14)}');` },
        { path: 'src/Db.java', text: `Connection c = DriverManager.getConnection("jdbc:postgresql://db:5432/app", "app", "${g.password(14)}");` },
        { path: 'src/Db.java', text: `dataSource.setPassword("${g.password(14)}");` },
        { path: 'src/Mail.java', text: `return new PasswordAuthentication("alerts", "${g.password(14)}".toCharArray());` },
        { path: 'app/db.py', text: `conn = pymysql.connect("localhost", "root", "${g.password(14)}", "shop")` },
        { path: 'app/mail.py', text: `server.login("alerts@example.com", "${g.password(14)}")` },
        { path: 'app/mail.py', text: `s.login("no-reply@example.com", "${g.lower(16)}")` }, // an app password
        { path: 'app/api.py', text: `r = requests.get(url, auth=("svc-report", "${g.password(14)}"))` },
        { path: 'app/api.py', text: `r = requests.get(url, auth=HTTPBasicAuth("svc-report", "${g.password(14)}"))` },
        { path: 'Mail/Client.cs', text: `client.Credentials = new NetworkCredential("alerts", "${g.password(14)}");` },
        { path: 'src/db.js', text: `const sequelize = new Sequelize('shop', 'root', '${g.password(14)}', { host: 'localhost', dialect: 'mysql' });` },
        { path: 'mail/mail.go', text: `auth := smtp.PlainAuth("", "alerts@example.com", "${g.password(14)}", "smtp.example.com")` },
        { path: 'api/client.go', text: `req.SetBasicAuth("admin", "${g.password(14)}")` },
        { path: 'src/Http.java', text: `creds.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials("svc", "${g.password(14)}"));` },
        { path: 'app/ldap.py', text: `conn.simple_bind_s("cn=admin,dc=corp,dc=example", "${g.password(14)}")` },
        { path: 'src/cache.js', text: `const client = redis.createClient(6379, 'cache.internal');\nclient.auth('${g.password(16)}', (err) => { if (err) throw err; });` },
        { path: 'src/main/java/Cache.java', text: `Jedis jedis = new Jedis("cache.internal", 6379);\njedis.auth("${g.password(16)}");` },
      ],
      falsePositives: (g) => [
        { path: 'www/db.php', text: '$conn = mysqli_connect($host, $user, $password, $db);' },
        { path: 'www/db.php', text: `$conn = mysqli_connect("localhost", "root", "", "shop");` },
        { path: 'www/db.php', text: "$pdo = new PDO($dsn, 'admin', getenv('DB_PASSWORD'));" },
        { path: 'src/Db.java', text: 'dataSource.setPassword(System.getenv("DB_PASSWORD"));' },
        { path: 'src/Db.java', text: 'dataSource.setPassword(password);' },
        { path: 'app/mail.py', text: 'server.login(user, password)' },
        { path: 'app/mail.py', text: 'server.login("alerts@example.com", os.environ["SMTP_PASSWORD"])' },
        { path: 'app/api.py', text: 'r = requests.get(url, auth=("svc-report", "${SVC_PASSWORD}"))' },
        { path: 'src/db.js', text: "const sequelize = new Sequelize(process.env.DB_NAME, process.env.DB_USER, process.env.DB_PASS, {});" },
        { path: 'src/db.js', text: `const sequelize = new Sequelize('shop', 'root', '${g.lower(3)}');` },
        { path: 'app/mail.py', text: "server.login('user@example.com', 'your-password')" },
        { path: 'src/cache.js', text: 'client.auth(process.env.REDIS_PASSWORD);\nfirebase.auth().signInWithEmailAndPassword(email, password);' },
        { path: 'src/api.js', text: "app.auth('session');" },
      ],
    },
  },
  {
    id: 'basic-auth-pair-literal',
    description: 'User name and password written into the call that encodes them for HTTP Basic authentication',
    provider: 'HTTP',
    kind: 'password',
    severity: 'high',
    confidence: 'low', // raised by confidenceOf; in tests and docs it stays low, as the generic rules' findings
    keywords: ['btoa(', 'buffer.from(', 'b64encode(', 'encodetostring(', 'encodebase64', 'tobase64string(', 'base64_encode('],
    regex: basicPair.regex,
    secretGroup: basicPair.secretGroup,
    validate: literalValue,
    confidenceOf: passwordConfidence,
    envName: 'BASIC_AUTH_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'src/api.ts', text: `headers.Authorization = 'Basic ' + btoa('svc-report:${g.password(14)}');` },
        { path: 'src/api.js', text: `const auth = Buffer.from("admin:${g.password(14)}").toString('base64');` },
        { path: 'app/api.py', text: `token = base64.b64encode(b"admin:${g.password(14)}").decode()` },
        { path: 'src/Api.java', text: `String auth = Base64.getEncoder().encodeToString("admin:${g.password(14)}".getBytes(StandardCharsets.UTF_8));` },
        { path: 'Api/Client.cs', text: `var auth = Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:${g.password(14)}"));` },
        { path: 'api/client.go', text: `auth := base64.StdEncoding.EncodeToString([]byte("admin:${g.password(14)}"))` },
        { path: 'www/api.php', text: `$auth = base64_encode('admin:${g.password(14)}');` },
      ],
      falsePositives: () => [
        { path: 'src/api.ts', text: 'headers.Authorization = "Basic " + btoa(`${user}:${password}`);' },
        { path: 'src/api.js', text: "const auth = Buffer.from(user + ':' + pass).toString('base64');" },
        { path: 'src/api.js', text: "const auth = Buffer.from('admin:' + process.env.ADMIN_PASSWORD).toString('base64');" },
        { path: 'app/api.py', text: 'token = base64.b64encode(f"{user}:{password}".encode()).decode()' },
        { path: 'src/api.js', text: "const data = Buffer.from('hello:world', 'utf8').toString('hex');" },
        { path: 'README.md', text: "btoa('username:password')" },
      ],
    },
  },
  {
    // ASP.NET's configuration: `"Jwt": { "Key": "…", "Issuer": … }` (appsettings.json, the tutorials'
    // form). `Key` alone names nothing; under a `Jwt` section it is the signing key.
    id: 'jwt-settings-key',
    description: 'JWT signing key in a Jwt configuration section (appsettings.json)',
    provider: 'JWT',
    kind: 'api_key',
    severity: 'high',
    confidence: 'low', // raised by confidenceOf; in tests and docs it stays low, as the generic rules' findings
    keywords: ['"jwt'],
    regex: /"Jwt(?:Settings|Options|Config|Configuration|Bearer)?"\s{0,8}:\s{0,8}\{[^{}]{0,600}?"(?:Key|Secret|SigningKey|SecretKey|IssuerSigningKey)"\s{0,8}:\s{0,8}"([^"\\\s]{8,200})"/i,
    window: { before: 16, after: 1024 },
    multiline: true,
    validate: literalValue,
    confidenceOf: keyConfidence,
    envName: 'JWT_KEY',
    samples: {
      truePositives: (g) => [
        { path: 'Api/appsettings.json', text: `{\n  "Jwt": {\n    "Key": "${g.alnum(32)}",\n    "Issuer": "shop",\n    "Audience": "shop"\n  }\n}` },
        { path: 'Api/appsettings.Production.json', text: `{ "JwtSettings": { "Issuer": "shop", "SecretKey": "${g.password(24)}" } }` },
      ],
      falsePositives: () => [
        { path: 'Api/appsettings.json', text: '{ "Jwt": { "Key": "", "Issuer": "shop" } }' },
        { path: 'Api/appsettings.json', text: '{ "Jwt": { "Issuer": "shop" }, "Cache": { "Key": "products-v2-listing" } }' },
        { path: 'Api/appsettings.json', text: '{ "Jwt": { "Key": "${JWT_KEY}", "Issuer": "shop" } }' },
      ],
    },
  },
];
