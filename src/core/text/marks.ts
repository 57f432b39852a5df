// Strings the analyses after a scan look for in every text: a certificate's or a key's PEM header (as
// text or base64), a cert-manager or Terraform certificate declaration, our own allow marker. Nearly
// no file holds any of them, yet each search reads the whole text. The scan's keyword pass reads every
// character already: it looks for these too (ASCII case ignored, so it may report one that a
// case-sensitive search then does not find, never the reverse) and says which it met, and an analysis
// whose strings were not met skips its searches.

/** At most eight: the scan keeps a keyword's marks in a byte. */
export const MARKS = {
  pem: '-----BEGIN ',
  /** base64 of `-----BEGIN ` (the start of any base64-encoded PEM block: certificate or key). */
  pemBase64: 'LS0tLS1CRUdJTi',
  certManager: 'cert-manager.io',
  /** The shared tail of Terraform's `tls_self_signed_cert` and `tls_locally_signed_cert`. */
  terraformCert: '_signed_cert',
  allow: 'credential-hygiene:allow',
} as const;

export type MarkName = keyof typeof MARKS;

/** A bit per MARKS entry: set when the text may hold it; undefined when nothing looked (search the text). */
export type Marks = number | undefined;

const NAMES = Object.keys(MARKS) as MarkName[];

/** The bit of one mark. */
export function markBit(name: MarkName): number {
  return 1 << NAMES.indexOf(name);
}

/** Every mark with its bit, for the scan's keyword pass. */
export function markKeywords(): Array<{ keyword: string; bit: number }> {
  return NAMES.map((name) => ({ keyword: MARKS[name], bit: markBit(name) }));
}

/** Whether a text with these marks may hold `name` (always, when the marks are not known). */
export function mayHold(marks: Marks, name: MarkName): boolean {
  return marks === undefined || (marks & markBit(name)) !== 0;
}
