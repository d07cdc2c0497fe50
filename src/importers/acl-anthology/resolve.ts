// Everything resolved in memory before any write: public ids, venues, and people by
// the Anthology's rules (explicit id → name_variants.yaml name → slug of the name).
import { naturalSortKey } from '../../text/natural-sort.js';
import { toPlainText } from '../../text/markup.js';
import { slugify } from '../../text/slugify.js';
import { ImportError } from './errors.js';
import type { YamlPerson, VenueYaml, SigYaml } from './load-yaml.js';
import type { CollectionData, PersonRef } from './parse-xml.js';

export type MatchedBy = 'EXPLICIT_ID' | 'YAML_NAME' | 'SLUG';

export interface PersonRow {
  slug: string;
  firstName: string;
  lastName: string;
  orcid: string | null;
  orcids: string[];
  comment: string | null;
  institution: string | null;
  degree: string | null;
  curated: boolean;
  /** Canonical name first, then the variants. */
  names: { first: string; last: string }[];
}

export interface VolumeRow {
  anthologyId: string;
  collection: string;
  title: string;
  titleMarkup: string;
  shortTitle: string | null;
  type: string;
  year: number;
  month: string | null;
  publisher: string | null;
  address: string | null;
  doi: string | null;
  url: string | null;
  isbn: string | null;
  ingestDate: string | null;
  venues: string[];
}

export interface PaperRow {
  anthologyId: string;
  sortKey: string;
  volume: string;
  title: string;
  titleMarkup: string;
  abstract: string | null;
  abstractMarkup: string | null;
  year: number;
  month: string | null;
  pages: string | null;
  doi: string | null;
  url: string | null;
  bibkey: string | null;
  language: string | null;
  awards: string[];
  isFrontmatter: boolean;
}

export interface AuthorshipRow {
  paper: string | null;
  volume: string;
  author: string;
  role: 'AUTHOR' | 'EDITOR';
  position: number;
  firstName: string;
  lastName: string;
  affiliation: string | null;
  orcid: string | null;
  matchedBy: MatchedBy;
}

export interface ResolvedCorpus {
  collections: string[];
  volumes: VolumeRow[];
  papers: PaperRow[];
  people: PersonRow[];
  similar: [string, string][];
  authorships: AuthorshipRow[];
  venues: VenueYaml[];
  sigs: SigYaml[];
  volumeSigs: [string, string][];
  /** Papers whose <url> is a bare id different from the id built from the XML. */
  urlMismatches: string[];
}

const nameKey = (first: string, last: string) => `${first}\u0000${last}`;

export function isNewStyle(collectionId: string): boolean {
  return collectionId.includes('.');
}

/** The Anthology's build_id: `2022.acl-long.42`, `P18-1001`, `W18-0501`. */
export function buildVolumeId(collection: string, volume: string): string {
  if (isNewStyle(collection)) return `${collection}-${volume}`;
  const wide = collection.startsWith('W') || collection === 'C69';
  return `${collection}-${String(Number(volume)).padStart(wide ? 2 : 1, '0')}`;
}

export function buildPaperId(collection: string, volume: string, paper: string): string {
  if (isNewStyle(collection)) return `${collection}-${volume}.${Number(paper)}`;
  const wide = collection.startsWith('W') || collection === 'C69';
  return `${buildVolumeId(collection, volume)}${String(Number(paper)).padStart(wide ? 2 : 3, '0')}`;
}

class UnionFind {
  parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p === x) return x;
    p = this.find(p);
    this.parent.set(x, p);
    return p;
  }
  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

const hasNonAscii = (s: string) => [...s].some((ch) => ch.codePointAt(0)! > 0x7f);

interface Spelling {
  first: string;
  last: string;
  count: number;
  order: number;
}

