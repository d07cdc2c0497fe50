// Cache-Control for GraphQL responses. The data is public and changes only when an
// import runs, so a successful query sent with GET may be kept by browsers and
// shared caches (CDNs, proxies) for `maxAge` seconds. Everything else — POST,
// results with errors, mutations, subscriptions, batches — gets `no-store`, and a request
// with credentials (`Authorization`) `private, no-store`.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface CacheControlOptions {
  /** Seconds; 0 turns public caching off (every GraphQL response gets `no-store`). */
  maxAge: number;
}

/** Requests whose operation is a query (set when it executes, or by the response cache when it answers). */
const isQuery = new WeakMap<Request, boolean>();

/** The response cache answered `request` with a stored query result (src/http/response-cache.ts). */
export const noteCachedQuery = (request: Request): void => void isQuery.set(request, true);

export function useCacheControl({ maxAge }: CacheControlOptions): Plugin {
  // Per request: undefined = not a GraphQL result (GraphiQL, /health…): left alone.
  const cacheable = new WeakMap<Request, boolean>();

  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request) isQuery.set(request, getOperationAST(args.document, args.operationName)?.operation === 'query');
    },
    onResultProcess({ request, result }) {
      const single = !Array.isArray(result) && !(Symbol.asyncIterator in result);
      cacheable.set(
        request,
        maxAge > 0 && request.method === 'GET' && isQuery.get(request) === true && single && !(result.errors && result.errors.length > 0),
      );
    },
    onResponse({ request, response }) {
      const verdict = cacheable.get(request);
      if (verdict === undefined) return;
      if (request.headers.has('authorization')) {
        // What a token may see (audit fields) must never reach a shared cache (RFC 9111 §3.5).
        response.headers.set('cache-control', 'private, no-store');
      } else if (verdict && response.status === 200) {
        response.headers.set('cache-control', `public, max-age=${maxAge}`);
        // The body depends on the Accept header (media type) and the CORS headers on Origin.
        response.headers.set('vary', mergeVary(response.headers.get('vary'), ['Accept', 'Origin']));
      } else {
        response.headers.set('cache-control', 'no-store');
      }
    },
  };
}

function mergeVary(existing: string | null, add: string[]): string {
  const names = (existing ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of add) {
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names.join(', ');
}
