// What every kind of correction provides: a plan (validate the input against the
// current data, say what will change) that can then be applied, a plan that undoes
// a recorded correction, and the input's shape as stored in the audit trail.
import type { Queryable } from '../queryable.js';
import type { CorrectionKind as CorrectionKindEnum } from '../generated/prisma/enums.js';

/** The kinds a curator asks for (Prisma's CorrectionKind; REVERT undoes one of them). */
export type CorrectionKindName = Exclude<CorrectionKindEnum, 'REVERT'>;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A correction as the audit trail holds it. */
export interface CorrectionRecord {
  id: number;
  kind: CorrectionKindName | 'REVERT';
  input: Json;
  before: Json;
  after: Json;
  revertsId: number | null;
}

export interface Plan {
  /** The input with every reference normalised to public keys; stored, and replayed. */
  input: Json;
  /** What the correction replaces, enough to undo it exactly. */
  before: Json;
  after: Json;
  /** Slugs of the people concerned (their pages change). */
  authors: string[];
  /** Writes the change inside the caller's transaction; `correctionId` is its audit record. */
  apply(tx: Queryable, correctionId: number): Promise<void>;
}

export interface PlanOptions {
  /** Replaying over a re-import: the recorded correction, whose `before` the data must still match. */
  replaying?: CorrectionRecord;
}

export interface CorrectionKind<I> {
  kind: CorrectionKindName;
  /** Validates `input` against the data; throws CorrectionError, never writes. */
  plan(tx: Queryable, input: I, options?: PlanOptions): Promise<Plan>;
  /** Undoes `record`; throws CorrectionError (CONFLICT) when the data moved on since. */
  planRevert(tx: Queryable, record: CorrectionRecord): Promise<Plan>;
}
