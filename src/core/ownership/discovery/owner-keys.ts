// What counts as an owner label, annotation or tag on a resource: a key whose last part (after any
// `prefix/`), ignoring case, `-` and `_`, is one of these. `Owner`, `owner`, `team`,
// `app.kubernetes.io/owner`, `credential-hygiene.io/owner`, `OwnerTeam` all do.
const OWNER_WORDS = new Set(['owner', 'owners', 'team', 'ownedby', 'ownerteam', 'businessowner', 'technicalowner']);

export function isOwnerKey(key: string): boolean {
  const last = key.slice(key.lastIndexOf('/') + 1).toLowerCase().replace(/[-_]/g, '');
  return OWNER_WORDS.has(last);
}
