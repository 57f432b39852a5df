// Cloud and infrastructure providers: IaaS/PaaS accounts, secret managers, IaC and deployment platforms.
//
// Two shapes of rule live here:
//  - prefixed tokens (`dop_v1_…`, `hvs.…`, Azure's identifiable keys with a fixed signature inside): the
//    pattern proves the provider, so they skip the generic filters and only demand some entropy;
//  - bare values (an AWS secret, a Linode token) that mean nothing without the name they are assigned to:
//    built with `assigned()`, which requires the provider's word in that name and keeps the filters on.
import { ALPHABET, type SampleGen } from '../sample-gen';
import type { Rule } from '../types';
import { documentationJwt } from './generic';

// ---------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------

/** Letters matched in either case without the `i` flag, so the value's own class stays case-sensitive. */
function ci(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '\\') {
      out += c + (word[i + 1] ?? '');
      i++;
    } else {
      out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
    }
  }
  return out;
}

/** Not preceded by a letter or digit: keeps short names (`cf`, `ibm`, `scw`) from matching inside words. */
const WORD_START = '(?<![A-Za-z0-9])';

/**
 * What sits between a name and its value: `= "`, `: '`, `:= "`, `" value="` (XML attributes),
 * `: &str = "` (typed constants), or an operator at the end of a line and the value on the next (a
 * formatter broke a long assignment). No word characters, so the value is the first token after the name.
 */
const GLUE = String.raw`(?:[^\w\n]{1,12}|[^\w\n]{0,12}\r?\n[ \t]{0,40}["'\x60]?)(?:(?:&?str|String|string|value)[^\w\n]{1,8})?`;

/** `=` may end a base64 value but also assigns one (`KEY=value`), so it only bounds a value's end. */
const lead = (edge: string) => edge.replace('=', '');

/**
 * A value assigned to a name. `name` is a regex source (use `ci()` for its words); the rest of the
 * identifier (`_ACCESS_KEY`, `.secret`) is allowed after it. `edge` lists the characters that may not
 * touch the value on either side.
 */
function assigned(name: string, value: string, edge: string): RegExp {
  return new RegExp(`${name}[\\w.-]{0,40}${GLUE}(?<![${lead(edge)}])(${value})(?![${edge}])`);
}

/** A token with a distinctive prefix, bounded on both sides by characters outside `edge`. */
function token(body: string, edge = 'A-Za-z0-9_'): RegExp {
  return new RegExp(`(?<![${lead(edge)}])(${body})(?![${edge}])`);
}

const B32_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B32_LOWER = B32_UPPER.toLowerCase();
const AZURE_PAD = ['A', 'Q', 'g', 'w'] as const;
const AAD_CHARS = ALPHABET.alnum + '_~.-';

/** Azure's legacy Common Annotated Security Key: 52 random, the `JQQJ9` signature, then a provider tag. */
function annotatedKey(g: SampleGen, tag: string): string {
  return g.alnum(52) + 'JQQJ99' + g.alnum(1) + g.pick([...'ABCDEFGHIJKL']) + g.alnum(12) + tag + g.alnum(4);
}

/** Azure identifiable 64-byte keys (88 chars): 76 random, a 4-char service signature, 5 random, padding. */
const azure88 = (g: SampleGen, sig: string) => g.base64(76) + sig + g.base64(5) + g.pick(AZURE_PAD) + '==';
/** Azure identifiable 32-byte keys (44 chars): 33 random, a 4-char signature, one of A-P, 5 random, `=`. */
const azure44 = (g: SampleGen, sig: string) => g.base64(33) + sig + g.pick([...'ABCDEFGHIJKLMNOP']) + g.base64(5) + '=';

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Base64 of `BedrockAPIKey-` (long-term Bedrock keys) and of `bedrock.amazonaws.com` (short-term ones). */
const BEDROCK_KEY_B64 = 'QmVkcm9ja0FQSUtleS';
const BEDROCK_HOST_B64 = 'YmVkcm9jay5hbWF6b25hd3MuY29t';

interface AzureKeySpec {
  id: string;
  what: string;
  keyword: string;
  /** The case-sensitive signature inside the key (a false positive lower-cases it). */
  sig: string;
  body: string;
  edge: string;
  envName: string;
  kind?: Rule['kind'];
  severity?: Rule['severity'];
  sample: (g: SampleGen) => string;
}

