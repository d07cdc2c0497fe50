// A synthetic corpus in the Anthology's own old format (xml/{collection}.xml,
// yaml/name_variants.yaml, yaml/venues/*.yaml), N papers, drawn from the distributions
// measure.ts takes from the real corpus, so the real importer runs on it unchanged.
//
// Deterministic for a seed, and memory flat in N: every paper, person and collection is a
// pure function of (seed, its index). Nothing grows with N but one counter per person (4
// bytes, for the printed papers-per-person figures).
// - Papers per person: the real histogram, scaled to the generated corpus's author links
//   (cumulative rounding, so the heavy tail is kept); people are laid out bucket by bucket,
//   person p owning k_p consecutive author slots, and a keyed Feistel permutation of the slots
//   deals them to the papers' author positions in order: every person gets exactly k_p.
// - Names: first and last names of real authors, recombined by another permutation (distinct
//   people get distinct name slugs); homonym groups at the real share and group sizes (one
//   name, an explicit id per person in name_variants.yaml and on every <author>); explicit ids
//   and name variants (the first name plus an initial) at the real shares.
// - Titles: the first half of one real title and the second half of another; abstracts: real
//   sentences up to a length drawn from the real lengths (0: none).
// - Collections `{year}.{venue}` (real venues, the real years), volumes per collection and
//   papers per volume drawn from the real ones.
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { escapeXmlText } from '../../src/importers/acl-anthology/parse-xml.js';
import { slugify } from '../../src/text/slugify.js';
import type { CorpusStats } from './measure.js';

export interface GenerateOptions {
  papers: number;
  out: string;
  seed: number;
  stats: CorpusStats;
  /** The real corpus's yaml/venues/ (copied: the generated volumes name real venues). */
  venuesDir: string;
}

/** What was written, counted as it was written (a histogram: h[v] = how many had value v). */
export interface GeneratedCorpus {
  papers: number;
  people: number;
  authorships: number;
  collections: number;
  volumes: number;
  yamlEntries: number;
  authorsPerPaper: number[];
  papersPerPerson: number[];
  abstractLengths: number[];
  volumesPerCollection: number[];
  papersPerVolume: number[];
  homonymShare: number;
  explicitIdShare: number;
  variantShare: number;
  variantUse: number;
  authorshipIdShare: number;
}

/** murmur3's finaliser: a well-mixed 32-bit hash. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A hash of (seed, salt, index), index < 2^53. */
const hash = (seed: number, salt: number, index: number) =>
  fmix(fmix(fmix(seed ^ Math.imul(salt, 0x9e3779b9)) ^ (index >>> 0)) ^ Math.floor(index / 2 ** 32));
/** A uniform number in [0, 1) from (seed, salt, index). */
const unit = (seed: number, salt: number, index: number) => hash(seed, salt, index) / 2 ** 32;
const draw = <T>(values: readonly T[], u: number): T => values[Math.floor(u * values.length)]!;

// Salts: one per independent draw.
const S = {
  volumes: 1,
  perVolume: 2,
  authors: 3,
  slots: 4,
  people: 5,
  names: 6,
  explicit: 7,
  variant: 8,
  variantUse: 9,
  initial: 10,
  title: 11,
  abstract: 12,
  doi: 13,
  urlHash: 14,
};

/** A keyed bijection of [0, n): a 4-round Feistel network on an even number of bits, cycle-walked into range. */
class Permutation {
  private readonly half: number;
  private readonly mask: number;
  constructor(
    private readonly n: number,
    private readonly key: number,
  ) {
    if (n > 2 ** 32) throw new Error(`permutation domain ${n} too large`);
    let bits = Math.max(2, Math.ceil(Math.log2(Math.max(n, 2))));
    if (bits % 2) bits++;
    this.half = bits / 2;
    this.mask = 2 ** this.half - 1;
  }
  at(x: number): number {
    do x = this.encrypt(x);
    while (x >= this.n);
    return x;
  }
  private encrypt(x: number): number {
    let l = Math.floor(x / 2 ** this.half);
    let r = x % 2 ** this.half;
    for (let round = 0; round < 4; round++) [l, r] = [r, (l ^ fmix(r ^ Math.imul(this.key + round, 0x27d4eb2f))) & this.mask];
    return l * 2 ** this.half + r;
  }
}

interface CollectionPlan {
  id: string;
  year: number;
  venue: string;
  /** Papers of each volume. */
  volumes: number[];
}

/**
 * The collections, in order, until `papers` papers: collection c is `{year}.{venue}`, the year
 * cycling fastest through the real years, the venue moving on per year (distinct pairs).
 */
