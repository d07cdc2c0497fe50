// API keys for the rate limit (issue 13.3): a request that sends `Authorization: Bearer <token>`
// is counted against that token's own quota instead of its IP address's. Any valid token is a
// key: a reader key (scope `read`, `npm run token -- create <name> --scopes read`) or a curator
// token. A malformed, unknown, revoked or expired one is refused (401), never quietly counted
// as anonymous.
//
// Each check must stay cheap: lookups are cached for `cacheSeconds`, so a revocation takes
// effect within that time (an expiry takes effect exactly: it is checked on every use). The
// correction mutations look their token up again, uncached (src/context.ts).
import type { Queryable } from '../queryable.js';
import {
  type Authentication,
  authenticationOf,
  BEARER_FORM,
  bearerToken,
  findToken,
  hashToken,
  type TokenRecord,
} from '../corrections/tokens.js';

export type KeyCheck = { status: 'none' } | { status: 'valid'; tokenId: number } | { status: 'refused'; message: string };

/** Distinct tokens remembered at most (unknown ones included); the oldest are forgotten first. */
const MAX_CACHED = 10_000;

export function apiKeyChecker(db: Queryable, cacheSeconds: number): (authorization: string | null) => Promise<KeyCheck> {
  const cache = new Map<string, { record: TokenRecord | null; until: number }>();
  // Concurrent first requests with one key share one lookup.
  const pending = new Map<string, Promise<TokenRecord | null>>();

  const lookup = async (token: string): Promise<TokenRecord | null> => {
    const hash = hashToken(token);
    const now = Date.now();
    const cached = cache.get(hash);
    if (cached && cached.until > now) return cached.record;
    let inFlight = pending.get(hash);
    if (!inFlight) {
      inFlight = findToken(db, token).finally(() => pending.delete(hash));
      pending.set(hash, inFlight);
    }
    const record = await inFlight;
    if (cacheSeconds > 0) {
      cache.delete(hash);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(hash, { record, until: now + cacheSeconds * 1000 });
    }
    return record;
  };

  return async (authorization) => {
    if (authorization === null || authorization === '') return { status: 'none' };
    const token = bearerToken(authorization);
    if (token === null) return { status: 'refused', message: `${BEARER_FORM} (Send none to be counted by address.)` };
    const authentication = authenticationOf(await lookup(token));
    if (authentication.status === 'curator') return { status: 'valid', tokenId: authentication.curator.tokenId };
    return { status: 'refused', message: refusal(authentication) };
  };
}

function refusal(authentication: Exclude<Authentication, { status: 'curator' }>): string {
  switch (authentication.status) {
    case 'revoked':
      return `The token "${authentication.name}" was revoked on ${authentication.revokedAt.toISOString()}.`;
    case 'expired':
      return `The token "${authentication.name}" expired on ${authentication.expiredAt.toISOString()}.`;
    case 'invalid':
      return authentication.reason;
    default:
      return 'No token.';
  }
}
