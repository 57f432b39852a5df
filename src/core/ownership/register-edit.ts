// Edits to credentials.yaml that keep the user's file as it is: the Document API locates the nodes,
// and the change is a single insertion at the right place with the file's own indentation and line
// endings, so comments, quoting, blank lines and key order elsewhere are untouched. Layouts this
// cannot extend in place (a flow-style list of identities) fall back to editing the Document, which
// still keeps comments.
import { isMap, isPair, isScalar, isSeq, stringify, type Document, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isTooDeep, parseYamlDocument } from '../text/structured';
import type { TextEdit } from '../types/edit';
import { IdentitySchema, type IdentityInput } from './schema';

export type { TextEdit } from '../types/edit';

export class RegisterEditError extends Error {}

const KEY_ORDER = Object.keys(IdentitySchema.shape);

/** The register text with `identity` appended to `identities` (the list and the file are created if needed). */
export function addIdentity(text: string, identity: IdentityInput): string {
  return applyEdit(text, addIdentityEdit(text, identity));
}

/** The register text with `reference` added to the `match` list of identity `id` (unchanged if it is there already). */
export function addMatch(text: string, id: string, reference: string): string {
  const edit = addMatchEdit(text, id, reference);
  return edit ? applyEdit(text, edit) : text;
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** The single edit that appends `identity`; throws RegisterEditError if it is invalid, its id is taken or the file is broken. */
export function addIdentityEdit(text: string, identity: IdentityInput): TextEdit {
  const parsed = IdentitySchema.safeParse(identity);
  if (!parsed.success) throw new RegisterEditError(`invalid identity: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'identity'}: ${i.message}`).join('; ')}`);
  const clean = ordered(parsed.data);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parse(text);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    // Empty, or only comments: append the list.
    const sep = text.length && !text.endsWith('\n') ? eol : '';
    return { start: text.length, end: text.length, newText: `${sep}identities:${eol}${item(clean, '  ', 2, eol)}${eol}` };
  }
  if (!isMap(contents)) throw new RegisterEditError('the register must be a map with an `identities` list');
  const pair = pairOf(contents, 'identities');
  if (existingIds(pair).includes(clean.id)) throw new RegisterEditError(`an identity with id "${clean.id}" already exists`);
  const lines = lineInfo(text);
  if (!pair) {
    const sep = text.endsWith('\n') ? '' : eol;
    return { start: text.length, end: text.length, newText: `${sep}identities:${eol}${item(clean, '  ', 2, eol)}${eol}` };
  }
  const keyCol = lines.column(pair.key && isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0);
  const value = pair.value;
  if (value === null || (isScalar(value) && value.value === null)) {
    const at = lines.lineEnd((pair.key as { range: [number, number, number] }).range[1]);
    return { start: at, end: at, newText: `${eol}${item(clean, ' '.repeat(keyCol + 2), 2, eol)}` };
  }
  if (!isSeq(value)) throw new RegisterEditError('`identities` must be a list');
  if (value.flow) {
    if (value.items.length === 0 && value.range) {
      let start = value.range[0];
      while (start > 0 && text[start - 1] === ' ') start--;
      return { start, end: value.range[1], newText: `${eol}${item(clean, ' '.repeat(keyCol + 2), 2, eol)}` };
    }
    return viaDocument(doc, text, (d) => (d.get('identities', true) as YAMLSeq).add(d.createNode(clean)));
  }
  const last = value.items[value.items.length - 1] as { range?: [number, number, number] };
  const first = value.items[0] as { range?: [number, number, number] };
  if (!value.range || !last?.range || !first?.range) return viaDocument(doc, text, (d) => (d.get('identities', true) as YAMLSeq).add(d.createNode(clean)));
  const dashCol = lines.column(value.range[0]);
  const contentOffset = Math.max(2, lines.column(first.range[0]) - dashCol);
  const at = lines.lineEnd(last.range[1]);
  return { start: at, end: at, newText: `${eol}${item(clean, ' '.repeat(dashCol), contentOffset, eol)}` };
}

/** The single edit that adds `reference` to identity `id`'s `match`, or undefined when it is already listed. */
export function addMatchEdit(text: string, id: string, reference: string): TextEdit | undefined {
  if (!reference.trim()) throw new RegisterEditError('the reference to add is empty');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parse(text);
  const list = isMap(doc.contents) ? doc.contents.get('identities', true) : undefined;
  const entry = isSeq(list) ? list.items.find((i): i is YAMLMap => isMap(i) && scalarValue(i.get('id', true)) === id) : undefined;
  if (!entry || !isSeq(list)) throw new RegisterEditError(`no identity with id "${id}" in the register`);
  const matchPair = pairOf(entry, 'match');
  const value = matchPair?.value;
  if (isSeq(value) && value.items.some((i) => scalarValue(i) === reference)) return undefined;
  const lines = lineInfo(text);
  const add = (d: Document) => {
    const e = (d.get('identities', true) as YAMLSeq).items.find((i): i is YAMLMap => isMap(i) && scalarValue(i.get('id', true)) === id)!;
    const m = e.get('match', true);
    if (isSeq(m)) m.add(d.createNode(reference));
    else e.set('match', d.createNode([reference]));
  };
  if (entry.flow || !entry.range || !list.range) return viaDocument(doc, text, add);
  const keyCol = lines.column(entry.range[0]);
  // The file's own list style: `- ` under its key, or indented by two.
  const seqIndent = Math.max(0, lines.column(list.range[0]) - lines.column((pairOf(doc.contents as YAMLMap, 'identities')!.key as { range: [number, number, number] }).range[0]));
  if (!matchPair) {
    const at = lines.lineEnd(entry.range[1]);
    const pad = ' '.repeat(keyCol);
    return { start: at, end: at, newText: `${eol}${pad}match:${eol}${pad}${' '.repeat(seqIndent)}- ${blockScalar(reference)}` };
  }
  if (value === null || (isScalar(value) && value.value === null)) {
    const at = lines.lineEnd((matchPair.key as { range: [number, number, number] }).range[1]);
    return { start: at, end: at, newText: `${eol}${' '.repeat(keyCol + seqIndent)}- ${blockScalar(reference)}` };
  }
  if (!isSeq(value) || !value.range) return viaDocument(doc, text, add);
  if (value.flow) {
    const lastItem = value.items[value.items.length - 1] as { range?: [number, number, number] } | undefined;
    if (lastItem?.range) return { start: lastItem.range[1], end: lastItem.range[1], newText: `, ${flowScalar(reference)}` };
    const open = text.indexOf('[', value.range[0]);
    return { start: open + 1, end: open + 1, newText: flowScalar(reference) };
  }
  const lastItem = value.items[value.items.length - 1] as { range?: [number, number, number] };
  if (!lastItem?.range) return viaDocument(doc, text, add);
  const at = lines.lineEnd(lastItem.range[1]);
  return { start: at, end: at, newText: `${eol}${' '.repeat(lines.column(value.range[0]))}- ${blockScalar(reference)}` };
}

/** Keys of an identity a lifecycle step sets to a date: retiring it, or recording a review. */
export type LifecycleKey = 'retired' | 'lastReviewed';

/**
 * The single edit that sets `key` of identity `id` to `date` (YYYY-MM-DD): in place when the key is
 * there, else a line appended to the identity in its own indentation. Undefined when it already says so.
 */
export function setIdentityDateEdit(text: string, id: string, key: LifecycleKey, date: string): TextEdit | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RegisterEditError(`"${date}" is not a date as YYYY-MM-DD`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parse(text);
  const list = isMap(doc.contents) ? doc.contents.get('identities', true) : undefined;
  const entry = isSeq(list) ? list.items.find((i): i is YAMLMap => isMap(i) && scalarValue(i.get('id', true)) === id) : undefined;
  if (!entry) throw new RegisterEditError(`no identity with id "${id}" in the register`);
  const pair = pairOf(entry, key);
  const value = pair?.value;
  if (isScalar(value) && value.range && value.value !== null) {
    if (String(value.value) === date) return undefined;
    return { start: value.range[0], end: value.range[1], newText: date };
  }
  const set = (d: Document) => {
    const e = (d.get('identities', true) as YAMLSeq).items.find((i): i is YAMLMap => isMap(i) && scalarValue(i.get('id', true)) === id)!;
    e.set(key, date);
  };
  if (pair || entry.flow || !entry.range) return viaDocument(doc, text, set);
  const lines = lineInfo(text);
  const at = lines.lineEnd(entry.range[1]);
  return { start: at, end: at, newText: `${eol}${' '.repeat(lines.column(entry.range[0]))}${key}: ${date}` };
}

function parse(text: string): Document {
  const doc = parseYamlDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    if (isTooDeep(e)) throw new RegisterEditError(`the register is ${e.message}; it was not edited`);
    const line = text.slice(0, e.pos[0]).split('\n').length;
    throw new RegisterEditError(`the register has a YAML error on line ${line}; fix it before editing`);
  }
  return doc;
}

/** Fallback: edit the Document itself (comments survive; spacing may be normalised). */
function viaDocument(doc: Document, text: string, change: (d: Document) => void): TextEdit {
  change(doc);
  return { start: 0, end: text.length, newText: doc.toString({ lineWidth: 0 }) };
}

function ordered(identity: Record<string, unknown>): Record<string, unknown> & { id: string } {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) {
    const v = identity[k];
    if (v === undefined || (k === 'owners' && v && typeof v === 'object' && Object.keys(v).length === 0)) continue;
    out[k] = v;
  }
  return out as Record<string, unknown> & { id: string };
}

/** A list item: `- key: value` then the rest of the map indented under it. */
function item(identity: Record<string, unknown>, dashIndent: string, contentOffset: number, eol: string): string {
  const body = stringify(identity, { lineWidth: 0, indent: 2 }).replace(/\n$/, '').split('\n');
  const pad = dashIndent + ' '.repeat(contentOffset);
  return body.map((l, i) => (i === 0 ? `${dashIndent}-${' '.repeat(contentOffset - 1)}${l}` : `${pad}${l}`)).join(eol);
}

function blockScalar(s: string): string {
  return stringify(s, { lineWidth: 0 }).replace(/\n$/, '');
}

/** Inside `[...]`, commas and brackets end a plain scalar: quote anything but a simple name. */
function flowScalar(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./:-]*$/.test(s) && !s.includes(': ') ? s : JSON.stringify(s);
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

function existingIds(pair: Pair | undefined): string[] {
  return isSeq(pair?.value) ? pair.value.items.map((i) => (isMap(i) ? scalarValue(i.get('id', true)) : undefined)).filter((x): x is string => Boolean(x)) : [];
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function lineInfo(text: string) {
  return {
    column: (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1),
    /** End of the line holding `offset`, before its line break. */
    lineEnd: (offset: number) => {
      const at = Math.max(0, offset - 1);
      let end = text.indexOf('\n', at);
      if (end === -1) end = text.length;
      if (end > 0 && text[end - 1] === '\r') end--;
      return end;
    },
  };
}
