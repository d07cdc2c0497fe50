// SQL the import's two paths share, and the helpers that write statements from the tables'
// column lists (tables.ts). Statements are lists, run one by one (CorpusWriter.run).
import { anthologyOwned } from '../sources.js';
import { createStaging, list, type Table, TABLES } from './tables.js';

/** `SELECT` expressions in the table's column order: `alias.column`, or what `computed` gives (named after its column). */
export function selectList(t: Table, alias: string, computed: Record<string, string> = {}): string {
  return t.columns.map((c) => (computed[c] ? `${computed[c]} AS ${c}` : `${alias}.${c}`)).join(', ');
}

/**
 * INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET every other column, only WHERE one of them
 * changed (an unchanged row is not rewritten); DO NOTHING when the key is all there is.
 */
export function upsert(t: Table, key: string[], select: string, from: string): string {
  const rest = t.columns.filter((c) => !key.includes(c));
  const target = ` (${list(key)})`;
  const action = rest.length
    ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
  WHERE (${list(rest, t.name)}) IS DISTINCT FROM (${list(rest, 'EXCLUDED')})`
    : 'DO NOTHING';
  return `INSERT INTO ${t.name} (${list(t.columns)}) SELECT ${select} FROM ${from}
  ON CONFLICT${target} ${action}`;
}

/** The staging tables of what is known before any XML is read, on both paths. */
export const STAGING = [TABLES.venue, TABLES.sig, TABLES.collection].map(createStaging);

/** Venues and SIGs: inserted or updated first, on both paths. */
export const UPSERT_VENUES_SIGS = [
  upsert(TABLES.venue, ['slug'], selectList(TABLES.venue, 's'), 's_venue s'),
  upsert(TABLES.sig, ['slug'], selectList(TABLES.sig, 's'), 's_sig s'),
];

export const INSERT_COLLECTIONS = [upsert(TABLES.collection, ['slug'], selectList(TABLES.collection, 's'), 's_collection s')];

export const EVENT_STAGING = [TABLES.event, TABLES.eventVolume].map(createStaging);

/** Events by slug, their volumes by (event, volume): insert what is new, update what changed, delete what is gone. */
export const MERGE_EVENTS = [
  upsert(TABLES.event, ['slug'], selectList(TABLES.event, 's'), 's_event s'),
  'DELETE FROM event t WHERE NOT EXISTS (SELECT 1 FROM s_event s WHERE s.slug = t.slug)',
  `CREATE TEMP TABLE m_event_volume ON COMMIT DROP AS
  SELECT ${selectList(TABLES.eventVolume, 's', { event_id: 'e.id', volume_id: 'v.id' })}
  FROM s_event_volume s JOIN event e ON e.slug = s.event JOIN volume v ON v.anthology_id = s.volume`,
  'DELETE FROM event_volume t WHERE NOT EXISTS (SELECT 1 FROM m_event_volume m WHERE m.event_id = t.event_id AND m.volume_id = t.volume_id)',
  upsert(TABLES.eventVolume, ['event_id', 'volume_id'], selectList(TABLES.eventVolume, 'm'), 'm_event_volume m'),
];

/** The last statements of both paths: what upstream no longer has. */
export const DELETE_GONE = [
  `DELETE FROM collection t WHERE NOT EXISTS (SELECT 1 FROM s_collection s WHERE s.slug = t.slug) AND ${anthologyOwned('t.slug')}`,
  'DELETE FROM venue t WHERE NOT EXISTS (SELECT 1 FROM s_venue s WHERE s.slug = t.slug)',
  'DELETE FROM sig t WHERE NOT EXISTS (SELECT 1 FROM s_sig s WHERE s.slug = t.slug)',
];
