// GET /ready: 200 when the database answers, 503 otherwise. The reason names no host,
// port or driver message (those are for the server's log, not for anyone who asks). With read
// replicas it also lists each one as its last check found it; a replica that is down does not
// make the server unready (the primary answers in its place).
import type { Plugin } from 'graphql-yoga';
import type { ObservedPool } from '../db/pool.js';
import type { ReplicaSet } from '../db/replicas.js';
import { databaseErrorCode, RETRY_AFTER_SECONDS } from './database-errors.js';

export function useReadiness(pool: Pick<ObservedPool, 'query'>, replicas?: ReplicaSet): Plugin {
  const replicaStatus = () =>
    replicas ? { replicas: replicas.status().map(({ name, ready }) => ({ name, status: ready ? 'ready' : 'unavailable' })) } : {};
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready' || request.method !== 'GET') return;
      return pool.query('SELECT 1').then(
        () => endResponse(new fetchAPI.Response(JSON.stringify({ status: 'ready', ...replicaStatus() }), json(200))),
        (error: unknown) =>
          endResponse(
            new fetchAPI.Response(
              JSON.stringify({
                status: 'unavailable',
                reason: 'database',
                code: databaseErrorCode(error) ?? 'DATABASE_UNAVAILABLE',
                ...replicaStatus(),
              }),
              { ...json(503), headers: { ...json(503).headers, 'retry-after': String(RETRY_AFTER_SECONDS) } },
            ),
          ),
      );
    },
  };
}

const json = (status: number) => ({ status, headers: { 'content-type': 'application/json' } });
