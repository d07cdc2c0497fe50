// The distributions the corpus generator (generate.ts) samples, measured from a real
// Anthology corpus in the old format (xml/*.xml + yaml/name_variants.yaml), with the
// importer's own parser. People are told apart by the Anthology's rules of that era: an
// explicit id= → the entry of name_variants.yaml that lists the name → the slug of the name.
//
// What is kept is bounded by the real corpus, not by the corpus generated from it:
// empirical samples (one value per real paper, volume or collection), the histogram of papers
// per person, and the pools the generator recombines (first names, last names, title halves,
// abstract sentences).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadNameVariants } from '../../src/importers/acl-anthology/load-yaml.js';
import { parseCollectionXml, readCollectionFile } from '../../src/importers/acl-anthology/parse-xml.js';
import { toPlainText } from '../../src/text/markup.js';
import { slugify } from '../../src/text/slugify.js';

export interface CorpusStats {
  /** Papers (frontmatter excluded), people with at least one paper, author links. */
  papers: number;
  people: number;
  authorships: number;
  collections: number;
  volumes: number;
  years: { min: number; max: number };
  /** One value per real paper / volume / collection: the generator draws from these. */
  authorsPerPaper: number[];
  /** Plain-text length of each paper's abstract, 0 for none. */
  abstractLengths: number[];
  papersPerVolume: number[];
  volumesPerCollection: number[];
  /** papersPerPerson[k] = people with exactly k papers (index 0 unused). */
  papersPerPerson: number[];
  /** Shares of people: in a homonym group (a name two or more people share, told apart by id=) … */
  homonymShare: number;
  /** … sizes of those groups: homonymGroups[s] = groups of s people … */
  homonymGroups: number[];
  /** … not a homonym but with an explicit id in name_variants.yaml … */
  explicitIdShare: number;
  /** … with name variants in name_variants.yaml; and of their papers, the share written in a variant. */
  variantShare: number;
  variantUse: number;
  /** Authorships whose <author> carries id=. */
  authorshipIdShare: number;
  /** The pools (deduplicated): first names, last names (one slug word), title halves, abstract sentences. */
  firstNames: string[];
  lastNames: string[];
  titleHeads: string[];
  titleTails: string[];
  sentences: string[];
  venues: string[];
}

const nameKey = (first: string, last: string) => `${first}\u0000${last}`;

