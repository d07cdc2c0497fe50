// The bulk path: into an empty database (the first import), rows go straight into the tables
// with ids assigned here, without the secondary indexes and foreign keys, which are built (and
// checked) once at the end. Papers stream in as they are parsed (CorpusWriter), their search
// vectors computed by helper sessions (search-sessions.ts). The tables are locked until COMMIT,
// which blocks only readers of a database that has nothing to read yet.
import type { PoolClient } from 'pg';
import { type Cell, type CopyBuffer, copyChunks, copyRows } from './copy.js';
import type { AuthorshipRow, PaperRow, PersonRow, ResolvedPeople, VolumeRow } from './resolve.js';
import { INSERT_COLLECTIONS } from './statements.js';
import { copyInto, copyIntoStaging, encoder, TABLES } from './tables.js';
import type { Timings } from './timings.js';

const { volume, paper, author, authorName, similarAuthor, authorship, volumeVenue, volumeSig, collection } = TABLES;

/** Tables whose secondary indexes and foreign keys a first import builds after loading. */
export const BULK_TABLES = [
  'paper',
  'authorship',
  'author_name',
  'author',
  'volume',
  'paper_search',
  'paper_title_lexeme',
  'author_name_search',
  'author_name_prefix',
  'coauthor_pair',
];

/**
 * The triggers that keep coauthor_pair statement by statement: off while the bulk path copies
 * authorships and people (every pair would be counted with its names missing, then every row
 * rewritten when the people arrive), the pairs then counted once (coauthor_pair_rebuild).
 */
const PAIR_TRIGGERS = [
  ['authorship', 'coauthor_pair_insert'],
  ['author', 'coauthor_pair_author_insert'],
];

/** The tables whose ids the bulk path assigns, and the first id of each. */
export type FirstIds = Record<'volume' | 'paper' | 'author' | 'author_name' | 'authorship', number>;

export const COPY_PAPERS = copyInto(paper, { id: true, extra: ['search_vector'] });
const paperCells = encoder<PaperRow, number | undefined>(paper, { volumeId: (_, volumeId) => volumeId });
/** A paper's row with its id, its volume's and its search vector (null: the insert trigger computes it). */
export const bulkPaperCells = (id: number | undefined, p: PaperRow, volumeId: number | undefined, vector: string | null): Cell[] => [
  id,
  ...paperCells(p, volumeId),
  vector,
];

interface AuthorshipIds {
  paperId: number | null | undefined;
  volumeId: number | undefined;
  authorId: number;
}
const authorshipCells = encoder<AuthorshipRow, AuthorshipIds>(authorship, {
  paperId: (_, ids) => ids.paperId,
  volumeId: (_, ids) => ids.volumeId,
  authorId: (_, ids) => ids.authorId,
});
export const bulkAuthorshipCells = (id: number, a: AuthorshipRow, ids: AuthorshipIds): Cell[] => [id, ...authorshipCells(a, ids)];

export async function isEmpty(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM paper) AND NOT EXISTS (SELECT 1 FROM author) AND NOT EXISTS (SELECT 1 FROM volume)
       AND NOT EXISTS (SELECT 1 FROM authorship) AND NOT EXISTS (SELECT 1 FROM author_name) AS empty`,
  );
  return rows[0]!.empty;
}

/**
 * Drops the secondary indexes (all but primary keys and constraints' indexes) and the
 * foreign keys of BULK_TABLES and returns the statements that restore them. An index built
 * once over the loaded rows costs a sort instead of one insert per row; foreign keys re-added
 * at the end are checked in one join each instead of a trigger call per row.
 */
export async function dropSecondaryIndexes(client: PoolClient): Promise<string[]> {
  const { rows: foreignKeys } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND c.contype = 'f'`,
    [BULK_TABLES],
  );
  const { rows: indexes } = await client.query<{ name: string; definition: string; gin: boolean }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition, am.amname = 'gin' AS gin
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
     WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT i.indisprimary
       -- Unique indexes too, unless a constraint owns them (then foreign keys may depend on them).
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [BULK_TABLES],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  // The big GIN builds first, while nothing else competes for the second core.
  indexes.sort((a, b) => Number(b.gin) - Number(a.gin));
  return [
    ...indexes.map((i) => i.definition),
    ...foreignKeys.map((fk) => `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`),
  ];
}

/** What the writer gathered while the files were parsed (the papers are in already). */
export interface BulkRows {
  collections: string[];
  volumes: VolumeRow[];
  volumeIds: Map<string, number>;
  volumeSigs: [string, string][];
  authorships: CopyBuffer;
  first: FirstIds;
  papers: number;
}

/**
 * Collections, volumes with their venues and SIGs, then (after `writeEvents`, which needs the
 * volumes) authorships and people; the sequences continue after the ids used.
 */
