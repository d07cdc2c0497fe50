// ETag and If-None-Match for the responses a shared cache may keep (public GET queries,
// src/http/cache-control.ts). The ETag is strong (RFC 9110 §8.8.3): a hash of the exact body
// and its media type, so it changes whenever the answer does (a correction, an import) and
// differs between application/json and application/graphql-response+json. A GET whose
// If-None-Match lists it (weak comparison, §13.1.2; `*` matches any) gets 304 Not Modified with
// the headers a 200 would have had but no content (§15.4.5).
import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Stringify = (result: ExecutionResult) => string;

/** The serialized body of each request's result, and its hash when known. */
const bodies = new WeakMap<Request, { json: string; hash?: string }>();

/** Records the body `request` is answered with (the response cache knows it, and its hash, in advance). */
export function rememberBody(request: Request, json: string, hash?: string): void {
  bodies.set(request, { json, hash });
}

export const hashBody = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 27);

export function useEtag(): Plugin {
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request || request.method !== 'GET') return;
      return {
        onExecuteDone({ result }) {
          if (Array.isArray(result) || Symbol.asyncIterator in result || bodies.has(request)) return;
          const single = result as ExecutionResult & { stringify?: Stringify };
          const stringify: Stringify = single.stringify ?? JSON.stringify;
          single.stringify = (value) => {
            const json = stringify(value);
            rememberBody(request, json);
            return json;
          };
        },
      };
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || response.status !== 200 || !response.headers.get('cache-control')?.startsWith('public')) return;
      const body = bodies.get(request);
      if (!body) return;
      const etag = `"${body.hash ?? hashBody(body.json)}.${hashBody(response.headers.get('content-type') ?? '').slice(0, 6)}"`;
      response.headers.set('etag', etag);
      if (matchesAny(request.headers.get('if-none-match'), etag)) {
        const headers = new fetchAPI.Headers(response.headers);
        headers.delete('content-type');
        headers.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
      }
    },
  };
}

/** If-None-Match's weak comparison: `*`, or any listed entity tag with the same opaque tag (W/ ignored). */
export function matchesAny(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === opaque);
}
