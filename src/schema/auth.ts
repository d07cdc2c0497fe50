// The errors a mutation answers without a usable curator token. Nothing is written:
// scope auth refuses before the resolver runs.
import type { Authentication } from '../corrections/tokens.js';
import type { Viewer } from '../context.js';
import { UserError } from './errors.js';

export function unauthorized(authentication: Authentication | undefined): UserError {
  switch (authentication?.status) {
    case 'revoked':
      return new UserError(
        'FORBIDDEN',
        `The curator token "${authentication.name}" was revoked on ${authentication.revokedAt.toISOString()}.`,
      );
    case 'expired':
      return new UserError('FORBIDDEN', `The curator token "${authentication.name}" expired on ${authentication.expiredAt.toISOString()}.`);
    case 'curator': {
      // Every mutation needs `correct`; revertCorrection also `admin`.
      const missing = authentication.curator.scopes.includes('correct') ? 'admin' : 'correct';
      return new UserError('FORBIDDEN', `The curator token "${authentication.curator.name}" lacks the "${missing}" scope.`);
    }
    case 'invalid':
      return new UserError('UNAUTHENTICATED', `${authentication.reason} Mutations need a curator token: Authorization: Bearer <token>.`);
    default:
      return new UserError('UNAUTHENTICATED', 'Mutations need a curator token: send Authorization: Bearer <token>.');
  }
}

/**
 * A subscription's events while the request's token stays valid: the token is looked up again
 * at each event, and once it is revoked or expired the stream ends with the error a request with
 * that token would get (yielded, for the resolver to throw), so the audit trail's private values
 * stop with the right to them. Anonymous subscriptions pass through (the lookup costs nothing).
 */
export async function* whileAuthorized<T>(viewer: Viewer, events: AsyncIterable<T>): AsyncGenerator<T | UserError> {
  for await (const event of events) {
    const authentication = await viewer.recheck();
    if (authentication.status === 'anonymous' || authentication.status === 'curator') {
      yield event;
    } else {
      yield unauthorized(authentication);
      return;
    }
  }
}
