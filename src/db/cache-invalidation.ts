// What a write changed, told to every server process's response cache (src/http/response-cache.ts)
// with NOTIFY inside the writing transaction: delivered at COMMIT, never after a ROLLBACK, to
// every process listening on the database, in commit order. A correction names the entities
// it changed (tags, src/http/cache-tags.ts); an import or a sync evicts everything.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Queryable } from '../queryable.js';

export const CACHE_CHANNEL = 'scholargraph_cache';

export type CacheInvalidation =
  /** Evict the entries tagged with any of these. */
  | { tags: string[] }
  /** Evict every entry. */
  | { all: true }
  /** Evicts nothing: comes back to the process that sent it once every earlier NOTIFY has (read-your-writes). */
  | { barrier: string };

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more: longer tag lists go in several. */
const MAX_PAYLOAD = 7000;

export async function announceInvalidation(tx: Queryable, invalidation: CacheInvalidation): Promise<void> {
  if (!('tags' in invalidation)) {
    await tx.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, JSON.stringify(invalidation)]);
    return;
  }
  const payloads: string[] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const tag of new Set(invalidation.tags)) {
    if (size + tag.length + 3 > MAX_PAYLOAD && chunk.length > 0) {
      payloads.push(JSON.stringify({ tags: chunk }));
      chunk = [];
      size = 0;
    }
    chunk.push(tag);
    size += tag.length + 3;
  }
  if (chunk.length > 0) payloads.push(JSON.stringify({ tags: chunk }));
  if (payloads.length > 0)
    await tx.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n', [CACHE_CHANNEL, payloads]);
}

/**
 * Fields that show who wrote or edited something (or rank people), by type: an answer that
 * selects one of them on an entity is also tagged `peopleTag(entity)`, so a correction evicts
 * a page that lists a paper's authors, not one that shows its title only.
 */
export const PEOPLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Paper: ['authorships', 'bibtex', 'citation'],
  Volume: ['editors', 'bibtex', 'citation'],
  Venue: ['topAuthors'],
};

export const peopleTag = (globalId: string): string => `${globalId}#people`;

/**
 * Root fields whose answer is a set chosen by a predicate over people (or the audit trail), or a
 * lookup that found nobody: a correction can change them without changing any entity they hold.
 */
export const PEOPLE_SET_TAGS = [
  'Query.search',
  'Query.suggest',
  'Query.authors',
  'Query.collaborationPath',
  'Query.corrections',
  'Query.correction',
  'Query.author:null',
  'Query.authorsBy:null',
  'Query.node:null',
  'Query.nodes:null',
];

/** A correction's own tag: a revert changes what the reverted correction shows (who reverted it). */
export const correctionTag = (id: number): string => encodeGlobalID('Correction', id);

/**
 * The tags of what depends on the name slots of the people `slugs` (as of `tx`): the people
 * themselves, and the people fields (PEOPLE_FIELDS) of their papers, of their volumes (editors)
 * and of those volumes' venues (top authors).
 */
export async function entitiesOfPeople(tx: Queryable, slugs: string[]): Promise<string[]> {
  const { rows } = await tx.query<{ type: string; key: string }>(
    `WITH slot AS (
       SELECT t.paper_id, t.volume_id FROM authorship t JOIN author a ON a.id = t.author_id WHERE a.slug = ANY($1)
     )
     SELECT 'Author' AS type, slug AS key FROM unnest($1::text[]) AS slug
     UNION SELECT 'Paper', p.anthology_id FROM paper p WHERE p.id IN (SELECT paper_id FROM slot)
     UNION SELECT 'Volume', v.anthology_id FROM volume v WHERE v.id IN (SELECT volume_id FROM slot)
     UNION SELECT 'Venue', ve.slug FROM venue ve JOIN volume_venue vv ON vv.venue_id = ve.id WHERE vv.volume_id IN (SELECT volume_id FROM slot)`,
    [slugs],
  );
  return rows.map((r) => (r.type === 'Author' ? encodeGlobalID(r.type, r.key) : peopleTag(encodeGlobalID(r.type, r.key))));
}
