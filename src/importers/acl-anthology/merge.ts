// The merge path: into a database that holds data, COPY into temp staging tables, then merge
// into the live tables by public key (insert what is new, update what changed, delete what is
// gone). Row locks only: readers keep reading the old snapshot until COMMIT.
import type { PoolClient } from 'pg';
import { type CopyBuffer, copyChunks, copyRows } from './copy.js';
import type { AuthorshipRow, PaperRow, ResolvedPeople, VolumeRow } from './resolve.js';
import { anthologyOwned } from '../sources.js';
import { selectList, upsert } from './statements.js';
import { copyIntoStaging, createStaging, encoder, list, TABLES } from './tables.js';

const { volume, paper, author, authorName, similarAuthor, authorship, volumeVenue, volumeSig, collection } = TABLES;

/** The staging tables of the merge (besides venues, SIGs and collections). */
export const MERGE_STAGING = [volume, volumeVenue, volumeSig, paper, author, authorName, similarAuthor, authorship].map(createStaging);

/** A paper as the merge stages it (its volume by anthology id): streamed while the files are parsed. */
export const stagedPaperCells = encoder<PaperRow>(paper, { volumeId: (p) => p.volume });
export const COPY_STAGED_PAPERS = copyIntoStaging(paper);

/**
 * A merge's limits (a sync, sync.ts): the collections staged, whether every authorship is, and
 * the people staged (undefined: all of them) — only those may be deleted for being absent.
 */
export interface MergeScope {
  collections: string[];
  allAuthorships: boolean;
  people?: string[];
  /** The authorships of the people staged are staged too (a changed person file), on any volume. */
  peopleAuthorships?: boolean;
}

/**
 * The merge. `scope` (a sync, sync.ts): the staging tables hold the volumes and papers of some
 * collections only (and the authorships of those, or all), so only rows of the volumes in
 * scope_volume (those collections' volumes as they were) may be deleted for being absent.
 */
