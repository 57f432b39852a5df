// Text whose code or config sits inside another format's escaping: notebook cells and serialized
// configs inside JSON strings (`\"`, `\n`), attribute values with XML/HTML entities (`&quot;`), and
// URL-encoded query strings and connection strings (`%3D`, `%2B`), and a Kubernetes Secret's base64
// `data` values. The engine scans a decoded view of
// such a file as well, and maps what it finds back to the original offsets. Decoding is one linear
// pass; a view exists only where the file's kind and its text call for it.
import { syntaxFamily } from '../text/syntax';

export interface EscapedView {
  /** The decoded text. */
  text: string;
  /** The path the view is scanned under (its syntax decides what counts as a literal). */
  path: string;
  /**
   * The view as pieces, in order: `[viewStart, originalStart, kind, ...]`, kind KEPT (original characters
   * as they were), DECODED (one decoded character, each of its units standing for its whole escape) or
   * BASE64 (a value decoded in place). One extra piece at the end: the view's length and the original's.
   */
  pieces: readonly number[];
}

const KEPT = 0;
const DECODED = 1;
const BASE64 = 2;

/** Where view character `at` begins in the original text (`at` = the view's length: the original's end). */
function originalOffset(view: EscapedView, at: number): number {
  const p = view.pieces;
  // The last piece that starts at or before `at` (pieces never start after the view's end).
  let lo = 0;
  let hi = p.length / 3 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p[mid * 3] <= at) lo = mid;
    else hi = mid - 1;
  }
  const from = p[lo * 3];
  const origin = p[lo * 3 + 1];
  switch (p[lo * 3 + 2]) {
    case KEPT: return origin + (at - from);
    // A decoded base64 character maps to where its byte's digits begin (`origin + ⌊4i/3⌋`), so a
    // secret found inside the value maps to the digits that encode it.
    case BASE64: return origin + Math.floor((4 * (at - from)) / 3);
    default: return origin;
  }
}

/** Maps a view range back to the original text's offsets. */
export function originalRange(view: EscapedView, start: number, end: number): { start: number; end: number } {
  return { start: originalOffset(view, start), end: originalOffset(view, end) };
}

/**
 * Builds a view from pieces: a run of original characters kept, or one decoded character standing for
 * its escape. Only where pieces start is kept (not an offset per character: most views find nothing,
 * and a large JSON file's view would cost four bytes per character).
 */
class ViewBuilder {
  private readonly out: string[] = [];
  private readonly pieces: number[] = [];
  private n = 0;
  keep(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.pieces.push(this.n, from, KEPT);
    this.n += to - from;
    this.out.push(text.slice(from, to));
  }
  /** A base64 value decoded in place, at `at` in the original. */
  decodedBase64(decoded: string, at: number): void {
    if (!decoded.length) return;
    this.pieces.push(this.n, at, BASE64);
    this.n += decoded.length;
    this.out.push(decoded);
  }
  /** One decoded character (an astral one is two units: both map to its escape). */
  decoded(ch: string, at: number): void {
    this.pieces.push(this.n, at, DECODED);
    this.n += ch.length;
    this.out.push(ch);
  }
  finish(end: number, path: string): EscapedView {
    this.pieces.push(this.n, end, KEPT);
    return { text: this.out.join(''), path, pieces: this.pieces };
  }
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** JSON string escapes decoded everywhere (JSON has no backslash outside strings). */
function decodeJsonEscapes(text: string, path: string): EscapedView {
  const b = new ViewBuilder();
  let last = 0;
  for (let i = text.indexOf('\\'); i !== -1 && i < text.length - 1; i = text.indexOf('\\', i)) {
    const c = text[i + 1];
    let ch: string | undefined = JSON_ESCAPES[c];
    let len = 2;
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      ch = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      len = 6;
    }
    if (ch === undefined) {
      i += 2;
      continue;
    }
    b.keep(text, last, i);
    b.decoded(ch, i);
    // The decoded character stands for all of its escape: its end maps past the escape.
    last = i + len;
    i += len;
  }
  b.keep(text, last, text.length);
  return b.finish(text.length, path);
}

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>' };

/** XML/HTML character references: `&quot;`, `&#34;`, `&#x22;`, `&amp;`. */
function decodeEntities(text: string, path: string): EscapedView {
  const b = new ViewBuilder();
  const re = /&(?:(quot|apos|amp|lt|gt)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const code = m[2] ? parseInt(m[2], 10) : m[3] ? parseInt(m[3], 16) : -1;
    const ch = m[1] ? ENTITIES[m[1]] : code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
    if (ch === undefined) continue;
    b.keep(text, last, m.index);
    b.decoded(ch, m.index);
    last = m.index + m[0].length;
  }
  b.keep(text, last, text.length);
  return b.finish(text.length, path);
}

/** Percent-encoded printable ASCII (`%3D`, `%2B`, `%40`); other bytes stay as they are. */
function decodePercent(text: string, path: string): EscapedView {
  const b = new ViewBuilder();
  const re = /%([2-7][0-9A-Fa-f])/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const code = parseInt(m[1], 16);
    if (code < 0x20 || code > 0x7e) continue;
    b.keep(text, last, m.index);
    b.decoded(String.fromCharCode(code), m.index);
    last = m.index + 3;
  }
  b.keep(text, last, text.length);
  return b.finish(text.length, path);
}

/** Base64 of readable text (UTF-8, no control character but tab and line breaks), decoded; else undefined. */
function readableBase64(value: string): string | undefined {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  const text = bytes.toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (text.includes('\uFFFD') || /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) return undefined;
  return text;
}

