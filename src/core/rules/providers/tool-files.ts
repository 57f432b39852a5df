// Credential stores of common tools that files.ts does not cover: legacy Docker and NuGet configs,
// mail clients, rclone, remote-desktop and database GUIs' connection stores, game and voice servers,
// and password hashes in SQL dumps. Each is recognised by its file name and by the shape of its
// line; whatever password stands there is a finding, however weak (`anyStrength`).
import { isFillIn } from '../../text/placeholder';
import { ALPHABET } from '../sample-gen';
import type { Rule } from '../types';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const CRYPT64 = './' + ALPHABET.digits + ALPHABET.upper + ALPHABET.lower;
/** At the start of a line (or of the searched window), after optional indentation. */
const BOL = String.raw`(?<![^\n])[ \t]{0,8}`;

type ToolRule = Omit<Rule, 'kind' | 'severity' | 'confidence' | 'anyStrength'> & Partial<Pick<Rule, 'kind' | 'severity' | 'confidence'>>;
const tool = (r: ToolRule): Rule => ({ kind: 'password', severity: 'high', confidence: 'medium', anyStrength: true, ...r });

/** base64 of `user:password` with a password that is not a fill-in (any strength). */
function userPassword(s: string): boolean {
  const m = /^([\x21-\x39\x3b-\x7e]{1,256}):([\x20-\x7e]{1,512})$/.exec(Buffer.from(s, 'base64').toString('latin1'));
  return m !== null && !isFillIn(m[2]);
}

/** Hashes of password columns: crypt(3) (bcrypt, SHA-crypt, MD5-crypt), Argon2 (PHC), Django PBKDF2. */
const PASSWORD_HASH = String.raw`\$2[abxy]\$\d\d\$[./0-9A-Za-z]{53}|\$[156]\$(?:rounds=\d{1,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{22,86}` +
  String.raw`|\$argon2(?:id|i|d)\$v=\d{1,3}\$m=\d{1,9},t=\d{1,4},p=\d{1,4}\$[A-Za-z0-9+/]{8,128}\$[A-Za-z0-9+/]{16,256}` +
  String.raw`|pbkdf2_sha(?:1|256)\$\d{1,7}\$[A-Za-z0-9]{1,64}\$[A-Za-z0-9+/]{20,88}={0,2}`;

const USER_TABLE = new Set(['user', 'users', 'admin', 'admins', 'administrator', 'administrators', 'member', 'members', 'customer',
  'customers', 'login', 'logins', 'staff', 'employee', 'employees', 'person', 'people', 'account', 'accounts']);
const MACHINE_TABLE = new Set(['service', 'services', 'api', 'client', 'clients', 'app', 'apps', 'integration', 'integrations', 'token', 'tokens', 'key', 'keys']);

/**
 * The statement a hash is a value of, read back (at most 4 KiB) to its `INSERT INTO`/`COPY`: a table of
 * people (`users`, `wp_users`, `auth_user`) holds crackable password hashes; a table of machine accounts
 * (`service_accounts`, `api_clients`) holds hashes of random keys, which are no finding. With no
 * statement in sight (a long extended INSERT), the hash counts.
 */
