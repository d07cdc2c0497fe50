// The response cache: answers an anonymous query it has answered before without running it,
// and is never stale. In the spirit of @graphql-yoga/plugin-response-cache (a hit is answered
// from onParams, before parsing; what is cached is tagged with the entities it holds), but:
//  - the entity ids are always collected, whatever the query selects (src/http/cache-tags.ts);
//  - evictions come from the database: every write NOTIFYs what it changed inside its own
//    transaction (src/db/cache-invalidation.ts), so every server process and replica hears it,
//    and a process that has lost its LISTEN connection (and so maybe a NOTIFY) serves nothing
//    from the cache until it listens again and has emptied it;
//  - a mutation's response waits until this process has applied every eviction committed
//    before it (a barrier NOTIFY), so the next request of the same client is fresh;
//  - the ETag is a hash of the body (src/http/etag.ts), not the cache key, so it changes when
//    the answer does.
// Cached: queries sent without Authorization whose result has no errors. Never: a request with
// Authorization, mutations, subscriptions, results with errors, results over the entry limit.
import { randomUUID } from 'node:crypto';
import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Pool } from 'pg';
import { CACHE_CHANNEL, type CacheInvalidation } from '../db/cache-invalidation.js';
import type { Notifications } from '../db/notifications.js';
import { noteCachedQuery } from './cache-control.js';
import { memoryStore, redisStore, type ResponseStore } from './cache-store.js';
import { collectTags, type TaggedDocument, tagDocument } from './cache-tags.js';
import { hashBody, rememberBody } from './etag.js';

export interface ResponseCacheSettings {
  /** RESPONSE_CACHE_TTL_S: seconds an entry lives at most. */
  ttlSeconds: number;
  /** RESPONSE_CACHE_MAX_ENTRIES: entries per process (in-process store). */
  maxEntries: number;
  /** RESPONSE_CACHE_MAX_MB: megabytes of results per process (in-process store). */
  maxMegabytes: number;
  /** RESPONSE_CACHE_MAX_ENTRY_KB: larger results are not cached. */
  maxEntryKilobytes: number;
  /** REDIS_URL: entries in Redis, shared by every process that names it; unset: in the process. */
  redisUrl: string | undefined;
}

export const RESPONSE_CACHE_DEFAULTS = { ttlSeconds: 3_600, maxEntries: 10_000, maxMegabytes: 128, maxEntryKilobytes: 1_024 } as const;

/** How long a mutation waits for its own evictions before emptying the cache instead. */
const BARRIER_TIMEOUT_MS = 5_000;
/** After a failed eviction (Redis unreachable), how often emptying the store is retried. */
const RETRY_MS = 1_000;

interface Pending {
  key: string;
  ticket: string;
  rootFields?: Map<string, string>;
}

export interface ResponseCachePlugin extends Plugin {
  /** Whether this request's answer is to be stored (a miss of a query the cache keeps), once its execution began. */
  willStore(request: Request): boolean;
}

