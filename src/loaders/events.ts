// Batch functions for events and SIGs: the volumes of each, and each volume's events and SIGs.
import type { Queryable } from '../queryable.js';
import type { Event, Sig, Volume } from '../generated/prisma/client.js';
import { groupByKey, modelColumns, rows } from './model-sql.js';

/** Each volume's events, explicit ones first, then by slug. */
export async function loadVolumeEvents(db: Queryable, volumeIds: readonly number[]): Promise<Event[][]> {
  const found = await rows<Event & { volumeId: number }>(
    db,
    `SELECT ev.volume_id AS "volumeId", ${modelColumns('Event', 'e')}
     FROM event_volume ev JOIN event e ON e.id = ev.event_id
     WHERE ev.volume_id = ANY($1) ORDER BY ev.volume_id, e.explicit DESC, e.slug`,
    [volumeIds],
  );
  return groupByKey(volumeIds, found, (e) => e.volumeId).map((list) => list.map(({ volumeId: _volumeId, ...event }) => event));
}

/** Each event's volumes, by anthology id in natural order. */
export async function loadEventVolumes(db: Queryable, eventIds: readonly number[]): Promise<Volume[][]> {
  const found = await rows<Volume & { eventId: number }>(
    db,
    `SELECT ev.event_id AS "eventId", ${modelColumns('Volume', 'v')}
     FROM event_volume ev JOIN volume v ON v.id = ev.volume_id
     WHERE ev.event_id = ANY($1) ORDER BY ev.event_id, v.anthology_id COLLATE "C"`,
    [eventIds],
  );
  return groupByKey(eventIds, found, (v) => v.eventId).map((list) => list.map(({ eventId: _eventId, ...volume }) => volume));
}

/** Each volume's SIGs, by slug. */
export async function loadVolumeSigs(db: Queryable, volumeIds: readonly number[]): Promise<Sig[][]> {
  const found = await rows<Sig & { volumeId: number }>(
    db,
    `SELECT vs.volume_id AS "volumeId", ${modelColumns('Sig', 's')}
     FROM volume_sig vs JOIN sig s ON s.id = vs.sig_id
     WHERE vs.volume_id = ANY($1) ORDER BY vs.volume_id, s.slug`,
    [volumeIds],
  );
  return groupByKey(volumeIds, found, (s) => s.volumeId).map((list) => list.map(({ volumeId: _volumeId, ...sig }) => sig));
}

/** Each SIG's volumes, newest year first, then by anthology id. */
export async function loadSigVolumes(db: Queryable, sigIds: readonly number[]): Promise<Volume[][]> {
  const found = await rows<Volume & { sigId: number }>(
    db,
    `SELECT vs.sig_id AS "sigId", ${modelColumns('Volume', 'v')}
     FROM volume_sig vs JOIN volume v ON v.id = vs.volume_id
     WHERE vs.sig_id = ANY($1) ORDER BY vs.sig_id, v.year DESC, v.anthology_id COLLATE "C"`,
    [sigIds],
  );
  return groupByKey(sigIds, found, (v) => v.sigId).map((list) => list.map(({ sigId: _sigId, ...volume }) => volume));
}

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
