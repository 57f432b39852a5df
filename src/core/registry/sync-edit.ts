// Comment-keeping edits to one field of one identity in credentials.yaml, for pulling registry changes.
// A scalar that is already there is replaced in place (only its own characters change, so a trailing
// comment, the quoting style of the rest and the layout stay as they are); adding or removing a field
// edits the yaml Document, which keeps comments too.
import { isMap, isScalar, isSeq, stringify, type Document, type Scalar, type YAMLMap } from 'yaml';
import { parseYamlDocument } from '../text/structured';
import { RegisterEditError } from '../ownership/register-edit';
import type { SyncField } from './merge';

/** The register text with `field` of identity `id` set to `value` (undefined removes it). */
export function setIdentityField(text: string, id: string, field: SyncField, value: string | undefined): string {
  const doc = parseYamlDocument(text, { prettyErrors: false });
  if (doc.errors.length) throw new RegisterEditError('the register has a YAML error; fix it before syncing');
  const entry = findEntry(doc, id);
  if (!entry) throw new RegisterEditError(`no identity with id "${id}" in the register`);
  const path = field.split('.');
  const current = entry.getIn(path, true);
  if (value !== undefined && isScalar(current) && current.range) {
    if (current.value === value) return text;
    return text.slice(0, current.range[0]) + scalarText(value, current) + text.slice(current.range[1]);
  }
  if (value === undefined && current === undefined) return text;
  if (value === undefined) {
    entry.deleteIn(path);
    // An owners map left empty goes too.
    const owners = entry.get('owners', true);
    if (path[0] === 'owners' && isMap(owners) && owners.items.length === 0) entry.delete('owners');
  } else if (path.length === 2 && !isMap(entry.get(path[0], true))) {
    entry.set(path[0], doc.createNode({ [path[1]]: value }));
  } else {
    entry.setIn(path, doc.createNode(value));
  }
  return doc.toString({ lineWidth: 0 });
}

function findEntry(doc: Document, id: string): YAMLMap | undefined {
  const list = isMap(doc.contents) ? doc.contents.get('identities', true) : undefined;
  if (!isSeq(list)) return undefined;
  return list.items.find((i): i is YAMLMap => isMap(i) && isScalar(i.get('id', true)) && (i.get('id', true) as Scalar).value === id);
}

/** The new value in the old scalar's quoting style when that style can hold it, else as YAML writes it. */
function scalarText(value: string, old: Scalar): string {
  if (old.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (old.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  // Plain (or block): plain when YAML would read it back as this same string, else quoted.
  const out = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return out.includes('\n') ? JSON.stringify(value) : out;
}