export function mergeStatements(scope?: { allAuthorships: boolean; people?: unknown; peopleAuthorships?: boolean }): string[] {
  const inScope = (column: string) => (scope ? ` AND ${column} IN (SELECT id FROM scope_volume)` : '');
  // On the authorships' DELETE, UPDATE and INSERT: matched by volume alone, each staged row of a
  // big volume would visit all its slots (the key has coalesce(paper_id, 0)); m only holds rows
  // of volumes in scope (or new ones, without rows yet), so the filter changes no result.
  const authorshipScope = scope && !scope.allAuthorships ? inScope('t.volume_id') : '';
  // Authorships staged on other volumes too (a changed person file: the people re-resolved):
  // those are updated, never deleted for being absent; m_authorship_volume lists their volumes.
  const writeScope =
    scope?.peopleAuthorships && !scope.allAuthorships ? ' AND t.volume_id IN (SELECT volume_id FROM m_authorship_volume)' : authorshipScope;
  // Staged authorships of volumes not staged themselves (a sync restaging every authorship).
  const authorshipVolumes = scope ? 'volume' : 'm_volume';
  const paperRest = paper.columns.filter((c) => c !== 'anthology_id');
  const paperValue = (c: string) => (c === 'volume_id' ? 'v.id' : `s.${c}`);
  // Authorships are keyed by (volume, paper or none, role, position).
  const authorshipKey = ['volume_id', 'paper_id', 'role', 'position'];
  const authorshipRest = authorship.columns.filter((c) => !authorshipKey.includes(c));
  const sameAuthorship =
    'm.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0) AND m.role = t.role AND m.position = t.position';
  const authorRest = author.columns.filter((c) => c !== 'slug');
  const nameKey = ['author_id', 'first_name', 'last_name'];
  const nameRest = authorName.columns.filter((c) => !nameKey.includes(c));
  const sameName = 'n.author_id = m.id AND n.first_name = s.first_name AND n.last_name = s.last_name';
  // Only the names of the people staged (a sync re-resolving some people: scope_author).
  const namesInScope = scope?.people ? ' AND n.author_id IN (SELECT a.id FROM author a JOIN scope_author USING (slug))' : '';
  return [
    upsert(collection, ['slug'], selectList(collection, 's'), 's_collection s'),
    upsert(
      volume,
      ['anthology_id'],
      selectList(volume, 's', { collection_id: 'c.id' }),
      's_volume s JOIN collection c ON c.slug = s.collection',
    ),

    'CREATE TEMP TABLE m_volume ON COMMIT DROP AS SELECT v.id, v.anthology_id FROM volume v JOIN s_volume s USING (anthology_id)',
    'CREATE UNIQUE INDEX ON m_volume (anthology_id)',
    'ANALYZE m_volume',

    // Papers: update what changed, then insert what is new (imports never run concurrently:
    // they share the corrections' advisory lock). Not one INSERT … ON CONFLICT: that would
    // compute every paper's search vector (the insert trigger) only to find most unchanged.
    `UPDATE paper p SET ${paperRest.map((c) => `${c} = ${paperValue(c)}`).join(', ')}
  FROM s_paper s JOIN m_volume v ON v.anthology_id = s.volume
  WHERE p.anthology_id = s.anthology_id
    AND (${list(paperRest, 'p')}) IS DISTINCT FROM (${paperRest.map(paperValue).join(', ')})`,
    `INSERT INTO paper (${list(paper.columns)})
  SELECT ${selectList(paper, 's', { volume_id: 'v.id' })}
  FROM s_paper s JOIN m_volume v ON v.anthology_id = s.volume
  WHERE NOT EXISTS (SELECT 1 FROM paper p WHERE p.anthology_id = s.anthology_id)`,

    // People: as papers, an UPDATE of what changed and an INSERT of what is new (an INSERT …
    // ON CONFLICT visits and locks every one of the ~100k existing rows, several times the cost).
    `UPDATE author a SET ${authorRest.map((c) => `${c} = s.${c}`).join(', ')}
  FROM s_author s
  WHERE a.slug = s.slug AND (${list(authorRest, 'a')}) IS DISTINCT FROM (${list(authorRest, 's')})`,
    `INSERT INTO author (${list(author.columns)})
  SELECT ${selectList(author, 's')} FROM s_author s
  WHERE NOT EXISTS (SELECT 1 FROM author a WHERE a.slug = s.slug)`,
    'CREATE TEMP TABLE m_author ON COMMIT DROP AS SELECT a.id, a.slug FROM author a JOIN s_author s USING (slug)',
    'CREATE UNIQUE INDEX ON m_author (slug)',
    'ANALYZE m_author',

    `DELETE FROM author_name n WHERE NOT EXISTS (
  SELECT 1 FROM s_author_name s JOIN m_author m ON m.slug = s.slug
  WHERE m.id = n.author_id AND s.first_name = n.first_name AND s.last_name = n.last_name)${namesInScope}
  AND n.author_id NOT IN (SELECT id FROM author WHERE NOT ${anthologyOwned('slug')})`,
    `UPDATE author_name n SET ${nameRest.map((c) => `${c} = s.${c}`).join(', ')}
  FROM s_author_name s JOIN m_author m USING (slug)
  WHERE ${sameName} AND (${list(nameRest, 'n')}) IS DISTINCT FROM (${list(nameRest, 's')})`,
    `INSERT INTO author_name (${list(authorName.columns)})
  SELECT ${selectList(authorName, 's', { author_id: 'm.id' })} FROM s_author_name s JOIN m_author m USING (slug)
  WHERE NOT EXISTS (SELECT 1 FROM author_name n WHERE ${sameName})`,

    // Similar pairs are always staged in full (a few hundred), whoever is staged: by author.
    `CREATE TEMP TABLE m_similar ON COMMIT DROP AS
  SELECT ${selectList(similarAuthor, 's', { author_id: 'ma.id', similar_id: 'mb.id' })}
  FROM s_similar_author s JOIN author ma ON ma.slug = s.a JOIN author mb ON mb.slug = s.b`,
    'DELETE FROM similar_author t WHERE NOT EXISTS (SELECT 1 FROM m_similar m WHERE m.author_id = t.author_id AND m.similar_id = t.similar_id)',
    upsert(similarAuthor, ['author_id', 'similar_id'], selectList(similarAuthor, 'm'), 'm_similar m'),

    `CREATE TEMP TABLE m_volume_venue ON COMMIT DROP AS
  SELECT ${selectList(volumeVenue, 's', { volume_id: 'mv.id', venue_id: 've.id' })}
  FROM s_volume_venue s JOIN m_volume mv ON mv.anthology_id = s.volume JOIN venue ve ON ve.slug = s.venue`,
    `DELETE FROM volume_venue t WHERE NOT EXISTS (SELECT 1 FROM m_volume_venue m WHERE m.volume_id = t.volume_id AND m.venue_id = t.venue_id)${inScope('t.volume_id')}`,
    upsert(volumeVenue, ['volume_id', 'venue_id'], selectList(volumeVenue, 'm'), 'm_volume_venue m'),

    `CREATE TEMP TABLE m_volume_sig ON COMMIT DROP AS
  SELECT ${selectList(volumeSig, 's', { volume_id: 'mv.id', sig_id: 'sg.id' })}
  FROM s_volume_sig s JOIN m_volume mv ON mv.anthology_id = s.volume JOIN sig sg ON sg.slug = s.sig`,
    `DELETE FROM volume_sig t WHERE NOT EXISTS (SELECT 1 FROM m_volume_sig m WHERE m.volume_id = t.volume_id AND m.sig_id = t.sig_id)${inScope('t.volume_id')}`,
    upsert(volumeSig, ['volume_id', 'sig_id'], selectList(volumeSig, 'm'), 'm_volume_sig m'),

    `CREATE TEMP TABLE m_authorship ON COMMIT DROP AS
  SELECT ${selectList(authorship, 's', { paper_id: 'p.id', volume_id: 'mv.id', author_id: 'ma.id' })}
  FROM s_authorship s JOIN ${authorshipVolumes} mv ON mv.anthology_id = s.volume JOIN m_author ma ON ma.slug = s.author
  LEFT JOIN paper p ON p.anthology_id = s.paper`,
    'ANALYZE m_authorship',
    ...(writeScope !== authorshipScope
      ? [
          'CREATE TEMP TABLE m_authorship_volume ON COMMIT DROP AS SELECT DISTINCT volume_id FROM m_authorship',
          'ANALYZE m_authorship_volume',
        ]
      : []),
    `DELETE FROM authorship t WHERE NOT EXISTS (SELECT 1 FROM m_authorship m WHERE ${sameAuthorship})${authorshipScope}
  AND t.volume_id NOT IN (SELECT id FROM volume WHERE NOT ${anthologyOwned('anthology_id')})`,
    `UPDATE authorship t SET ${authorshipRest.map((c) => `${c} = m.${c}`).join(', ')}
  FROM m_authorship m
  WHERE ${sameAuthorship}
    AND (${list(authorshipRest, 't')}) IS DISTINCT FROM (${list(authorshipRest, 'm')})${writeScope}`,
    `INSERT INTO authorship (${list(authorship.columns)})
  SELECT ${selectList(authorship, 'm')}
  FROM m_authorship m WHERE NOT EXISTS (SELECT 1 FROM authorship t WHERE ${sameAuthorship}${writeScope})`,

    // Rows another source created (src/importers/sources.ts) are that source's to delete.
    `DELETE FROM paper t WHERE NOT EXISTS (SELECT 1 FROM s_paper s WHERE s.anthology_id = t.anthology_id)${inScope('t.volume_id')} AND ${anthologyOwned('t.anthology_id')}`,
    `DELETE FROM volume t WHERE NOT EXISTS (SELECT 1 FROM m_volume s WHERE s.id = t.id)${inScope('t.id')} AND ${anthologyOwned('t.anthology_id')}`,
  ];
}

