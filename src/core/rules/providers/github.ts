// GitHub tokens. Classic-format tokens end with a CRC32 checksum, so a match that fails it is not a token.
import { validGithubStyleToken } from '../checksum';
import type { Rule } from '../types';

const checksummed = (
  id: string, prefix: string, what: string, envName: string, kind: Rule['kind'] = 'token',
): Rule => ({
  id,
  description: `GitHub ${what}`,
  provider: 'GitHub',
  kind,
  severity: 'critical',
  confidence: 'high',
  keywords: [prefix],
  regex: new RegExp(`\\b(${prefix}[0-9A-Za-z]{36})(?![0-9A-Za-z_])`),
  validate: validGithubStyleToken,
  envName,
  skipFilters: true,
  samples: {
    secret: (g) => g.checksummedToken(prefix),
    falsePositives: (g) => {
      const good = g.checksummedToken(prefix);
      const broken = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
      return [
        `token = "${broken}"`, // checksum does not verify
        `const example = "${prefix}${'x'.repeat(36)}"`,
        `docs: tokens look like ${prefix}<36 characters>`,
      ];
    },
  },
});

export const rules: Rule[] = [
  checksummed('github-pat-classic', 'ghp_', 'personal access token (classic)', 'GH_TOKEN'),
  checksummed('github-oauth-token', 'gho_', 'OAuth access token', 'GH_OAUTH_TOKEN', 'oauth_app'),
  checksummed('github-app-user-token', 'ghu_', 'App user-to-server token', 'GH_APP_USER_TOKEN'),
  checksummed('github-app-installation-token', 'ghs_', 'App installation (server-to-server) token', 'GH_APP_TOKEN'),
  checksummed('github-refresh-token', 'ghr_', 'App refresh token', 'GH_REFRESH_TOKEN'),
  {
    // Installation tokens in GitHub's longer form: the App's id, then a signed JWT. No checksum: the
    // token's shape (a JWT's header and payload segments) is the evidence.
    id: 'github-app-installation-token-jwt',
    description: 'GitHub App installation token (long form: the App id and a signed JWT)',
    provider: 'GitHub',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['ghs_'],
    regex: /\b(ghs_\d{1,20}_eyJ[A-Za-z0-9_-]{10,400}\.eyJ[A-Za-z0-9_-]{10,3000}\.[A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_-])/,
    window: { after: 4500 },
    entropy: 3.5,
    envName: 'GH_APP_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => `ghs_${g.digits(7)}_${g.jwt({ iss: g.digits(7), sub: `installation|${g.digits(8)}` })}`,
      falsePositives: (g) => [
        `token = "ghs_${g.digits(7)}_eyJhbGciOiJSUzI1NiJ9"`, // a header alone
        'GH_APP_TOKEN=ghs_<app id>_<jwt>',
        `const part = "ghs_${g.digits(5)}_${g.alnum(40)}"`, // not a JWT after the id
      ],
    },
  },
  {
    id: 'github-pat-fine-grained',
    description: 'GitHub fine-grained personal access token',
    provider: 'GitHub',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['github_pat_'],
    regex: /\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})(?![0-9A-Za-z_])/,
    entropy: 3.5,
    envName: 'GH_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => `github_pat_${g.alnum(22)}_${g.alnum(59)}`,
      falsePositives: (g) => [
        `pat = "github_pat_${g.alnum(22)}_${g.alnum(20)}"`, // truncated
        'GITHUB_TOKEN=github_pat_<your token here>',
      ],
    },
  },
];
