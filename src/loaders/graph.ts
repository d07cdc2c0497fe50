// The co-authorship graph: people are nodes, an authored (non-frontmatter) paper
// shared by two people is an edge. Shortest paths by bidirectional BFS (one
// statement per BFS level) and ego networks (two statements).
import type { Queryable } from '../queryable.js';
import type { Author, Paper } from '../generated/prisma/client.js';
import { modelColumns, rows } from './model-sql.js';

/** The longest path collaborationPath searches for. */
export const MAX_PATH_LENGTH = 8;
/** The most people one path search may visit (both sides together). */
export const MAX_VISITED = 200_000;
/** The largest ego network. */
export const MAX_NETWORK_NODES = 1000;

/** Pairs (person, co-author) with one shared paper each, for every person of a frontier. */
const NEIGHBOURS = `
  SELECT DISTINCT ON (a.author_id, b.author_id) a.author_id AS "from", b.author_id AS "to", a.paper_id AS "paper"
  FROM authorship a
  JOIN paper p ON p.id = a.paper_id AND NOT p.is_frontmatter
  JOIN authorship b ON b.paper_id = a.paper_id AND b.role = 'AUTHOR' AND b.author_id <> a.author_id
  WHERE a.author_id = ANY($1::int[]) AND a.role = 'AUTHOR'
  ORDER BY a.author_id, b.author_id, p.year DESC, p.sort_key`;

export interface Hop {
  from: number;
  to: number;
  paper: number;
}

export type PathResult = { kind: 'found'; hops: Hop[] } | { kind: 'none' } | { kind: 'too-large'; visited: number };

interface Seen {
  depth: number;
  prev: number | null;
  paper: number | null;
}

/**
 * A shortest path of at most `maxLength` hops from `from` to `to` (person ids).
 * Expands the smaller frontier one whole level per statement; stops at the first
 * level where the two searches meet (choosing the meeting that gives the shortest
 * path), when a frontier empties, or past `maxVisited` people.
 */
export async function shortestPath(
  db: Queryable,
  from: number,
  to: number,
  maxLength: number,
  maxVisited = MAX_VISITED,
): Promise<PathResult> {
  if (from === to) return { kind: 'found', hops: [] };
  type Side = { seen: Map<number, Seen>; frontier: number[]; depth: number };
  const sides: [Side, Side] = [
    { seen: new Map<number, Seen>([[from, { depth: 0, prev: null, paper: null }]]), frontier: [from], depth: 0 },
    { seen: new Map<number, Seen>([[to, { depth: 0, prev: null, paper: null }]]), frontier: [to], depth: 0 },
  ];
  while (sides[0].depth + sides[1].depth < maxLength) {
    const i = sides[0].frontier.length <= sides[1].frontier.length ? 0 : 1;
    const side = sides[i];
    const other = sides[1 - i]!;
    const edges = await rows<Hop>(db, NEIGHBOURS, [side.frontier]);
    side.depth++;
    const next: number[] = [];
    let best: { node: number; length: number } | null = null;
    for (const e of edges) {
      if (!side.seen.has(e.to)) {
        side.seen.set(e.to, { depth: side.depth, prev: e.from, paper: e.paper });
        next.push(e.to);
        const met = other.seen.get(e.to);
        if (met && (!best || side.depth + met.depth < best.length)) {
          best = { node: e.to, length: side.depth + met.depth };
        }
      }
    }
    if (best) {
      const hops = [...chain(sides[0].seen, best.node).reverse(), ...chain(sides[1].seen, best.node).map(flip)];
      return { kind: 'found', hops };
    }
    side.frontier = next;
    if (next.length === 0) return { kind: 'none' };
    const visited = sides[0].seen.size + sides[1].seen.size;
    if (visited > maxVisited) return { kind: 'too-large', visited };
  }
  return { kind: 'none' };
}

/** Hops from `node` back to the side's start, each as (prev → node). */
function chain(seen: Map<number, Seen>, node: number): Hop[] {
  const hops: Hop[] = [];
  for (let at = seen.get(node)!, id = node; at.prev !== null; id = at.prev, at = seen.get(at.prev)!) {
    hops.push({ from: at.prev, to: id, paper: at.paper! });
  }
  return hops;
}
const flip = (h: Hop): Hop => ({ from: h.to, to: h.from, paper: h.paper });

async function authorIdsBySlug(db: Queryable, slugs: string[]): Promise<Map<string, number>> {
  const found = await rows<{ id: number; slug: string }>(db, `SELECT id, slug FROM author WHERE slug = ANY($1)`, [slugs]);
  return new Map(found.map((a) => [a.slug, a.id]));
}

/** The people and papers of a path's hops, in one statement each. */
async function hopDetails(db: Queryable, hops: Hop[]): Promise<{ authors: Map<number, Author>; papers: Map<number, Paper> }> {
  const authorIds = [...new Set(hops.flatMap((h) => [h.from, h.to]))];
  const paperIds = [...new Set(hops.map((h) => h.paper))];
  const [authors, papers] = await Promise.all([
    rows<Author>(db, `SELECT ${modelColumns('Author', 'a')} FROM author a WHERE a.id = ANY($1)`, [authorIds]),
    rows<Paper>(db, `SELECT ${modelColumns('Paper', 'p')} FROM paper p WHERE p.id = ANY($1)`, [paperIds]),
  ]);
  return { authors: new Map(authors.map((a) => [a.id, a])), papers: new Map(papers.map((p) => [p.id, p])) };
}