function* plan(stats: CorpusStats, seed: number, papers: number): Generator<CollectionPlan> {
  const years = stats.years.max - stats.years.min + 1;
  const venues = stats.venues;
  let left = papers;
  for (let c = 0; left > 0; c++) {
    const y = c % years;
    const round = Math.floor(c / (years * venues.length));
    const venue = venues[(Math.floor(c / years) + y * 37) % venues.length]!;
    const year = stats.years.max - y;
    const volumes: number[] = [];
    const count = Math.max(1, draw(stats.volumesPerCollection, unit(seed, S.volumes, c)));
    for (let v = 0; v < count && left > 0; v++) {
      const n = Math.min(left, Math.max(1, draw(stats.papersPerVolume, unit(seed, S.perVolume, c * 1024 + v))));
      volumes.push(n);
      left -= n;
    }
    // Beyond the real venue × year pairs (3M papers and more): venues of a later round, `acl2`.
    yield { id: `${year}.${venue}${round ? round + 1 : ''}`, year, venue: `${venue}${round ? round + 1 : ''}`, volumes };
  }
}

const authorsOf = (stats: CorpusStats, seed: number, paper: number) => draw(stats.authorsPerPaper, unit(seed, S.authors, paper));

interface Bucket {
  papers: number;
  firstPerson: number;
  firstSlot: number;
  people: number;
}

/** People per papers-per-person bucket, scaled from the real histogram to `slots` author links. */
function buckets(stats: CorpusStats, slots: number): Bucket[] {
  const h = stats.papersPerPerson;
  const realSlots = h.reduce((sum, n, k) => sum + n * k, 0);
  const scale = slots / realSlots;
  const atLeast: number[] = [];
  for (let k = h.length - 1, sum = 0; k >= 1; k--) atLeast[k] = sum += h[k]!;
  const counts: number[] = [];
  for (let k = 2; k < h.length; k++) counts[k] = Math.round(atLeast[k]! * scale) - Math.round((atLeast[k + 1] ?? 0) * scale);
  let rest = slots - counts.reduce((sum, n, k) => sum + (n ?? 0) * k, 0);
  for (let k = counts.length - 1; rest < 0 && k >= 2; k--) {
    while (rest < 0 && counts[k]! > 0) {
      counts[k]!--;
      rest += k;
    }
  }
  counts[1] = rest;
  const out: Bucket[] = [];
  let firstPerson = 0;
  let firstSlot = 0;
  for (let k = 1; k < counts.length; k++) {
    const people = counts[k] ?? 0;
    if (people <= 0) continue;
    out.push({ papers: k, firstPerson, firstSlot, people });
    firstPerson += people;
    firstSlot += people * k;
  }
  return out;
}

interface Person {
  first: string;
  last: string;
  /** Explicit id (homonyms, and people with one): in name_variants.yaml and on every <author>. */
  id?: string;
  homonym: boolean;
  variant?: { first: string; last: string };
}

/** Every person as a pure function of their index. */
class People {
  readonly count: number;
  private readonly order: Permutation;
  private readonly names: Permutation;
  /** Homonym groups by size: [size, first rank, groups before]. */
  private readonly classes: { size: number; firstRank: number; firstGroup: number; groups: number }[] = [];
  private readonly homonyms: number;
  private readonly groups: number;
  constructor(
    private readonly stats: CorpusStats,
    private readonly seed: number,
    count: number,
  ) {
    this.count = count;
    this.order = new Permutation(count, hash(seed, S.people, 0));
    const target = Math.round(count * stats.homonymShare);
    const weights = stats.homonymGroups.map((g, s) => g * s);
    const total = weights.reduce((a, b) => a + b, 0);
    let rank = 0;
    let group = 0;
    for (let s = 2; s < weights.length; s++) {
      const groups = total === 0 ? 0 : Math.round((target * weights[s]!) / total / s);
      if (groups === 0) continue;
      this.classes.push({ size: s, firstRank: rank, firstGroup: group, groups });
      rank += groups * s;
      group += groups;
    }
    this.homonyms = rank;
    this.groups = group;
    const names = count - this.homonyms + this.groups;
    const pairs = stats.firstNames.length * stats.lastNames.length;
    if (names > pairs) throw new Error(`${names} names needed, the real name pools give ${pairs}`);
    this.names = new Permutation(pairs, hash(seed, S.names, 0));
  }

  at(p: number): Person {
    const { stats, seed } = this;
    const rank = this.order.at(p);
    let nameIndex = this.groups + rank - this.homonyms;
    let member = -1;
    for (const c of this.classes) {
      if (rank >= c.firstRank && rank < c.firstRank + c.groups * c.size) {
        nameIndex = c.firstGroup + Math.floor((rank - c.firstRank) / c.size);
        member = (rank - c.firstRank) % c.size;
      }
    }
    const m = this.names.at(nameIndex);
    const first = stats.firstNames[m % stats.firstNames.length]!;
    const last = stats.lastNames[Math.floor(m / stats.firstNames.length)]!;
    const slug = `${slugify(first)}-${slugify(last)}`;
    const homonym = member >= 0;
    const person: Person = { first, last, homonym };
    if (homonym) person.id = `${slug}-${member + 1}`;
    else if (unit(seed, S.explicit, p) < stats.explicitIdShare) person.id = slug;
    if (unit(seed, S.variant, p) < stats.variantShare) {
      person.variant = { first: `${first} ${String.fromCharCode(65 + (hash(seed, S.initial, p) % 26))}.`, last };
    }
    return person;
  }