/** A Kubernetes Secret's `data` (YAML, one document or many; JSON): where its base64 values are. */
const SECRET_KIND_YAML = /^kind:[ \t]*["']?Secret["']?[ \t]*$/m;
const SECRET_KIND_JSON = /"kind"\s{0,8}:\s{0,8}"Secret"/;

/**
 * A Kubernetes Secret's `data` values are base64 of the secrets themselves (`stringData` holds them in
 * the clear): the view holds each value decoded, so the provider rules know a Stripe key or a PEM key
 * inside one, and what they find maps back to the digits that encode it.
 */
function decodeSecretData(text: string, path: string): EscapedView | undefined {
  const b = new ViewBuilder();
  let last = 0;
  let any = false;
  const take = (at: number, value: string) => {
    const decoded = readableBase64(value);
    if (decoded === undefined) return;
    b.keep(text, last, at);
    b.decodedBase64(decoded, at);
    last = at + value.length;
    any = true;
  };
  if (/\.json$/i.test(path)) {
    // `"data": { "name": "base64", ... }` after `"kind": "Secret"` (a flat object: no nesting in `data`).
    const data = /"data"\s{0,8}:\s{0,8}\{([^{}]{0,1048576})\}/g;
    for (let m = data.exec(text); m; m = data.exec(text)) {
      const body = m.index + m[0].indexOf('{') + 1;
      const pair = /"[^"\\\r\n]{1,253}"\s{0,8}:\s{0,8}"([A-Za-z0-9+/=]{8,1048576})"/g;
      for (let p = pair.exec(m[1]); p; p = pair.exec(m[1])) take(body + p.index + p[0].lastIndexOf(p[1]), p[1]);
    }
  } else {
    // Each YAML document whose kind is Secret: the indented `name: base64` lines of its `data:` block.
    const docs = text.split(/^(?=---[ \t]*$)/m);
    let offset = 0;
    for (const doc of docs) {
      if (SECRET_KIND_YAML.test(doc)) {
        const block = /^([ \t]*)data:[ \t]*\r?\n((?:\1[ \t]+[^\r\n]*\r?\n?|[ \t]*\r?\n)*)/gm;
        for (let m = block.exec(doc); m; m = block.exec(doc)) {
          const body = offset + m.index + m[0].length - m[2].length;
          const line = /^[ \t]+["']?[\w.-]{1,253}["']?:[ \t]*(["']?)([A-Za-z0-9+/=]{8,1048576})\1[ \t]*$/gm;
          for (let p = line.exec(m[2]); p; p = line.exec(m[2])) take(body + p.index + p[0].lastIndexOf(p[2]), p[2]);
        }
      }
      offset += doc.length;
    }
  }
  if (!any) return undefined;
  b.keep(text, last, text.length);
  return b.finish(text.length, path);
}

const NOTEBOOK_LANGUAGE: Readonly<Record<string, string>> = { python: 'py', r: 'r', julia: 'jl', scala: 'scala', javascript: 'js', typescript: 'ts' };

/** A notebook's cells are code of its kernel's language (Python unless it says otherwise). */
function notebookPath(text: string, path: string): string {
  const lang = /"language_info"\s{0,8}:\s{0,8}\{[^{}]{0,400}?"name"\s{0,8}:\s{0,8}"(\w{1,20})"/.exec(text.slice(-8192));
  return `${path}.${NOTEBOOK_LANGUAGE[lang?.[1]?.toLowerCase() ?? 'python'] ?? 'txt'}`;
}

/** Markup whose attribute values may hold entity-escaped code or config. */
const MARKUP = /\.(?:xml|config|html?|xhtml|cshtml|razor|jsp|aspx|ascx|vue|svg|xaml|csproj|props|targets|resx|plist|jmx|jrxml)$/i;
/** JSON files whose strings may hold serialized config; source maps only repeat their sources. */
const JSON_FILE = /\.(?:json|jsonc|json5|har|ipynb)$/i;
const SKIP = /\.(?:map|min\.js|lock)$|(?:^|\/)package-lock\.json$/i;

/**
 * The decoded views worth scanning for this file: none for most files. `\"` in JSON files and
 * notebooks; entities in markup; percent-encoded `=`/`:`/`&`/`@` in configuration, scripts and prose (a
 * query string or a connection string whose names and values are encoded).
 */
export function escapedViews(text: string, path: string): EscapedView[] {
  if (SKIP.test(path)) return [];
  const views: EscapedView[] = [];
  if (JSON_FILE.test(path)) {
    // Quoted code or config inside strings (`\"`): scanned as JSON (or as the notebook's language).
    if (text.includes('\\"')) views.push(decodeJsonEscapes(text, /\.ipynb$/i.test(path) ? notebookPath(text, path) : path));
    // A config file's lines in one string (`"KEY=value\nNEXT=…"`): scanned as config, where a value
    // needs no quotes.
    else if (text.includes('\\n') && text.includes('=')) views.push(decodeJsonEscapes(text, `${path}.cfg`));
  }
  if (MARKUP.test(path) && /&(?:quot|apos|#3[49]|#x2[27]);/i.test(text)) views.push(decodeEntities(text, path));
  // Config, shell and prose (not code, whose strings encode URLs for their own reasons).
  if (syntaxFamily(path) === 'other' && /%3[dDaA]|%26|%40/.test(text)) views.push(decodePercent(text, path));
  // A Kubernetes Secret manifest: its `data` values decoded from base64.
  if (/\.ya?ml$/i.test(path) ? SECRET_KIND_YAML.test(text) : /\.json$/i.test(path) && SECRET_KIND_JSON.test(text)) {
    const view = decodeSecretData(text, path);
    if (view) views.push(view);
  }
  return views;
}
