// Whom to rotate a credential with. A rule's `provider` names the issuer for provider tokens (Stripe,
// AWS, GitHub) but only a shape, a protocol or the tool that stores it for others (an opaque bearer
// header, a URL's password, FileZilla's site manager, a .netrc): there "rotate it at FileZilla" would be
// wrong, and every face says "where it was issued" instead. One list, used by every face.

/** Providers that name no issuer: a shape, a protocol, a file format, or the client that stores the credential. */
const NOT_AN_ISSUER = new Set([
  'generic', 'custom', '', 'http', 'url', 'curl', 'private key', 'unix', 'htpasswd', 'netrc', 'git', 'sql dump',
  'filezilla', 'winscp', 'putty', 'mremoteng', 'remmina', 'database gui', 'mail client', 'game server', 'teamspeak',
  'mumble', 'rclone', 'pip', 'maven', 'nuget', 'yarn', 'composer', 'sftp', 'ftp', 'smtp', 'ldap', 'jdbc', 'ado.net',
  'terraform', 'kubernetes', 'django', 'rails', 'laravel', 'wordpress',
]);

/** The issuer to rotate a credential at, or undefined when the face should say "where it was issued". */
export function rotationIssuer(provider: string): string | undefined {
  return NOT_AN_ISSUER.has(provider.trim().toLowerCase()) ? undefined : provider;
}