export async function loadRows(
  client: PoolClient,
  rows: BulkRows,
  resolved: ResolvedPeople,
  { run, writeEvents, timings }: { run: (statements: string[]) => Promise<void>; writeEvents: () => Promise<void>; timings: Timings },
): Promise<void> {
  const { first, volumeIds } = rows;
  await copyRows(client, copyIntoStaging(collection), rows.collections, (slug) => [slug]);
  await run(INSERT_COLLECTIONS);
  const collectionIds = await idsBySlug(client, 'SELECT c.id, c.slug FROM collection c JOIN s_collection s USING (slug)');
  const venueIds = await idsBySlug(client, 'SELECT id, slug FROM venue');
  const sigIds = await idsBySlug(client, 'SELECT id, slug FROM sig');

  const volumeCells = encoder<VolumeRow>(volume, { collectionId: (v) => collectionIds.get(v.collection) });
  await copyRows(client, copyInto(volume, { id: true }), rows.volumes, (v) => [volumeIds.get(v.anthologyId), ...volumeCells(v)]);
  const volumeVenues = rows.volumes.flatMap((v) =>
    v.venues.map((slug, position) => ({ volumeId: volumeIds.get(v.anthologyId), venueId: venueIds.get(slug), position })),
  );
  await copyRows(client, copyInto(volumeVenue), volumeVenues, encoder(volumeVenue));
  const volumeSigs = rows.volumeSigs.map(([v, s]) => ({ volumeId: volumeIds.get(v), sigId: sigIds.get(s) }));
  await copyRows(client, copyInto(volumeSig), volumeSigs, encoder(volumeSig));
  await writeEvents();
  for (const [table, trigger] of PAIR_TRIGGERS) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  let t = Date.now();
  await copyChunks(client, copyInto(authorship, { id: true }), rows.authorships.chunks());
  timings.took(t, 'COPY authorship');
  t = Date.now();
  // A person's id is first.author + their index in resolved.people (as the authorships have it).
  const authorCells = encoder(author);
  await copyRows(client, copyInto(author, { id: true }), resolved.people.entries(), ([i, a]) => [first.author + i, ...authorCells(a)]);
  let nameCount = 0;
  const nameCells = encoder(authorName);
  await copyRows(client, copyInto(authorName, { id: true }), authorNames(resolved.people, first.author), (n) => [
    first.author_name + nameCount++,
    ...nameCells(n),
  ]);
  const similarIds = new Map<string, number | undefined>(resolved.similar.flat().map((slug) => [slug, undefined]));
  resolved.people.forEach((a, i) => {
    if (similarIds.has(a.slug)) similarIds.set(a.slug, first.author + i);
  });
  const similar = resolved.similar.map(([a, b]) => ({ authorId: similarIds.get(a), similarId: similarIds.get(b) }));
  await copyRows(client, copyInto(similarAuthor), similar, encoder(similarAuthor));
  timings.took(t, 'COPY author, author_name, similar_author');
  t = Date.now();
  await client.query('SELECT coauthor_pair_rebuild()');
  for (const [table, trigger] of PAIR_TRIGGERS) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  timings.took(t, 'coauthor_pair');
  // Sequences continue after the ids used here.
  const used: FirstIds = {
    volume: rows.volumes.length,
    paper: rows.papers,
    author: resolved.people.length,
    author_name: nameCount,
    authorship: rows.authorships.rows,
  };
  for (const table of Object.keys(first) as (keyof FirstIds)[]) {
    // setval(…, first - 1, true) when nothing was used: the next id is first again.
    const last = first[table] + used[table] - 1;
    await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2, $3)`, [table, Math.max(last, 1), last >= 1]);
  }
}

/** Each person's names (canonical first), one row each, as they are sent. */
function* authorNames(people: PersonRow[], firstAuthorId: number) {
  for (const [i, a] of people.entries()) {
    for (const [position, n] of a.names.entries()) {
      yield { authorId: firstAuthorId + i, firstName: n.first, lastName: n.last, canonical: position === 0, position };
    }
  }
}

async function idsBySlug(client: PoolClient, sql: string): Promise<Map<string, number>> {
  const { rows } = await client.query<{ id: number; slug: string }>(sql);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** The indexes and foreign keys dropSecondaryIndexes took away, built once over the loaded rows. */
export async function buildDeferred(client: PoolClient, deferred: string[], timings: Timings): Promise<void> {
  // Index builds may use a parallel worker: the parse is over, the second core is free.
  await client.query('SET LOCAL max_parallel_maintenance_workers = 1');
  for (const definition of deferred) {
    const t = Date.now();
    await client.query(definition);
    timings.took(t, definition.slice(0, 90));
  }
}

/**
 * Statistics now, not whenever autovacuum gets to it: readers' plans (and the next import's
 * merge) need them from the first query on. The columns that joins and filters use;
 * autovacuum's analyze adds the rest (text search, expression indexes) soon after.
 */
export const ANALYZE_LOADED = [
  'ANALYZE paper (id, anthology_id, sort_key, volume_id, year, doi, bibkey, is_frontmatter), authorship, ' +
    'author (id, slug, first_name, last_name, orcid, curated), author_name (id, author_id, first_name, last_name), volume, ' +
    'author_name_search, author_name_prefix',
];
