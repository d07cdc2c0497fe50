// GraphiQL, compressed and cacheable: the bundled page is about 9 MB of inlined scripts
// and styles, the same for every visitor. It is rendered once (the renderer is
// memoized: its options never change), its compressed forms (brotli, gzip) are made
// once, off the event loop, and served by the browser's Accept-Encoding, with an ETag
// (a 304 when the browser already has it) and a Cache-Control that lets it keep it.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

/** How long a browser may use its copy without asking again. */
export const GRAPHIQL_MAX_AGE = 600;

type Encoding = 'br' | 'gzip' | 'identity';

const compressors: Record<Exclude<Encoding, 'identity'>, (html: Buffer) => Promise<Buffer>> = {
  // Quality 5: within a few percent of the best size at a small fraction of its time.
  br: (html) => promisify(brotliCompress)(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (html) => promisify(gzip)(html, { level: 6 }),
};

interface Page {
  html: string;
  etag: string;
  bodies: Partial<Record<Encoding, Promise<Buffer>>>;
}

/**
 * Wraps Yoga's GraphiQL renderer (give `render` to Yoga as `renderGraphiQL`, `plugin` to
 * its plugins): the page Yoga sends is then always the one rendered first, so its
 * responses are replaced without reading their 9 MB again.
 */
export function compressedGraphiQL<O>(renderer: (options: O) => string): { render: (options: O) => string; plugin: Plugin } {
  let page: Page | undefined;
  const render = (options: O): string => {
    if (!page) {
      const html = renderer(options);
      page = { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`, bodies: {} };
    }
    return page.html;
  };
  const plugin: Plugin = {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (!page || request.method !== 'GET' || response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html'))
        return;
      await response.body?.cancel();
      const headers: Record<string, string> = {
        'content-type': 'text/html; charset=utf-8',
        etag: page.etag,
        'cache-control': `public, max-age=${GRAPHIQL_MAX_AGE}`,
        vary: 'Accept-Encoding',
      };
      if (ifNoneMatch(request.headers.get('if-none-match'), page.etag)) {
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      if (encoding === 'identity') {
        setResponse(new fetchAPI.Response(page.html, { status: 200, headers }));
        return;
      }
      const html = page.html;
      const body = await (page.bodies[encoding] ??= compressors[encoding](Buffer.from(html)));
      setResponse(
        new fetchAPI.Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), {
          status: 200,
          headers: { ...headers, 'content-encoding': encoding },
        }),
      );
    },
  };
  return { render, plugin };
}

function ifNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === etag || t === '*';
  });
}

/** br, else gzip, else the page as is: by the Accept-Encoding header (q=0 refuses one). */
export function preferredEncoding(header: string | null): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return 'identity';
}
