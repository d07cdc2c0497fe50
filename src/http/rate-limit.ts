// Fair sharing: each client (its IP address) may send `quota` GraphQL requests per
// `windowSeconds`; past that it is answered 429 with Retry-After and a typed error. Every
// GraphQL response says where the client stands, in the IETF RateLimit-Policy and RateLimit
// fields (draft-ietf-httpapi-ratelimit-headers-10, section 3 and 4: `"name";q=…;w=…` and
// `"name";r=…;t=…`).
//
// The counts live in this process: with WEB_CONCURRENCY > 1 each worker counts on its own,
// so a client may get up to `quota` per worker (node:cluster hands connections out in turn).
import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface RateLimitSettings {
  /** Requests per window and client; 0 turns the limit off. */
  quota: number;
  windowSeconds: number;
  /**
   * Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry
   * (the one the proxy added) instead of the socket's.
   */
  trustProxy: boolean;
}

const POLICY = 'default';
/** Distinct clients counted in one window at most; past it, new clients share one count. */
const MAX_CLIENTS = 100_000;

export interface RateLimitEvents {
  onRejected?(): void;
}

export function useRateLimit(settings: RateLimitSettings, events: RateLimitEvents = {}): Plugin {
  const { quota, windowSeconds } = settings;
  const windowMs = windowSeconds * 1000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  const standing = new WeakMap<Request, { remaining: number; reset: number }>();

  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (quota <= 0 || !url.pathname.startsWith('/graphql')) return;
      const now = Date.now();
      // Fixed windows aligned to the clock: all counts start again together.
      const start = now - (now % windowMs);
      if (start !== windowStart) {
        windowStart = start;
        counts = new Map();
      }
      let client = clientAddress(request, serverContext as { req?: IncomingMessage }, settings.trustProxy);
      if (!counts.has(client) && counts.size >= MAX_CLIENTS) client = 'overflow';
      const used = (counts.get(client) ?? 0) + 1;
      counts.set(client, used);
      const reset = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
      const remaining = Math.max(0, quota - used);
      if (used > quota) {
        events.onRejected?.();
        const error = createGraphQLError(`Too many requests: at most ${quota} per ${windowSeconds} s. Retry in ${reset} s.`, {
          extensions: { code: 'RATE_LIMITED' },
        });
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [error.toJSON()] }), {
            status: 429,
            headers: { 'content-type': 'application/json', 'retry-after': String(reset), ...fields(quota, windowSeconds, 0, reset) },
          }),
        );
        return;
      }
      standing.set(request, { remaining, reset });
    },
    onResponse({ request, response }) {
      const state = standing.get(request);
      if (!state) return;
      for (const [name, value] of Object.entries(fields(quota, windowSeconds, state.remaining, state.reset))) {
        response.headers.set(name, value);
      }
    },
  };
}

function fields(quota: number, window: number, remaining: number, reset: number): Record<string, string> {
  return {
    'ratelimit-policy': `"${POLICY}";q=${quota};w=${window}`,
    ratelimit: `"${POLICY}";r=${remaining};t=${reset}`,
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
