// Terraform resources that create a credential, found with a small block scanner (strings,
// interpolations, comments and heredocs are skipped when matching braces), so no HCL parser is needed.
// Where the resource can carry a tag or label, it should name an owner:
// - `tags` (AWS, Azure) or `labels` (GCP, Kubernetes `metadata`) with an owner key (owner-keys.ts);
// - AWS resources also take the `default_tags` of a `provider "aws"` block in the same file;
// - an `aws_iam_access_key` cannot be tagged: its IAM user is checked instead, when that user is
//   declared in the same file (a user set as a plain string is not managed here, so not tagged).
// A map that is not written out (`tags = local.tags`, `merge(...)`) is assumed to carry one.
import type { ResourceOwnership } from '../reference';
import type { NameHit } from './code-env';
import { isOwnerKey } from './owner-keys';

export interface TerraformHit extends NameHit {
  resource?: ResourceOwnership;
}

/** Resource types that create or hold a credential. */
const CREDENTIAL_TYPES = /^(?:aws_iam_access_key|aws_secretsmanager_secret|google_service_account_key|google_secret_manager_secret|azurerm_key_vault_secret|azuread_application_password|kubernetes_secret(?:_v1)?|vault_\w*(?:secret|token|password|credential)\w*)$/;
/** How each taggable type carries its owner. */
const TAGGED_BY: Record<string, 'tags' | 'labels' | 'iam-user'> = {
  aws_secretsmanager_secret: 'tags', azurerm_key_vault_secret: 'tags', google_secret_manager_secret: 'labels',
  kubernetes_secret: 'labels', kubernetes_secret_v1: 'labels', aws_iam_access_key: 'iam-user',
};

interface Block {
  keyword: string;
  labels: string[];
  /** Offset of the keyword, and of the end of the last label (the header range). */
  start: number;
  headerEnd: number;
  body: string;
}

const HEADER = /^[ \t]*(resource|provider|data)[ \t]+"([^"\n]+)"(?:[ \t]+"([^"\n]+)")?[ \t]*\{/gm;

export function isTerraformFile(path: string): boolean {
  return /\.tf$/.test(path);
}

export function terraformResources(text: string): TerraformHit[] {
  if (!text.includes('resource')) return [];
  const blocks = topBlocks(text);
  const awsDefault = blocks.filter((b) => b.keyword === 'provider' && b.labels[0] === 'aws').map((b) => ownerInMaps(b.body, ['tags'])).find((o) => o !== undefined);
  const out: TerraformHit[] = [];
  for (const b of blocks) {
    const [type, name] = b.labels;
    if (b.keyword !== 'resource' || !name || !CREDENTIAL_TYPES.test(type)) continue;
    const hit: TerraformHit = { name: `terraform:${type}.${name}`, start: b.start, end: b.headerEnd };
    const by = TAGGED_BY[type];
    if (by) {
      const owner = ownerOf(b, by, blocks, type.startsWith('aws_') ? awsDefault : undefined);
      hit.resource = { platform: 'terraform', owner: owner || undefined, tagged: owner !== undefined };
    }
    out.push(hit);
  }
  return out;
}

/**
 * The IAM user an `aws_iam_access_key` block's body names (`user = aws_iam_user.ci.name`), or undefined
 * for a plain string. One line (`[ \t]`, not `\s`: a run of blank lines must not make each line's attempt
 * read to its end). Discovery and the owner-tag fix both ask here.
 */
export function iamUserOf(body: string): string | undefined {
  return /^[ \t]*user[ \t]*=[ \t]*aws_iam_user\.([\w-]+)\.(?:name|id)\b/m.exec(body)?.[1];
}

/** The owner tag value ('' when a map we cannot read is assumed to carry one), or undefined when there is none. */
function ownerOf(b: Block, by: 'tags' | 'labels' | 'iam-user', blocks: Block[], awsDefault: string | undefined): string | undefined {
  if (by === 'iam-user') {
    const user = iamUserOf(b.body);
    if (!user) return undefined; // a plain string: the user is not managed here
    const decl = blocks.find((u) => u.keyword === 'resource' && u.labels[0] === 'aws_iam_user' && u.labels[1] === user);
    if (!decl) return ''; // declared in another file: cannot tell
    return ownerInMaps(decl.body, ['tags']) ?? awsDefault;
  }
  return ownerInMaps(b.body, by === 'tags' ? ['tags'] : ['labels', 'annotations']) ?? awsDefault;
}

/** Owner value in `name = { ... }` maps of a body; '' for a map that is not written out. */
function ownerInMaps(body: string, names: string[]): string | undefined {
  const re = new RegExp(`(?:^|[\\s{])(?:${names.join('|')})\\s*=\\s*`, 'g');
  let unknown = false;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const at = m.index + m[0].length;
    if (body[at] !== '{') {
      unknown = true;
      continue;
    }
    const close = matchBrace(body, at);
    const map = body.slice(at + 1, close === -1 ? body.length : close);
    // After a separator, the spaces of one line (`[ \t]`, not `\s`: a run of blank lines must not make
    // each of its line breaks read to its end); an entry after blank lines starts at the last break.
    for (const entry of map.matchAll(/(?:^|[\n,{])[ \t]*"?([\w./-]+)"?\s*[=:]\s*("([^"\n]*)"|[^\s,}]+)/g)) {
      const value = entry[3] ?? entry[2];
      if (isOwnerKey(entry[1]) && value) return value;
    }
    if (close === -1) break;
    re.lastIndex = close;
  }
  return unknown ? '' : undefined;
}

function topBlocks(text: string): Block[] {
  const out: Block[] = [];
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(text); m; m = HEADER.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchBrace(text, open);
    const labels = [m[2], m[3]].filter((x): x is string => Boolean(x));
    const lastLabel = text.lastIndexOf('"', open) + 1;
    out.push({ keyword: m[1], labels, start: m.index + m[0].indexOf(m[1]), headerEnd: lastLabel, body: text.slice(open + 1, close === -1 ? text.length : close) });
    if (close === -1) break; // unbalanced: the rest of the file is this block (and scanning on would be quadratic)
    HEADER.lastIndex = close;
  }
  return out;
}

/** Offset of the `}` that closes the `{` at `open`, or -1. */
export function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return -1;
      i = nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return -1;
      i = end + 1;
    } else if (c === '"') {
      i = skipString(text, i);
    } else if (c === '<' && text[i + 1] === '<') {
      const h = /^<<-?([A-Za-z_]\w*)[ \t]*\r?\n/.exec(text.slice(i, i + 80));
      if (h) {
        const end = new RegExp(`^[ \\t]*${h[1]}[ \\t]*$`, 'm');
        const rest = text.slice(i + h[0].length);
        const e = end.exec(rest);
        if (!e) return -1;
        i += h[0].length + e.index + e[0].length - 1;
      }
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Offset of the closing quote of the string opening at `i`; `${...}` interpolations may hold quotes. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"' || c === '\n') return j;
    else if ((c === '$' || c === '%') && text[j + 1] === '{') {
      let depth = 0;
      for (j++; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
    }
  }
  return text.length;
}
