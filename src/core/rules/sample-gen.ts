// A seeded generator of realistic secrets. Tests, the demo and benchmarks plant secrets made here at
// run time, so this repository never carries a token-shaped string that would trip other scanners.
import { githubChecksum } from './checksum';

export const ALPHABET = {
  digits: '0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  hex: '0123456789abcdef',
  upperHex: '0123456789ABCDEF',
  base62: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lowerAlnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upperAlnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
} as const;

export class SampleGen {
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast, good enough for test data (never for real secrets). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** n characters from the alphabet, guaranteed to mix classes (no accidental all-letters run). */
  chars(alphabet: string, n: number): string {
    for (;;) {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
      if (n < 8 || mixesClasses(s, alphabet)) return s;
    }
  }

  digits(n: number): string { return this.chars(ALPHABET.digits, n); }
  hex(n: number): string { return this.chars(ALPHABET.hex, n); }
  upperHex(n: number): string { return this.chars(ALPHABET.upperHex, n); }
  alnum(n: number): string { return this.chars(ALPHABET.alnum, n); }
  lowerAlnum(n: number): string { return this.chars(ALPHABET.lowerAlnum, n); }
  upperAlnum(n: number): string { return this.chars(ALPHABET.upperAlnum, n); }
  lower(n: number): string { return this.chars(ALPHABET.lower, n); }
  base64(n: number): string { return this.chars(ALPHABET.base64, n); }
  base64url(n: number): string { return this.chars(ALPHABET.base64url, n); }

  /** Standard padded base64 of `bytes` random bytes. */
  base64Bytes(bytes: number): string {
    return Buffer.from(Array.from({ length: bytes }, () => this.int(256))).toString('base64');
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** GitHub/npm token scheme: prefix + 30 base62 characters + 6-character base62 CRC32 of those 30. */
  checksummedToken(prefix: string): string {
    const body = this.chars(ALPHABET.base62, 30);
    return prefix + body + githubChecksum(body);
  }

  /** A GitHub/npm-shaped token whose checksum fails: a look-alike, as test fixtures hold. */
  badChecksumToken(prefix: string): string {
    const good = this.checksummedToken(prefix);
    return good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
  }

  /** A three-part JWT with a realistic header and claims. */
  jwt(claims: Record<string, unknown> = {}): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const header = enc({ alg: 'HS256', typ: 'JWT' });
    const body = enc({ sub: this.digits(8), iat: 1700000000 + this.int(1e7), ...claims });
    return `${header}.${body}.${this.base64url(43)}`;
  }

  /** A PEM block of the given label with realistic base64 lines; the key material is random, not a real key. */
  pem(label: string, lines = 12): string {
    const body: string[] = [];
    for (let i = 0; i < lines; i++) body.push(this.base64(64));
    body.push(this.base64(28) + '==');
    return `-----BEGIN ${label}-----\n${body.join('\n')}\n-----END ${label}-----`;
  }

  /** A password a person might choose: mixed case, digits and a symbol, not a dictionary word. */
  password(n = 16): string {
    return this.chars(ALPHABET.alnum, n - 2) + this.pick(['!', '#', '%', '&', '*', '@']) + this.digits(1);
  }

  /** A weak password people really use (a dictionary word, maybe a number): still a leaked credential in a credential file. */
  weakPassword(): string {
    return this.pick(['admin', 'welcome', 'Welcome', 'letmein', 'dragon', 'monkey', 'sunshine', 'summer', 'password', 'qwerty']) +
      this.pick(['', '1', '12', '123', '2024', '!', '99']);
  }
}

function mixesClasses(s: string, alphabet: string): boolean {
  const has = (re: RegExp) => re.test(s);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(alphabet));
  if (classes.length < 2) return true;
  return classes.filter(has).length >= Math.min(2, classes.length);
}
