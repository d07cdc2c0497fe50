// The bench's workloads: the same questions asked of Scholargraph and of PostGraphile
// (its generated schema over bench/postgraphile/schema.sql), their variables drawn with a
// fixed seed from the real corpus, and normalisers that map both answers to one shape so
// the bench can check, before any load, that the two servers answer alike.
import type pg from 'pg';
import { AUTHOR_PAGE_QUERY } from '../src/examples/author-page.js';

export type ServerName = 'scholargraph' | 'postgraphile';

export interface Workload {
  name: string;
  description: string;
  /** Request bodies (JSON) per server, same variables in the same order; none: the server is not asked. */
  bodies: Record<ServerName, string[]>;
  /** Variables of each body (for reports). */
  variables: Record<string, unknown>[];
  /** Maps a server's `data` to a shape both servers share. */
  normalise: Record<ServerName, (data: unknown) => unknown>;
}

const PGL_AUTHOR_PAGE = /* GraphQL */ `query AuthorPage($slug: String!) {
  author: authorBySlug(slug: $slug) {
    slug name orcid affiliation variants paperCount
    similarAuthors { nodes { slug name affiliation comment } }
    papers(first: 100) {
      totalCount
      edges { node { anthologyId title year abstract doi url
        volume: volumeByVolumeId { title venues { nodes { slug acronym name } } }
        authorships: authorshipsByPaperId(orderBy: POSITION_ASC) {
          nodes { position role name affiliation author: authorByAuthorId { slug name } } } } }
      pageInfo { hasNextPage endCursor }
    }
    coauthors(first: 100) { totalCount edges { node { sharedPaperCount slug name } } }
    venues { nodes { paperCount slug acronym name } }
  }
}`;

const SG_SEARCH = /* GraphQL */ `query PaperSearch($q: String!) {
  search(query: $q, kinds: [PAPER], first: 20) {
    totalCount totalCountExact
    edges { snippet node { ... on Paper { anthologyId title year authorships { name } } } }
  }
}`;

const PGL_SEARCH = /* GraphQL */ `query PaperSearch($q: String!) {
  searchPapers(query: $q, first: 20) {
    totalCount
    nodes { snippet(query: $q) anthologyId title year authorshipsByPaperId(orderBy: POSITION_ASC) { nodes { name } } }
  }
}`;

const SG_LIST = /* GraphQL */ `query PaperList($year: Int!) {
  papers(first: 50, filter: { year: $year }) {
    totalCount
    edges { node { anthologyId title year
      volume { title venues { slug acronym name } }
      authorships { position name author { slug name } } } }
    pageInfo { hasNextPage }
  }
}`;

const PGL_LIST = /* GraphQL */ `query PaperList($year: Int!) {
  allPapers(first: 50, condition: { year: $year, isFrontmatter: false }, orderBy: [YEAR_DESC, SORT_KEY_ASC]) {
    totalCount
    edges { node { anthologyId title year
      volume: volumeByVolumeId { title venues { nodes { slug acronym name } } }
      authorships: authorshipsByPaperId(orderBy: POSITION_ASC) { nodes { position name author: authorByAuthorId { slug name } } } } }
    pageInfo { hasNextPage }
  }
}`;

// People search and type-ahead (issue 17): Scholargraph only (PostGraphile's generated schema
// has no name search; its bodies are empty, so the bench skips it for these).
const SG_PEOPLE = /* GraphQL */ `query PeopleSearch($q: String!) {
  search(query: $q, kinds: [AUTHOR], first: 20) {
    totalCount
    edges { score node { ... on Author { slug name comment affiliation paperCount } } }
  }
}`;

const SG_SUGGEST = /* GraphQL */ `query Suggest($prefix: String!) {
  suggest(prefix: $prefix, first: 8) { kind label slug anthologyId }
}`;

