// Batch functions for events and SIGs: the volumes of each, and each volume's events and SIGs.
import type { Queryable } from '../queryable.js';
import type { Event, Sig, Volume } from '../generated/prisma/client.js';
import { groupByKey, modelColumns, type ModelName, rows } from './model-sql.js';

/**
 * The rows of `model` linked to each key (`SELECT <key> AS "k", <model's columns> <from>`,
 * `$1` the keys), grouped by key in the statement's order.
 */
async function linkedRows<T>(
  db: Queryable,
  keys: readonly number[],
  key: string,
  model: ModelName,
  alias: string,
  from: string,
): Promise<T[][]> {
  const found = await rows<T & { k: number }>(db, `SELECT ${key} AS "k", ${modelColumns(model, alias)}\n     ${from}`, [keys]);
  return groupByKey(keys, found, (r) => r.k).map((list) => list.map(({ k: _k, ...row }) => row as T));
}

/** Each volume's events, explicit ones first, then by slug. */
export const loadVolumeEvents = (db: Queryable, volumeIds: readonly number[]): Promise<Event[][]> =>
  linkedRows<Event>(
    db,
    volumeIds,
    'ev.volume_id',
    'Event',
    'e',
    `FROM event_volume ev JOIN event e ON e.id = ev.event_id
     WHERE ev.volume_id = ANY($1) ORDER BY ev.volume_id, e.explicit DESC, e.slug`,
  );

/** Each event's volumes, by anthology id in natural order. */
export const loadEventVolumes = (db: Queryable, eventIds: readonly number[]): Promise<Volume[][]> =>
  linkedRows<Volume>(
    db,
    eventIds,
    'ev.event_id',
    'Volume',
    'v',
    `FROM event_volume ev JOIN volume v ON v.id = ev.volume_id
     WHERE ev.event_id = ANY($1) ORDER BY ev.event_id, v.anthology_id COLLATE "C"`,
  );

/** Each volume's SIGs, by slug. */
export const loadVolumeSigs = (db: Queryable, volumeIds: readonly number[]): Promise<Sig[][]> =>
  linkedRows<Sig>(
    db,
    volumeIds,
    'vs.volume_id',
    'Sig',
    's',
    `FROM volume_sig vs JOIN sig s ON s.id = vs.sig_id
     WHERE vs.volume_id = ANY($1) ORDER BY vs.volume_id, s.slug`,
  );

/** Each SIG's volumes, newest year first, then by anthology id. */
export const loadSigVolumes = (db: Queryable, sigIds: readonly number[]): Promise<Volume[][]> =>
  linkedRows<Volume>(
    db,
    sigIds,
    'vs.sig_id',
    'Volume',
    'v',
    `FROM volume_sig vs JOIN volume v ON v.id = vs.volume_id
     WHERE vs.sig_id = ANY($1) ORDER BY vs.sig_id, v.year DESC, v.anthology_id COLLATE "C"`,
  );

/** Each venue's events (those of its volumes), newest first. */
export async function loadVenueEvents(db: Queryable, venueIds: readonly number[]): Promise<Event[][]> {
  const found = await rows<Event & { venueId: number; year: number }>(
    db,
    `SELECT DISTINCT vv.venue_id AS "venueId", max(v.year) OVER (PARTITION BY vv.venue_id, e.id) AS year, ${modelColumns('Event', 'e')}
     FROM volume_venue vv JOIN volume v ON v.id = vv.volume_id JOIN event_volume ev ON ev.volume_id = v.id JOIN event e ON e.id = ev.event_id
     WHERE vv.venue_id = ANY($1) ORDER BY "venueId", year DESC, "slug"`,
    [venueIds],
  );
  return groupByKey(venueIds, found, (e) => e.venueId).map((list) => list.map(({ venueId: _venueId, year: _year, ...event }) => event));
}
