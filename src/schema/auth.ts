// The errors a mutation answers without a usable curator token. Nothing is written:
// scope auth refuses before the resolver runs.
import type { Authentication } from '../corrections/tokens.js';
import { Repeater } from 'graphql-yoga';
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
 * that token would get (pushed, for the resolver to throw), so the audit trail's private values
 * stop with the right to them. Anonymous subscriptions pass through (the lookup costs nothing).
 * A lookup that fails (the database busy) keeps the stream and the rights it had.
 *
 * A Repeater, like Yoga's own `filter`: when the client goes away, its stop ends the source at
 * once (an async generator would wait for the next event to notice, holding the source's
 * listener meanwhile).
 */
export function whileAuthorized<T>(viewer: Viewer, events: AsyncIterable<T>): Repeater<T | UserError> {
  return new Repeater<T | UserError>(async (push, stop) => {
    const source = events[Symbol.asyncIterator]();
    void stop.then(() => source.return?.());
    let next: IteratorResult<T>;
    while (!(next = await source.next()).done) {
      const authentication = await viewer.recheck().catch(() => undefined);
      if (authentication === undefined || authentication.status === 'anonymous' || authentication.status === 'curator') {
        await push(next.value);
      } else {
        await push(unauthorized(authentication));
        break;
      }
    }
    stop();
  });
}
