// Resolution, one collection at a time as files are parsed: public ids, venues, and people
// by the Anthology's rules of the data's era: until 2025, name_variants.yaml (explicit id →
// name_variants.yaml name → slug of the name); since 2026, people.yaml (explicit id → the one
// verified person whose names share the name's slug → the unverified person of the slug).
// What needs the whole corpus (each person's canonical spelling and ORCIDs, similar
// people, SIG volumes) comes out of finish().
import { naturalSortKey } from '../../text/natural-sort.js';
import { toPlainText } from '../../text/markup.js';
import { slugify } from '../../text/slugify.js';
import { ImportError } from './errors.js';
import { paperExtra } from './extras.js';
import { buildId } from './ids.js';
import type { YamlPerson, VenueYaml, SigYaml, VerifiedPerson } from './load-yaml.js';
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
  /** A person of people.yaml (2026 format); always false in the old format. */
  verified: boolean;
  disableNameMatching: boolean;
  /** The person's page on aclanthology.org. */
  url: string;
  /** The first OpenReview id printed with the person's names. */
  openreview: string | null;
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
  journalVolume: string | null;
  journalIssue: string | null;
  journalTitle: string | null;
  venues: string[];
  /** SIGs named by the volume's own <sig> elements (the current format). */
  sigs: string[];
}

export interface PaperRow {
  /** The paper's index in the resolver's order (first seen first): the bulk load's id is first + index. */
  index: number;
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
  deletionType: 'retracted' | 'removed' | null;
  deletionDate: string | null;
  deletionNote: string | null;
  /** JSON text of the paper's errata, revisions, attachments, videos and note (extras.ts), or null. */
  extra: string | null;
}

export interface AuthorshipRow {
  paper: string | null;
  volume: string;
  author: string;
  /** The person's index in the resolver's people order (yaml entries first, then first seen). */
  authorIndex: number;
  /** The paper's index (PaperRow.index); undefined for a volume's editor and for names resolved again (addRefs). */
  paperIndex: number | undefined;
  role: 'AUTHOR' | 'EDITOR';
  position: number;
  firstName: string;
  lastName: string;
  affiliation: string | null;
  orcid: string | null;
  openreview: string | null;
  matchedBy: MatchedBy;
}

/**
 * A name on a collection file as a sync keeps it (import_person, sync.ts): the authorship's
 * slot and the name as written, enough to resolve it again and to restage its authorship.
 */
export interface StoredRef {
  volume: string;
  paper: string | null;
  role: 'AUTHOR' | 'EDITOR';
  position: number;
  ref: PersonRef;
}

/** Where the rows of each collection go as soon as it is resolved. */
export interface RowSink {
  collection(slug: string): void;
  volume(row: VolumeRow): void;
  paper(row: PaperRow): void;
  authorship(row: AuthorshipRow): void;
}

export interface ResolvedPeople {
  /** In index order: name_variants.yaml entries first, then people as first seen. */
  people: PersonRow[];
  similar: [string, string][];
  volumeSigs: [string, string][];
  /** Papers whose <url> is a bare id different from the id built from the XML. */
  urlMismatches: string[];
}

const nameKey = (first: string, last: string) => `${first}\u0000${last}`;

const ANTHOLOGY = 'https://aclanthology.org';

/**
 * A person's page on aclanthology.org. Until 2025 the site filed people under their id's first
 * letter (`/people/j/jane-doe/`); since 2026 verified people are at `/people/{id}/` and
 * unverified ones at `/people/{name-slug}/unverified/` (info/names.md, "Creating author pages").
 * Our unverified ids are `{name-slug}/unverified` already, so both 2026 forms are `/people/{id}/`.
 */
/**
 * A person no yaml file lists: known by their spellings only, the first canonical. The array
 * (a fresh one) becomes the row's names as it is: a spelling's first and last are a name.
 */
function unlistedPerson(slug: string, url: string, spellings: { first: string; last: string }[]): PersonRow {
  const best = spellings[0]!;
  return {
    slug,
    firstName: best.first,
    lastName: best.last,
    orcid: null,
    orcids: [],
    comment: null,
    institution: null,
    degree: null,
    curated: false,
    verified: false,
    disableNameMatching: false,
    url,
    openreview: null,
    names: spellings,
  };
}