export const TRIVIAL_QUERY = JSON.stringify({ query: '{ __typename }' });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Every workload, its variables sampled from the database with `seed`. */
export async function buildWorkloads(db: pg.Pool | pg.Client, seed: number, size: number, zipfSize = size): Promise<Workload[]> {
  const random = mulberry32(seed);
  const { rows: authors } = await db.query<{ slug: string; papers: number }>(
    `SELECT a.slug, count(DISTINCT au.paper_id)::int AS papers
     FROM author a JOIN authorship au ON au.author_id = a.id AND au.role = 'AUTHOR'
     JOIN paper p ON p.id = au.paper_id AND NOT p.is_frontmatter
     GROUP BY a.id ORDER BY a.slug`,
  );
  const uniform = Array.from({ length: size }, () => authors[Math.floor(random() * authors.length)]!.slug);
  // Weighted by productivity: an author with n papers is n times as likely.
  const cumulative: number[] = [];
  let sum = 0;
  for (const a of authors) cumulative.push((sum += a.papers));
  const weighted = Array.from({ length: size }, () => authors[bisect(cumulative, random() * sum)]!.slug);

  const { rows: titles } = await db.query<{ title: string }>(
    `SELECT title FROM paper WHERE NOT is_frontmatter AND id % 50 = 0 ORDER BY id`,
  );
  const terms: string[] = [];
  while (terms.length < size) {
    const words = titles[Math.floor(random() * titles.length)]!.title.split(/[^A-Za-z]+/).filter((w) => w.length >= 4);
    if (words.length < 2) continue;
    const i = Math.floor(random() * (words.length - 1));
    terms.push(`${words[i]} ${words[i + 1]}`.toLowerCase());
  }

  // People search: the full name of a person drawn uniformly (known-item search: the
  // person and every homonym). Suggest: the first 1 to 6 characters of a word of such a name,
  // as typed (type-ahead asks at every keystroke).
  const { rows: names } = await db.query<{ name: string }>(`SELECT first_name || ' ' || last_name AS name FROM author_name ORDER BY id`);
  const fullNames = Array.from({ length: size }, () => names[Math.floor(random() * names.length)]!.name.trim());
  const prefixes: string[] = [];
  while (prefixes.length < size) {
    const words = names[Math.floor(random() * names.length)]!.name.split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    const word = words[Math.floor(random() * words.length)]!;
    prefixes.push(word.slice(0, 1 + Math.floor(random() * Math.min(6, word.length))));
  }

  const { rows: years } = await db.query<{ year: number }>(`SELECT DISTINCT year FROM paper WHERE NOT is_frontmatter ORDER BY year`);
  const listYears = Array.from({ length: size }, () => years[Math.floor(random() * years.length)]!.year);

  const zipf = zipfDraws(
    authors.map((a) => a.slug),
    mulberry32(seed ^ ZIPF_SEED_SALT),
    zipfSize,
  );

  const authorPage = (name: string, description: string, slugs: string[]): Workload => ({
    name,
    description,
    variables: slugs.map((slug) => ({ slug })),
    bodies: {
      scholargraph: slugs.map((slug) => body(AUTHOR_PAGE_QUERY, { slug })),
      postgraphile: slugs.map((slug) => body(PGL_AUTHOR_PAGE, { slug })),
    },
    normalise: { scholargraph: normaliseSgAuthor, postgraphile: normalisePglAuthor },
  });
  return [
    authorPage('author-uniform', 'AuthorPage, people drawn uniformly', uniform),
    authorPage('author-weighted', 'AuthorPage, people weighted by paper count', weighted),
    authorPage('author-zipf', 'AuthorPage, people Zipf-distributed (s = 1.0) over a seeded ranking', zipf),
    {
      name: 'paper-search',
      description: 'paper search (20 hits, snippets, authors)',
      variables: terms.map((q) => ({ q })),
      bodies: {
        scholargraph: terms.map((q) => body(SG_SEARCH, { q })),
        postgraphile: terms.map((q) => body(PGL_SEARCH, { q })),
      },
      normalise: {
        scholargraph: (d) => {
          const s = (d as Json).search;
          return {
            // Scholargraph estimates the total when the title matches fill the page
            // (totalCountExact false); PostGraphile counts every match: compared when exact.
            total: s.totalCountExact ? s.totalCount : ESTIMATED,
            hits: s.edges.map((e: Json) => ({
              ...paperBasics(e.node),
              snippet: e.snippet,
              authors: e.node.authorships.map((a: Json) => a.name),
            })),
          };
        },
        postgraphile: (d) => {
          const s = (d as Json).searchPapers;
          return {
            total: s.totalCount,
            hits: s.nodes.map((n: Json) => ({
              ...paperBasics(n),
              snippet: n.snippet,
              authors: n.authorshipsByPaperId.nodes.map((a: Json) => a.name),
            })),
          };
        },
      },
    },
    {
      name: 'paper-list',
      description: 'paper list page (50 papers of a year, volumes, venues, authors)',
      variables: listYears.map((year) => ({ year })),
      bodies: {
        scholargraph: listYears.map((year) => body(SG_LIST, { year })),
        postgraphile: listYears.map((year) => body(PGL_LIST, { year })),
      },
      normalise: {
        scholargraph: (d) =>
          normaliseList(
            (d as Json).papers,
            (v) => v.venues,
            (p) => p.authorships,
          ),
        postgraphile: (d) =>
          normaliseList(
            (d as Json).allPapers,
            (v) => v.venues.nodes,
            (p) => p.authorships.nodes,
          ),
      },
    },
    scholargraphOnly(
      'people-search',
      'people search (a full name; 20 hits)',
      SG_PEOPLE,
      fullNames.map((q) => ({ q })),
    ),
    scholargraphOnly(
      'suggest',
      'type-ahead (a 1–6 character prefix of a name word; 8 suggestions)',
      SG_SUGGEST,
      prefixes.map((prefix) => ({ prefix })),
    ),
  ];
}