/** Azure's identifiable keys carry a fixed service signature at a fixed offset, so the shape alone proves them. */
function azureKey(s: AzureKeySpec): Rule {
  return {
    id: s.id,
    description: `Azure ${s.what} (identifiable key format)`,
    provider: 'Azure',
    kind: s.kind ?? 'api_key',
    severity: s.severity ?? 'high',
    confidence: 'high',
    keywords: [s.keyword],
    regex: token(s.body, s.edge),
    entropy: 4,
    envName: s.envName,
    skipFilters: true,
    samples: {
      secret: s.sample,
      falsePositives: (g) => {
        const good = s.sample(g);
        return [
          `key = "${good.slice(1)}"`, // one character short
          `key = "${g.alnum(1)}${good}"`, // one character long
          `key = "${good.replace(s.sig, s.sig.toLowerCase())}"`, // signature in the wrong case
        ];
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------------

/** The 16 characters after an AWS key id's prefix are random: not a run, not the alphabet in order. */
function awsKeyIdBody(body: string): boolean {
  if (new Set(body).size < 3 || /(.)\1{9}/.test(body)) return false;
  return !'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.includes(body);
}

export const rules: Rule[] = [
  // ----- AWS --------------------------------------------------------------------------------------
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID (long-term AKIA, temporary ASIA, or service ABIA/ACCA credential)',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    // Current key IDs are base32 after the prefix; the documented ...EXAMPLE id is dropped by the engine.
    regex: token('(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}', 'A-Za-z0-9'),
    // No entropy floor: a real id may repeat characters. A fill-in (`AKIAXXXXXXXXXXXXXXXX`, `AKIAABCDEFGHIJKLMNOP`) may not.
    validate: (s) => awsKeyIdBody(s.slice(4)),
    envName: 'AWS_ACCESS_KEY_ID',
    skipFilters: true,
    samples: {
      secret: (g) => g.pick(['AKIA', 'ASIA']) + g.chars(B32_UPPER, 16),
      falsePositives: (g) => [
        `aws_access_key_id = "AKIA${g.chars(B32_UPPER, 9)}EXAMPLE"`, // documented example shape
        'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX',
        `key = "AKIA${g.chars(B32_UPPER, 12)}"`, // truncated
        `region = "TODAYINASIA${g.upperAlnum(4)}"`, // the prefix inside a word
        `key = "akia${g.chars(B32_LOWER, 16)}"`, // wrong case
        'AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP', // the alphabet
        'AWS_ACCESS_KEY_ID=AKIAAAAAAAAAAAAAAAA2', // a run
      ],
      // Repeated characters do not make a real id a fill-in (it would fail an entropy floor).
      truePositives: (g) => [`aws_access_key_id = ${g.pick(['AKIA', 'ASIA'])}${g.chars('QZ7R', 16)}`],
    },
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key assigned to an AWS credential name',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['aws', 'secretaccesskey', 'secret_access_key', 'secret-access-key', 'secret.access.key'],
    // 40 base64 characters only mean "AWS secret" next to a name like aws_secret_access_key / SecretAccessKey.
    regex: assigned(`(?:${ci('aws')}[\\w.-]{0,20}${ci('secret')}|${ci('secret')}[_.-]?${ci('access')}[_.-]?${ci('key')})`,
      '[A-Za-z0-9/+]{40}', 'A-Za-z0-9/+='),
    entropy: 4,
    envName: 'AWS_SECRET_ACCESS_KEY',
    samples: {
      secret: (g) => g.chars(ALPHABET.alnum + '/+', 40),
      falsePositives: (g) => [
        `AWS_SECRET_ACCESS_KEY=${g.base64(30)}EXAMPLEKEY`, // documented example shape
        `aws_secret_sha = "${g.hex(40)}"`, // a hex digest: too little entropy
        'AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}',
        `aws_secret_access_key = "${g.alnum(32)}"`, // wrong length
        `other_value = "${g.chars(ALPHABET.alnum + '/+', 40)}"`, // no AWS name
      ],
    },
  },
  {
    id: 'aws-session-token',
    description: 'AWS STS session token',
    provider: 'AWS',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    // Session tokens are base64 of a binary blob whose first bytes encode `origin_ec` (newer) or `er/aws` (older).
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdz', 'fqogzxivyxdz'],
    regex: token('(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+]{100,2000}={0,2}', 'A-Za-z0-9/+='),
    entropy: 4,
    window: { after: 2200 },
    envName: 'AWS_SESSION_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => g.pick(['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdz']) + g.base64(380) + '=',
      falsePositives: (g) => [
        `AWS_SESSION_TOKEN=IQoJb3JpZ2luX2Vj${g.base64(40)}`, // truncated
        'aws_session_token = "IQoJb3JpZ2luX2Vj..."',
        `blob = "${g.base64(400)}"`, // base64 without the marker
      ],
    },
  },
  {
    id: 'aws-mws-auth-token',
    description: 'Amazon Marketplace Web Service (MWS) auth token',
    provider: 'AWS',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['amzn.mws.'],
    regex: token(String.raw`amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`, 'A-Za-z0-9_-'),
    entropy: 3,
    envName: 'MWS_AUTH_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'amzn.mws.' + g.uuid(),
      falsePositives: (g) => [
        `token = "amzn.mws.${g.hex(8)}-${g.hex(4)}"`, // truncated
        'MWS_AUTH_TOKEN=amzn.mws.<your-token>',
      ],
    },
  },
  {
    id: 'aws-bedrock-api-key',
    description: 'Amazon Bedrock long-term API key',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['absk'],
    // `ABSK` + base64 of `BedrockAPIKey-<id>:<secret>`.
    regex: token(`ABSK${BEDROCK_KEY_B64}[A-Za-z0-9+/]{90,260}={0,2}`, 'A-Za-z0-9+/='),
    entropy: 4,
    envName: 'AWS_BEARER_TOKEN_BEDROCK',
    skipFilters: true,
    samples: {
      secret: (g) => 'ABSK' + b64(`BedrockAPIKey-${g.lowerAlnum(4)}-at-${g.digits(12)}:${g.base64(60)}`),
      falsePositives: (g) => [
        `AWS_BEARER_TOKEN_BEDROCK=ABSK${BEDROCK_KEY_B64}1`, // the fixed part alone
        `key = "ABSK${g.base64(120)}"`, // ABSK without the encoded marker
        `key = "ABSK${BEDROCK_KEY_B64}${g.base64(40)}"`, // truncated
      ],
    },
  },
  {
    id: 'aws-bedrock-short-term-api-key',
    description: 'Amazon Bedrock short-term API key (presigned, valid up to 12 hours)',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'medium',
    confidence: 'high',
    keywords: ['bedrock-api-key-'],
    // The prefix is followed by base64 of a presigned `bedrock.amazonaws.com/?Action=CallWithBearerToken...` URL.
    regex: token(`bedrock-api-key-${BEDROCK_HOST_B64}[A-Za-z0-9+/]{100,3000}={0,2}`, 'A-Za-z0-9+/=_-'),
    entropy: 4,
    window: { after: 3200 },
    envName: 'AWS_BEARER_TOKEN_BEDROCK',
    skipFilters: true,
    samples: {
      secret: (g) => 'bedrock-api-key-' + b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256` +
        `&X-Amz-Credential=ASIA${g.chars(B32_UPPER, 16)}%2F20250101%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Date=20250101T000000Z` +
        `&X-Amz-Expires=43200&X-Amz-Security-Token=${g.base64url(200)}&X-Amz-Signature=${g.hex(64)}&Version=1`),
      falsePositives: () => [
        'prefix = "bedrock-api-key-"',
        `token = "bedrock-api-key-${BEDROCK_HOST_B64}"`, // the fixed part alone
      ],
    },
  },

  {
    id: 'aws-appsync-api-key',
    description: 'AWS AppSync GraphQL API key',
    provider: 'AWS',
    kind: 'api_key',
    severity: 'medium',
    confidence: 'high',
    keywords: ['da2-'],
    regex: token('da2-[a-z0-9]{26}', 'A-Za-z0-9_-'),
    entropy: 3.5,
    envName: 'APPSYNC_API_KEY',
    samples: {
      secret: (g) => 'da2-' + g.lowerAlnum(26),
      falsePositives: (g) => [
        `const apiKey = "da2-${'x'.repeat(26)}";`,
        `apiKey: "da2-${g.lowerAlnum(12)}"`, // truncated
        '# AppSync API keys look like da2-<26 characters>',
      ],
    },
  },

  // ----- Google Cloud / Firebase --------------------------------------------------------------------
  {
    id: 'gcp-api-key',
    description: 'Google Cloud / Firebase API key',
    provider: 'Google Cloud',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['aiza'],
    regex: token('AIza[A-Za-z0-9_-]{35}', 'A-Za-z0-9_-'),
    entropy: 3.5,
    envName: 'GOOGLE_API_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'AIza' + g.base64url(35),
      falsePositives: (g) => [
        `key = "AIza${'x'.repeat(35)}"`,
        `key = "AIza${g.base64url(30)}"`, // truncated
        `key = "aiza${g.base64url(35)}"`, // wrong case
      ],
    },
  },
  {
    id: 'gcp-service-account-key',
    description: 'Google Cloud service-account key file (JSON with a private key)',
    provider: 'Google Cloud',
    kind: 'service_account',
    severity: 'critical',
    confidence: 'high',
    keywords: ['service_account'],
    // The JSON key file (pretty or one-line, plain or string-escaped); the secret is the PEM private key.
    regex: /\\{0,2}"type\\{0,2}"\s{0,10}:\s{0,10}\\{0,2}"service_account\\{0,2}"[\s\S]{0,1500}?\\{0,2}"private_key\\{0,2}"\s{0,10}:\s{0,10}\\{0,2}"(-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{64,8000}-----END (?:RSA )?PRIVATE KEY-----)/,
    multiline: true,
    envName: 'GOOGLE_APPLICATION_CREDENTIALS_JSON',
    skipFilters: true,
    samples: {
      truePositives: (g) => {
        const project = `${g.lower(6)}-prod-${g.digits(6)}`;
        const key = {
          type: 'service_account',
          project_id: project,
          private_key_id: g.hex(40),
          private_key: g.pem('PRIVATE KEY', 8) + '\n',
          client_email: `deployer@${project}.iam.gserviceaccount.com`,
          client_id: g.digits(21),
          auth_uri: 'https://accounts.google.com/o/oauth2/auth',
          token_uri: 'https://oauth2.googleapis.com/token',
        };
        return [
          { path: 'secrets/gcp-key.json', text: JSON.stringify(key, null, 2) + '\n' },
          { path: 'src/config.ts', text: `export const creds = ${JSON.stringify(JSON.stringify(key))};\n` },
          `GOOGLE_CREDENTIALS='${JSON.stringify(key)}'\n`,
        ];
      },
      falsePositives: (g) => [
        JSON.stringify({ type: 'service_account', project_id: 'demo', private_key: '', client_email: 'x@demo.iam.gserviceaccount.com' }, null, 2),
        JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n' }, null, 2),
        JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global', subject_token_type: 'jwt' }),
        JSON.stringify({ type: 'authorized_user', client_id: g.digits(12), refresh_token: '<refresh-token>' }),
      ],
    },
  },
  {
    id: 'gcp-oauth-client-secret',
    description: 'Google OAuth client secret',
    provider: 'Google Cloud',
    kind: 'oauth_app',
    severity: 'high',
    confidence: 'high',
    keywords: ['gocspx-'],
    regex: token('GOCSPX-[A-Za-z0-9_-]{28}', 'A-Za-z0-9_-'),
    entropy: 3.5,
    envName: 'GOOGLE_CLIENT_SECRET',
    skipFilters: true,
    samples: {
      secret: (g) => 'GOCSPX-' + g.base64url(28),
      falsePositives: (g) => [
        `client_secret = "GOCSPX-${g.base64url(20)}"`, // truncated
        'GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        `client_secret = "gocspx-${g.base64url(28)}"`, // wrong case
      ],
    },
  },
  {
    id: 'gcp-oauth-access-token',
    description: 'Google OAuth 2.0 access token (short-lived bearer for Google Cloud APIs)',
    provider: 'Google Cloud',
    kind: 'token',
    severity: 'medium',
    confidence: 'high',
    keywords: ['ya29.'],
    regex: token(String.raw`ya29\.[A-Za-z0-9_-]{50,2048}`, 'A-Za-z0-9_-'),
    entropy: 4,
    window: { after: 2200 },
    envName: 'GOOGLE_OAUTH_ACCESS_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'ya29.' + g.base64url(180),
      falsePositives: (g) => [
        'Authorization: Bearer ya29.<access-token>',
        `token = "ya29.${g.base64url(20)}"`, // truncated
      ],
    },
  },
  {
    id: 'firebase-cloud-messaging-server-key',
    description: 'Firebase Cloud Messaging legacy server key',
    provider: 'Firebase',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['apa91b'],
    regex: token('AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,150}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'FCM_SERVER_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => `AAAA${g.base64url(7)}:APA91b${g.base64url(134)}`,
      falsePositives: (g) => [
        `registration_id = "APA91b${g.base64url(134)}"`, // a device registration token, not the server key
        `FCM_SERVER_KEY=AAAA${g.base64url(7)}:APA91b${g.base64url(40)}`, // truncated
      ],
    },
  },

  // ----- Azure ------------------------------------------------------------------------------------
  azureKey({
    id: 'azure-storage-account-key', sig: '+ASt', what: 'Storage account access key', keyword: '+ast', envName: 'AZURE_STORAGE_KEY',
    body: String.raw`[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==`, edge: 'A-Za-z0-9+/=_-', severity: 'critical',
    sample: (g) => azure88(g, '+ASt'),
  }),
  {
    id: 'azure-storage-account-key-legacy',
    description: 'Azure Storage account key (64-byte base64) assigned to an account/storage key name',
    provider: 'Azure',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['accountkey', 'account_key', 'account-key', 'account.key', 'storagekey', 'storage_key', 'storage-key', 'storage.key'],
    // Covers `AccountKey=` in connection strings and AZURE_STORAGE_ACCOUNT_KEY-style names.
    regex: assigned(`(?:${ci('account')}|${ci('storage')})[_.-]?${ci('key')}`, '[A-Za-z0-9+/]{86}==', 'A-Za-z0-9+/='),
    entropy: 4.5,
    envName: 'AZURE_STORAGE_ACCOUNT_KEY',
    samples: {
      secret: (g) => g.base64Bytes(64),
      truePositives: (g) => [
        `"Storage": "DefaultEndpointsProtocol=https;AccountName=${g.lower(10)};AccountKey=${g.base64Bytes(64)};EndpointSuffix=core.windows.net"`,
        // A long assignment a formatter broke after its operator.
        { path: 'src/storage.ts', text: `export const AZURE_STORAGE_ACCOUNT_KEY =\n  "${g.base64Bytes(64)}";` },
      ],
      falsePositives: (g) => [
        `AccountKey=${g.base64Bytes(64)}0`, // runs on past the padding
        `AZURE_STORAGE_ACCOUNT_KEY=${g.base64Bytes(32)}`, // too short for a storage key
        'AccountKey=${STORAGE_KEY}',
      ],
    },
  },
  azureKey({
    id: 'azure-cosmosdb-key', sig: 'ACDb', what: 'Cosmos DB account key', keyword: 'acdb', envName: 'COSMOS_DB_KEY', kind: 'database_credential',
    body: '[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==', edge: 'A-Za-z0-9+/=_-', severity: 'critical',
    sample: (g) => azure88(g, 'ACDb'),
  }),
  {
    id: 'azure-cosmosdb-connection-string',
    description: 'Azure Cosmos DB connection string with an account key',
    provider: 'Azure',
    kind: 'database_credential',
    severity: 'critical',
    confidence: 'high',
    keywords: ['documents.azure.com'],
    regex: /AccountEndpoint=https:\/\/[a-z0-9-]{3,44}\.documents\.azure\.com(?::\d{1,5})?\/?;\s{0,2}AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/,
    envName: 'COSMOS_CONNECTION_STRING',
    samples: {
      truePositives: (g) => [
        `COSMOS_CONNECTION_STRING="AccountEndpoint=https://${g.lower(8)}.documents.azure.com:443/;AccountKey=${g.base64Bytes(64)};"`,
        `"Cosmos": "AccountEndpoint=https://orders-${g.lower(5)}.documents.azure.com:443/;AccountKey=${g.base64Bytes(64)};Database=orders"`,
      ],
      falsePositives: (g) => [
        'AccountEndpoint=https://localhost:8081/;AccountKey=${COSMOS_KEY}',
        `AccountEndpoint=https://${g.lower(8)}.documents.azure.com:443/;AccountKey=<primary-key>;`,
      ],
    },
  },
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature (SAS) token signature',
    provider: 'Azure',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['sig=', 'sv='],
    // A SAS query (`sv=<date>&...&sig=`); the signature is a URL-encoded HMAC-SHA256 (44 base64 chars).
    regex: /(?<![A-Za-z0-9_])sv=\d{4}-\d{2}-\d{2}&[^\s"'<>`]{0,400}?&sig=([A-Za-z0-9%+/]{40,140}={0,2})(?![A-Za-z0-9%+/=])/,
    validate: (sig) => {
      try {
        return /^[A-Za-z0-9+/]{43}=$/.test(decodeURIComponent(sig));
      } catch {
        return false;
      }
    },
    envName: 'AZURE_STORAGE_SAS_TOKEN',
    samples: {
      truePositives: (g) => {
        const sig = () => encodeURIComponent(g.base64Bytes(32));
        const account = g.lower(10);
        return [
          `const url = "https://${account}.blob.core.windows.net/uploads/report.pdf?sp=r&st=2025-01-01T00:00:00Z&se=2025-12-31T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${sig()}";`,
          `AZURE_STORAGE_SAS_TOKEN="?sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-01-01T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig=${sig()}"`,
          `"Blob": "BlobEndpoint=https://${account}.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&sig=${sig()}"`,
        ];
      },
      falsePositives: (g) => [
        'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=<signature>',
        `?sv=2022-11-02&sr=b&sig=${encodeURIComponent(g.base64Bytes(20))}`, // not an HMAC-SHA256 length
        'sas = f"?sv={version}&sr=b&sig={signature}"',
        `https://example.com/cb?state=${g.alnum(12)}&sig=${g.hex(64)}`, // no SAS version
      ],
    },
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) application client secret',
    provider: 'Azure',
    kind: 'service_account',
    severity: 'critical',
    confidence: 'high',
    keywords: ['q~'],
    // Current app secrets: 3 chars, a version digit (7 and 8 so far) and `Q~`, then 31-34 more.
    regex: token('[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}', 'A-Za-z0-9_~.+/-'),
    entropy: 3.5,
    envName: 'AZURE_CLIENT_SECRET',
    skipFilters: true,
    samples: {
      secret: (g) => g.chars(AAD_CHARS, 3) + g.pick([...'0123456789']) + 'Q~' + g.chars(AAD_CHARS, 34),
      falsePositives: (g) => [
        `client_secret = "${g.alnum(3)}8Q~${g.alnum(20)}"`, // truncated
        `path = "~/${g.alnum(3)}8Q~${g.alnum(34)}/more"`, // inside a longer path segment
        `client_secret = "${g.alnum(3)}8q~${g.alnum(34)}"`, // wrong case
      ],
    },
  },
  {
    id: 'azure-shared-access-key',
    description: 'Azure Service Bus / Event Hubs / Relay / IoT Hub shared access key in a connection string',
    provider: 'Azure',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['sharedaccesskey'],
    regex: /(?<![A-Za-z0-9_])SharedAccessKey\s{0,2}=\s{0,2}([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/,
    entropy: 4,
    envName: 'AZURE_SERVICEBUS_CONNECTION_STRING',
    samples: {
      truePositives: (g) => [
        `SERVICEBUS_CONNECTION="Endpoint=sb://${g.lower(8)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${g.base64Bytes(32)}"`,
        `"EventHub": "Endpoint=sb://${g.lower(8)}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${g.base64Bytes(32)};EntityPath=events"`,
        `IOTHUB_CONNECTION_STRING=HostName=${g.lower(8)}.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${g.base64Bytes(32)}`,
      ],
      falsePositives: (g) => [
        'Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
        `Endpoint=sb://${g.lower(8)}.servicebus.windows.net/;SharedAccessKeyName=${g.lower(12)}`,
        `SharedAccessKey=${g.base64Bytes(16)}`, // too short
      ],
    },
  },
  azureKey({
    id: 'azure-service-bus-key', sig: '+ASb', what: 'Service Bus key', keyword: '+asb', envName: 'AZURE_SERVICEBUS_KEY',
    body: String.raw`[A-Za-z0-9+/]{33}\+ASb[A-P][A-Za-z0-9+/]{5}=`, edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure44(g, '+ASb'),
  }),
  azureKey({
    id: 'azure-event-hubs-key', sig: '+AEh', what: 'Event Hubs key', keyword: '+aeh', envName: 'AZURE_EVENTHUB_KEY',
    body: String.raw`[A-Za-z0-9+/]{33}\+AEh[A-P][A-Za-z0-9+/]{5}=`, edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure44(g, '+AEh'),
  }),
  azureKey({
    id: 'azure-relay-key', sig: '+ARm', what: 'Relay key', keyword: '+arm', envName: 'AZURE_RELAY_KEY',
    body: String.raw`[A-Za-z0-9+/]{33}\+ARm[A-P][A-Za-z0-9+/]{5}=`, edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure44(g, '+ARm'),
  }),
  azureKey({
    id: 'azure-iot-key', sig: 'AIoT', what: 'IoT Hub / device / DPS key', keyword: 'aiot', envName: 'AZURE_IOT_KEY',
    body: '[A-Za-z0-9+/]{33}AIoT[A-P][A-Za-z0-9+/]{5}=', edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure44(g, 'AIoT'),
  }),
  azureKey({
    id: 'azure-event-grid-key', sig: 'AZEG', what: 'Event Grid access key', keyword: 'azeg', envName: 'AZURE_EVENTGRID_KEY',
    body: '[A-Za-z0-9+/]{33}AZEG[A-P][A-Za-z0-9+/]{5}=', edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure44(g, 'AZEG'),
  }),
  azureKey({
    id: 'azure-cache-for-redis-key', sig: 'AzCa', what: 'Cache for Redis access key', keyword: 'azca', envName: 'AZURE_REDIS_KEY',
    kind: 'database_credential', body: '[A-Za-z0-9+/]{33}AzCa[A-P][A-Za-z0-9+/]{5}=', edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure44(g, 'AzCa'),
  }),
  azureKey({
    id: 'azure-function-key', sig: 'AzFu', what: 'Functions access key', keyword: 'azfu', envName: 'AZURE_FUNCTION_KEY',
    body: '[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==', edge: 'A-Za-z0-9+/=_-',
    sample: (g) => g.base64url(44) + 'AzFu' + g.base64url(5) + g.pick(AZURE_PAD) + '==',
  }),
  azureKey({
    id: 'azure-search-key', sig: 'AzSe', what: 'AI Search admin/query key', keyword: 'azse', envName: 'AZURE_SEARCH_KEY',
    body: '[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5}', edge: 'A-Za-z0-9+/=_-',
    sample: (g) => g.alnum(42) + 'AzSe' + g.pick(['A', 'B', 'C', 'D']) + g.alnum(5),
  }),
  azureKey({
    id: 'azure-container-registry-key', sig: '+ACR', what: 'Container Registry access key', keyword: '+acr', envName: 'AZURE_ACR_PASSWORD',
    kind: 'password', body: String.raw`[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5}`, edge: 'A-Za-z0-9+/=_-',
    sample: (g) => g.base64(42) + '+ACR' + g.pick(['A', 'B', 'C', 'D']) + g.base64(5),
  }),
  azureKey({
    id: 'azure-api-management-key', sig: 'APIM', what: 'API Management key', keyword: 'apim', envName: 'AZURE_APIM_KEY',
    body: '[A-Za-z0-9+/]{76}APIM[A-Za-z0-9+/]{5}[AQgw]==', edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure88(g, 'APIM'),
  }),
  azureKey({
    id: 'azure-batch-key', sig: '+ABa', what: 'Batch account key', keyword: '+aba', envName: 'AZURE_BATCH_KEY',
    body: String.raw`[A-Za-z0-9+/]{76}\+ABa[A-Za-z0-9+/]{5}[AQgw]==`, edge: 'A-Za-z0-9+/=_-',
    sample: (g) => azure88(g, '+ABa'),
  }),
  azureKey({
    id: 'azure-devops-pat', sig: 'JQQJ99', what: 'DevOps personal access token', keyword: 'jqqj9', envName: 'AZURE_DEVOPS_PAT', kind: 'token',
    body: '[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9][A-L][A-Za-z0-9]{12}AAAAAZDO[A-Za-z0-9]{4}', edge: 'A-Za-z0-9_-',
    sample: (g) => annotatedKey(g, 'AAAAAZDO'),
  }),
  azureKey({
    id: 'azure-ai-services-key', sig: 'JQQJ99', what: 'AI services / OpenAI / Cognitive Services key', keyword: 'jqqj9', envName: 'AZURE_OPENAI_API_KEY',
    body: '[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9][A-L][A-Za-z0-9]{12}AAA[A-Za-z]ACOG[A-Za-z0-9]{4}', edge: 'A-Za-z0-9_-',
    sample: (g) => annotatedKey(g, g.pick(['AAAA', 'AAAB', 'AAAC']) + 'ACOG'),
  }),
  {
    id: 'azure-annotated-key',
    description: 'Azure key in the Common Annotated Security Key format (other services)',
    provider: 'Azure',
    kind: 'api_key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['jqqj9'],
    // Any service's annotated key; the DevOps and AI-services rules above win where they match (higher confidence).
    regex: token('[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}[A-Za-z][A-Za-z0-9]{7}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'AZURE_SERVICE_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => annotatedKey(g, g.pick(['AAAAAZAC', 'AAAAAZMP', 'AAAAAZCS'])),
      falsePositives: (g) => [
        `key = "${g.alnum(52)}JQQJ99${g.alnum(20)}"`, // truncated
        `key = "${g.alnum(52)}jqqj99${g.alnum(1)}A${g.alnum(24)}"`, // signature case
      ],
    },
  },
  {
    id: 'azure-devops-pat-legacy',
    description: 'Azure DevOps personal access token (52-char legacy format) assigned to a DevOps name',
    provider: 'Azure',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['devops', 'azdo', 'vsts', 'ado_', 'ado-', 'ado.'],
    regex: assigned(`(?:${ci('devops')}|${WORD_START}${ci('azdo')}|${WORD_START}${ci('vsts')}|${WORD_START}${ci('ado')}[_.-])[\\w.-]{0,30}(?:${ci('pat')}|${ci('token')})`,
      '[a-z2-7]{52}', 'A-Za-z0-9'),
    entropy: 4,
    envName: 'AZURE_DEVOPS_PAT',
    samples: {
      secret: (g) => g.chars(B32_LOWER, 52),
      falsePositives: (g) => [
        `AZURE_DEVOPS_PAT=${g.chars(B32_LOWER, 40)}`, // wrong length
        `devops_org_url = "https://dev.azure.com/${g.lower(12)}"`,
        `shadow_token = "${g.chars(B32_LOWER, 52)}"`, // "ado" inside a word
      ],
    },
  },
  {
    id: 'azure-app-configuration-connection-string',
    description: 'Azure App Configuration connection string secret',
    provider: 'Azure',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['azconfig.io'],
    regex: /Endpoint=https:\/\/[A-Za-z0-9-]{1,60}\.azconfig\.io\/?;\s{0,2}Id=[^;\s"']{1,80};\s{0,2}Secret=([A-Za-z0-9+/]{40,100}={0,2})(?![A-Za-z0-9+/=])/,
    entropy: 4,
    envName: 'AZURE_APPCONFIG_CONNECTION_STRING',
    samples: {
      truePositives: (g) => [
        `APPCONFIG="Endpoint=https://${g.lower(10)}.azconfig.io;Id=${g.alnum(4)}-l0-s0:${g.alnum(20)};Secret=${g.base64Bytes(32)}"`,
      ],
      falsePositives: (g) => [
        `Endpoint=https://${g.lower(10)}.azconfig.io;Id=abc;Secret=<secret>`,
        'Endpoint=https://cfg.azconfig.io;Id=${APPCONFIG_ID};Secret=${APPCONFIG_SECRET}',
      ],
    },
  },

  // ----- DigitalOcean -----------------------------------------------------------------------------
  {
    id: 'digitalocean-pat',
    description: 'DigitalOcean personal access token',
    provider: 'DigitalOcean',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['dop_v1_'],
    regex: token('dop_v1_[a-f0-9]{64}'),
    entropy: 3,
    envName: 'DIGITALOCEAN_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'dop_v1_' + g.hex(64),
      falsePositives: (g) => [
        `token = "dop_v1_${g.hex(40)}"`, // truncated
        `DIGITALOCEAN_TOKEN=dop_v1_${'0'.repeat(64)}`,
      ],
    },
  },
  {
    id: 'digitalocean-oauth-token',
    description: 'DigitalOcean OAuth access token',
    provider: 'DigitalOcean',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['doo_v1_'],
    regex: token('doo_v1_[a-f0-9]{64}'),
    entropy: 3,
    envName: 'DIGITALOCEAN_ACCESS_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'doo_v1_' + g.hex(64),
      falsePositives: (g) => [
        `token = "doo_v1_${g.hex(32)}"`,
        `token = "doo_v1_${g.alnum(64)}"`, // not hex
      ],
    },
  },
  {
    id: 'digitalocean-refresh-token',
    description: 'DigitalOcean OAuth refresh token',
    provider: 'DigitalOcean',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['dor_v1_'],
    regex: token('dor_v1_[a-f0-9]{64}'),
    entropy: 3,
    envName: 'DIGITALOCEAN_REFRESH_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'dor_v1_' + g.hex(64),
      falsePositives: (g) => [
        `token = "dor_v1_${g.hex(63)}"`,
        'DIGITALOCEAN_REFRESH_TOKEN=dor_v1_<token>',
      ],
    },
  },

  // ----- Heroku -----------------------------------------------------------------------------------
  {
    id: 'heroku-api-key',
    description: 'Heroku API key (prefixed format)',
    provider: 'Heroku',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['hrku-aa'],
    regex: token('HRKU-AA[A-Za-z0-9_-]{58}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'HEROKU_API_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'HRKU-AA' + g.base64url(58),
      falsePositives: (g) => [
        `key = "HRKU-AA${g.base64url(30)}"`,
        `key = "HRKU-${g.base64url(60)}"`, // no version marker
      ],
    },
  },
  {
    id: 'heroku-api-key-legacy',
    description: 'Heroku API key (UUID format) assigned to a Heroku key/token name',
    provider: 'Heroku',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['heroku'],
    // A UUID is only a Heroku key next to a Heroku credential name (HEROKU_APP_ID is a UUID too).
    regex: assigned(`${ci('heroku')}[\\w.-]{0,30}(?:${ci('key')}|${ci('token')}|${ci('secret')}|${ci('auth')}|${ci('pass')})`,
      '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', 'A-Za-z0-9-'),
    entropy: 3,
    envName: 'HEROKU_API_KEY',
    samples: {
      secret: (g) => g.uuid(),
      falsePositives: (g) => [
        `HEROKU_APP_ID=${g.uuid()}`,
        'HEROKU_API_KEY=00000000-0000-0000-0000-000000000000',
        `request_id = "${g.uuid()}"`,
      ],
    },
  },

  // ----- Alibaba Cloud ----------------------------------------------------------------------------
  {
    id: 'alibaba-access-key-id',
    description: 'Alibaba Cloud AccessKey ID',
    provider: 'Alibaba Cloud',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['ltai'],
    regex: token('LTAI[A-Za-z0-9]{12,20}', 'A-Za-z0-9'),
    entropy: 3.2,
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    skipFilters: true,
    samples: {
      secret: (g) => 'LTAI' + g.alnum(20),
      falsePositives: (g) => [
        `id = "LTAI${g.alnum(8)}"`, // truncated
        'ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxxxxxx',
        `id = "LTAI${g.alnum(30)}"`, // too long
      ],
    },
  },
  {
    id: 'alibaba-access-key-secret',
    description: 'Alibaba Cloud AccessKey secret assigned to an Alibaba/Aliyun secret name',
    provider: 'Alibaba Cloud',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['alibaba', 'aliyun', 'alicloud'],
    regex: assigned(`(?:${ci('alibaba')}|${ci('aliyun')}|${ci('alicloud')})[\\w.-]{0,30}${ci('secret')}`, '[A-Za-z0-9]{30}', 'A-Za-z0-9'),
    entropy: 4,
    // Issued secrets mix upper and lower case; a one-case run of 30 is a name or a slug.
    validate: (s) => /[a-z]/.test(s) && /[A-Z]/.test(s),
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    samples: {
      secret: (g) => g.alnum(30),
      falsePositives: (g) => [
        `ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI${g.alnum(20)}`, // the id, not the secret
        `aliyun_secret_name = "${g.lower(30)}"`, // a low-entropy name
        `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${g.alnum(24)}`, // wrong length
      ],
    },
  },

  // ----- IBM Cloud --------------------------------------------------------------------------------
  {
    id: 'ibm-cloud-api-key',
    description: 'IBM Cloud API key assigned to an IBM API-key name',
    provider: 'IBM Cloud',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['ibm'],
    regex: assigned(`${WORD_START}${ci('ibm')}[\\w.-]{0,30}(?:${ci('api')}[_.-]?${ci('key')}|${ci('apikey')})`, '[A-Za-z0-9_-]{44}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'IBMCLOUD_API_KEY',
    samples: {
      secret: (g) => g.base64url(44),
      falsePositives: (g) => [
        `IBMCLOUD_API_KEY=${g.base64url(32)}`, // wrong length
        'IBMCLOUD_API_KEY=${IBM_KEY}',
        `lib_apikey = "${g.base64url(44)}"`, // "ibm" not a word of its own
      ],
    },
  },

  // ----- Cloudflare -------------------------------------------------------------------------------
  {
    id: 'cloudflare-api-token',
    description: 'Cloudflare user or account API token (prefixed format)',
    provider: 'Cloudflare',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['cfut_', 'cfat_'],
    regex: token('cf[ua]t_[A-Za-z0-9]{40}[a-f0-9]{8}'),
    entropy: 4,
    envName: 'CLOUDFLARE_API_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => g.pick(['cfut_', 'cfat_']) + g.alnum(40) + g.hex(8),
      falsePositives: (g) => [
        `token = "cfut_${g.alnum(30)}"`,
        `token = "cfxt_${g.alnum(40)}${g.hex(8)}"`, // unknown type letter
      ],
    },
  },
  {
    id: 'cloudflare-global-api-key',
    description: 'Cloudflare global API key (prefixed format)',
    provider: 'Cloudflare',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['cfk_'],
    regex: token('cfk_[A-Za-z0-9]{40}[a-f0-9]{8}'),
    entropy: 4,
    envName: 'CLOUDFLARE_API_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'cfk_' + g.alnum(40) + g.hex(8),
      falsePositives: (g) => [
        `key = "cfk_${g.alnum(20)}"`,
        'CLOUDFLARE_API_KEY=cfk_<your-key>',
      ],
    },
  },
  {
    id: 'cloudflare-api-token-legacy',
    description: 'Cloudflare API token (40-char legacy format) assigned to a Cloudflare token name',
    provider: 'Cloudflare',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['cloudflare', 'cf_', 'cf-', 'cf.'],
    regex: assigned(`(?:${ci('cloudflare')}|${WORD_START}${ci('cf')}[_.-])[\\w.-]{0,30}(?:${ci('token')}|${ci('api')}[_.-]?${ci('key')})`,
      '[A-Za-z0-9_-]{40}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'CLOUDFLARE_API_TOKEN',
    samples: {
      secret: (g) => g.base64url(40),
      falsePositives: (g) => [
        `CLOUDFLARE_API_TOKEN=${g.base64url(32)}`, // wrong length
        `cloudflare_zone_id = "${g.hex(32)}"`,
        `leaf_token = "${g.base64url(40)}"`, // "cf" inside a word
      ],
    },
  },
  {
    id: 'cloudflare-global-api-key-legacy',
    description: 'Cloudflare global API key (37 hex, legacy format) assigned to a Cloudflare key name or X-Auth-Key',
    provider: 'Cloudflare',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['cloudflare', 'cf_', 'cf-', 'cf.', 'x-auth-key'],
    regex: assigned(`(?:${ci('cloudflare')}|${WORD_START}${ci('cf')}[_.-]|${ci('x-auth-')})[\\w.-]{0,30}${ci('key')}`, '[a-f0-9]{37}', 'A-Za-z0-9'),
    entropy: 3.2,
    envName: 'CLOUDFLARE_API_KEY',
    samples: {
      secret: (g) => g.hex(37),
      truePositives: (g) => [`curl -H "X-Auth-Email: ops@acme.io" -H "X-Auth-Key: ${g.hex(37)}" https://api.cloudflare.com/client/v4/zones`],
      falsePositives: (g) => [
        `CLOUDFLARE_API_KEY=${g.hex(32)}`, // an md5-length value
        `cloudflare_key_id = "${'a'.repeat(37)}"`,
      ],
    },
  },
  {
    id: 'cloudflare-origin-ca-key',
    description: 'Cloudflare Origin CA key',
    provider: 'Cloudflare',
    kind: 'certificate',
    severity: 'high',
    confidence: 'high',
    keywords: ['v1.0-'],
    regex: token(String.raw`v1\.0-[a-f0-9]{24}-[a-f0-9]{146}`, 'A-Za-z0-9_.-'),
    entropy: 3,
    envName: 'CLOUDFLARE_ORIGIN_CA_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => `v1.0-${g.hex(24)}-${g.hex(146)}`,
      falsePositives: (g) => [
        `version = "v1.0-${g.hex(8)}"`,
        `key = "v1.0-${g.hex(24)}-${g.hex(100)}"`, // truncated
      ],
    },
  },

  // ----- Fastly -----------------------------------------------------------------------------------
  {
    id: 'fastly-api-token',
    description: 'Fastly API token assigned to a Fastly key/token name',
    provider: 'Fastly',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['fastly'],
    regex: assigned(`${ci('fastly')}[\\w.-]{0,30}(?:${ci('token')}|${ci('key')})`, '[A-Za-z0-9_-]{32}', 'A-Za-z0-9_-'),
    entropy: 3.8,
    envName: 'FASTLY_API_TOKEN',
    samples: {
      secret: (g) => g.base64url(32),
      falsePositives: (g) => [
        `FASTLY_SERVICE_ID=${g.alnum(22)}`,
        `FASTLY_API_TOKEN=${g.base64url(24)}`, // wrong length
      ],
    },
  },

  // ----- Linode, Vultr, Hetzner, Scaleway -------------------------------------------------------------
  {
    id: 'linode-api-token',
    description: 'Linode (Akamai Cloud) personal access token assigned to a Linode token name',
    provider: 'Linode',
    kind: 'token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['linode'],
    regex: assigned(`${ci('linode')}[\\w.-]{0,30}(?:${ci('token')}|${ci('key')}|${ci('pat')})`, '[a-f0-9]{64}', 'A-Za-z0-9'),
    entropy: 3.3,
    envName: 'LINODE_TOKEN',
    samples: {
      secret: (g) => g.hex(64),
      falsePositives: (g) => [
        `LINODE_TOKEN=${g.hex(40)}`, // wrong length
        `linode_image_id = "${g.hex(64)}"`, // not a token name
      ],
    },
  },
  {
    id: 'vultr-api-key',
    description: 'Vultr API key assigned to a Vultr key name',
    provider: 'Vultr',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['vultr'],
    regex: assigned(`${ci('vultr')}[\\w.-]{0,30}(?:${ci('key')}|${ci('token')})`, '[A-Z0-9]{36}', 'A-Za-z0-9'),
    entropy: 3.5,
    envName: 'VULTR_API_KEY',
    samples: {
      secret: (g) => g.upperAlnum(36),
      falsePositives: (g) => [
        `VULTR_API_KEY=${g.upperAlnum(20)}`,
        `vultr_api_key = "${g.lowerAlnum(36)}"`, // wrong case
      ],
    },
  },
  {
    id: 'hetzner-cloud-api-token',
    description: 'Hetzner Cloud API token assigned to an hcloud/Hetzner token name',
    provider: 'Hetzner',
    kind: 'token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['hcloud', 'hetzner'],
    regex: assigned(`(?:${ci('hcloud')}|${ci('hetzner')})[\\w.-]{0,30}(?:${ci('token')}|${ci('key')})`, '[A-Za-z0-9]{64}', 'A-Za-z0-9'),
    entropy: 4.2,
    envName: 'HCLOUD_TOKEN',
    samples: {
      secret: (g) => g.alnum(64),
      falsePositives: (g) => [
        `HCLOUD_TOKEN=${g.alnum(40)}`,
        `hcloud_ssh_key = "${g.hex(64)}"`, // a fingerprint: too little entropy
      ],
    },
  },
  {
    id: 'scaleway-access-key-id',
    description: 'Scaleway access key ID',
    provider: 'Scaleway',
    kind: 'api_key',
    severity: 'medium',
    confidence: 'high',
    keywords: ['scw'],
    regex: token('SCW[A-Z0-9]{17}', 'A-Za-z0-9'),
    entropy: 3,
    envName: 'SCW_ACCESS_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'SCW' + g.upperAlnum(17),
      falsePositives: (g) => [
        'SCW_ACCESS_KEY=SCWXXXXXXXXXXXXXXXXX',
        `key = "SCW${g.upperAlnum(10)}"`,
      ],
    },
  },
  {
    id: 'scaleway-secret-key',
    description: 'Scaleway secret key assigned to a Scaleway secret name',
    provider: 'Scaleway',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['scaleway', 'scw'],
    regex: assigned(`(?:${ci('scaleway')}|${WORD_START}${ci('scw')})[\\w.-]{0,30}${ci('secret')}`,
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'A-Za-z0-9-'),
    entropy: 3,
    envName: 'SCW_SECRET_KEY',
    samples: {
      secret: (g) => g.uuid(),
      falsePositives: (g) => [
        `SCW_DEFAULT_PROJECT_ID=${g.uuid()}`,
        'SCW_SECRET_KEY=11111111-1111-1111-1111-111111111111',
      ],
    },
  },

  // ----- HashiCorp (Terraform Cloud, Vault) -------------------------------------------------------
  {
    id: 'terraform-cloud-api-token',
    description: 'HCP Terraform / Terraform Enterprise API token',
    provider: 'HashiCorp',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['.atlasv1.'],
    regex: token(String.raw`[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}`, 'A-Za-z0-9_=-'),
    entropy: 3.5,
    envName: 'TF_TOKEN_APP_TERRAFORM_IO',
    skipFilters: true,
    samples: {
      secret: (g) => `${g.alnum(14)}.atlasv1.${g.base64url(67)}`,
      falsePositives: (g) => [
        `token = "${'x'.repeat(14)}.atlasv1.${'x'.repeat(67)}"`,
        `token = "${g.alnum(14)}.atlasv1.${g.base64url(20)}"`,
      ],
    },
  },
  {
    id: 'vault-service-token',
    description: 'HashiCorp Vault service token',
    provider: 'HashiCorp',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['hvs.'],
    // 24 characters for non-persisted (e.g. dev root) tokens; ~90+ when the token carries its metadata.
    regex: token(String.raw`hvs\.[A-Za-z0-9_-]{24,160}`, 'A-Za-z0-9_.-'),
    entropy: 3.5,
    envName: 'VAULT_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'hvs.' + g.base64url(90),
      truePositives: (g) => [`export VAULT_TOKEN=hvs.${g.alnum(24)}`],
      falsePositives: (g) => [
        'VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxx',
        `token = "hvs.${g.alnum(12)}"`,
      ],
    },
  },
  {
    id: 'vault-batch-token',
    description: 'HashiCorp Vault batch token',
    provider: 'HashiCorp',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['hvb.'],
    regex: token(String.raw`hvb\.[A-Za-z0-9_-]{100,300}`, 'A-Za-z0-9_.-'),
    entropy: 4,
    envName: 'VAULT_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'hvb.' + g.base64url(150),
      falsePositives: (g) => [
        `token = "hvb.${g.base64url(40)}"`,
        `token = "hvb.${'A'.repeat(150)}"`,
      ],
    },
  },
  {
    id: 'vault-token-legacy',
    description: 'HashiCorp Vault token (pre-1.10 `s.` format) assigned to a Vault token name',
    provider: 'HashiCorp',
    kind: 'token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['vault'],
    regex: assigned(`${ci('vault')}[_.-]?(?:[\\w.-]{0,20}[_.-])?${ci('token')}`, String.raw`s\.[A-Za-z0-9]{24}`, 'A-Za-z0-9_.'),
    entropy: 3.5,
    validate: (s) => /[0-9]/.test(s) || (/[a-z]/.test(s.slice(2)) && /[A-Z]/.test(s.slice(2))),
    envName: 'VAULT_TOKEN',
    samples: {
      secret: (g) => 's.' + g.alnum(24),
      truePositives: (g) => [`curl -H "X-Vault-Token: s.${g.alnum(24)}" https://vault.internal:8200/v1/secret/data/app`],
      falsePositives: (g) => [
        'VAULT_TOKEN=s.AcceptanceTimeoutSeconds1',
        `VAULT_TOKEN=s.${g.alnum(12)}`,
        'vault_token = s.thisstringisalllowercasexx',
      ],
    },
  },

  {
    // An AppRole login is a role ID (an identifier) and a secret ID (the password): both UUIDs, which
    // the generic rules rightly leave alone, so the pair, or a Vault name, says whose secret it is.
    id: 'vault-approle-secret-id',
    description: 'HashiCorp Vault AppRole secret ID beside its role ID',
    provider: 'HashiCorp',
    kind: 'password',
    severity: 'high',
    confidence: 'medium',
    // The login's other half (a role ID, an `approle` path), or a name that says Vault's (VAULT_SECRET_ID).
    keywords: ['approle', 'role_id', 'role-id', 'roleid', 'vault_secret_id', 'vault-secret-id', 'vault.secret.id', 'vaultsecretid'],
    multiline: true,
    window: { before: 512, after: 512 },
    // `secret_id`, `SECRET_ID`, `secretId` and prefixed forms, but not `secret_id_accessor` (an identifier
    // Vault returns beside it) nor `secret_id_ttl`; the columns of `vault write` output too.
    regex: new RegExp(
      String.raw`(?:(?<![A-Za-z0-9])[sS]|(?<=[a-z0-9])S)${ci('ecret')}[_.-]?${ci('id')}\d{0,2}(?:${GLUE}|[ \t]{13,40})` +
      String.raw`(?<![A-Za-z0-9-])([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![\w-])`,
    ),
    envName: 'VAULT_SECRET_ID',
    samples: {
      secret: (g) => g.uuid(),
      truePositives: (g) => [
        { path: 'infra/vault.tf', text: `provider "vault" {\n  auth_login {\n    path = "auth/approle/login"\n    parameters = {\n      role_id   = "${g.uuid()}"\n      secret_id = "${g.uuid()}"\n    }\n  }\n}\n` },
        { path: '.env', text: `VAULT_ADDR=https://vault.internal:8200\nVAULT_ROLE_ID=${g.uuid()}\nVAULT_SECRET_ID=${g.uuid()}\n` },
        { path: 'playbooks/secrets.yml', text: `- set_fact:\n    db_password: "{{ lookup('hashi_vault', 'secret=kv/data/db:password', auth_method='approle', role_id='${g.uuid()}', secret_id='${g.uuid()}') }}"\n` },
        { path: 'docs/approle.md', text: `$ vault write -f auth/approle/role/ci/secret-id\nKey                   Value\n---                   -----\nsecret_id             ${g.uuid()}\nsecret_id_accessor    ${g.uuid()}\n` },
      ],
      falsePositives: (g) => [
        // A secret's ID elsewhere (Bitwarden Secrets Manager, a database row) with no AppRole beside it.
        { path: 'scripts/fetch.sh', text: `SECRET_ID="${g.uuid()}"\nbws secret get "$SECRET_ID"\n` },
        { path: 'app/models.py', text: `grant = Grant(user_id="${g.uuid()}", secret_id="${g.uuid()}")\n` },
        // The accessor names a secret ID without being one; the role ID is an identifier.
        { path: 'docs/approle.md', text: `auth/approle/role/ci/secret-id-accessor/lookup\nsecret_id_accessor = "${g.uuid()}"\nrole_id = "${g.uuid()}"\n` },
        { path: 'infra/vault.tf', text: 'parameters = {\n  role_id   = var.role_id\n  secret_id = "00000000-0000-0000-0000-000000000000"\n}\n' },
      ],
    },
  },

  // ----- Doppler ----------------------------------------------------------------------------------
  ...([
    ['doppler-personal-token', 'pt', 'personal token', 'high'],
    ['doppler-cli-token', 'ct', 'CLI token', 'high'],
    ['doppler-service-account-token', 'sa', 'service account token', 'high'],
    ['doppler-scim-token', 'scim', 'SCIM token', 'high'],
    ['doppler-audit-token', 'audit', 'audit token', 'medium'],
  ] as const).map(([id, type, what, severity]): Rule => ({
    id,
    description: `Doppler ${what}`,
    provider: 'Doppler',
    kind: type === 'sa' ? 'service_account' : 'token',
    severity,
    confidence: 'high',
    keywords: [`dp.${type}.`],
    regex: token(String.raw`dp\.${type}\.[A-Za-z0-9]{40,44}`, 'A-Za-z0-9_.'),
    entropy: 3.5,
    envName: 'DOPPLER_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => `dp.${type}.${g.alnum(43)}`,
      falsePositives: (g) => [
        `token = "dp.${type}.${g.alnum(20)}"`,
        `DOPPLER_TOKEN=dp.${type}.<token>`,
      ],
    },
  })),
  {
    id: 'doppler-service-token',
    description: 'Doppler service token (config-scoped)',
    provider: 'Doppler',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['dp.st.'],
    // Optionally carries the config's slug: dp.st.<config>.<secret>.
    regex: token(String.raw`dp\.st\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}`, 'A-Za-z0-9_.'),
    entropy: 3.5,
    envName: 'DOPPLER_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => `dp.st.${g.pick(['prd', 'dev', 'stg_eu'])}.${g.alnum(43)}`,
      falsePositives: (g) => [
        `token = "dp.st.prd.${g.alnum(16)}"`,
        'DOPPLER_TOKEN=dp.st.<config>.<token>',
      ],
    },
  },

  // ----- 1Password --------------------------------------------------------------------------------
  {
    id: '1password-service-account-token',
    description: '1Password service account token',
    provider: '1Password',
    kind: 'service_account',
    severity: 'critical',
    confidence: 'high',
    keywords: ['ops_eyj'],
    // `ops_` + base64 of a JSON document (sign-in address, SRP verifier, account key).
    regex: token('ops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}', 'A-Za-z0-9+/=_'),
    entropy: 4,
    window: { after: 4200 },
    envName: 'OP_SERVICE_ACCOUNT_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'ops_' + b64(JSON.stringify({
        signInAddress: 'my.1password.com',
        userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: g.base64url(22) },
        email: `${g.lowerAlnum(13)}@1passwordserviceaccounts.com`,
        srpX: g.hex(64),
        muk: { alg: 'A256GCM', ext: true, k: g.base64url(43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
        secretKey: `A3-${g.upperAlnum(6)}-${g.upperAlnum(6)}-${g.upperAlnum(5)}-${g.upperAlnum(5)}-${g.upperAlnum(5)}-${g.upperAlnum(5)}`,
        deviceUuid: g.lowerAlnum(26),
      })).replace(/=+$/, ''),
      falsePositives: (g) => [
        'serviceAccountToken: ops_eyJzaWduSW5B..[Redacted]',
        `OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ${g.base64(60)}`, // truncated
        `token = "ops_eyJ${'x'.repeat(300)}"`,
      ],
    },
  },
  {
    id: '1password-secret-key',
    description: '1Password account Secret Key',
    provider: '1Password',
    kind: 'password',
    severity: 'critical',
    confidence: 'high',
    keywords: ['a3-'],
    regex: token('A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}', 'A-Za-z0-9-'),
    entropy: 3,
    envName: 'OP_SECRET_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => `A3-${g.upperAlnum(6)}-${g.upperAlnum(6)}-${g.upperAlnum(5)}-${g.upperAlnum(5)}-${g.upperAlnum(5)}-${g.upperAlnum(5)}`,
      falsePositives: (g) => [
        'OP_SECRET_KEY=A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
        `part = "A3-${g.upperAlnum(6)}-${g.upperAlnum(6)}"`, // truncated
      ],
    },
  },

  // ----- Databricks -------------------------------------------------------------------------------
  {
    id: 'databricks-api-token',
    description: 'Databricks personal access token',
    provider: 'Databricks',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['dapi'],
    regex: token(String.raw`dapi[a-f0-9]{32}(?:-\d)?`, 'A-Za-z0-9_-'),
    entropy: 3,
    envName: 'DATABRICKS_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'dapi' + g.hex(32),
      falsePositives: (g) => [
        `token = "dapi${g.hex(20)}"`,
        `token = "dapi${g.alnum(32)}"`, // not hex
      ],
    },
  },

  // ----- Netlify, Vercel, Fly.io, Render ------------------------------------------------------------
  {
    id: 'netlify-access-token',
    description: 'Netlify personal access token',
    provider: 'Netlify',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['nfp_'],
    regex: token('nfp_[A-Za-z0-9_]{36}'),
    entropy: 3.5,
    envName: 'NETLIFY_AUTH_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'nfp_' + g.alnum(36),
      falsePositives: (g) => [
        `token = "nfp_${g.alnum(20)}"`,
        'NETLIFY_AUTH_TOKEN=nfp_<token>',
      ],
    },
  },
  {
    id: 'netlify-access-token-legacy',
    description: 'Netlify access token (unprefixed legacy format) assigned to a Netlify token name',
    provider: 'Netlify',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['netlify'],
    regex: assigned(`${ci('netlify')}[\\w.-]{0,30}(?:${ci('token')}|${ci('key')})`, '[A-Za-z0-9_-]{40,46}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'NETLIFY_AUTH_TOKEN',
    samples: {
      secret: (g) => g.base64url(43),
      falsePositives: (g) => [
        `NETLIFY_SITE_ID=${g.uuid()}`,
        `NETLIFY_AUTH_TOKEN=${g.base64url(20)}`,
      ],
    },
  },
  {
    id: 'vercel-api-token',
    description: 'Vercel access token assigned to a Vercel token name',
    provider: 'Vercel',
    kind: 'token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['vercel'],
    regex: assigned(`${ci('vercel')}[\\w.-]{0,30}(?:${ci('token')}|${ci('key')})`, '[A-Za-z0-9]{24}', 'A-Za-z0-9_-'),
    entropy: 3.8,
    envName: 'VERCEL_TOKEN',
    samples: {
      secret: (g) => g.alnum(24),
      falsePositives: (g) => [
        `VERCEL_ORG_ID=team_${g.alnum(24)}`,
        `VERCEL_TOKEN=${g.alnum(16)}`,
      ],
    },
  },
  // Vercel's prefixed tokens: the prefix names the kind, so no name around the value is needed.
  {
    id: 'vercel-access-token',
    description: 'Vercel personal, integration, or app access or refresh token (vcp_, vci_, vca_, vcr_)',
    provider: 'Vercel',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['vcp_', 'vci_', 'vca_', 'vcr_'],
    regex: /(?<![\w-])((?:vcp|vci|vca|vcr)_[A-Za-z0-9]{20,60})(?![\w-])/,
    entropy: 3.5,
    envName: 'VERCEL_TOKEN',
    samples: {
      secret: (g) => `vcp_${g.alnum(40)}`,
      truePositives: (g) => [`refresh: "vcr_${g.alnum(44)}"`, `VERCEL_TOKEN=vci_${g.alnum(24)}`, `const token = 'vca_${g.alnum(56)}';`],
      falsePositives: (g) => [
        `VERCEL_TOKEN="vcp_${'x'.repeat(40)}"`,
        `VERCEL_TOKEN="vcp_${g.alnum(12)}"`, // too short for a token
        'Vercel tokens start with vcp_<your-token>',
        `const name = "my_vcp_${g.alnum(30)}"`, // the prefix inside another word
      ],
    },
  },
  {
    id: 'vercel-ai-gateway-key',
    description: 'Vercel AI Gateway API key (vck_)',
    provider: 'Vercel',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['vck_'],
    regex: /(?<![\w-])(vck_[A-Za-z0-9]{20,60})(?![\w-])/,
    entropy: 3.5,
    envName: 'AI_GATEWAY_API_KEY',
    samples: {
      secret: (g) => `vck_${g.alnum(40)}`,
      falsePositives: (g) => [
        `AI_GATEWAY_API_KEY="vck_${'x'.repeat(40)}"`,
        `AI_GATEWAY_API_KEY="vck_${g.alnum(10)}"`,
        'AI_GATEWAY_API_KEY=vck_<your-key>',
      ],
    },
  },
  {
    id: 'flyio-access-token',
    description: 'Fly.io access token',
    provider: 'Fly.io',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['fo1_'],
    regex: token('fo1_[A-Za-z0-9_-]{43}', 'A-Za-z0-9_-'),
    entropy: 4,
    envName: 'FLY_API_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'fo1_' + g.base64url(43),
      falsePositives: (g) => [
        `api_key = "fo1_${'x'.repeat(43)}"`,
        `value="${g.base64url(6)}-Fo1_${g.base64url(43)}"`, // inside a longer value
      ],
    },
  },
  {
    id: 'flyio-macaroon-token',
    description: 'Fly.io macaroon token (deploy/org token, one or more comma-separated parts)',
    provider: 'Fly.io',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['fm1r_', 'fm1a_', 'fm2_'],
    regex: token('(?:fm1[ar]|fm2)_[A-Za-z0-9+/]{100,3000}={0,3}(?:,(?:fm1[ar]|fm2)_[A-Za-z0-9+/]{100,3000}={0,3}){0,4}', 'A-Za-z0-9+/=_'),
    entropy: 4,
    window: { after: 8000 },
    envName: 'FLY_API_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => `fm2_${g.base64(420)}==,fm2_${g.base64(160)}`,
      truePositives: (g) => [`FLY_API_TOKEN="FlyV1 fm2_${g.base64(400)}=,fm2_${g.base64(200)}"`],
      falsePositives: (g) => [
        `token = "fm2_${g.base64(40)}"`, // truncated
        `FLY_API_TOKEN="FlyV1 fm2_<token>"`,
      ],
    },
  },
  {
    id: 'render-api-key',
    description: 'Render API key',
    provider: 'Render',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['rnd_'],
    regex: token('rnd_[A-Za-z0-9]{24,40}'),
    entropy: 3.8,
    envName: 'RENDER_API_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'rnd_' + g.alnum(28),
      falsePositives: (g) => [
        'RENDER_API_KEY=rnd_xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        `key = "rnd_${g.alnum(12)}"`,
        `const grnd_${g.alnum(28)} = 1;`, // the prefix inside an identifier
      ],
    },
  },

  // ----- Supabase ---------------------------------------------------------------------------------
  {
    id: 'supabase-access-token',
    description: 'Supabase personal access token (Management API)',
    provider: 'Supabase',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['sbp_'],
    regex: token('sbp_[a-f0-9]{40}'),
    entropy: 3,
    envName: 'SUPABASE_ACCESS_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'sbp_' + g.hex(40),
      falsePositives: (g) => [
        `token = "sbp_${g.hex(20)}"`,
        `token = "sbp_${g.alnum(40)}"`, // not hex
      ],
    },
  },
  {
    id: 'supabase-secret-key',
    description: 'Supabase secret API key (bypasses row-level security)',
    provider: 'Supabase',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['sb_secret_'],
    regex: token('sb_secret_[A-Za-z0-9_-]{28,64}', 'A-Za-z0-9_-'),
    entropy: 3.8,
    envName: 'SUPABASE_SECRET_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'sb_secret_' + g.base64url(31),
      falsePositives: (g) => [
        `SUPABASE_PUBLISHABLE_KEY=sb_publishable_${g.base64url(31)}`, // public by design
        'SUPABASE_SECRET_KEY=sb_secret_...',
      ],
    },
  },
  {
    id: 'supabase-service-role-key',
    description: 'Supabase service_role JWT (bypasses row-level security)',
    provider: 'Supabase',
    kind: 'api_key',
    severity: 'critical',
    confidence: 'high',
    keywords: ['supabase', 'service_role', 'servicerole', 'service-role', 'service.role'],
    regex: token(String.raw`eyJ[A-Za-z0-9_-]{10,400}\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{20,600}`, 'A-Za-z0-9_-'),
    // Only the JWT whose claims say role=service_role; the anon key is public by design.
    validate: (jwt) => {
      try {
        const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { role?: unknown };
        return claims.role === 'service_role';
      } catch {
        return false;
      }
    },
    // The Supabase CLI's local demo service_role key is the same in every local stack: low.
    confidenceOf: (jwt) => (documentationJwt(jwt) ? 'low' : 'high'),
    envName: 'SUPABASE_SERVICE_ROLE_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => g.jwt({ iss: 'supabase', ref: g.lower(20), role: 'service_role', exp: 2000000000 }),
      falsePositives: (g) => [
        `SUPABASE_ANON_KEY=${g.jwt({ iss: 'supabase', ref: g.lower(20), role: 'anon', exp: 2000000000 })}`,
        `supabase_service_role_key = "${g.jwt({ iss: 'supabase', role: 'service_role' }).split('.').slice(0, 2).join('.')}"`, // no signature
      ],
    },
  },

  // ----- PlanetScale ------------------------------------------------------------------------------
  {
    id: 'planetscale-api-token',
    description: 'PlanetScale service token',
    provider: 'PlanetScale',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['pscale_tkn_'],
    regex: token('pscale_tkn_[A-Za-z0-9_=.-]{32,64}', 'A-Za-z0-9_=.-'),
    entropy: 3.5,
    envName: 'PLANETSCALE_SERVICE_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'pscale_tkn_' + g.base64url(43),
      falsePositives: (g) => [
        `token = "pscale_tkn_${g.alnum(16)}"`,
        'PLANETSCALE_SERVICE_TOKEN=pscale_tkn_<token>',
      ],
    },
  },
  {
    id: 'planetscale-password',
    description: 'PlanetScale database password',
    provider: 'PlanetScale',
    kind: 'database_credential',
    severity: 'high',
    confidence: 'high',
    keywords: ['pscale_pw_'],
    regex: token('pscale_pw_[A-Za-z0-9_=.-]{32,64}', 'A-Za-z0-9_=.-'),
    entropy: 3.5,
    envName: 'DATABASE_PASSWORD',
    skipFilters: true,
    samples: {
      secret: (g) => 'pscale_pw_' + g.base64url(43),
      truePositives: (g) => [`DATABASE_URL="mysql://${g.lowerAlnum(12)}:pscale_pw_${g.base64url(43)}@aws.connect.psdb.cloud/app?sslaccept=strict"`],
      falsePositives: (g) => [
        `password = "pscale_pw_${g.alnum(16)}"`,
        'DATABASE_PASSWORD=pscale_pw_<password>',
      ],
    },
  },
  {
    id: 'planetscale-oauth-token',
    description: 'PlanetScale OAuth token',
    provider: 'PlanetScale',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['pscale_oauth_'],
    regex: token('pscale_oauth_[A-Za-z0-9_=.-]{32,64}', 'A-Za-z0-9_=.-'),
    entropy: 3.5,
    envName: 'PLANETSCALE_OAUTH_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'pscale_oauth_' + g.base64url(43),
      falsePositives: (g) => [
        `token = "pscale_oauth_${g.alnum(16)}"`,
        'PLANETSCALE_OAUTH_TOKEN=pscale_oauth_<token>',
      ],
    },
  },

  // ----- Docker Hub ------------------------------------------------------------------------------
  {
    id: 'docker-hub-pat',
    description: 'Docker Hub personal access token',
    provider: 'Docker',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['dckr_pat_'],
    regex: token('dckr_pat_[A-Za-z0-9_-]{27}', 'A-Za-z0-9_-'),
    entropy: 3.5,
    envName: 'DOCKERHUB_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'dckr_pat_' + g.base64url(27),
      falsePositives: (g) => [
        `token = "dckr_pat_${g.base64url(12)}"`,
        'DOCKERHUB_TOKEN=dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'docker-hub-org-token',
    description: 'Docker Hub organization access token',
    provider: 'Docker',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['dckr_oat_'],
    regex: token('dckr_oat_[A-Za-z0-9_-]{32}', 'A-Za-z0-9_-'),
    entropy: 3.5,
    envName: 'DOCKERHUB_ORG_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'dckr_oat_' + g.base64url(32),
      falsePositives: (g) => [
        `token = "dckr_oat_${g.base64url(12)}"`,
        'DOCKERHUB_ORG_TOKEN=dckr_oat_<token>',
      ],
    },
  },

  // ----- age, Tailscale, ngrok --------------------------------------------------------------------
  {
    id: 'age-secret-key',
    description: 'age encryption secret key',
    provider: 'age',
    kind: 'certificate',
    severity: 'high',
    confidence: 'high',
    keywords: ['age-secret-key-1'],
    regex: token('AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', 'A-Za-z0-9'),
    entropy: 3.5,
    envName: 'SOPS_AGE_KEY',
    skipFilters: true,
    samples: {
      secret: (g) => 'AGE-SECRET-KEY-1' + g.chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58),
      falsePositives: (g) => [
        `# public key: age1${g.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}`, // the recipient, public
        `key = "AGE-SECRET-KEY-1${g.chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 30)}"`, // truncated
      ],
    },
  },
  {
    id: 'tailscale-key',
    description: 'Tailscale API, auth, OAuth client, SCIM or webhook key',
    provider: 'Tailscale',
    kind: 'api_key',
    severity: 'high',
    confidence: 'high',
    keywords: ['tskey-'],
    regex: token('tskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,32}-[A-Za-z0-9]{20,64}', 'A-Za-z0-9_-'),
    entropy: 3.8,
    envName: 'TS_AUTHKEY',
    skipFilters: true,
    samples: {
      secret: (g) => `tskey-${g.pick(['api', 'auth', 'client'])}-k${g.alnum(10)}CNTRL-${g.alnum(32)}`,
      falsePositives: (g) => [
        'TS_AUTHKEY=tskey-auth-<key>',
        `key = "tskey-auth-k${g.alnum(10)}"`, // the key id alone
      ],
    },
  },
  {
    id: 'ngrok-authtoken',
    description: 'ngrok authtoken or API key',
    provider: 'ngrok',
    kind: 'token',
    severity: 'medium',
    confidence: 'medium',
    keywords: ['ngrok', 'authtoken'],
    // A 27-char KSUID, `_`, and ~22 more; the keyword (ngrok / authtoken) must be on the same line.
    regex: token('[0-9][A-Za-z0-9]{26}_[A-Za-z0-9]{20,23}'),
    entropy: 4,
    envName: 'NGROK_AUTHTOKEN',
    samples: {
      secret: (g) => '2' + g.alnum(26) + '_' + g.alnum(22),
      truePositives: (g) => [`ngrok config add-authtoken 2${g.alnum(26)}_${g.alnum(22)}`, `authtoken: 2${g.alnum(26)}_${g.alnum(21)}`],
      falsePositives: (g) => [
        `NGROK_AUTHTOKEN=2${g.alnum(26)}`, // half a token
        'authtoken: <your-ngrok-authtoken>',
      ],
    },
  },

  // ----- Confluent, MongoDB Atlas -----------------------------------------------------------------
  {
    id: 'confluent-api-secret',
    description: 'Confluent Cloud API secret assigned to a Confluent secret name',
    provider: 'Confluent',
    kind: 'api_key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['confluent'],
    regex: assigned(`${ci('confluent')}[\\w.-]{0,30}${ci('secret')}`, '[A-Za-z0-9+/]{64}', 'A-Za-z0-9+/='),
    entropy: 4.2,
    envName: 'CONFLUENT_CLOUD_API_SECRET',
    samples: {
      secret: (g) => g.chars(ALPHABET.alnum + '+/', 64),
      falsePositives: (g) => [
        `CONFLUENT_CLOUD_API_KEY=${g.upperAlnum(16)}`,
        `confluent_secret_hash = "${g.hex(64)}"`, // a digest: too little entropy
      ],
    },
  },
  {
    id: 'mongodb-atlas-private-key',
    description: 'MongoDB Atlas programmatic API private key assigned to an Atlas private-key name',
    provider: 'MongoDB Atlas',
    kind: 'api_key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['atlas', 'mcli'],
    regex: assigned(`(?:${ci('atlas')}|${ci('mcli')})[\\w.-]{0,30}${ci('private')}`,
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'A-Za-z0-9-'),
    entropy: 3,
    envName: 'MONGODB_ATLAS_PRIVATE_KEY',
    samples: {
      secret: (g) => g.uuid(),
      falsePositives: (g) => [
        `MONGODB_ATLAS_PROJECT_ID=${g.hex(24)}`,
        `MONGODB_ATLAS_PUBLIC_KEY=${g.lower(8)}`,
      ],
    },
  },

  // ----- OpenShift, Scalingo, Backblaze ------------------------------------------------------------
  {
    id: 'openshift-user-token',
    description: 'OpenShift user OAuth access token',
    provider: 'OpenShift',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['sha256~'],
    regex: token('sha256~[A-Za-z0-9_-]{43}', 'A-Za-z0-9_-'),
    entropy: 3.5,
    envName: 'OPENSHIFT_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'sha256~' + g.base64url(43),
      falsePositives: (g) => [
        `oc login --token=sha256~${g.base64url(20)}`,
        'OPENSHIFT_TOKEN=sha256~<token>',
      ],
    },
  },
  {
    id: 'scalingo-api-token',
    description: 'Scalingo API token',
    provider: 'Scalingo',
    kind: 'token',
    severity: 'high',
    confidence: 'high',
    keywords: ['tk-us-'],
    regex: token('tk-us-[A-Za-z0-9_-]{48}', 'A-Za-z0-9_-'),
    entropy: 3.8,
    envName: 'SCALINGO_API_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => 'tk-us-' + g.base64url(48),
      falsePositives: (g) => [
        `token = "tk-us-${g.base64url(20)}"`,
        'SCALINGO_API_TOKEN=tk-us-<token>',
      ],
    },
  },
  {
    id: 'backblaze-b2-application-key',
    description: 'Backblaze B2 application key assigned to a B2/Backblaze key name',
    provider: 'Backblaze',
    kind: 'api_key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['backblaze', 'b2_', 'b2-', 'b2.', 'b2app', 'b2key'],
    regex: assigned(`(?:${ci('backblaze')}|${WORD_START}${ci('b2')}[_.-]?)[\\w.-]{0,30}${ci('key')}`, 'K[0-9]{3}[A-Za-z0-9+/]{27}', 'A-Za-z0-9+/='),
    entropy: 4,
    envName: 'B2_APPLICATION_KEY',
    samples: {
      secret: (g) => 'K00' + g.digits(1) + g.alnum(27),
      falsePositives: (g) => [
        `B2_APPLICATION_KEY_ID=00${g.hex(23)}`, // the key id, not the key
        `B2_APPLICATION_KEY=K00${g.digits(1)}${g.alnum(10)}`,
      ],
    },
  },
];