  /** Whether person p has an entry in name_variants.yaml. */
  static listed(person: Person): boolean {
    return person.id !== undefined || person.variant !== undefined;
  }
}

/** The person holding author slot `slot` (people laid out bucket by bucket). */
function personOfSlot(table: Bucket[], slot: number): number {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid]!.firstSlot <= slot) lo = mid;
    else hi = mid - 1;
  }
  const b = table[lo]!;
  return b.firstPerson + Math.floor((slot - b.firstSlot) / b.papers);
}

const yamlString = (s: string) => JSON.stringify(s);
const yamlName = (n: { first: string; last: string }) => `{first: ${yamlString(n.first)}, last: ${yamlString(n.last)}}`;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

function abstractOf(stats: CorpusStats, seed: number, paper: number): string {
  const length = draw(stats.abstractLengths, unit(seed, S.abstract, paper));
  if (length === 0) return '';
  let text = '';
  for (let i = 1; text.length < length; i++) text += (text ? ' ' : '') + draw(stats.sentences, unit(seed, S.abstract, paper * 64 + i));
  if (text.length > length) {
    const cut = text.lastIndexOf(' ', length);
    text = `${text.slice(0, cut > 0 ? cut : length).replace(/[.,;:]$/, '')}.`;
  }
  return text;
}

const increment = (h: number[], v: number) => {
  h[v] = (h[v] ?? 0) + 1;
};

/** A file the generator leaves in its output: only a folder holding it is ever emptied. */
const MARKER = '.generated-corpus';

/**
 * Empties `out` for a new corpus, refusing a folder that is not empty and not one of ours (no
 * MARKER: `--out .` or a real corpus would otherwise be deleted).
 */
async function clearOutput(out: string): Promise<void> {
  const entries: string[] = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new Error(`${out} is not empty and holds no generated corpus (${MARKER}): choose an empty or new folder`);
  }
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, MARKER), 'Written by npm run gen:corpus; emptied by its next run into this folder.\n');
}

