// Batch function for the venues volumes belong to.
import type { Queryable } from '../queryable.js';
import type { Venue } from '../generated/prisma/client.js';
import { groupByKey, modelColumns, rows } from './model-sql.js';

/** The venues of each volume, in the order the volume lists them. */
export async function loadVolumeVenues(db: Queryable, volumeIds: readonly number[]): Promise<Venue[][]> {
  const found = await rows<Venue & { volumeId: number }>(
    db,
    `SELECT vv.volume_id AS "volumeId", ${modelColumns('Venue', 'v')}
     FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id
     WHERE vv.volume_id = ANY($1) ORDER BY vv.volume_id, vv.position, v.slug`,
    [volumeIds],
  );
  return groupByKey(volumeIds, found, (v) => v.volumeId).map((list) => list.map(({ volumeId: _volumeId, ...venue }) => venue));
}
