// This product's own credentials: the registry's API tokens (src/server/tokens.ts), `chreg_` + the
// base64url of 32 random bytes. 256 bits make 43 characters, the last of which carries only 4 bits,
// so it is one of 16 characters: a match that ends otherwise is not one.
import type { Rule } from '../types';

/** Characters a base64url encoding of 32 bytes can end with (the last 2 bits are zero). */
const LAST = 'AEIMQUYcgkosw048';

export const rules: Rule[] = [
  {
    id: 'credential-hygiene-registry-token',
    description: 'Credential Hygiene registry API token',
    provider: 'Credential Hygiene',
    kind: 'token',
    severity: 'critical',
    confidence: 'high',
    keywords: ['chreg_'],
    regex: new RegExp(`(?<![A-Za-z0-9_-])(chreg_[A-Za-z0-9_-]{42}[${LAST}])(?![A-Za-z0-9_-])`),
    entropy: 3.5,
    envName: 'CREDENTIAL_HYGIENE_REGISTRY_TOKEN',
    skipFilters: true,
    samples: {
      secret: (g) => `chreg_${g.base64url(42)}${g.pick([...LAST])}`,
      truePositives: (g) => [
        `curl -H "Authorization: Bearer chreg_${g.base64url(42)}${g.pick([...LAST])}" https://registry.internal/v1/identities`,
        { path: '.github/workflows/sync.yml', text: `env:\n  CREDENTIAL_HYGIENE_REGISTRY_TOKEN: chreg_${g.base64url(42)}${g.pick([...LAST])}\n` },
      ],
      falsePositives: (g) => [
        `CREDENTIAL_HYGIENE_REGISTRY_TOKEN="chreg_${'x'.repeat(43)}"`, // placeholder body
        `token = "chreg_${g.base64url(20)}"`, // truncated
        `token = "chreg_${g.base64url(43)}${g.pick([...LAST])}"`, // one character too many
        `token = "chreg_${g.base64url(42)}B"`, // cannot be the end of 32 bytes
        '# registry tokens look like chreg_<43 characters>; pass one in CREDENTIAL_HYGIENE_REGISTRY_TOKEN',
      ],
    },
  },
];
