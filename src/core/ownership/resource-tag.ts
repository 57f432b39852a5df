// The edit behind "Add owner label/tag": one insertion that gives the resource carrying a credential
// an owner, in the file's own layout. Kubernetes gets an `owner` label (label values cannot hold
// `group:`, so the entity's name is used); Terraform gets an `Owner` tag with the entity ref (`owner`
// label with the name for GCP and Kubernetes resources); an IAM access key's tag goes on its user.
// Returns undefined where an insertion cannot be placed safely (one-line blocks, computed maps).
import { isMap, isPair, isScalar, type Node, type YAMLMap } from 'yaml';
import { parseAllYamlDocuments } from '../text/structured';
import type { TextEdit } from '../types/edit';
import { iamUserOf, matchBrace } from './discovery/terraform';
import type { CredentialReference } from './reference';

type Target = Pick<CredentialReference, 'name' | 'offset'>;

/** `group:default/payments-platform` -> `payments-platform`, trimmed to what a label value allows. */
export function labelValue(owner: string): string {
  const name = owner.replace(/^[^:]*:/, '').replace(/^.*\//, '');
  return name.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 63);
}

export function ownerTagEdit(text: string, ref: Target, owner: string): TextEdit | undefined {
  if (ref.name.startsWith('k8s:')) return kubernetesEdit(text, ref, owner);
  if (ref.name.startsWith('terraform:')) return terraformEdit(text, ref, owner);
  return undefined;
}

function kubernetesEdit(text: string, ref: Target, owner: string): TextEdit | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const value = labelValue(owner);
  for (const doc of parseAllYamlDocuments(text)) {
    const meta = isMap(doc.contents) ? doc.contents.get('metadata', true) : undefined;
    const name = isMap(meta) ? meta.get('name', true) : undefined;
    if (!isMap(meta) || !isScalar(name) || name.range?.[0] !== ref.offset.start) continue;
    const labels = meta.get('labels', true);
    if (isMap(labels)) return addToMap(text, labels, `owner: ${value}`, eol);
    if (labels !== undefined && !(isScalar(labels) && labels.value === null)) return undefined;
    if (meta.flow) return afterLast(meta, `, labels: { owner: ${value} }`);
    const namePair = meta.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'name');
    const col = column(text, (namePair!.key as Node).range![0]);
    const at = lineEnd(text, name.range[1]);
    const pad = ' '.repeat(col);
    return { start: at, end: at, newText: `${eol}${pad}labels:${eol}${pad}  owner: ${value}` };
  }
  return undefined;
}

/** Appends `entry` to a YAML map, after its last entry, in its own style. */
function addToMap(text: string, map: YAMLMap, entry: string, eol: string): TextEdit | undefined {
  if (map.flow) return map.items.length ? afterLast(map, `, ${entry}`) : insideEmptyFlow(text, map, entry);
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  const lastEnd = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
  const firstKey = (first?.key as Node | undefined)?.range?.[0];
  if (firstKey === undefined || lastEnd === undefined) return undefined;
  const at = lineEnd(text, lastEnd);
  return { start: at, end: at, newText: `${eol}${' '.repeat(column(text, firstKey))}${entry}` };
}

function afterLast(map: YAMLMap, insert: string): TextEdit | undefined {
  const last = map.items[map.items.length - 1];
  const end = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
  return end === undefined ? undefined : { start: end, end, newText: insert };
}

function insideEmptyFlow(text: string, map: YAMLMap, entry: string): TextEdit | undefined {
  const open = map.range ? text.indexOf('{', map.range[0]) : -1;
  return open === -1 ? undefined : { start: open + 1, end: open + 1, newText: ` ${entry} ` };
}