/**
 * The people upstream no longer has (of those staged: scope_author in a sync that re-resolves
 * some people). Its own statement: people a split created (curation) are not upstream and
 * stay; the replay refills them.
 */
export function deleteGoneAuthors(scope?: { people?: unknown }): string[] {
  return [
    'DELETE FROM author t WHERE NOT EXISTS (SELECT 1 FROM m_author s WHERE s.id = t.id) AND t.created_by_correction_id IS NULL' +
      ` AND ${anthologyOwned('t.slug')}` +
      (scope?.people ? ' AND t.slug IN (SELECT slug FROM scope_author)' : ''),
  ];
}

const stagedVolumeCells = encoder<VolumeRow>(volume, { collectionId: (v) => v.collection });
/** An authorship as the merge stages it (paper, volume and person by public key): buffered while the files are parsed. */
export const stagedAuthorshipCells = encoder<AuthorshipRow>(authorship, {
  paperId: (a) => a.paper,
  volumeId: (a) => a.volume,
  authorId: (a) => a.author,
});

/** Stages everything but the papers (streamed already) and the authorships (buffered), then what the merge reads is indexed. */
export async function stageRows(
  client: PoolClient,
  rows: { collections: string[]; volumes: VolumeRow[]; volumeSigs: [string, string][]; authorships: CopyBuffer },
  resolved: ResolvedPeople,
): Promise<void> {
  await copyRows(client, copyIntoStaging(collection), rows.collections, (slug) => [slug]);
  await copyRows(client, copyIntoStaging(volume), rows.volumes, stagedVolumeCells);
  const volumeVenues = rows.volumes.flatMap((v) => v.venues.map((venueId, position) => ({ volumeId: v.anthologyId, venueId, position })));
  await copyRows(client, copyIntoStaging(volumeVenue), volumeVenues, encoder(volumeVenue));
  await copyRows(
    client,
    copyIntoStaging(volumeSig),
    rows.volumeSigs.map(([volumeId, sigId]) => ({ volumeId, sigId })),
    encoder(volumeSig),
  );
  await copyRows(client, copyIntoStaging(author), resolved.people, encoder(author));
  const names = resolved.people.flatMap((a) =>
    a.names.map((n, i) => ({ authorId: a.slug, firstName: n.first, lastName: n.last, canonical: i === 0, position: i })),
  );
  await copyRows(client, copyIntoStaging(authorName), names, encoder(authorName));
  await copyRows(
    client,
    copyIntoStaging(similarAuthor),
    resolved.similar.map(([authorId, similarId]) => ({ authorId, similarId })),
    encoder(similarAuthor),
  );
  await copyChunks(client, copyIntoStaging(authorship), rows.authorships.chunks());
}

/** After staging: what the merge joins on is indexed and analysed; a sync's volumes in scope are listed. */
export async function prepareMerge(client: PoolClient, scope: MergeScope | undefined): Promise<void> {
  await client.query(
    'CREATE INDEX ON s_paper (anthology_id); CREATE INDEX ON s_author (slug); ANALYZE s_paper; ANALYZE s_author; ANALYZE s_authorship; ANALYZE s_author_name; ANALYZE s_volume;',
  );
  if (scope) {
    await client.query(
      `CREATE TEMP TABLE scope_volume ON COMMIT DROP AS
         SELECT v.id FROM volume v JOIN collection c ON c.id = v.collection_id WHERE c.slug = ANY($1)`,
      [scope.collections],
    );
    await client.query('CREATE UNIQUE INDEX ON scope_volume (id); ANALYZE scope_volume');
    if (scope.people) {
      await client.query('CREATE TEMP TABLE scope_author ON COMMIT DROP AS SELECT unnest($1::text[]) AS slug', [scope.people]);
      await client.query('CREATE UNIQUE INDEX ON scope_author (slug); ANALYZE scope_author');
    }
  }
}