export function personUrl(slug: string, format: PeopleFormat): string {
  return format === 'people' ? `${ANTHOLOGY}/people/${slug}/` : `${ANTHOLOGY}/people/${slug[0]}/${slug}/`;
}

/** Which person file the data has: name_variants.yaml (until 2025) or people.yaml (since 2026). */
export type PeopleFormat = 'name_variants' | 'people';

/** The unverified person of a name slug (2026 format): its id, which is also its page's path. */
export const unverifiedId = (slug: string) => `${slug}/unverified`;

/**
 * The slug of a name in the 2026 library: Name.slugify() (python/acl_anthology/people/name.py)
 * is python-slugify of "first last" with SLUGIFY_REPLACEMENTS (ʼ and ’ become '-').
 */
export function nameSlug(first: string, last: string): string {
  return slugify((first ? `${first} ${last}` : last).replace(/[ʼ’]/g, '-'));
}

const WORD_SPLIT = /[^\p{L}\p{N}\p{M}_]+/u;
const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();

/**
 * Name.score() (python/acl_anthology/people/name.py): which of the names sharing an unverified
 * id is canonical. Longer names, non-ASCII letters and dashes score higher; capitals inside a
 * word and lower-case word starts score lower; a first name longer than the last adds 0.5.
 */
export function nameScore(first: string, last: string): number {
  const name = first ? `${first} ${last}` : last;
  const chars = [...name];
  let score = chars.length;
  for (const c of chars) if (c.codePointAt(0)! > 127 || c === '-') score++;
  const words = name.split(WORD_SPLIT);
  for (const w of words) if ([...w].slice(1).some(isUpper)) score--;
  for (const w of words) if (w && isLower([...w][0]!)) score--;
  if (isLower(chars[0]!)) score--;
  if (first && [...first].length > [...last].length) score += 0.5;
  return score;
}