function terraformEdit(text: string, ref: Target, owner: string): TextEdit | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const [type] = ref.name.slice('terraform:'.length).split('.');
  let block = blockAt(text, ref.offset.start);
  if (!block) return undefined;
  if (type === 'aws_iam_access_key') {
    // The key cannot be tagged: its IAM user can, when it is declared in this file.
    const user = iamUserOf(text.slice(block.open + 1, block.close));
    const decl = user ? new RegExp(`^[ \\t]*resource[ \\t]+"aws_iam_user"[ \\t]+"${user}"[ \\t]*\\{`, 'm').exec(text) : null;
    block = decl ? blockAt(text, decl.index + decl[0].indexOf('resource')) : undefined;
    if (!block) return undefined;
  }
  const label = type.startsWith('google_') || type.startsWith('kubernetes_');
  const entry = label ? `owner = "${labelValue(owner)}"` : `Owner = "${owner}"`;
  let scope = block;
  if (type.startsWith('kubernetes_')) {
    const meta = /(^|\n)([ \t]*)metadata[ \t]*\{/.exec(text.slice(block.open + 1, block.close));
    if (!meta) return undefined;
    const open = block.open + 1 + meta.index + meta[0].length - 1;
    scope = { open, close: matchBrace(text, open) };
    if (scope.close === -1) return undefined;
  }
  return addToHclMap(text, scope, label ? 'labels' : 'tags', entry, eol);
}

interface Block { open: number; close: number }

function blockAt(text: string, start: number): Block | undefined {
  const open = text.indexOf('{', start);
  if (open === -1 || text.slice(start, open).includes('\n')) return undefined;
  const close = matchBrace(text, open);
  return close === -1 ? undefined : { open, close };
}

/** Adds `entry` to the `name = { ... }` map of a block, or adds the map. */
function addToHclMap(text: string, block: Block, name: string, entry: string, eol: string): TextEdit | undefined {
  const body = text.slice(block.open + 1, block.close);
  const m = new RegExp(`(^|\\n)([ \\t]*)${name}[ \\t]*=[ \\t]*`).exec(body);
  if (m) {
    const at = block.open + 1 + m.index + m[0].length;
    if (text[at] !== '{') return undefined; // computed (local.tags, merge(...)): not ours to edit
    const close = matchBrace(text, at);
    if (close === -1) return undefined;
    const inner = text.slice(at + 1, close);
    if (!inner.includes('\n')) {
      // One line: `{ A = "b" }` gains `, Owner = "x"`; `{}` becomes `{ Owner = "x" }`.
      if (!inner.trim()) return { start: at + 1, end: close, newText: ` ${entry} ` };
      const end = at + 1 + inner.trimEnd().length;
      return { start: end, end, newText: `${inner.trimEnd().endsWith(',') ? '' : ','} ${entry}` };
    }
    // Several lines: a new line before the closing brace, indented like the first entry.
    const firstEntry = /\n([ \t]*)\S/.exec(inner);
    const indent = firstEntry && firstEntry.index < inner.lastIndexOf('\n') ? firstEntry[1] : `${m[2]}  `;
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    return { start: lineStart, end: lineStart, newText: `${indent}${entry}${eol}` };
  }
  // No map yet: open one as the block's first argument, unless the block is written on one line.
  const headerEnd = text.indexOf('\n', block.open);
  if (headerEnd === -1 || headerEnd > block.close || text.slice(block.open + 1, headerEnd).trim()) return undefined;
  const lineStart = text.lastIndexOf('\n', block.open) + 1;
  const outer = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // Indented like the block's first argument, else two more than the block.
  const firstArg = /\n([ \t]*)[^\s}]/.exec(body);
  const indent = firstArg && firstArg[1].length > outer.length ? firstArg[1] : `${outer}  `;
  const at = text[headerEnd - 1] === '\r' ? headerEnd - 1 : headerEnd;
  return { start: at, end: at, newText: `${eol}${indent}${name} = {${eol}${indent}  ${entry}${eol}${indent}}` };
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', Math.max(0, offset - 1));
  if (end === -1) end = text.length;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}
