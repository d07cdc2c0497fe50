// Which database answers a request when read replicas are configured (src/db/replicas.ts):
// an anonymous query goes to the least busy ready replica; mutations, subscriptions and every
// request that carries a token (curators, whose reads must see their own writes at once; API
// keys) go to the primary, as do all requests while no replica is ready, and those `onPrimary`
// names: the response cache's misses it will store (a replica may not yet have replayed the
// correction that just evicted them, and a stale answer would then be served until the next
// eviction).
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type Context, createContext } from '../context.js';
import type { ReplicaSet } from '../db/replicas.js';

export function useReadReplicas(
  replicas: ReplicaSet,
  options: { onPrimary?: (request: Request) => boolean } = {},
): Plugin<Context & { request: Request }> {
  return {
    onExecute({ args, extendContext }) {
      const { request } = args.contextValue;
      if (request.headers.get('authorization') !== null) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      if (options.onPrimary?.(request)) return;
      const replica = replicas.pick();
      if (replica) extendContext(createContext(replica, null, request.signal));
    },
  };
}