/** A workload only Scholargraph answers (empty bodies for PostGraphile: not asked, not compared). */
function scholargraphOnly(name: string, description: string, query: string, variables: Record<string, unknown>[]): Workload {
  return {
    name,
    description,
    variables,
    bodies: { scholargraph: variables.map((v) => body(query, v)), postgraphile: [] },
    normalise: { scholargraph: (d) => d, postgraphile: (d) => d },
  };
}

const paperBasics = (p: Json) => ({ anthologyId: p.anthologyId, title: p.title, year: p.year });

function normaliseList(c: Json, venuesOf: (v: Json) => Json[], authorsOf: (p: Json) => Json[]) {
  return {
    total: c.totalCount,
    hasNextPage: c.pageInfo.hasNextPage,
    papers: c.edges.map(({ node: p }: Json) => ({
      ...paperBasics(p),
      volume: { title: p.volume.title, venues: venuesOf(p.volume) },
      authors: authorsOf(p),
    })),
  };
}

function normaliseSgAuthor(data: unknown) {
  const a = (data as Json).author;
  return {
    ...pick(a, ['slug', 'name', 'orcid', 'affiliation', 'variants', 'paperCount']),
    similar: a.similarAuthors,
    papers: {
      total: a.papers.totalCount,
      hasNextPage: a.papers.pageInfo.hasNextPage,
      nodes: a.papers.edges.map(({ node: p }: Json) => ({
        ...pick(p, ['anthologyId', 'title', 'year', 'abstract', 'doi', 'url']),
        volume: { title: p.volume.title, venues: p.volume.venues },
        authorships: p.authorships,
      })),
    },
    coauthors: {
      total: a.coauthors.totalCount,
      nodes: a.coauthors.edges.map((e: Json) => ({ sharedPaperCount: e.sharedPaperCount, slug: e.node.slug, name: e.node.name })),
    },
    venues: a.venues.map((v: Json) => ({ paperCount: v.paperCount, ...v.venue })),
  };
}

function normalisePglAuthor(data: unknown) {
  const a = (data as Json).author;
  return {
    ...pick(a, ['slug', 'name', 'orcid', 'affiliation', 'variants', 'paperCount']),
    similar: a.similarAuthors.nodes,
    papers: {
      total: a.papers.totalCount,
      hasNextPage: a.papers.pageInfo.hasNextPage,
      nodes: a.papers.edges.map(({ node: p }: Json) => ({
        ...pick(p, ['anthologyId', 'title', 'year', 'abstract', 'doi', 'url']),
        volume: { title: p.volume.title, venues: p.volume.venues.nodes },
        authorships: p.authorships.nodes,
      })),
    },
    coauthors: { total: a.coauthors.totalCount, nodes: a.coauthors.edges.map((e: Json) => e.node) },
    venues: a.venues.nodes,
  };
}

const pick = (o: Json, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

/** The Zipf workload draws its own stream (the other workloads' draws stay as they were). */
const ZIPF_SEED_SALT = 0x5a1f;
/**
 * `n` draws from `items` with Zipf's law, s = 1.0: the item of popularity rank k (1-based) is drawn with
 * probability (1/k) / H(N). The ranking is a seeded shuffle, so popularity is independent of page size.
 */
export function zipfDraws<T>(items: readonly T[], random: () => number, n: number, s = 1.0): T[] {
  const ranked = [...items];
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranked[i], ranked[j]] = [ranked[j]!, ranked[i]!];
  }
  const cumulative: number[] = [];
  let sum = 0;
  for (let k = 1; k <= ranked.length; k++) cumulative.push((sum += 1 / k ** s));
  return Array.from({ length: n }, () => ranked[bisect(cumulative, random() * sum)]!);
}

/** A small seeded PRNG (mulberry32): the same seed draws the same people. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first index whose cumulative weight exceeds `x`. */
function bisect(cumulative: number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first difference between two JSON values, as a path and the two sides (null: equal). */
/** A normalised value that matches any other (an estimated count against an exact one). */
const ESTIMATED = 'estimated: not compared';

export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (a === b || a === ESTIMATED || b === ESTIMATED) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Json)[k], (b as Json)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}
