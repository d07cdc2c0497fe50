// Corrections survive re-imports: after an import has written the upstream data, and
// in the same transaction, every correction still in force (not reverted) is planned
// and applied again, in the order it was made. Each outcome is recorded; one that no
// longer applies is reported, never silently dropped.
import type { Queryable } from '../queryable.js';
import type { ReplayOutcome } from '../generated/prisma/enums.js';
import { CorrectionError } from './errors.js';
import type { CorrectionRecord } from './kind.js';
import { KINDS } from './kinds/index.js';
import { CORRECTION_COLUMNS, CORRECTIONS_LOCK } from './run.js';

export interface ReplayReport {
  applied: number;
  alreadyUpstream: number;
  /** Corrections whose target is gone or changed upstream: not applied this time. */
  notApplied: { id: number; kind: string; message: string }[];
}

/** Holds corrections back while an import runs (call first thing in the import's transaction). */
export async function lockCorrections(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CORRECTIONS_LOCK]);
}

export async function replayCorrections(tx: Queryable): Promise<ReplayReport> {
  const { rows } = await tx.query<CorrectionRecord>(
    `SELECT ${CORRECTION_COLUMNS} FROM correction c
     WHERE c.kind <> 'REVERT' AND NOT EXISTS (SELECT 1 FROM correction r WHERE r.reverts_id = c.id)
     ORDER BY c.id`,
  );
  const report: ReplayReport = { applied: 0, alreadyUpstream: 0, notApplied: [] };
  for (const record of rows) {
    if (record.kind === 'REVERT') continue;
    let outcome: ReplayOutcome = 'APPLIED';
    let message: string | null = null;
    await tx.query('SAVEPOINT replay');
    try {
      const plan = await KINDS[record.kind].plan(tx, record.input as never, { replaying: record });
      await plan.apply(tx, record.id);
      await tx.query('RELEASE SAVEPOINT replay');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT replay');
      if (!(error instanceof CorrectionError)) throw error;
      outcome = error.code === 'NO_CHANGE' ? 'ALREADY_UPSTREAM' : 'TARGET_MISSING';
      message = error.message;
    }
    await tx.query('INSERT INTO correction_replay (correction_id, outcome, message) VALUES ($1, $2, $3)', [record.id, outcome, message]);
    if (outcome === 'APPLIED') report.applied++;
    else if (outcome === 'ALREADY_UPSTREAM') report.alreadyUpstream++;
    else report.notApplied.push({ id: record.id, kind: record.kind, message: message! });
  }
  return report;
}

export function formatReplayReport(report: ReplayReport): string[] {
  const total = report.applied + report.alreadyUpstream + report.notApplied.length;
  if (!total) return [];
  return [
    `corrections: ${report.applied} replayed, ${report.alreadyUpstream} already upstream, ${report.notApplied.length} no longer apply`,
    ...report.notApplied.map((c) => `  correction ${c.id} (${c.kind}) not applied: ${c.message}`),
  ];
}