/** toPlainText, without its tokenizer for the (most common) text with no markup at all. */
function plainText(markup: string): string {
  if (markup.indexOf('<') !== -1 || markup.indexOf('&') !== -1) return toPlainText(markup);
  // Same as .replace(/\s+/g, ' ').trim(), which only changes something here.
  return /[^\S ]| {2}/.test(markup) ? markup.replace(/\s+/g, ' ').trim() : markup.trim();
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

/**
 * The first spelling replaces the empty array by an array literal of one: an array pushed to
 * from empty gets room for 17 (136 bytes more), and most people have one spelling.
 */
function addSpelling(person: Person, spelling: Spelling): void {
  if (person.spellings!.length) person.spellings!.push(spelling);
  else person.spellings = [spelling];
}

interface Spelling {
  first: string;
  last: string;
  count: number;
  order: number;
}

interface Person {
  index: number;
  row: PersonRow | undefined;
  /** 2026 format, verified people: the names people.yaml lists (keys), for "must be listed". */
  listed?: Set<string>;
  /** 2026 format, unverified people: the canonical spelling so far (by Name.score()). */
  canonical?: Spelling;
  openreview?: string;
  /** Non-yaml people: every spelling seen. */
  spellings?: Spelling[];
  orcids?: string[];
}

/** What is known about one exact name (first, last). */
interface NameEntry {
  /** The name_variants.yaml people with this name. */
  ids?: string[];
  /** Otherwise: the slug of the name, its person and, for a non-yaml person, this spelling. */
  slug?: string;
  person?: Person;
  spelling?: Spelling;
}

/**
 * Names by (first, last), in one Map: a Map per last name would cost about 190 bytes for each
 * last name (its own hash table), most of which have a single first name.
 */
class NameMap {
  private readonly byName = new Map<string, NameEntry>();
  get(first: string, last: string): NameEntry | undefined {
    return this.byName.get(nameKey(first, last));
  }
  entry(first: string, last: string): NameEntry {
    const key = nameKey(first, last);
    let e = this.byName.get(key);
    if (!e) this.byName.set(key, (e = {}));
    return e;
  }
  entries(): IterableIterator<NameEntry> {
    return this.byName.values();
  }
}

export class CorpusResolver {
  private readonly venueSlugs: Set<string>;
  private readonly sigSlugs: Set<string>;
  /** People by slug, in index order (name_variants.yaml or people.yaml entries first, then as first seen). */
  private readonly people = new Map<string, Person>();
  /** Emptied by finish(), which needs it no more. */
  private names = new NameMap();
  private readonly uf = new UnionFind();
  private spellingOrder = 0;
  private readonly seenVolumes = new Set<string>();
  private seenPapers = new Set<string>();
  private readonly seenCollections = new Set<string>();
  private readonly urlMismatches: string[] = [];
  private readonly format: PeopleFormat;
  /** 2026 format: name slug → the verified people with a name of that slug (slugs_to_verified_ids). */
  private readonly slugsToVerified = new Map<string, string[]>();
  /** 2026 format: similar: entries naming nobody of this corpus (an unverified id without papers here). */
  readonly similarNotFound: string[] = [];

  constructor(
    yamlPeople: YamlPerson[],
    venues: VenueYaml[],
    private readonly sigs: SigYaml[],
    private readonly files: { nameVariants: string; people?: string },
    verifiedPeople?: VerifiedPerson[],
  ) {
    this.venueSlugs = new Set(venues.map((v) => v.slug));
    this.sigSlugs = new Set(sigs.map((s) => s.slug));
    this.format = verifiedPeople ? 'people' : 'name_variants';
    if (verifiedPeople) {
      this.addVerifiedPeople(verifiedPeople);
      return;
    }
    // People from name_variants.yaml.
    for (const entry of yamlPeople) {
      const slug = entry.id ?? slugify(`${entry.canonical.first} ${entry.canonical.last}`);
      if (this.people.has(slug)) {
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
        const e = this.names.entry(n.first, n.last);
        if (!e.ids) e.ids = [slug];
        else if (!e.ids.includes(slug)) e.ids.push(slug);
      }
      this.addPerson(slug, {
        slug,
        firstName: entry.canonical.first,
        lastName: entry.canonical.last,
        orcid: entry.orcid ?? null,
        orcids: entry.orcid ? [entry.orcid] : [],
        comment: entry.comment ?? null,
        institution: entry.institution ?? null,
        degree: entry.degree ?? null,
        curated: true,
        verified: false,
        disableNameMatching: false,
        url: personUrl(slug, 'name_variants'),
        openreview: null,
        names,
      });
    }
    for (const entry of yamlPeople) {
      const slug = entry.id ?? slugify(`${entry.canonical.first} ${entry.canonical.last}`);
      for (const other of entry.similar) {
        if (!this.people.get(other)?.row?.curated) {
          throw new ImportError(
            `${files.nameVariants}: entry ${entry.index} (${slug}): similar id "${other}" is not a person`,
            files.nameVariants,
          );
        }
        this.uf.union(slug, other);
      }
    }
    for (const { ids } of this.names.entries()) for (let i = 1; i < ids!.length; i++) this.uf.union(ids![0]!, ids![i]!);
  }

  /**
   * people.yaml's entries, as PersonIndex._load_people_index and add_person index them
   * (python/acl_anthology/people/index.py): every entry a verified person; names by slug; similar
   * groups from verified people sharing a slug, then from `similar:` lists (resolved in finish(),
   * since a list may name an unverified id that only the papers create).
   */
  private addVerifiedPeople(entries: VerifiedPerson[]): void {
    for (const entry of entries) {
      const listed = new Set<string>();
      const names: { first: string; last: string }[] = [];
      for (const n of entry.names) {
        const key = nameKey(n.first, n.last);
        if (listed.has(key)) continue;
        listed.add(key);
        names.push(n);
        const slug = nameSlug(n.first, n.last);
        const ids = this.slugsToVerified.get(slug);
        if (!ids) this.slugsToVerified.set(slug, [entry.id]);
        else if (!ids.includes(entry.id)) ids.push(entry.id);
      }
      const person = this.addPerson(entry.id, {
        slug: entry.id,
        firstName: entry.names[0]!.first,
        lastName: entry.names[0]!.last,
        orcid: entry.orcid ?? null,
        orcids: entry.orcid ? [entry.orcid] : [],
        comment: entry.comment ?? null,
        institution: null,
        degree: entry.degree ?? null,
        curated: true,
        verified: true,
        disableNameMatching: entry.disableNameMatching,
        url: personUrl(entry.id, 'people'),
        openreview: null,
        names,
      });
      person.listed = listed;
    }
    for (const ids of this.slugsToVerified.values()) for (let i = 1; i < ids.length; i++) this.uf.union(ids[0]!, ids[i]!);
    this.pendingSimilar = entries.flatMap((e) => e.similar.map((other) => [e.id, other, e.line] as const));
  }

  private pendingSimilar: (readonly [string, string, number])[] = [];

  /** The people `similar:` lists name (2026 format; the old format's are all in the yaml). */
  get similarTargets(): string[] {
    return this.pendingSimilar.map(([, b]) => b);
  }

  private addPerson(slug: string, row: PersonRow | undefined): Person {
    const person: Person = { index: this.people.size, row };
    this.people.set(slug, person);
    return person;
  }

  /** How many people there are so far (yaml entries included). */
  get peopleCount(): number {
    return this.people.size;
  }

  /**
   * A name on a paper, by PersonIndex.resolve_namespec (python/acl_anthology/people/index.py,
   * the 2026 library): with id=, that verified person, who must list the name and whose ORCID
   * an orcid= must equal; orcid= without id= is an error; without id=, the one verified person
   * whose names share the name's slug unless they disable name matching, else the unverified
   * person of the slug, whose canonical name is the best by Name.score() (first seen on a tie).
   */
  private resolvePerson2026(ref: PersonRef, file: string, element: string): { slug: string; person: Person; matchedBy: MatchedBy } {
    const resolved = this.resolveName2026(ref, file, element);
    // "Make sure that name variants specified here are registered" (resolve_namespec): a
    // <variant> (another script) becomes one of the person's names.
    for (const v of ref.variants ?? []) if (v.last) this.addInferredName(resolved.person, v.first, v.last);
    return resolved;
  }

  /** A name the person is known by without people.yaml listing it (NameLink.INFERRED). */
  private addInferredName(person: Person, first: string, last: string): void {
    const key = nameKey(first, last);
    if (person.listed) {
      if (person.listed.has(key)) return;
      person.listed.add(key);
      person.row!.names.push({ first, last });
    } else if (person.spellings && !person.spellings.some((s) => s.first === first && s.last === last)) {
      addSpelling(person, { first, last, count: 0, order: this.spellingOrder++ });
    }
  }

  private resolveName2026(ref: PersonRef, file: string, element: string): { slug: string; person: Person; matchedBy: MatchedBy } {
    const people = this.files.people ?? 'people.yaml';
    const fail = (rule: string): never => {
      throw ImportError.at(file, ref.line, element, `"${ref.first} ${ref.last}": ${rule}`);
    };
    if (ref.id !== undefined) {
      const person = this.people.get(ref.id);
      if (!person?.row?.verified)
        return fail(`id="${ref.id}" is not defined in ${people} (an explicit id must name a person of ${people})`);
      if (!person.listed!.has(nameKey(ref.first, ref.last))) {
        return fail(
          `id="${ref.id}" is used with a name that ${people} does not list for that person (an explicit id must come with one of the person's names)`,
        );
      }
      if (ref.orcid !== undefined && ref.orcid !== person.row.orcid) {
        return fail(
          `id="${ref.id}" is used with orcid="${ref.orcid}", but ${people} has ${person.row.orcid ?? 'no ORCID'} for that person (the ORCID must match)`,
        );
      }
      return { slug: ref.id, person, matchedBy: 'EXPLICIT_ID' };
    }
    if (ref.orcid !== undefined) {
      return fail(`orcid="${ref.orcid}" without an id (an ORCID on a paper needs the person's id from ${people})`);
    }
    const e = this.names.get(ref.first, ref.last) ?? this.names.entry(ref.first, ref.last);
    if (e.slug === undefined) {
      const slug = nameSlug(ref.first, ref.last);
      if (!slug) fail('gives an empty name slug');
      const ids = this.slugsToVerified.get(slug);
      const verified = ids?.length === 1 ? this.people.get(ids[0]!)! : undefined;
      if (verified && !verified.row!.disableNameMatching) {
        e.slug = ids![0]!;
        e.person = verified;
        // A name of the slug that people.yaml does not list joins the person's names (inferred).
        this.addInferredName(verified, ref.first, ref.last);
      } else {
        const id = unverifiedId(slug);
        let person = this.people.get(id);
        if (!person) {
          person = this.addPerson(id, undefined);
          person.spellings = [];
        }
        e.slug = id;
        e.person = person;
        // A name already known here (as a <variant>) changes nothing; a new one becomes canonical
        // if it scores higher than the canonical one.
        if (!person.spellings!.some((s) => s.first === ref.first && s.last === ref.last)) {
          const spelling = { first: ref.first, last: ref.last, count: 0, order: this.spellingOrder++ };
          addSpelling(person, spelling);
          if (!person.canonical || nameScore(ref.first, ref.last) > nameScore(person.canonical.first, person.canonical.last)) {
            person.canonical = spelling;
          }
        }
      }
    }
    return { slug: e.slug, person: e.person!, matchedBy: 'SLUG' };
  }

  private resolvePerson(ref: PersonRef, file: string, element: string): { slug: string; person: Person; matchedBy: MatchedBy } {
    if (this.format === 'people') return this.resolvePerson2026(ref, file, element);
    if (ref.id !== undefined) {
      const person = this.people.get(ref.id);
      if (!person?.row?.curated) {
        throw ImportError.at(file, ref.line, element, `id="${ref.id}" (${ref.first} ${ref.last}) is not a person in name_variants.yaml`);
      }
      return { slug: ref.id, person, matchedBy: 'EXPLICIT_ID' };
    }
    const known = this.names.get(ref.first, ref.last);
    const ids = known?.ids;
    if (ids) {
      if (ids.length > 1) {
        throw ImportError.at(file, ref.line, element, `"${ref.first} ${ref.last}" is ambiguous (${ids.join(', ')}): add an id attribute`);
      }
      return { slug: ids[0]!, person: this.people.get(ids[0]!)!, matchedBy: 'YAML_NAME' };
    }
    const e = known ?? this.names.entry(ref.first, ref.last);
    if (e.slug === undefined) {
      const slug = slugify(`${ref.first} ${ref.last}`);
      if (!slug) throw ImportError.at(file, ref.line, element, `"${ref.first} ${ref.last}" gives an empty person id`);
      e.slug = slug;
      let person = this.people.get(slug);
      if (!person) {
        person = this.addPerson(slug, undefined);
        person.spellings = [];
      }
      e.person = person;
      // The slug is a curated person's id: same slug, same person (no spelling to weigh).
      if (!person.row?.curated) {
        e.spelling = { first: ref.first, last: ref.last, count: 0, order: this.spellingOrder++ };
        addSpelling(person, e.spelling);
      }
    }
    if (e.spelling) e.spelling.count++;
    return { slug: e.slug, person: e.person!, matchedBy: 'SLUG' };
  }

  private link(
    sink: RowSink,
    ref: PersonRef,
    file: string,
    element: 'author' | 'editor',
    volume: string,
    paper: string | null,
    paperIndex: number | undefined,
    position: number,
    refs?: Map<string, StoredRef[]>,
  ): void {
    const { slug, person, matchedBy } = this.resolvePerson(ref, file, element);
    if (refs) {
      const stored: StoredRef = { volume, paper, role: element === 'author' ? 'AUTHOR' : 'EDITOR', position, ref };
      const list = refs.get(slug);
      if (list) list.push(stored);
      else refs.set(slug, [stored]);
    }
    if (ref.orcid) {
      const list = person.orcids;
      if (!list) person.orcids = [ref.orcid];
      else if (!list.includes(ref.orcid)) list.push(ref.orcid);
    }
    if (ref.openreview) person.openreview ??= ref.openreview;
    sink.authorship({
      paper,
      volume,
      author: slug,
      authorIndex: person.index,
      paperIndex,
      role: element === 'author' ? 'AUTHOR' : 'EDITOR',
      position,
      firstName: ref.first,
      lastName: ref.last,
      affiliation: ref.affiliation ?? null,
      orcid: ref.orcid ?? null,
      openreview: ref.openreview ?? null,
      matchedBy,
    });
  }

  /**
   * A collection whose id is taken by a file this resolver is not given (a sync: an unchanged
   * file), so that another file with the same id is still an error.
   */
  reserveCollection(id: string): void {
    this.seenCollections.add(id);
  }

  /**
   * Names of a collection file resolved again (a sync, sync.ts: names kept in import_person),
   * in document order; their authorships go to `authorship` if given. The people they reach
   * come out of finish() exactly as if the whole file had been given, as long as every name of
   * those people is given, file by file in file order (a person's rows depend on their names
   * only, in the order first seen).
   */
  addRefs(file: string, refs: StoredRef[], authorship?: (row: AuthorshipRow) => void, collect?: Map<string, StoredRef[]>): void {
    const sink: RowSink = { collection() {}, volume() {}, paper() {}, authorship: authorship ?? (() => {}) };
    for (const r of refs) {
      this.link(sink, r.ref, file, r.role === 'AUTHOR' ? 'author' : 'editor', r.volume, r.paper, undefined, r.position, collect);
    }
  }

  /**
   * Validates one parsed collection and hands its rows to the sink. `refs`, if given, receives
   * every name of the collection by the person it resolved to (in document order).
   */
  addCollection(c: CollectionData, sink: RowSink, refs?: Map<string, StoredRef[]>): { papers: number } {
    if (this.seenCollections.has(c.id)) throw ImportError.at(c.file, 1, 'collection', `id "${c.id}" appears in two files`);
    this.seenCollections.add(c.id);
    sink.collection(c.id);
    let count = 0;
    for (const v of c.volumes) {
      const volumeId =
        buildId(c.id, v.id) ?? ImportError.throwAt(c.file, v.line, 'volume', `id "${v.id}" is not a number (collection ${c.id})`);
      if (this.seenVolumes.has(volumeId)) throw ImportError.at(c.file, v.line, 'volume', `duplicate volume id ${volumeId}`);
      this.seenVolumes.add(volumeId);
      for (const venue of v.venues) {
        if (!this.venueSlugs.has(venue.slug))
          throw ImportError.at(c.file, venue.line, 'venue', `unknown venue "${venue.slug}" (not in yaml/venues)`);
      }
      for (const sig of v.sigs) {
        if (!this.sigSlugs.has(sig.slug)) throw ImportError.at(c.file, sig.line, 'sig', `unknown SIG "${sig.slug}" (not in yaml/sigs)`);
      }
      const year = Number(v.year);
      sink.volume({
        anthologyId: volumeId,
        collection: c.id,
        title: plainText(v.titleMarkup),
        titleMarkup: v.titleMarkup,
        shortTitle: v.shortTitleMarkup === undefined ? null : plainText(v.shortTitleMarkup),
        type: v.type,
        year,
        month: v.month ?? null,
        publisher: v.publisher ?? null,
        address: v.address ?? null,
        doi: v.doi ?? null,
        // A <pdf> (the current format) names the volume's PDF by its id, as <url> did.
        url: v.url ?? (v.pdf ? volumeId : null),
        isbn: v.isbn ?? null,
        ingestDate: v.ingestDate ?? null,
        journalVolume: v.journalVolume ?? null,
        journalIssue: v.journalIssue ?? null,
        journalTitle: v.journalTitle ?? null,
        venues: [...new Set(v.venues.map((x) => x.slug))],
        sigs: [...new Set(v.sigs.map((x) => x.slug))],
      });
      v.editors.forEach((e, i) => this.link(sink, e, c.file, 'editor', volumeId, null, undefined, i, refs));
      for (const p of v.papers) {
        const paperId = buildId(c.id, v.id, p.number) ?? ImportError.throwAt(c.file, p.line, 'paper', `id "${p.number}" is not a number`);
        if (this.seenPapers.has(paperId)) throw ImportError.at(c.file, p.line, 'paper', `duplicate paper id ${paperId}`);
        if (p.url && !/^[a-z]+:/i.test(p.url) && p.url !== paperId) {
          // Upstream has two (2010.amta-government.18, 2023.acl-long.911): keep the id, report the url.
          this.urlMismatches.push(`${c.file}:${p.line}: <url> ${p.url} differs from id ${paperId}`);
        }
        const index = this.seenPapers.size;
        this.seenPapers.add(paperId);
        const titleMarkup = p.isFrontmatter && !p.titleMarkup ? v.titleMarkup : p.titleMarkup;
        sink.paper({
          index,
          anthologyId: paperId,
          sortKey: naturalSortKey(paperId),
          volume: volumeId,
          title: plainText(titleMarkup),
          titleMarkup,
          abstract: p.abstractMarkup === undefined ? null : plainText(p.abstractMarkup),
          abstractMarkup: p.abstractMarkup ?? null,
          year,
          month: v.month ?? null,
          pages: p.pages ?? null,
          doi: p.doi ?? null,
          // A <pdf> (the current format) names the paper's PDF by its id, as <url> did.
          url: p.url ?? (p.pdf ? paperId : null),
          bibkey: p.bibkey ?? null,
          language: p.language ?? null,
          awards: p.awards,
          isFrontmatter: p.isFrontmatter,
          deletionType: p.deletion?.type ?? null,
          deletionDate: p.deletion?.date ?? null,
          deletionNote: p.deletion?.note ?? null,
          extra: paperExtra(p),
        });
        count++;
        p.authors.forEach((a, i) => this.link(sink, a, c.file, 'author', volumeId, paperId, index, i, refs));
        p.editors.forEach((e, i) => this.link(sink, e, c.file, 'editor', volumeId, paperId, index, i, refs));
      }
    }
    return { papers: count };
  }

  /**
   * `existing` (a sync that re-resolves only some people): people not given to this resolver
   * who exist all the same (a `similar:` list may name an unverified person of another file).
   */
  finish(existing: ReadonlySet<string> = new Set()): ResolvedPeople {
    // Once: what only the files' resolution needed goes before the people's rows are made.
    this.names = new NameMap();
    this.seenPapers = new Set();
    const people: PersonRow[] = [];
    for (const [slug, person] of this.people) {
      let row = person.row;
      if (!row && person.canonical) {
        // 2026 format, an unverified person: Name.score()'s best first, then as first seen.
        const best = person.canonical;
        row = unlistedPerson(slug, personUrl(slug, 'people'), [best, ...person.spellings!.filter((s) => s !== best)]);
      }
      if (!row) {
        // Non-yaml people: the best spelling is canonical, the others are variants.
        const all = [...person.spellings!].sort(
          (a, b) => Number(hasNonAscii(b.first + b.last)) - Number(hasNonAscii(a.first + a.last)) || b.count - a.count || a.order - b.order,
        );
        row = unlistedPerson(slug, personUrl(slug, 'name_variants'), all);
      }
      if (person.orcids) {
        for (const o of person.orcids) if (!row.orcids.includes(o)) row.orcids.push(o);
        row.orcid ??= person.orcids[0] ?? null;
      }
      if (person.openreview) row.openreview ??= person.openreview;
      people.push(row);
      // The row's names are a copy: the spellings' own array is not needed any more.
      person.spellings = undefined;
    }

    // 2026 format: `similar:` lists. The library merges them into its DisjointSet as given; an
    // id that is nobody here (an unverified person with no paper in this corpus) links nobody.
    for (const [a, b, line] of this.pendingSimilar) {
      if (this.people.has(b) || existing.has(b)) this.uf.union(a, b);
      else this.similarNotFound.push(`${this.files.people ?? 'people.yaml'}:${line}: "${a}" lists similar "${b}", who is nobody here`);
    }

    // Similar people: transitive groups, both directions, no self-links.
    const groups = new Map<string, string[]>();
    for (const slug of new Set([...this.people.keys(), ...existing])) {
      if (!this.uf.parent.has(slug)) continue;
      const root = this.uf.find(slug);
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
    for (const sig of this.sigs) {
      for (const vol of new Set(sig.volumes)) if (this.seenVolumes.has(vol)) volumeSigs.push([vol, sig.slug]);
    }
    return { people, similar, volumeSigs, urlMismatches: this.urlMismatches };
  }
}