/** One hop of a collaboration path, with its people and paper. */
export interface PathHop {
  from: Author;
  to: Author;
  paper: Paper;
}

/**
 * A shortest collaboration path between two people by slug (see `shortestPath`), its hops
 * with their people and papers; `unknown`: the first slug that names nobody.
 */
export async function collaborationPath(
  db: Queryable,
  fromSlug: string,
  toSlug: string,
  maxLength: number,
): Promise<{ kind: 'found'; hops: PathHop[] } | { kind: 'unknown'; slug: string } | Exclude<PathResult, { kind: 'found' }>> {
  const ids = await authorIdsBySlug(db, [fromSlug, toSlug]);
  const from = ids.get(fromSlug);
  if (from === undefined) return { kind: 'unknown', slug: fromSlug };
  const to = ids.get(toSlug);
  if (to === undefined) return { kind: 'unknown', slug: toSlug };
  const result = await shortestPath(db, from, to, maxLength);
  if (result.kind !== 'found') return result;
  // from == to: a path of length 0.
  if (result.hops.length === 0) return { kind: 'found', hops: [] };
  const { authors, papers } = await hopDetails(db, result.hops);
  return {
    kind: 'found',
    hops: result.hops.map((h) => ({ from: authors.get(h.from)!, to: authors.get(h.to)!, paper: papers.get(h.paper)! })),
  };
}

export interface NetworkNodeRow {
  author: Author;
  distance: number;
}
export interface NetworkEdgeRow {
  source: string;
  target: string;
  weight: number;
}
export interface Network {
  nodes: NetworkNodeRow[];
  edges: NetworkEdgeRow[];
  truncated: boolean;
}

/** Per-pair shared-paper counts, `a` side restricted by `where`. */
const PAIRS = (where: string) => `
  SELECT a.author_id AS src, b.author_id AS dst, count(DISTINCT a.paper_id)::int AS w
  FROM authorship a
  JOIN paper p ON p.id = a.paper_id AND NOT p.is_frontmatter
  JOIN authorship b ON b.paper_id = a.paper_id AND b.role = 'AUTHOR' AND b.author_id <> a.author_id
  WHERE a.role = 'AUTHOR' AND ${where}
  GROUP BY a.author_id, b.author_id
  HAVING count(DISTINCT a.paper_id) >= $2`;

/**
 * A person's ego network: the person (distance 0), co-authors (1) and, for depth 2,
 * their co-authors (2), each link sharing at least `minShared` papers. Nodes are
 * ranked by distance, then shared papers (with the person, or summed over the
 * distance-1 people they connect to), then name; the first `maxNodes` are kept.
 * Edges are every pair among kept nodes sharing at least `minShared` papers.
 * Two statements.
 */
export async function egoNetwork(db: Queryable, authorId: number, depth: 1 | 2, minShared: number, maxNodes: number): Promise<Network> {
  const found = await rows<{ distance: number; total: string } & Author>(
    db,
    `WITH l1 AS (SELECT dst AS id, w FROM (${PAIRS('a.author_id = $1')}) x),
     l2 AS (
       SELECT dst AS id, sum(w)::int AS w
       FROM (${PAIRS('$3::int >= 2 AND a.author_id IN (SELECT id FROM l1)')}) x
       WHERE dst <> $1 AND dst NOT IN (SELECT id FROM l1)
       GROUP BY dst
     ),
     nodes AS (
       SELECT $1::int AS id, 0 AS distance, 0 AS w
       UNION ALL SELECT id, 1, w FROM l1
       UNION ALL SELECT id, 2, w FROM l2
     )
     SELECT nodes.distance, count(*) OVER () AS total, ${modelColumns('Author', 'c')}
     FROM nodes JOIN author c ON c.id = nodes.id
     ORDER BY nodes.distance, nodes.w DESC, c.last_name, c.first_name, c.slug
     LIMIT $4`,
    [authorId, minShared, depth, maxNodes],
  );
  const nodes = found.map(({ distance, total: _total, ...author }) => ({ distance, author: author as Author }));
  const truncated = found.length > 0 && Number(found[0]!.total) > found.length;
  const ids = nodes.map((n) => n.author.id);
  const edges = await rows<NetworkEdgeRow>(
    db,
    `SELECT s.slug AS source, t.slug AS target, pairs.w AS weight
     FROM (${PAIRS('a.author_id = ANY($1::int[]) AND b.author_id = ANY($1::int[]) AND a.author_id < b.author_id')}) pairs
     JOIN author s ON s.id = pairs.src JOIN author t ON t.id = pairs.dst
     ORDER BY pairs.w DESC, s.slug, t.slug`,
    [ids, minShared],
  );
  return { nodes, edges, truncated };
}
