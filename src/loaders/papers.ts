// Batch functions for papers: a paper's authors, a volume's editors.
import type { Authorship } from '../generated/prisma/client.js';
import { groupByKey, modelColumns, type Queryable, rows } from './sql.js';

/** The authors of each paper in printed order (editors are not on papers). */
export async function loadPaperAuthorships(db: Queryable, paperIds: readonly number[]): Promise<Authorship[][]> {
  const found = await rows<Authorship>(
    db,
    `SELECT ${modelColumns('Authorship', 'a')} FROM authorship a
     WHERE a.paper_id = ANY($1) AND a.role = 'AUTHOR' ORDER BY a.paper_id, a.position`,
    [paperIds],
  );
  return groupByKey(paperIds, found, (a) => a.paperId!);
}

/** The editors of each volume in printed order. */
export async function loadVolumeEditors(db: Queryable, volumeIds: readonly number[]): Promise<Authorship[][]> {
  const found = await rows<Authorship>(
    db,
    `SELECT ${modelColumns('Authorship', 'a')} FROM authorship a
     WHERE a.volume_id = ANY($1) AND a.role = 'EDITOR' ORDER BY a.volume_id, a.position`,
    [volumeIds],
  );
  return groupByKey(volumeIds, found, (a) => a.volumeId);
}