export function useResponseCache(
  db: { pool: Pick<Pool, 'query'>; notifications: Notifications },
  settings: ResponseCacheSettings,
): ResponseCachePlugin {
  const limits = {
    ttlSeconds: settings.ttlSeconds,
    maxEntries: settings.maxEntries,
    maxBytes: settings.maxMegabytes * 1024 * 1024,
    maxEntryBytes: settings.maxEntryKilobytes * 1024,
  };
  const store: ResponseStore = settings.redisUrl ? redisStore(settings.redisUrl, limits) : memoryStore(limits);
  const pending = new WeakMap<Request, Pending>();
  const status = new WeakMap<Request, string>();
  const tagged = new WeakMap<DocumentNode, TaggedDocument | null>();
  const barriers = new Map<string, () => void>();

  // Serves and stores only while listening with nothing missed.
  let active = false;
  let evictions: Promise<unknown> = Promise.resolve();
  let retry: NodeJS.Timeout | undefined;
  const suspend = () => {
    active = false;
    clearTimeout(retry);
  };
  // Empties the store, then serves again; retried while the store fails.
  const resume = () => {
    suspend();
    evictions = evictions.then(() =>
      store.clear().then(
        () => void (active = true),
        () => void (retry = setTimeout(resume, RETRY_MS)),
      ),
    );
  };
  const apply = (payload: string) => {
    let message: CacheInvalidation;
    try {
      message = JSON.parse(payload) as CacheInvalidation;
    } catch {
      message = { all: true };
    }
    evictions = evictions.then(async () => {
      if ('barrier' in message) {
        barriers.get(message.barrier)?.();
        return;
      }
      try {
        if ('tags' in message && Array.isArray(message.tags)) await store.invalidate(message.tags);
        else await store.clear();
      } catch {
        // What could not be evicted must not be served: empty the store before serving again.
        resume();
      }
    });
  };
  const listening = db.notifications.listen(CACHE_CHANNEL, apply, { lost: suspend, restored: resume }).then(
    (unlisten) => {
      active = true;
      return unlisten;
    },
    () => undefined,
  );

  /** Resolves once every eviction committed before now has been applied here. */
  const barrier = async () => {
    if (!active) return;
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      barriers.set(id, () => resolve(true));
      timer = setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS);
    });
    try {
      await db.pool.query('SELECT pg_notify($1, $2)', [CACHE_CHANNEL, JSON.stringify({ barrier: id } satisfies CacheInvalidation)]);
      if (!(await arrived)) await store.clear();
    } catch {
      await store.clear().catch(() => resume());
    } finally {
      clearTimeout(timer);
      barriers.delete(id);
    }
  };

  return {
    willStore: (request) => pending.has(request),
    async onParams({ request, params, setResult }) {
      if (request.headers.has('authorization') || typeof params.query !== 'string') return;
      // The first requests wait until the cache listens; while it does not, nothing is served from it.
      if (!active && !(await listening.then(() => active))) return;
      const key = hashBody(
        JSON.stringify([params.query, params.operationName ?? null, params.variables ?? null, params.extensions ?? null]),
      );
      let found: Awaited<ReturnType<ResponseStore['lookup']>>;
      try {
        found = await store.lookup(key);
      } catch {
        return; // the store is unreachable: answered without it
      }
      if (found.hit) {
        const { json, hash } = found.hit;
        noteCachedQuery(request);
        rememberBody(request, json, hash);
        status.set(request, 'hit');
        setResult({ stringify: () => json } as ExecutionResult);
        return;
      }
      pending.set(request, { key, ticket: found.ticket });
    },
    onExecute({ args }) {
      // The next request of whoever made a correction finds its effect.
      if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') return { onExecuteDone: () => barrier() };
      const request = (args.contextValue as { request?: Request }).request;
      const miss = request && pending.get(request);
      if (!miss) return;
      let tags = tagged.get(args.document);
      if (tags === undefined) {
        tags = tagDocument(args.schema, args.document, args.operationName);
        tagged.set(args.document, tags);
      }
      if (tags === null) {
        pending.delete(request);
        return;
      }
      status.set(request, 'fwd=miss');
      (args as { document: DocumentNode }).document = tags.document;
      const { rootFields } = tags;
      return {
        async onExecuteDone({ result }) {
          if (Array.isArray(result) || Symbol.asyncIterator in result) return;
          const single = result as ExecutionResult & { stringify?: (r: ExecutionResult) => string };
          // The tagged query's ids leave the result in any case; the compiled stringifier knows them.
          const found = single.data ? collectTags(single.data, rootFields) : new Set<string>();
          delete single.stringify;
          if (!single.data || (single.errors && single.errors.length > 0)) return;
          const json = JSON.stringify(single);
          const hash = hashBody(json);
          single.stringify = () => json;
          rememberBody(request, json, hash);
          if (await store.store(miss.key, { json, hash }, found, miss.ticket).catch(() => false)) status.set(request, 'fwd=miss; stored');
        },
      };
    },
    onResponse({ request, response }) {
      const verdict = status.get(request);
      // RFC 9211 Cache-Status: whether this response came from the cache.
      if (verdict) response.headers.set('cache-status', `scholargraph; ${verdict}`);
    },
    async onDispose() {
      suspend();
      (await listening)?.();
      await store.close();
    },
  };
}
