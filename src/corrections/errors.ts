// Why a correction was refused. Mutations return these in their payload's `errors`
// (typed by `code`, naming the input `field`); nothing is written when one is thrown.
export type CorrectionErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'NO_CHANGE' | 'SLUG_TAKEN' | 'CONFLICT' | 'BUSY';

export class CorrectionError extends Error {
  constructor(
    readonly code: CorrectionErrorCode,
    message: string,
    /** The input field at fault, as a path: ["input", "authorships", "1"]. */
    readonly field: string[] = [],
  ) {
    super(message);
    this.name = 'CorrectionError';
  }
}
