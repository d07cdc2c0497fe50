// Incremental delivery: `@defer` and `@stream` over HTTP, with Yoga's defer-stream plugin
// (it adds the two directives and their validation rules). A client that accepts
// `multipart/mixed` or `text/event-stream` gets the initial result first and the deferred
// parts as they resolve (the author page's co-authors and network, say). Neither graphql-js
// 16's `execute` nor graphql-jit can run these directives, so a document holding one runs
// on Yoga's own executor (@graphql-tools/executor): src/http/graphql-js-execute.ts and
// src/http/jit.ts leave it alone. A client that accepts neither streaming type gets the
// whole result in one response (graphql-js runs the document, ignoring the directives, as
// the incremental delivery RFC allows) rather than Yoga's bare 406. The query limits, typed
// errors and Cache-Control (a stream is never cached) hold as for any document.
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { type DocumentNode, Kind, visit, BREAK } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const useIncrementalDelivery = (): Plugin => useDeferStream() as Plugin;

const verdicts = new WeakMap<DocumentNode, boolean>();

/** Whether the request accepts an incremental response (multipart/mixed or text/event-stream). */
export function acceptsIncrementalDelivery(request: Request | undefined): boolean {
  const accept = request?.headers.get('accept') ?? '';
  return /multipart\/mixed|text\/event-stream/i.test(accept);
}

/** Whether the document uses `@defer` or `@stream` anywhere (memoized per parsed document). */
export function usesIncrementalDelivery(document: DocumentNode): boolean {
  let found = verdicts.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.DIRECTIVE](node) {
        if (node.name.value === 'defer' || node.name.value === 'stream') {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    });
    verdicts.set(document, found);
  }
  return found;
}
