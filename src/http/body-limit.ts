// The request body limit, without piping every body through a stream.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Yoga's default request body limit, kept. */
export const MAX_REQUEST_BODY_SIZE = 25_000_000;

/**
 * The request body limit (413, as Yoga's): a body with a valid Content-Length is checked
 * on the header alone (Node's HTTP parser never delivers more than it announces); only a
 * body without one (chunked) is counted as it streams in.
 */
export function useRequestBodyLimit(limit: number): Plugin {
  const tooLarge = () =>
    createGraphQLError('Request body too large', {
      extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength != null) {
        if (!/^\d+$/.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
        if (Number(contentLength) > limit) throw tooLarge();
        return;
      }
      if (requestParser == null || request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => {
        let bytes = 0;
        const body = req.body!.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytes += chunk.byteLength;
              if (bytes > limit) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(req.url, {
            method: req.method,
            headers: req.headers,
            signal: req.signal,
            body,
            duplex: 'half',
          } as RequestInit),
        );
      });
    },
  };
}