/** Measures `dir` (a corpus in the old format). Several seconds of CPU for the whole Anthology. */
export async function measureCorpus(dir: string): Promise<CorpusStats> {
  const entries = await loadNameVariants(path.join(dir, 'yaml', 'name_variants.yaml'), 'name_variants.yaml');
  // Which person each listed name goes to; names two entries list are homonyms (id= required).
  const listed = new Map<string, string[]>();
  const canonical = new Map<string, string>();
  const withVariants = new Set<string>();
  for (const e of entries) {
    const id = e.id ?? slugify(`${e.canonical.first} ${e.canonical.last}`);
    canonical.set(id, nameKey(e.canonical.first, e.canonical.last));
    if (e.variants.length > 0) withVariants.add(id);
    for (const n of [e.canonical, ...e.variants]) {
      const key = nameKey(n.first, n.last);
      const ids = listed.get(key) ?? [];
      if (!ids.includes(id)) ids.push(id);
      listed.set(key, ids);
    }
  }
  const homonymIds = new Set<string>();
  const homonymGroups: number[] = [];
  for (const ids of listed.values()) {
    if (ids.length < 2) continue;
    ids.forEach((id) => homonymIds.add(id));
    homonymGroups[ids.length] = (homonymGroups[ids.length] ?? 0) + 1;
  }
  const explicit = new Set(entries.filter((e) => e.id !== undefined).map((e) => e.id!));

  const papersOf = new Map<string, number>();
  const firstNames = new Map<string, string>();
  const lastNames = new Map<string, string>();
  const titleHeads = new Set<string>();
  const titleTails = new Set<string>();
  const sentences: string[] = [];
  const stats = {
    authorsPerPaper: [] as number[],
    abstractLengths: [] as number[],
    papersPerVolume: [] as number[],
    volumesPerCollection: [] as number[],
  };
  let authorships = 0;
  let withId = 0;
  let variantPapers = 0;
  let variantWritten = 0;
  let minYear = Infinity;
  let maxYear = -Infinity;
  const files = (await readdir(path.join(dir, 'xml'))).filter((f) => f.endsWith('.xml')).sort();
  for (const file of files) {
    const collection = parseCollectionXml(await readCollectionFile(path.join(dir, 'xml', file), file), file);
    stats.volumesPerCollection.push(collection.volumes.length);
    for (const volume of collection.volumes) {
      const year = Number(volume.year);
      if (Number.isFinite(year)) [minYear, maxYear] = [Math.min(minYear, year), Math.max(maxYear, year)];
      let papers = 0;
      for (const paper of volume.papers) {
        if (paper.isFrontmatter) continue;
        papers++;
        stats.authorsPerPaper.push(paper.authors.length);
        const abstract = paper.abstractMarkup ? toPlainText(paper.abstractMarkup).trim() : '';
        stats.abstractLengths.push(abstract.length);
        if (abstract && stats.abstractLengths.length % 4 === 0) {
          for (const s of abstract.split(/(?<=\.)\s+(?=[A-Z])/)) if (s.length >= 20 && s.length <= 400) sentences.push(s);
        }
        const words = toPlainText(paper.titleMarkup).trim().split(/\s+/).filter(Boolean);
        if (words.length >= 4) {
          const half = Math.ceil(words.length / 2);
          titleHeads.add(words.slice(0, half).join(' '));
          titleTails.add(words.slice(half).join(' '));
        }
        const seen = new Set<string>();
        for (const ref of paper.authors) {
          authorships++;
          if (ref.id !== undefined) withId++;
          const key = nameKey(ref.first, ref.last);
          const person = ref.id ?? listed.get(key)?.[0] ?? slugify(`${ref.first} ${ref.last}`);
          if (!seen.has(person)) {
            seen.add(person);
            papersOf.set(person, (papersOf.get(person) ?? 0) + 1);
            if (withVariants.has(person)) {
              variantPapers++;
              if (canonical.get(person) !== key) variantWritten++;
            }
          }
          addName(firstNames, lastNames, ref.first, ref.last);
        }
      }
      stats.papersPerVolume.push(papers);
    }
  }
  const papersPerPerson: number[] = [0];
  for (const n of papersOf.values()) papersPerPerson[n] = (papersPerPerson[n] ?? 0) + 1;
  for (let k = 0; k < papersPerPerson.length; k++) papersPerPerson[k] ??= 0;
  for (let k = 0; k < homonymGroups.length; k++) homonymGroups[k] ??= 0;
  const people = papersOf.size;
  const among = (ids: Iterable<string>) => [...ids].filter((id) => papersOf.has(id)).length;
  const venues = (await readdir(path.join(dir, 'yaml', 'venues'))).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
  return {
    papers: stats.authorsPerPaper.length,
    people,
    authorships,
    collections: files.length,
    volumes: stats.papersPerVolume.length,
    years: { min: minYear, max: maxYear },
    ...stats,
    papersPerPerson,
    homonymShare: among(homonymIds) / people,
    homonymGroups,
    explicitIdShare: among([...explicit].filter((id) => !homonymIds.has(id))) / people,
    variantShare: among(withVariants) / people,
    variantUse: variantPapers === 0 ? 0 : variantWritten / variantPapers,
    authorshipIdShare: withId / authorships,
    firstNames: [...firstNames.values()].sort(),
    lastNames: [...lastNames.values()].sort(),
    titleHeads: [...titleHeads].sort(),
    titleTails: [...titleTails].sort(),
    sentences,
    venues: venues.sort(),
  };
}

/**
 * Keeps a first name and a last name for recombination, one per slug, where the slug of any
 * recombined name tells the two apart: the last name is one slug word (not a number) and the
 * first name's last slug word is not a lone letter (the generator's variants add one).
 */
function addName(firstNames: Map<string, string>, lastNames: Map<string, string>, first: string, last: string) {
  const f = slugify(first);
  const l = slugify(last);
  if (f && !/(^|-)[a-z0-9]$/.test(f) && !firstNames.has(f)) firstNames.set(f, first);
  if (/^[a-z0-9]*[a-z][a-z0-9]*$/.test(l) && !lastNames.has(l)) lastNames.set(l, last);
}
