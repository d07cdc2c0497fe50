// The co-authorship graph on three real collections (R17, I17, N19): shortest
// paths checked hop by hop against the database and against a reference BFS over
// every authorship, "no path" as data, input limits, ego networks.
import { MAX_PATH_LENGTH, shortestPath } from '../src/loaders/graph.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
/** Reference graph: slug → co-author slugs (authored, non-frontmatter papers). */
const graph = new Map<string, Set<string>>();
/** The person with the most co-authors: the centre of the largest component. */
let hub = '';

beforeAll(async () => {
  t = await databaseWithCollections(['R17', 'I17', 'N19']);
  client = createTestClient(t.db);
  const pairs = await t.db.pool.query<{ a: string; b: string }>(
    `SELECT DISTINCT x.slug AS a, y.slug AS b FROM authorship a JOIN authorship b ON a.paper_id = b.paper_id
     JOIN paper p ON p.id = a.paper_id AND NOT p.is_frontmatter
     JOIN author x ON x.id = a.author_id JOIN author y ON y.id = b.author_id
     WHERE a.role = 'AUTHOR' AND b.role = 'AUTHOR' AND a.author_id <> b.author_id`,
  );
  for (const { a, b } of pairs.rows) {
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  hub = [...graph].sort(([a, x], [b, y]) => y.size - x.size || a.localeCompare(b))[0]![0];
});

/** The first person (by slug) at exactly distance `d` from `start`. */
function atDistance(start: string, d: number): string {
  const found = [...distancesFrom(start)]
    .filter(([, n]) => n === d)
    .map(([s]) => s)
    .sort();
  if (found.length === 0) throw new Error(`nobody at distance ${d} from ${start}`);
  return found[0]!;
}
afterAll(() => t.drop());

/** Distances from `start` by plain BFS over the reference graph. */
function distancesFrom(start: string): Map<string, number> {
  const dist = new Map([[start, 0]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const u of frontier) {
      for (const v of graph.get(u) ?? []) {
        if (!dist.has(v)) {
          dist.set(v, dist.get(u)! + 1);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

const PATH = /* GraphQL */ `
  query Path($from: String!, $to: String!, $maxLength: Int) {
    collaborationPath(from: $from, to: $to, maxLength: $maxLength) {
      found
      maxLength
      length
      hops { from { slug } to { slug } paper { anthologyId isFrontmatter } }
    }
  }
`;
interface PathData {
  collaborationPath: {
    found: boolean;
    maxLength: number;
    length: number | null;
    hops: { from: { slug: string }; to: { slug: string }; paper: { anthologyId: string; isFrontmatter: boolean } }[];
  } | null;
}

async function checkPath(from: string, to: string, expected: number) {
  const result = await client.query<PathData>(PATH, { from, to, maxLength: MAX_PATH_LENGTH });
  expect(result.errors).toBeUndefined();
  const path = result.data!.collaborationPath!;
  expect(path).toMatchObject({ found: true, maxLength: MAX_PATH_LENGTH });
  expect(path.length).toBe(expected);
  expect(path.hops).toHaveLength(expected);
  let at = from;
  for (const hop of path.hops) {
    expect(hop.from.slug).toBe(at);
    expect(hop.paper.isFrontmatter).toBe(false);
    const shared = await t.db.pool.query(
      `SELECT 1 FROM authorship a JOIN author x ON x.id = a.author_id JOIN paper p ON p.id = a.paper_id
       WHERE p.anthology_id = $1 AND a.role = 'AUTHOR' AND x.slug = ANY($2) GROUP BY p.id
       HAVING count(DISTINCT x.slug) = 2`,
      [hop.paper.anthologyId, [hop.from.slug, hop.to.slug]],
    );
    expect(shared.rowCount).toBe(1);
    at = hop.to.slug;
  }
  expect(at).toBe(to);
}

test('lei-gao and ruihong-huang are one hop apart, through a paper they share', async () => {
  await checkPath('lei-gao', 'ruihong-huang', 1);
});

test('longer paths are shortest (reference BFS) and every hop is a shared paper', async () => {
  const dist = distancesFrom(hub);
  const byDistance = new Map<number, string[]>();
  for (const [slug, d] of dist) {
    if (!byDistance.has(d)) byDistance.set(d, []);
    byDistance.get(d)!.push(slug);
  }
  const far = Math.max(...byDistance.keys());
  expect(far).toBeGreaterThanOrEqual(3);
  for (const d of [2, 3, Math.min(far, MAX_PATH_LENGTH)]) {
    const targets = byDistance.get(d)!.sort();
    await checkPath(hub, targets[0]!, d);
    await checkPath(targets[targets.length - 1]!, hub, d);
    // Between two people both d away from the hub: the reference distance.
    if (targets.length > 1) {
      await checkPath(targets[0]!, targets[targets.length - 1]!, distancesFrom(targets[0]!).get(targets[targets.length - 1]!)!);
    }
  }
});

test('one statement per BFS level', async () => {
  const target = atDistance(hub, 4);
  const ids = await t.db.pool.query<{ id: number; slug: string }>(`SELECT id, slug FROM author WHERE slug = ANY($1)`, [[hub, target]]);
  const id = (s: string) => ids.rows.find((r) => r.slug === s)!.id;
  const { result, statements } = await client.countStatements(() => shortestPath(t.db.pool, id(hub), id(target), 8));
  expect(result.kind).toBe('found');
  // Two searches of depth ≤ 4 meeting: at most 4 levels for a path of 4.
  expect(statements.length).toBeLessThanOrEqual(4);
});

test('from == to is a path of length 0', async () => {
  const result = await client.query<PathData>(PATH, { from: 'lei-gao', to: 'lei-gao' });
  expect(result.errors).toBeUndefined();
  expect(result.data!.collaborationPath).toEqual({ found: true, maxLength: 6, length: 0, hops: [] });
});

// Until issue 15.3 these two were PATH_NOT_FOUND errors; "no path" is now data.
test('no path within maxLength: found false, naming the cap (data, not an error)', async () => {
  const target = atDistance(hub, 3);
  const result = await client.query<PathData>(PATH, { from: hub, to: target, maxLength: 2 });
  expect(result.errors).toBeUndefined();
  expect(result.data!.collaborationPath).toEqual({ found: false, maxLength: 2, length: null, hops: [] });
  // And the same pair is found with room for it.
  await checkPath(hub, target, 3);
});

test('people in different components: found false', async () => {
  const reachable = distancesFrom('lei-gao');
  const other = [...graph.keys()].sort().find((s) => !reachable.has(s))!;
  expect(other).toBeDefined();
  const result = await client.query<PathData>(PATH, { from: 'lei-gao', to: other });
  expect(result.errors).toBeUndefined();
  expect(result.data!.collaborationPath).toEqual({ found: false, maxLength: 6, length: null, hops: [] });
});

// An unknown slug was NOT_FOUND until issue 15.3: missing is null now.
test('an unknown slug is null; an out-of-range maxLength is a typed error', async () => {
  for (const [from, to] of [
    ['lei-gao', 'no-such-person'],
    ['no-such-person', 'lei-gao'],
  ]) {
    const unknown = await client.query<PathData>(PATH, { from, to });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ collaborationPath: null });
  }
  const tooLong = await client.query<PathData>(PATH, { from: 'lei-gao', to: 'ruihong-huang', maxLength: 9 });
  expect(tooLong.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxLength' });
  expect(tooLong.errors![0]!.message).toContain(String(MAX_PATH_LENGTH));
});

test('the visited-people cap stops a search', async () => {
  const ids = await t.db.pool.query<{ id: number; slug: string }>(`SELECT id, slug FROM author WHERE slug = ANY($1)`, [
    [hub, atDistance(hub, 4)],
  ]);
  const [a, b] = ids.rows.map((r) => r.id);
  expect(await shortestPath(t.db.pool, a!, b!, 8, 3)).toMatchObject({ kind: 'too-large' });
  expect(await shortestPath(t.db.pool, a!, b!, 8)).toMatchObject({ kind: 'found' });
});

const NETWORK = /* GraphQL */ `
  query Network($slug: String!, $depth: Int, $min: Int, $max: Int) {
    author(slug: $slug) {
      network(depth: $depth, minSharedPapers: $min, maxNodes: $max) {
        truncated
        nodes { distance author { slug } }
        edges { source target weight }
      }
    }
  }
`;
interface NetworkData {
  author: {
    network: {
      truncated: boolean;
      nodes: { distance: number; author: { slug: string } }[];
      edges: { source: string; target: string; weight: number }[];
    };
  };
}

async function sharedPapers(a: string, b: string): Promise<number> {
  const r = await t.db.pool.query<{ n: number }>(
    `SELECT count(DISTINCT a.paper_id)::int AS n FROM authorship a JOIN authorship b ON a.paper_id = b.paper_id
     JOIN paper p ON p.id = a.paper_id AND NOT p.is_frontmatter
     JOIN author x ON x.id = a.author_id JOIN author y ON y.id = b.author_id
     WHERE a.role = 'AUTHOR' AND b.role = 'AUTHOR' AND x.slug = $1 AND y.slug = $2`,
    [a, b],
  );
  return r.rows[0]!.n;
}

test('depth-1 network: the person and every co-author, edges weighted by shared papers', async () => {
  const { result, statements } = await client.countStatements(() => client.query<NetworkData>(NETWORK, { slug: 'ruihong-huang' }));
  expect(result.errors).toBeUndefined();
  const net = result.data!.author.network;
  const coauthors = graph.get('ruihong-huang')!;
  expect(net.truncated).toBe(false);
  expect(net.nodes[0]).toEqual({ distance: 0, author: { slug: 'ruihong-huang' } });
  expect(
    net.nodes
      .filter((n) => n.distance === 1)
      .map((n) => n.author.slug)
      .sort(),
  ).toEqual([...coauthors].sort());
  // Every pair among included people with a shared paper is an edge, with its count.
  const included = net.nodes.map((n) => n.author.slug);
  let pairs = 0;
  for (const a of included) for (const b of included) if (a < b && graph.get(a)?.has(b)) pairs++;
  expect(net.edges).toHaveLength(pairs);
  for (const e of net.edges.slice(0, 5)) expect(e.weight).toBe(await sharedPapers(e.source, e.target));
  expect(net.edges.find((e) => [e.source, e.target].sort().join() === 'lei-gao,ruihong-huang')!.weight).toBe(
    await sharedPapers('lei-gao', 'ruihong-huang'),
  );
  // author lookup + nodes + edges.
  expect(statements.length).toBeLessThanOrEqual(3);
});

test('depth 2, minSharedPapers and maxNodes', async () => {
  const dist = distancesFrom(hub);
  const two = await client.query<NetworkData>(NETWORK, { slug: hub, depth: 2, max: 1000 });
  expect(two.errors).toBeUndefined();
  const within2 = [...dist].filter(([, d]) => d <= 2);
  expect(two.data!.author.network.nodes).toHaveLength(within2.length);
  for (const n of two.data!.author.network.nodes) expect(n.distance).toBe(dist.get(n.author.slug));

  const strong = await client.query<NetworkData>(NETWORK, { slug: hub, min: 2 });
  const strongOnes = [...graph.get(hub)!];
  const counts = await Promise.all(strongOnes.map((s) => sharedPapers(hub, s)));
  expect(strong.data!.author.network.nodes).toHaveLength(1 + counts.filter((c) => c >= 2).length);
  for (const e of strong.data!.author.network.edges) expect(e.weight).toBeGreaterThanOrEqual(2);

  const capped = await client.query<NetworkData>(NETWORK, { slug: hub, depth: 2, max: 3 });
  expect(capped.data!.author.network.truncated).toBe(true);
  expect(capped.data!.author.network.nodes).toHaveLength(3);
  expect(capped.data!.author.network.nodes[0]!.author.slug).toBe(hub);

  const bad = await client.query<NetworkData>(NETWORK, { slug: 'ruihong-huang', depth: 3 });
  expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'depth' });
});