function inUserTable(_secret: string, m: RegExpExecArray): boolean {
  const back = m.input.slice(Math.max(0, m.index - 4096), m.index);
  const lower = back.toLowerCase();
  const at = Math.max(lower.lastIndexOf('insert into'), lower.lastIndexOf('copy '));
  if (at === -1) return true;
  const table = /^(?:insert into|copy)[ \t\r\n]{1,8}(?:[`"[]?\w{1,64}[`"\]]?\.)?[`"[]?(\w{1,64})/i.exec(back.slice(at, at + 160));
  if (!table) return true;
  const words = table[1].toLowerCase().split('_');
  return words.some((w) => USER_TABLE.has(w)) && !words.some((w) => MACHINE_TABLE.has(w));
}

export const rules: Rule[] = [
  tool({
    id: 'dockercfg-auth',
    description: 'Registry credentials in a legacy Docker .dockercfg (an "auth" entry, base64 of user and password)',
    provider: 'Docker',
    keywords: ['"auth"'],
    paths: /(?:^|\/)\.dockercfg$/,
    regex: /"auth"[ \t]{0,8}:[ \t\r\n]{0,16}"([A-Za-z0-9+/]{4,2048}={0,2})"/,
    validate: userPassword,
    envName: 'DOCKER_AUTH',
    samples: {
      truePositives: (g) => [
        { path: 'home/.dockercfg', text: `{"https://index.docker.io/v1/": {"auth": "${b64(`ci:${g.alnum(20)}`)}", "email": "ci@corp.internal"}}` },
        // A weak password in a credential file is still a leaked credential.
        { path: '.dockercfg', text: `{"registry.corp.internal": {"auth": "${b64(`deploy:${g.weakPassword()}`)}"}}` },
      ],
      falsePositives: (g) => [
        { path: 'docs/dockercfg.json', text: `{"registry.corp.internal": {"auth": "${b64(`ci:${g.alnum(20)}`)}"}}` },
        { path: '.dockercfg', text: `{"registry.corp.internal": {"auth": "${b64('ci:<password>')}"}}` },
        { path: '.dockercfg', text: '{"registry.corp.internal": {"auth": ""}}' },
      ],
    },
  }),
  tool({
    id: 'redis-conf-password',
    description: "Password in a Redis, Valkey or KeyDB server's config (requirepass, masterauth, sentinel auth-pass)",
    provider: 'Redis',
    keywords: ['requirepass', 'masterauth', 'auth-pass'],
    paths: /(?:^|\/)(?:redis|valkey|keydb|sentinel)[\w.-]{0,64}\.conf$|(?:^|\/)(?:redis|valkey|keydb)\/[\w.-]{1,64}\.conf$/i,
    // One directive a line, its value a word or a quoted string (`#` included: redis.conf has no
    // comment after a value); a commented-out line is no setting.
    regex: /(?<![^\n])[ \t]{0,8}(?:requirepass|masterauth|sentinel[ \t]{1,8}auth-pass[ \t]{1,8}[^\s#]{1,64})[ \t]{1,8}(["']?)([^\s"']{1,512})\1[ \t]{0,8}(?=\r?\n|$)/i,
    secretGroup: 2,
    envName: 'REDIS_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'redis.conf', text: `bind 0.0.0.0\nport 6379\nrequirepass ${g.password(20)}\nmasterauth "${g.password(20)}"\n` },
        { path: 'deploy/redis/replica.conf', text: `replicaof redis-primary 6379\nmasterauth ${g.weakPassword()}\n` },
        { path: 'sentinel.conf', text: `sentinel monitor mymaster 10.0.0.5 6379 2\nsentinel auth-pass mymaster ${g.password(16)}\n` },
        { path: 'redis/redis.conf', text: `requirepass ${g.alnum(8)}#${g.alnum(8)}\n` },
      ],
      falsePositives: (g) => [
        // redis.conf as shipped: the directive commented out.
        { path: 'redis.conf', text: '# requirepass foobared\n# masterauth <master-password>\n' },
        { path: 'redis.conf', text: 'requirepass ${REDIS_PASSWORD}\n' },
        { path: 'docs/redis.md', text: `requirepass ${g.password(20)}\n` },
        { path: 'nginx.conf', text: `requirepass ${g.password(20)}\n` },
      ],
    },
  }),
  tool({
    id: 'http-file-basic-auth',
    description: 'Plain user and password in an HTTP request file (.http/.rest: `Authorization: Basic user:password`)',
    provider: 'HTTP',
    keywords: ['basic'],
    paths: /\.(?:http|rest)$/,
    // REST Client and JetBrains HTTP Client encode `Basic user:password` and `Basic user password` themselves.
    regex: /(?<![^\n])Authorization:[ \t]{0,4}Basic[ \t]{1,4}[^\s:]{1,128}(?::|[ \t]{1,4})([^\s]{1,256})[ \t]{0,8}(?=\r?\n|$)/i,
    envName: 'HTTP_BASIC_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'requests/admin.http', text: `GET https://admin.internal/api/users\nAuthorization: Basic ops:${g.password(14)}\n` },
        { path: 'api/smoke.rest', text: `GET https://admin.internal/api/health\nAuthorization: Basic ops ${g.weakPassword()}\n` },
      ],
      falsePositives: (g) => [
        { path: 'requests/admin.http', text: 'GET https://admin.internal/api/users\nAuthorization: Basic {{user}}:{{password}}\n' },
        { path: 'requests/admin.http', text: `GET https://admin.internal/api/users\nAuthorization: Basic ${g.base64Bytes(24)}\n` },
        { path: 'docs/admin.md', text: `Authorization: Basic ops:${g.password(14)}\n` },
      ],
    },
  }),
  tool({
    id: 'mail-client-password',
    description: 'Password in a mail client config (mutt, fetchmail, msmtp, mbsync/isync, OfflineIMAP)',
    provider: 'Mail client',
    keywords: ['pass'],
    paths: /(?:^|\/)(?:\.?muttrc|\.mutt\/[\w.-]{1,64}|\.fetchmailrc|\.?msmtprc|\.mbsyncrc|\.isyncrc|\.offlineimaprc|offlineimap\.conf)$/,
    // `set imap_pass = "…"`, `password …` (msmtp, fetchmail, mid-line too), `Pass …` (mbsync), `remotepass = …`.
    regex: /(?:(?<![^\n])[ \t]{0,8}(?:set[ \t]{1,4})?|[ \t])(?:imap_pass|smtp_pass|pop_pass|remotepass|password|passwd|pass|Pass)(?:[ \t]{0,4}=[ \t]{0,4}|[ \t]{1,8})(?!=)(["']?)(?!`)([^\s"']{1,256})\1(?![^\s;#])/,
    secretGroup: 2,
    envName: 'MAIL_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'home/.muttrc', text: `set imap_user = "ops@corp.internal"\nset imap_pass = "${g.password(16)}"\n` },
        { path: '.msmtprc', text: `account work\nhost smtp.corp.internal\nuser ops\npassword ${g.password(14)}\n` },
        { path: '.fetchmailrc', text: `poll imap.corp.internal protocol imap user "ops" password "${g.weakPassword()}"\n` },
        { path: '.mbsyncrc', text: `IMAPAccount work\nHost imap.corp.internal\nUser ops\nPass ${g.alnum(18)}\n` },
        { path: '.offlineimaprc', text: `[Repository Remote]\ntype = IMAP\nremoteuser = ops\nremotepass = ${g.password(16)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/mutt.md', text: `set imap_pass = "${g.password(16)}"\n` },
        { path: '.mbsyncrc', text: 'IMAPAccount work\nPassCmd "pass show mail/work"\n' },
        { path: '.msmtprc', text: 'account work\npasswordeval "gpg -q -d ~/.msmtp-password.gpg"\n' },
        { path: '.muttrc', text: 'set imap_pass = "<your password>"\nset smtp_pass = "`pass show mail/work`"\nset imap_pass = `gpg -qd ~/.mail.gpg`\n' },
      ],
    },
  }),
  tool({
    id: 'nuget-config-password',
    description: 'Clear-text package source password in a NuGet.config',
    provider: 'NuGet',
    keywords: ['cleartextpassword'],
    paths: /(?:^|\/)nuget\.config$/i,
    regex: /<add[ \t]{1,4}key=["']ClearTextPassword["'][ \t]{1,4}value=["']([^"'<>\r\n]{1,1024})["']/i,
    envName: 'NUGET_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'NuGet.config', text: `<packageSourceCredentials>\n  <corp>\n    <add key="Username" value="ci" />\n    <add key="ClearTextPassword" value="${g.password(16)}" />\n  </corp>\n</packageSourceCredentials>` },
        { path: 'src/nuget.config', text: `<add key="ClearTextPassword" value="${g.weakPassword()}" />` },
      ],
      falsePositives: (g) => [
        { path: 'docs/nuget.md', text: `<add key="ClearTextPassword" value="${g.password(16)}" />` },
        { path: 'NuGet.config', text: '<add key="ClearTextPassword" value="%NUGET_FEED_PASSWORD%" />' },
        { path: 'NuGet.Config', text: '<add key="ClearTextPassword" value="$(FEED_PAT)" />' },
      ],
    },
  }),
  tool({
    id: 'pip-conf-index-password',
    description: 'Package index password in a pip configuration (pip.conf / pip.ini index URL)',
    provider: 'pip',
    keywords: ['://'],
    paths: /(?:^|\/)pip\.(?:conf|ini)$/,
    regex: /\bhttps?:\/\/[^\s:/@]{1,256}:([^\s/@]{1,512})@[\w.[\]-]{1,253}/,
    envName: 'PIP_INDEX_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'home/.config/pip/pip.conf', text: `[global]\nindex-url = https://ci:${g.alnum(20)}@pypi.corp.internal/simple\n` },
        { path: 'pip.ini', text: `[global]\nextra-index-url = https://deploy:${g.weakPassword()}@nexus.corp.internal/repository/pypi/simple\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/pip.md', text: `index-url = https://ci:${g.alnum(20)}@pypi.corp.internal/simple\n` },
        { path: 'pip.conf', text: '[global]\nindex-url = https://ci:${PIP_PASSWORD}@pypi.corp.internal/simple\n' },
      ],
    },
  }),
  tool({
    id: 'rclone-config-secret',
    description: 'Password, key or OAuth token of a remote in rclone.conf',
    provider: 'rclone',
    keywords: [],
    paths: /(?:^|\/)rclone\.conf$/,
    // `pass`/`password2` are obscured (reversible), keys and tokens are plain.
    regex: new RegExp(`${BOL}(?:(?:pass|password2?|secret_access_key|client_secret|account_key|key|bearer_token|api_key|sas_url)[ \\t]{0,4}=[ \\t]{0,4}([^\\s]{1,2048})` +
      String.raw`|token[ \t]{0,4}=[ \t]{0,4}\{"access_token":"([^"\s]{8,4096})")`),
    secretGroup: [1, 2],
    kind: 'api_key',
    envName: 'RCLONE_CONFIG_PASS',
    samples: {
      truePositives: (g) => [
        { path: 'home/.config/rclone/rclone.conf', text: `[backup]\ntype = sftp\nhost = nas.corp.internal\nuser = ops\npass = ${g.base64url(32)}\n` },
        { path: 'rclone.conf', text: `[s3]\ntype = s3\naccess_key_id = ${g.upperAlnum(20)}\nsecret_access_key = ${g.chars(ALPHABET.alnum + '/+', 40)}\n` },
        { path: 'rclone.conf', text: `[gdrive]\ntype = drive\ntoken = {"access_token":"ya29.${g.base64url(80)}","token_type":"Bearer"}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/rclone.md', text: `[backup]\npass = ${g.base64url(32)}\n` },
        { path: 'rclone.conf', text: '[s3]\ntype = s3\nenv_auth = true\nsecret_access_key =\n' },
      ],
    },
  }),
  tool({
    id: 'mremoteng-password',
    description: 'Saved connection password in an mRemoteNG confCons.xml (reversibly encrypted)',
    provider: 'mRemoteNG',
    keywords: ['password='],
    paths: /(?:^|\/)confCons\.xml$/i,
    regex: /\sPassword="([A-Za-z0-9+/]{8,2048}={0,2})"/,
    envName: 'RDP_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'AppData/Roaming/mRemoteNG/confCons.xml', text: `<Node Name="db01" Type="Connection" Username="ops" Domain="CORP" Password="${g.base64Bytes(48)}" Hostname="db01.corp.internal" Protocol="RDP" />` },
      ],
      falsePositives: (g) => [
        { path: 'docs/connections.xml', text: `<Node Name="db01" Password="${g.base64Bytes(48)}" />` },
        { path: 'confCons.xml', text: '<Node Name="db01" Username="ops" Password="" Hostname="db01" />' },
      ],
    },
  }),
  tool({
    id: 'remmina-password',
    description: 'Saved password in a Remmina connection profile (.remmina)',
    provider: 'Remmina',
    keywords: ['password='],
    paths: /\.remmina$/,
    regex: new RegExp(`${BOL}(?:gateway_)?password=([^\\s]{1,2048})`),
    envName: 'RDP_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'home/.local/share/remmina/group_rdp_db01.remmina', text: `[remmina]\nname=db01\nprotocol=RDP\nserver=db01.corp.internal\nusername=ops\npassword=${g.base64Bytes(24)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/remmina.ini', text: `[remmina]\npassword=${g.base64Bytes(24)}\n` },
        { path: 'db01.remmina', text: '[remmina]\nname=db01\npassword=\n' },
      ],
    },
  }),
  tool({
    id: 'db-gui-connection-password',
    description: 'Saved password in a database GUI connection store (DBeaver data-sources.json, Robo 3T, Navicat .ncx, HeidiSQL settings)',
    provider: 'Database GUI',
    kind: 'database_credential',
    keywords: ['password'],
    paths: /(?:^|\/)(?:data-sources[\w-]{0,40}\.json|robo3t\.json|3T\.json|[^/]{1,64}\.ncx|portable_settings\.txt|heidisql[^/]{0,40}\.txt)$/i,
    regex: /"(?:password|userPassword)"[ \t]{0,8}:[ \t]{0,8}"([^"\r\n]{1,512})"|\sPassword="([0-9A-Fa-f]{8,1024})"|\\Password<\|\|\|>\d<\|\|\|>([^\s<]{1,1024})/,
    secretGroup: [1, 2, 3],
    envName: 'DB_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'workspace6/General/.dbeaver/data-sources.json', text: `{"connections": {"postgres-jdbc-1": {"provider": "postgresql", "configuration": {"host": "db01", "user": "report", "password": "${g.password(14)}"}}}}` },
        { path: 'robo3t.json', text: `{"connections": [{"credentials": [{"userName": "admin", "userPassword": "${g.weakPassword()}", "databaseName": "admin"}]}]}` },
        { path: 'exports/connections.ncx', text: `<Connection ConnectionName="prod" ConnType="MYSQL" Host="db01" UserName="root" Password="${g.upperHex(32)}" />` },
        { path: 'portable_settings.txt', text: `Servers\\prod\\Host<|||>1<|||>db01.corp.internal\nServers\\prod\\Password<|||>1<|||>${g.hex(24)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'src/config.json', text: `{"user": "report", "password": "${g.password(14)}"}` },
        { path: '.dbeaver/data-sources.json', text: '{"connections": {"pg": {"configuration": {"host": "db01", "user": "report", "auth-model": "native", "save-password": false}}}}' },
        { path: '.dbeaver/data-sources.json', text: '{"connections": {"pg": {"configuration": {"user": "report", "password": "${DB_PASSWORD}"}}}}' },
      ],
    },
  }),
  tool({
    id: 'game-server-rcon-password',
    description: 'RCON or admin password in a game server config (Source/FiveM server.cfg, Minecraft server.properties, ARK)',
    provider: 'Game server',
    keywords: ['rcon_password', 'rcon.password', 'serveradminpassword'],
    paths: /\.(?:cfg|ini|properties|conf)$/,
    regex: /(?:^|[\s;])(?:set[ \t]{1,4})?(?:rcon_password|rcon\.password|ServerAdminPassword)(?:[ \t]{0,4}=[ \t]{0,4}|[ \t]{1,8})(["']?)([^\s"';]{1,256})\1(?![^\s;])/i,
    secretGroup: 2,
    envName: 'RCON_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'server.cfg', text: `hostname "Community #1"\nrcon_password "${g.alnum(14)}"\nsv_maxplayers 32\n` },
        { path: 'minecraft/server.properties', text: `enable-rcon=true\nrcon.port=25575\nrcon.password=${g.weakPassword()}\n` },
        { path: 'ShooterGame/Saved/Config/LinuxServer/GameUserSettings.ini', text: `[ServerSettings]\nServerAdminPassword=${g.password(12)}\n` },
      ],
      falsePositives: (g) => [
        { path: 'src/rcon.py', text: `rcon_password = "${g.alnum(14)}"` },
        { path: 'server.cfg', text: 'rcon_password ""\n' },
        { path: 'server.properties', text: 'rcon.password=\n' },
        { path: 'server.cfg', text: 'set rcon_password "${RCON_PASSWORD}"\n' },
      ],
    },
  }),
  tool({
    id: 'teamspeak-serveradmin-password',
    description: 'TeamSpeak 3 server query admin password (serveradmin_password)',
    provider: 'TeamSpeak',
    keywords: ['serveradmin_password'],
    regex: /serveradmin_password[ \t]{0,4}[=:][ \t]{0,4}(["']?)([^\s"';,]{1,256})\1(?![^\s;,])/i,
    secretGroup: 2,
    envName: 'TS3SERVER_SERVERADMIN_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'ts3server.ini', text: `machine_id=\ndefault_voice_port=9987\nserveradmin_password=${g.alnum(10)}\n` },
        { path: 'docker-compose.yml', text: `services:\n  teamspeak:\n    environment:\n      TS3SERVER_SERVERADMIN_PASSWORD: "${g.password(12)}"\n` },
        { path: 'start.sh', text: `./ts3server_minimal_runscript.sh serveradmin_password=${g.weakPassword()} license_accepted=1` },
      ],
      falsePositives: () => [
        { path: 'ts3server.ini', text: 'serveradmin_password=\n' },
        { path: 'docker-compose.yml', text: 'environment:\n  TS3SERVER_SERVERADMIN_PASSWORD: ${TS_ADMIN_PASSWORD}\n' },
      ],
    },
  }),
  tool({
    id: 'mumble-server-password',
    description: 'Password or Ice secret in a Mumble server config (murmur.ini, mumble-server.ini)',
    provider: 'Mumble',
    keywords: ['password', 'icesecret'],
    paths: /(?:^|\/)(?:murmur|mumble-server)\.ini$/,
    regex: new RegExp(`${BOL}(?:serverpassword|dbPassword|icesecretwrite|icesecretread|registerPassword)[ \\t]{0,4}=[ \\t]{0,4}(["']?)([^\\s"']{1,256})\\1`),
    secretGroup: 2,
    envName: 'MUMBLE_SERVER_PASSWORD',
    samples: {
      truePositives: (g) => [
        { path: 'etc/mumble-server.ini', text: `database=/var/lib/mumble-server/mumble-server.sqlite\nicesecretwrite=${g.alnum(20)}\nserverpassword=${g.weakPassword()}\n` },
      ],
      falsePositives: (g) => [
        { path: 'docs/murmur.txt', text: `icesecretwrite=${g.alnum(20)}\n` },
        { path: 'murmur.ini', text: ';icesecretwrite=\nserverpassword=\n' },
      ],
    },
  }),
  tool({
    id: 'sql-dump-password-hash',
    description: 'Password hash in an SQL dump or seed (bcrypt, SHA-crypt, Argon2, Django PBKDF2 in a quoted value)',
    provider: 'SQL dump',
    severity: 'medium',
    keywords: ['$2y$', '$2a$', '$2b$', '$6$', '$5$', '$1$', '$argon2', 'pbkdf2_sha'],
    paths: /\.sql$/i,
    regex: new RegExp(`(['"])(${PASSWORD_HASH})\\1`),
    secretGroup: 2,
    multiline: true,
    window: { before: 4096, after: 512 },
    validate: inUserTable,
    entropy: 3,
    envName: 'PASSWORD_HASH',
    samples: {
      truePositives: (g) => [
        { path: 'db/dump.sql', text: `INSERT INTO \`users\` (\`id\`, \`email\`, \`password\`) VALUES (1,'admin@corp.internal','$2y$10$${g.chars(CRYPT64, 53)}'),(2,'ops@corp.internal','$2y$10$${g.chars(CRYPT64, 53)}');` },
        { path: 'backup/app.sql', text: `COPY auth_user (id, password, username) FROM stdin;\nINSERT INTO auth_user VALUES (1, 'pbkdf2_sha256$600000$${g.alnum(22)}$${g.base64Bytes(32)}', 'admin');` },
      ],
      falsePositives: (g) => [
        { path: 'src/users.ts', text: `const hash = '$2y$10$${g.chars(CRYPT64, 53)}';` },
        { path: 'db/dump.sql', text: "INSERT INTO users (id, email, password) VALUES (1, 'admin@corp.internal', '');" },
        { path: 'db/seed.sql', text: `INSERT INTO users VALUES (1, '$2y$10$${'x'.repeat(53)}');` },
        // Hashes of machine accounts' random keys are not crackable passwords.
        { path: 'db/migrations/0007.sql', text: `INSERT INTO service_accounts (id, name, key_hash) VALUES\n  (1, 'reporting', '$2b$12$${g.chars(CRYPT64, 53)}');` },
      ],
    },
  }),
];
