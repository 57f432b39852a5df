// Keys and stores left under a password everyone knows: Java's `changeit`, the `notasecret` of Google's
// P12 service-account keys, Android's `android`, and the few that tutorials use. Such a "protected"
// key is as good as a clear one. The passwords are tried the way the tools that made them check them
// (OpenSSL's PKCS#8 decryption; keytool's store digest), never beyond a bounded number of rounds, and
// which one opened a key is never said.
import { nodeCrypto } from '../node-crypto';
import { javaKeystoreUnder } from './containers';

export const DEFAULT_PASSWORDS: readonly string[] = ['changeit', 'notasecret', 'android', 'password', 'changeme', 'secret', '123456', ''];

/**
 * A key derivation of more rounds is not tried: a hostile store can ask for billions. keytool writes
 * 10,000 and openssl 2,048.
 */
export const MAX_TRIAL_ITERATIONS = 10_000;

/** Whether an EncryptedPrivateKeyInfo opens under a default password (its rounds known and bounded). */
export function pkcs8UnderDefaultPassword(der: Uint8Array, iterations: number | undefined): boolean {
  if (iterations === undefined || iterations < 1 || iterations > MAX_TRIAL_ITERATIONS) return false;
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  for (const passphrase of DEFAULT_PASSWORDS) {
    try {
      nodeCrypto().createPrivateKey({ key, format: 'der', type: 'pkcs8', passphrase });
      return true;
    } catch {
      // not this one
    }
  }
  return false;
}

/** Whether a JKS or JCEKS store is sealed under a default password (one SHA-1 over the store per password). */
export function javaKeystoreUnderDefaultPassword(bytes: Uint8Array): boolean {
  return DEFAULT_PASSWORDS.some((p) => javaKeystoreUnder(bytes, p));
}
