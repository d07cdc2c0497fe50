// Which sources describe a paper or a person (source_record: src/importers/sources.ts), by
// each source's key: one statement per batch of papers or of people. The Anthology first,
// then the other sources by name.
import type { Queryable } from '../queryable.js';
import { groupByKey, rows } from './model-sql.js';

export interface SourceRef {
  source: string;
  key: string;
  url: string | null;
}

export async function loadSources(db: Queryable, kind: 'paper' | 'author', ids: readonly number[]): Promise<SourceRef[][]> {
  const owner = kind === 'paper' ? 'paper_id' : 'author_id';
  const found = await rows<SourceRef & { owner: number }>(
    db,
    `SELECT ${owner} AS owner, source, source_key AS key, url FROM source_record
     WHERE kind = $1 AND ${owner} = ANY($2::int[])
     ORDER BY ${owner}, source <> 'acl-anthology', source, source_key`,
    [kind, ids],
  );
  return groupByKey(ids, found, (r) => r.owner).map((list) => list.map(({ source, key, url }) => ({ source, key, url })));
}

/**
 * The first key of `source` among a row's source records (in loadSources' order: by key), or
 * null; `startsWith`: only keys of that form (a dblp person id, `homepages/…`, not a name).
 */
export function firstSourceKey(refs: readonly SourceRef[], source: string, startsWith = ''): string | null {
  return refs.find((r) => r.source === source && r.key.startsWith(startsWith))?.key ?? null;
}
