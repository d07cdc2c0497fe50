// Corrections as they commit, for the `correctionApplied` subscription: announced
// with NOTIFY inside the correction's transaction, so only committed corrections
// (never a dry run or a refused one) reach subscribers, in every server process.
import type { Queryable } from '../queryable.js';
import { Repeater } from 'graphql-yoga';
import type { Notifications } from '../db/notifications.js';

export const CORRECTIONS_CHANNEL = 'scholargraph_corrections';

export interface CorrectionAppliedEvent {
  correctionId: number;
  /** Slugs of the people whose pages changed. */
  authors: string[];
}

export async function announceCorrection(tx: Queryable, event: CorrectionAppliedEvent): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CORRECTIONS_CHANNEL, JSON.stringify(event)]);
}

/** Every correction committed from now on, until the consumer stops. */
export function correctionsApplied(notifications: Notifications): AsyncIterable<CorrectionAppliedEvent> {
  return new Repeater<CorrectionAppliedEvent>(async (push, stop) => {
    const unlisten = await notifications.listen(CORRECTIONS_CHANNEL, (payload) => {
      void push(JSON.parse(payload) as CorrectionAppliedEvent);
    });
    await stop;
    unlisten();
  });
}