export function resolveCorpus(
  collections: CollectionData[],
  yamlPeople: YamlPerson[],
  venues: VenueYaml[],
  sigs: SigYaml[],
  files: { nameVariants: string },
): ResolvedCorpus {
  const venueSlugs = new Set(venues.map((v) => v.slug));

  // People from name_variants.yaml.
  const people = new Map<string, PersonRow>();
  const nameToIds = new Map<string, string[]>();
  const uf = new UnionFind();
  for (const entry of yamlPeople) {
    const slug = entry.id ?? slugify(`${entry.canonical.first} ${entry.canonical.last}`);
    if (people.has(slug)) {
      throw new ImportError(
        `${files.nameVariants}: entry ${entry.index} (${entry.canonical.first} ${entry.canonical.last}): person id "${slug}" is used twice`,
        files.nameVariants,
      );
    }
    const names: { first: string; last: string }[] = [];
    const seen = new Set<string>();
    for (const n of [entry.canonical, ...entry.variants]) {
      const key = nameKey(n.first, n.last);
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(n);
      const ids = nameToIds.get(key);
      if (!ids) nameToIds.set(key, [slug]);
      else if (!ids.includes(slug)) ids.push(slug);
    }
    people.set(slug, {
      slug,
      firstName: entry.canonical.first,
      lastName: entry.canonical.last,
      orcid: entry.orcid ?? null,
      orcids: entry.orcid ? [entry.orcid] : [],
      comment: entry.comment ?? null,
      institution: entry.institution ?? null,
      degree: entry.degree ?? null,
      curated: true,
      names,
    });
  }
  for (const entry of yamlPeople) {
    const slug = entry.id ?? slugify(`${entry.canonical.first} ${entry.canonical.last}`);
    for (const other of entry.similar) {
      if (!people.has(other)) {
        throw new ImportError(`${files.nameVariants}: entry ${entry.index} (${slug}): similar id "${other}" is not a person`, files.nameVariants);
      }
      uf.union(slug, other);
    }
  }
  for (const ids of nameToIds.values()) for (let i = 1; i < ids.length; i++) uf.union(ids[0]!, ids[i]!);

  // Non-yaml people: spellings seen per slug.
  const spellings = new Map<string, Map<string, Spelling>>();
  let order = 0;

  const collectionIds: string[] = [];
  const volumes: VolumeRow[] = [];
  const papers: PaperRow[] = [];
  const authorships: AuthorshipRow[] = [];
  const seenVolumes = new Set<string>();
  const seenPapers = new Set<string>();
  const seenCollections = new Set<string>();

  const resolvePerson = (ref: PersonRef, file: string, element: string): { slug: string; matchedBy: MatchedBy } => {
    if (ref.id !== undefined) {
      const person = people.get(ref.id);
      if (!person || !person.curated) {
        throw ImportError.at(file, ref.line, element, `id="${ref.id}" (${ref.first} ${ref.last}) is not a person in name_variants.yaml`);
      }
      return { slug: ref.id, matchedBy: 'EXPLICIT_ID' };
    }
    const ids = nameToIds.get(nameKey(ref.first, ref.last));
    if (ids) {
      if (ids.length > 1) {
        throw ImportError.at(file, ref.line, element, `"${ref.first} ${ref.last}" is ambiguous (${ids.join(', ')}): add an id attribute`);
      }
      return { slug: ids[0]!, matchedBy: 'YAML_NAME' };
    }
    const slug = slugify(`${ref.first} ${ref.last}`);
    if (!slug) throw ImportError.at(file, ref.line, element, `"${ref.first} ${ref.last}" gives an empty person id`);
    const existing = people.get(slug);
    if (existing?.curated) {
      // The slug is a curated person's id: same slug, same person.
      return { slug, matchedBy: 'SLUG' };
    }
    let bySpelling = spellings.get(slug);
    if (!bySpelling) spellings.set(slug, (bySpelling = new Map()));
    const key = nameKey(ref.first, ref.last);
    const s = bySpelling.get(key);
    if (s) s.count++;
    else bySpelling.set(key, { first: ref.first, last: ref.last, count: 1, order: order++ });
    return { slug, matchedBy: 'SLUG' };
  };

  const urlMismatches: string[] = [];
  const orcidsSeen = new Map<string, string[]>();
  const addLink = (
    ref: PersonRef,
    file: string,
    element: 'author' | 'editor',
    volume: string,
    paper: string | null,
    position: number,
  ) => {
    const { slug, matchedBy } = resolvePerson(ref, file, element);
    if (ref.orcid) {
      const list = orcidsSeen.get(slug);
      if (!list) orcidsSeen.set(slug, [ref.orcid]);
      else if (!list.includes(ref.orcid)) list.push(ref.orcid);
    }
    authorships.push({
      paper,
      volume,
      author: slug,
      role: element === 'author' ? 'AUTHOR' : 'EDITOR',
      position,
      firstName: ref.first,
      lastName: ref.last,
      affiliation: ref.affiliation ?? null,
      orcid: ref.orcid ?? null,
      matchedBy,
    });
  };

  for (const c of collections) {
    if (seenCollections.has(c.id)) throw ImportError.at(c.file, 1, 'collection', `id "${c.id}" appears in two files`);
    seenCollections.add(c.id);
    collectionIds.push(c.id);
    for (const v of c.volumes) {
      const volumeId = buildVolumeId(c.id, v.id);
      if (seenVolumes.has(volumeId)) throw ImportError.at(c.file, v.line, 'volume', `duplicate volume id ${volumeId}`);
      seenVolumes.add(volumeId);
      for (const venue of v.venues) {
        if (!venueSlugs.has(venue.slug)) throw ImportError.at(c.file, venue.line, 'venue', `unknown venue "${venue.slug}" (not in yaml/venues)`);
      }
      const year = Number(v.year);
      volumes.push({
        anthologyId: volumeId,
        collection: c.id,
        title: toPlainText(v.titleMarkup),
        titleMarkup: v.titleMarkup,
        shortTitle: v.shortTitleMarkup === undefined ? null : toPlainText(v.shortTitleMarkup),
        type: v.type,
        year,
        month: v.month ?? null,
        publisher: v.publisher ?? null,
        address: v.address ?? null,
        doi: v.doi ?? null,
        url: v.url ?? null,
        isbn: v.isbn ?? null,
        ingestDate: v.ingestDate ?? null,
        venues: [...new Set(v.venues.map((x) => x.slug))],
      });
      v.editors.forEach((e, i) => addLink(e, c.file, 'editor', volumeId, null, i));
      for (const p of v.papers) {
        const paperId = buildPaperId(c.id, v.id, p.number);
        if (seenPapers.has(paperId)) throw ImportError.at(c.file, p.line, 'paper', `duplicate paper id ${paperId}`);
        if (p.url && !/^[a-z]+:/i.test(p.url) && p.url !== paperId) {
          // Upstream has a few of these (e.g. 2010.amta); keep the id, report the url.
          urlMismatches.push(`${c.file}:${p.line}: <url> ${p.url} differs from id ${paperId}`);
        }
        seenPapers.add(paperId);
        const titleMarkup = p.isFrontmatter && !p.titleMarkup ? v.titleMarkup : p.titleMarkup;
        papers.push({
          anthologyId: paperId,
          sortKey: naturalSortKey(paperId),
          volume: volumeId,
          title: toPlainText(titleMarkup),
          titleMarkup,
          abstract: p.abstractMarkup === undefined ? null : toPlainText(p.abstractMarkup),
          abstractMarkup: p.abstractMarkup ?? null,
          year,
          month: v.month ?? null,
          pages: p.pages ?? null,
          doi: p.doi ?? null,
          url: p.url ?? null,
          bibkey: p.bibkey ?? null,
          language: p.language ?? null,
          awards: p.awards,
          isFrontmatter: p.isFrontmatter,
        });
        p.authors.forEach((a, i) => addLink(a, c.file, 'author', volumeId, paperId, i));
        p.editors.forEach((e, i) => addLink(e, c.file, 'editor', volumeId, paperId, i));
      }
    }
  }

  // Non-yaml people: the best spelling is canonical, the others are variants.
  for (const [slug, bySpelling] of spellings) {
    const all = [...bySpelling.values()].sort(
      (a, b) =>
        Number(hasNonAscii(b.first + b.last)) - Number(hasNonAscii(a.first + a.last)) ||
        b.count - a.count ||
        a.order - b.order,
    );
    const best = all[0]!;
    people.set(slug, {
      slug,
      firstName: best.first,
      lastName: best.last,
      orcid: null,
      orcids: [],
      comment: null,
      institution: null,
      degree: null,
      curated: false,
      names: all.map((s) => ({ first: s.first, last: s.last })),
    });
  }
  for (const [slug, list] of orcidsSeen) {
    const person = people.get(slug)!;
    for (const o of list) if (!person.orcids.includes(o)) person.orcids.push(o);
    person.orcid ??= list[0] ?? null;
  }

  // Similar people: transitive groups, both directions, no self-links.
  const groups = new Map<string, string[]>();
  for (const slug of people.keys()) {
    if (!uf.parent.has(slug)) continue;
    const root = uf.find(slug);
    const g = groups.get(root);
    if (g) g.push(slug);
    else groups.set(root, [slug]);
  }
  // Roots themselves may not be in parent map as keys; add them.
  for (const [root, g] of groups) if (!g.includes(root)) g.push(root);
  const similar: [string, string][] = [];
  for (const g of groups.values()) {
    for (const a of g) for (const b of g) if (a !== b) similar.push([a, b]);
  }

  const volumeSigs: [string, string][] = [];
  for (const sig of sigs) {
    for (const vol of new Set(sig.volumes)) if (seenVolumes.has(vol)) volumeSigs.push([vol, sig.slug]);
  }

  return {
    collections: collectionIds,
    volumes,
    papers,
    people: [...people.values()],
    similar,
    authorships,
    venues,
    sigs,
    volumeSigs,
    urlMismatches,
  };
}