/** Writes the corpus into `out` (emptied first: only an empty folder or an earlier corpus); returns what it wrote. */
export async function generateCorpus({ papers, out, seed, stats, venuesDir }: GenerateOptions): Promise<GeneratedCorpus> {
  if (!Number.isInteger(papers) || papers < 1) throw new Error(`papers must be a whole number ≥ 1, got ${papers}`);
  await clearOutput(out);
  await mkdir(path.join(out, 'xml'), { recursive: true });
  await mkdir(path.join(out, 'yaml', 'venues'), { recursive: true });
  await mkdir(path.join(out, 'yaml', 'sigs'), { recursive: true });

  // Pass 1: the author links, to scale the people to them.
  let slots = 0;
  for (let i = 0; i < papers; i++) slots += authorsOf(stats, seed, i);
  const table = buckets(stats, slots);
  const last = table[table.length - 1];
  const people = new People(stats, seed, last ? last.firstPerson + last.people : 0);
  const deal = new Permutation(Math.max(slots, 1), hash(seed, S.slots, 0));
  const papersOf = new Uint32Array(people.count);

  const g: GeneratedCorpus = {
    papers: 0,
    people: people.count,
    authorships: 0,
    collections: 0,
    volumes: 0,
    yamlEntries: 0,
    authorsPerPaper: [],
    papersPerPerson: [],
    abstractLengths: [],
    volumesPerCollection: [],
    papersPerVolume: [],
    homonymShare: 0,
    explicitIdShare: 0,
    variantShare: 0,
    variantUse: 0,
    authorshipIdShare: 0,
  };
  let withId = 0;
  let variantPapers = 0;
  let variantWritten = 0;
  const venues = new Set<string>();
  let slot = 0;
  let paper = 0;
  for (const c of plan(stats, seed, papers)) {
    venues.add(c.venue);
    const x: string[] = [`<?xml version='1.0' encoding='UTF-8'?>\n<collection id="${c.id}">\n`];
    c.volumes.forEach((count, v) => {
      const volumeId = `${c.id}-${v + 1}`;
      const month = MONTHS[hash(seed, S.volumes, paper) % 12]!;
      x.push(
        `  <volume id="${v + 1}" ingest-date="${c.year}-12-01" type="proceedings">\n    <meta>\n`,
        `      <booktitle>Proceedings of the ${c.year} ${escapeXmlText(c.venue.toUpperCase())} Meeting, Volume ${v + 1}</booktitle>\n`,
        `      <publisher>Association for Computational Linguistics</publisher>\n      <address>Online</address>\n`,
        `      <month>${month}</month>\n      <year>${c.year}</year>\n`,
        `      <url hash="${hex8(hash(seed, S.urlHash, paper))}">${volumeId}</url>\n      <venue>${c.venue}</venue>\n    </meta>\n`,
      );
      let page = 1;
      for (let n = 1; n <= count; n++, paper++) {
        const id = `${volumeId}.${n}`;
        const title = `${draw(stats.titleHeads, unit(seed, S.title, paper * 2))} ${draw(stats.titleTails, unit(seed, S.title, paper * 2 + 1))}`;
        x.push(`    <paper id="${n}">\n      <title>${escapeXmlText(title)}</title>\n`);
        const authors = authorsOf(stats, seed, paper);
        const seen = new Set<number>();
        let firstLast = '';
        for (let a = 0; a < authors; a++, slot++) {
          const p = personOfSlot(table, deal.at(slot));
          const person = people.at(p);
          const variant = person.variant !== undefined && unit(seed, S.variantUse, slot) < stats.variantUse;
          const name = variant ? person.variant! : person;
          if (a === 0) firstLast = slugify(person.last);
          x.push(
            `      <author${person.id ? ` id="${person.id}"` : ''}><first>${escapeXmlText(name.first)}</first><last>${escapeXmlText(name.last)}</last></author>\n`,
          );
          g.authorships++;
          if (person.id) withId++;
          if (!seen.has(p)) {
            seen.add(p);
            papersOf[p]!++;
            if (person.variant) {
              variantPapers++;
              if (variant) variantWritten++;
            }
          }
        }
        increment(g.authorsPerPaper, authors);
        const pages = 4 + (hash(seed, S.doi, paper) % 9);
        x.push(`      <pages>${page}–${page + pages - 1}</pages>\n`);
        page += pages;
        const abstract = abstractOf(stats, seed, paper);
        increment(g.abstractLengths, abstract.length);
        if (abstract) x.push(`      <abstract>${escapeXmlText(abstract)}</abstract>\n`);
        x.push(`      <url hash="${hex8(hash(seed, S.urlHash, paper + 1))}">${id}</url>\n`);
        if (c.year >= 2012) x.push(`      <doi>10.18653/v1/${id}</doi>\n`);
        x.push(`      <bibkey>${firstLast || 'anonymous'}-${c.year}-${c.venue}-${v + 1}-${n}</bibkey>\n    </paper>\n`);
        g.papers++;
      }
      x.push('  </volume>\n');
      increment(g.papersPerVolume, count);
      g.volumes++;
    });
    x.push('</collection>\n');
    await writeFile(path.join(out, 'xml', `${c.id}.xml`), x.join(''));
    increment(g.volumesPerCollection, c.volumes.length);
    g.collections++;
  }

  // name_variants.yaml, streamed in person order; the counts of the printed shares alongside.
  const yaml = createWriteStream(path.join(out, 'yaml', 'name_variants.yaml'));
  let homonyms = 0;
  let explicit = 0;
  let variants = 0;
  for (let p = 0; p < people.count; p++) {
    const person = people.at(p);
    increment(g.papersPerPerson, papersOf[p]!);
    if (person.homonym) homonyms++;
    else if (person.id) explicit++;
    if (person.variant) variants++;
    if (!People.listed(person)) continue;
    let entry = `- canonical: ${yamlName(person)}\n`;
    if (person.id) entry += `  id: ${person.id}\n`;
    if (person.variant) entry += `  variants:\n  - ${yamlName(person.variant)}\n`;
    g.yamlEntries++;
    if (!yaml.write(entry)) await once(yaml, 'drain');
  }
  yaml.end();
  await once(yaml, 'finish');

  // The venues the collections name: the real venue files (a later round's, `acl2`, as a copy of `acl`'s).
  const real = new Set(await readdir(venuesDir));
  for (const venue of venues) {
    const base = venue.replace(/[0-9]+$/, '');
    const from = real.has(`${venue}.yaml`) ? venue : base;
    await copyFile(path.join(venuesDir, `${from}.yaml`), path.join(out, 'yaml', 'venues', `${venue}.yaml`));
  }

  g.homonymShare = homonyms / people.count;
  g.explicitIdShare = explicit / people.count;
  g.variantShare = variants / people.count;
  g.variantUse = variantPapers === 0 ? 0 : variantWritten / variantPapers;
  g.authorshipIdShare = g.authorships === 0 ? 0 : withId / g.authorships;
  return g;
}
