// Queries and mutations on graphql-js's own `execute`.
import { execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Queries and mutations run on graphql-js's own `execute` rather than Yoga's default
 * (@graphql-tools/executor, which also handles @defer/@stream, unused here): a little
 * less CPU per request (docs/performance.md). Subscriptions keep Yoga's executor.
 */
export function useGraphqlJsExecute(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute);
    },
  };
}
