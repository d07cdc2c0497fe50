// Queries and mutations on graphql-js's own `execute`.
import { execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { acceptsIncrementalDelivery, usesIncrementalDelivery } from './incremental.js';

/**
 * Queries and mutations run on graphql-js's own `execute` rather than Yoga's default
 * (@graphql-tools/executor, which also handles @defer/@stream, unused here): a little
 * less CPU per request (docs/performance.md). Subscriptions keep Yoga's executor, and so
 * do documents with `@defer` or `@stream` (src/http/incremental.ts).
 */
export function useGraphqlJsExecute(): Plugin {
  return {
    onExecute({ args, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (usesIncrementalDelivery(args.document) && acceptsIncrementalDelivery(request)) return;
      setExecuteFn(execute);
    },
  };
}
