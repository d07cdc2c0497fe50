// CORS: with CORS_ORIGIN set, only the listed origins get CORS headers (with
// credentials); others get none, so browsers refuse. Unset, any origin may read
// responses, but never with credentials (cookies, HTTP auth): a page on another site
// (or a sandboxed one, Origin: null) cannot act as a signed-in user.
import type { CORSOptions } from 'graphql-yoga';

export function corsPolicy(origins: string[] | undefined): CORSOptions | ((request: Request) => CORSOptions) {
  if (!origins) return { credentials: false };
  return (request) => {
    const origin = request.headers.get('origin');
    return origin !== null && origins.includes(origin) ? { origin: [origin] } : false;
  };
}
