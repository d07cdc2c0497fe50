// Nightly sync, a changed person file (issue 12 part 6): which people a change of
// name_variants.yaml or people.yaml can affect, from the entries of the previous file (kept in
// import_source, as JSON) and those of the new one. A sync re-resolves only those people
// (sync.ts resolveSyncPeople); everyone else keeps their rows and authorships.
//
// Why the set is closed: a name's person depends only on the person file and the name
// (resolve.ts). A name that no changed entry lists (before or after) resolves as it did, so
// only the names of changed entries can move, and each of them moves between two people the
// set holds: where it went before and where it goes now, by the rules of the era:
// - name_variants.yaml: the entries that list the name (one, or several: ambiguous), else the
//   slug of the name (a person of that id, or one known by spellings only); an explicit id=
//   names an entry, which is in the set if it changed;
// - people.yaml (PersonIndex.resolve_namespec): the verified people whose names share the
//   name's slug (slugs_to_verified_ids), else the unverified person `{slug}/unverified`; an
//   explicit id= names a verified person, in the set if their entry changed.
import { slugify } from '../../text/slugify.js';
import type { VerifiedPerson, YamlName, YamlPerson } from './load-yaml.js';
import { nameSlug, unverifiedId } from './resolve.js';

export type PersonEntries = { format: 'name_variants'; entries: YamlPerson[] } | { format: 'people'; entries: VerifiedPerson[] };

/** An entry as compared: without its position in the file (an entry added above moves the others). */
function comparable(e: YamlPerson | VerifiedPerson): string {
  const { index: _index, line: _line, ...rest } = e as Partial<YamlPerson & VerifiedPerson>;
  return JSON.stringify(rest);
}

const keyOf = (e: YamlPerson | VerifiedPerson): string =>
  'canonical' in e ? (e.id ?? slugify(`${e.canonical.first} ${e.canonical.last}`)) : e.id;

const namesOf = (e: YamlPerson | VerifiedPerson): YamlName[] => ('canonical' in e ? [e.canonical, ...e.variants] : e.names);

/** What import_source keeps of the person file (its outline column). */
export function personFileOutline(p: PersonEntries): string {
  return JSON.stringify(p);
}

/**
 * The people whose rows, names or authorships a change of the person file from `before` (its
 * outline, as stored) to `after` can change; undefined if that cannot be told (no stored
 * entries, or another era's file): then everyone is re-resolved.
 */
export function peopleAffected(before: string | null | undefined, after: PersonEntries): string[] | undefined {
  if (!before) return undefined;
  const old = JSON.parse(before) as PersonEntries;
  if (old.format !== after.format) return undefined;
  const entries = (p: PersonEntries) => new Map<string, YamlPerson | VerifiedPerson>(p.entries.map((e) => [keyOf(e), e]));
  const [was, is] = [entries(old), entries(after)];
  const affected = new Set<string>();
  const changedNames: YamlName[] = [];
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const a = was.get(key);
    const b = is.get(key);
    if (a && b && comparable(a) === comparable(b)) continue;
    affected.add(key);
    for (const e of [a, b]) if (e) changedNames.push(...namesOf(e));
  }
  if (!affected.size) return [];
  // Where each name of a changed entry goes, by the era's rules, in either file.
  const slugOf = (n: YamlName) => (after.format === 'people' ? nameSlug(n.first, n.last) : slugify(`${n.first} ${n.last}`));
  const index = (p: PersonEntries) => {
    const byName = new Map<string, string[]>();
    for (const e of p.entries) {
      for (const n of namesOf(e)) {
        const k = after.format === 'people' ? slugOf(n) : `${n.first}\u0000${n.last}`;
        const ids = byName.get(k);
        if (!ids) byName.set(k, [keyOf(e)]);
        else if (!ids.includes(keyOf(e))) ids.push(keyOf(e));
      }
    }
    return byName;
  };
  const [wasIndex, isIndex] = [index(old), index(after)];
  for (const n of changedNames) {
    const slug = slugOf(n);
    const k = after.format === 'people' ? slug : `${n.first}\u0000${n.last}`;
    for (const id of [...(wasIndex.get(k) ?? []), ...(isIndex.get(k) ?? [])]) affected.add(id);
    affected.add(after.format === 'people' ? unverifiedId(slug) : slug);
  }
  return [...affected];
}
