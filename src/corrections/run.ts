// Making a correction: one transaction that validates, records the correction in
// the audit trail, applies it and measures what it did to the author pages; a dry
// run does all of that and rolls back.
import type { Queryable } from '../queryable.js';
import type { Pool, PoolClient } from 'pg';
import { announceInvalidation, correctionTag, entitiesOfPeople, PEOPLE_SET_TAGS } from '../db/cache-invalidation.js';
import { CorrectionError } from './errors.js';
import { announceCorrection } from './events.js';
import type { CorrectionKind, CorrectionKindName, CorrectionRecord, Json, Plan } from './kind.js';
import { KINDS } from './kinds/index.js';
import { type AuthorPageChange, comparePages, snapshotPages } from './preview.js';
import type { Curator } from './tokens.js';

/** Serialises corrections with each other and with imports (which replay them). */
export const CORRECTIONS_LOCK = 72707370;

export interface CorrectionRow {
  id: number;
  kind: CorrectionKindName | 'REVERT';
  tokenId: number;
  curator: string;
  createdAt: Date;
  input: Json;
  before: Json;
  after: Json;
  revertsId: number | null;
}

export interface CorrectionResult {
  /** The recorded correction; null for a dry run. */
  correction: CorrectionRow | null;
  preview: AuthorPageChange[];
  dryRun: boolean;
}

export const CORRECTION_COLUMNS = `id, kind, token_id AS "tokenId", curator, created_at AS "createdAt", input, before, after, reverts_id AS "revertsId"`;

export async function runCorrection<I>(
  pool: Pool,
  curator: Curator,
  kind: CorrectionKind<I>,
  input: I,
  options: { dryRun?: boolean } = {},
): Promise<CorrectionResult> {
  return inTransaction(pool, curator, kind.kind, options.dryRun ?? false, (tx) => kind.plan(tx, input));
}

export async function revertCorrection(
  pool: Pool,
  curator: Curator,
  correctionId: number,
  options: { dryRun?: boolean } = {},
): Promise<CorrectionResult> {
  return inTransaction(pool, curator, 'REVERT', options.dryRun ?? false, async (tx) => {
    const record = await readCorrection(tx, correctionId);
    if (!record) throw new CorrectionError('NOT_FOUND', `No correction ${correctionId}.`, ['correction']);
    if (record.kind === 'REVERT') {
      throw new CorrectionError('INVALID_INPUT', `Correction ${correctionId} is a revert; it cannot be reverted itself.`, ['correction']);
    }
    const { rows } = await tx.query<{ id: number }>('SELECT id FROM correction WHERE reverts_id = $1', [correctionId]);
    if (rows.length) {
      throw new CorrectionError('CONFLICT', `Correction ${correctionId} was already reverted (by correction ${rows[0]!.id}).`, [
        'correction',
      ]);
    }
    const plan = await KINDS[record.kind].planRevert(tx, record);
    return { ...plan, revertsId: correctionId };
  });
}

export async function readCorrection(tx: Queryable, id: number): Promise<CorrectionRecord | null> {
  const { rows } = await tx.query<CorrectionRow>(`SELECT ${CORRECTION_COLUMNS} FROM correction WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

async function inTransaction(
  pool: Pool,
  curator: Curator,
  kind: CorrectionKindName | 'REVERT',
  dryRun: boolean,
  makePlan: (tx: PoolClient) => Promise<Plan & { revertsId?: number }>,
): Promise<CorrectionResult> {
  const tx = await pool.connect();
  let open = false;
  try {
    await tx.query('BEGIN');
    open = true;
    // A correction runs to the end: the API pool's statement_timeout is for reads.
    await tx.query('SET LOCAL statement_timeout = 0');
    await takeLock(tx);
    const plan = await makePlan(tx);
    const before = await snapshotPages(tx, plan.authors);
    // What the response caches must evict: the people's entities before and after (src/db/cache-invalidation.ts).
    const touched = dryRun ? [] : await entitiesOfPeople(tx, plan.authors);
    const { rows } = await tx.query<CorrectionRow>(
      `INSERT INTO correction (kind, token_id, curator, input, before, after, reverts_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CORRECTION_COLUMNS}`,
      [
        kind,
        curator.tokenId,
        curator.name,
        JSON.stringify(plan.input),
        JSON.stringify(plan.before),
        JSON.stringify(plan.after),
        plan.revertsId ?? null,
      ],
    );
    const correction = rows[0]!;
    await tx.query('INSERT INTO correction_author (correction_id, slug) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [
      correction.id,
      [...new Set(plan.authors)],
    ]);
    await plan.apply(tx, correction.id);
    const preview = comparePages(before, await snapshotPages(tx, plan.authors));
    if (!dryRun) {
      await announceCorrection(tx, { correctionId: correction.id, authors: [...new Set(plan.authors)] });
      const reverted = plan.revertsId === undefined ? [] : [correctionTag(plan.revertsId)];
      const tags = [...touched, ...(await entitiesOfPeople(tx, plan.authors)), ...reverted, ...PEOPLE_SET_TAGS];
      await announceInvalidation(tx, { tags });
    }
    await tx.query(dryRun ? 'ROLLBACK' : 'COMMIT');
    open = false;
    return { correction: dryRun ? null : correction, preview, dryRun };
  } catch (error) {
    if (open) await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}

async function takeLock(tx: Queryable): Promise<void> {
  await tx.query("SET LOCAL lock_timeout = '5s'");
  try {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CORRECTIONS_LOCK]);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new CorrectionError('BUSY', 'An import or another correction is in progress; try again shortly.');
    }
    throw error;
  }
}
