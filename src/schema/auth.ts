// The errors a mutation answers without a usable curator token. Nothing is written:
// scope auth refuses before the resolver runs.
import type { Authentication } from '../corrections/tokens.js';
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
