// Fair sharing: each client (its IP address) may send `quota` GraphQL requests per
// `windowSeconds`; past that it is answered 429 with Retry-After and a typed error. A request
// with an API key (`Authorization: Bearer <token>`, src/http/api-keys.ts) is counted against
// the key's own `apiKeyQuota` instead; a key that is not valid is answered 401 (and counted
// against the address, so guessing keys costs quota). Every
// GraphQL response says where the client stands, in the IETF RateLimit-Policy and RateLimit
// fields (draft-ietf-httpapi-ratelimit-headers-10, section 3 and 4: `"name";q=…;w=…` and
// `"name";r=…;t=…`).
//
// The counts live in this process: with WEB_CONCURRENCY > 1 each worker counts on its own,
// so a client may get up to `quota` per worker (node:cluster hands connections out in turn).
import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { KeyCheck } from './api-keys.js';
import { databaseError, databaseErrorCode, RETRY_AFTER_SECONDS } from './database-errors.js';

export interface RateLimitSettings {
  /** Requests per window and client; 0 turns the limit off. */
  quota: number;
  windowSeconds: number;
  /**
   * Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry
   * (the one the proxy added) instead of the socket's.
   */
  trustProxy: boolean;
  /** Requests per window and API key; 0 turns the limit off for requests with a valid key. */
  apiKeyQuota?: number;
  /** How long a key lookup is reused: a revoked key is refused at most this long after `token revoke`. */
  apiKeyCacheSeconds?: number;
  /** Checks the request's Authorization header; unset: keys are not looked at (every request counts by address). */
  checkKey?: (authorization: string | null) => Promise<KeyCheck>;
}

const POLICY = 'default';
const KEY_POLICY = 'api-key';
const NO_KEY: KeyCheck = { status: 'none' };
/** Distinct clients counted in one window at most; past it, new clients share one count. */
const MAX_CLIENTS = 100_000;

export interface RateLimitEvents {
  onRejected?(): void;
}

export function useRateLimit(settings: RateLimitSettings, events: RateLimitEvents = {}): Plugin {
  const { quota, windowSeconds, checkKey } = settings;
  const apiKeyQuota = settings.apiKeyQuota ?? 0;
  const windowMs = windowSeconds * 1000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  const standing = new WeakMap<Request, { policy: string; quota: number; remaining: number; reset: number }>();

  type Payload = Parameters<NonNullable<Plugin['onRequest']>>[0];
  const respond = ({ endResponse, fetchAPI }: Payload, status: number, body: unknown, headers: Record<string, string>) =>
    endResponse(new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));

  /** Counts the request against its client (its key, else its address), or answers it (429, 401). */
  const count = (payload: Payload, key: KeyCheck): void => {
    const { request, serverContext } = payload;
    const [policy, limit] = key.status === 'valid' ? [KEY_POLICY, apiKeyQuota] : [POLICY, quota];
    if (limit <= 0 && key.status !== 'refused') return;

    const now = Date.now();
    // Fixed windows aligned to the clock: all counts start again together.
    const start = now - (now % windowMs);
    if (start !== windowStart) {
      windowStart = start;
      counts = new Map();
    }
    let client =
      key.status === 'valid'
        ? `key:${key.tokenId}`
        : `ip:${clientAddress(request, serverContext as { req?: IncomingMessage }, settings.trustProxy)}`;
    if (!counts.has(client) && counts.size >= MAX_CLIENTS) client = 'overflow';
    const used = (counts.get(client) ?? 0) + 1;
    counts.set(client, used);
    const reset = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    const remaining = Math.max(0, limit - used);
    if (limit > 0 && used > limit) {
      events.onRejected?.();
      const error = createGraphQLError(`Too many requests: at most ${limit} per ${windowSeconds} s. Retry in ${reset} s.`, {
        extensions: { code: 'RATE_LIMITED' },
      });
      respond(
        payload,
        429,
        { errors: [error.toJSON()] },
        { 'retry-after': String(reset), ...fields(policy, limit, windowSeconds, 0, reset) },
      );
      return;
    }
    if (key.status === 'refused') {
      // RFC 6750, section 3: a token that is not valid is answered 401 with this challenge.
      const error = createGraphQLError(key.message, { extensions: { code: 'UNAUTHENTICATED' } });
      respond(payload, 401, { errors: [error.toJSON()] }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return;
    }
    standing.set(request, { policy, quota: limit, remaining, reset });
  };

  return {
    // Synchronous unless a key is to be checked: a request without Authorization (most) costs
    // no promise.
    onRequest(payload) {
      if (!payload.url.pathname.startsWith('/graphql')) return;
      const authorization = checkKey ? payload.request.headers.get('authorization') : null;
      if (!checkKey || authorization === null || authorization === '') return count(payload, NO_KEY);
      return checkKey(authorization).then(
        (key) => count(payload, key),
        (error: unknown) => {
          const code = databaseErrorCode(error);
          if (!code) throw error;
          respond(payload, 503, { errors: [databaseError(code).toJSON()] }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
        },
      );
    },
    onResponse({ request, response }) {
      const state = standing.get(request);
      if (!state) return;
      for (const [name, value] of Object.entries(fields(state.policy, state.quota, windowSeconds, state.remaining, state.reset))) {
        response.headers.set(name, value);
      }
    },
  };
}

function fields(policy: string, quota: number, window: number, remaining: number, reset: number): Record<string, string> {
  return {
    'ratelimit-policy': `"${policy}";q=${quota};w=${window}`,
    ratelimit: `"${policy}";r=${remaining};t=${reset}`,
  };
}

function clientAddress(request: Request, serverContext: { req?: IncomingMessage }, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return serverContext.req?.socket?.remoteAddress ?? 'unknown';
}
