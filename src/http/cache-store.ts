// Where the response cache keeps its entries: in the process (a bounded LRU map) or, with
// REDIS_URL, in Redis, shared by every server process and replica. Each entry carries tags
// (src/http/cache-tags.ts); invalidate(tags) evicts the entries with any of them.
//
// A response computed while an eviction ran must not be stored after it (it may hold what
// the eviction removed): a lookup hands out a ticket — the store's generation, which every
// eviction increments — and store() does nothing when the generation has moved since.
import { Redis } from 'ioredis';

export interface CachedResponse {
  /** The serialized result (`{"data":…}`). */
  json: string;
  /** A hash of `json` (the ETag's core). */
  hash: string;
}

export interface ResponseStore {
  lookup(key: string): Promise<{ hit: CachedResponse | undefined; ticket: string }>;
  /** Whether it was stored (not when an eviction ran since the lookup, nor when it is too large). */
  store(key: string, entry: CachedResponse, tags: Iterable<string>, ticket: string): Promise<boolean>;
  invalidate(tags: string[]): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreLimits {
  /** Seconds an entry lives at most. */
  ttlSeconds: number;
  /** Most entries (in-process store). */
  maxEntries: number;
  /** Most bytes of serialized results, all entries together (in-process store). */
  maxBytes: number;
  /** Larger results are not cached. */
  maxEntryBytes: number;
}

interface MemoryEntry {
  response: CachedResponse;
  tags: string[];
  expires: number;
  bytes: number;
}

/** In-process: a Map in least-recently-used order, with a tag → keys index. */
export function memoryStore(limits: StoreLimits, now: () => number = Date.now): ResponseStore & { readonly size: number } {
  const entries = new Map<string, MemoryEntry>();
  const byTag = new Map<string, Set<string>>();
  let bytes = 0;
  let generation = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };

  return {
    get size() {
      return entries.size;
    },
    lookup(key) {
      const ticket = String(generation);
      const entry = entries.get(key);
      if (entry && entry.expires <= now()) remove(key);
      else if (entry) {
        // Most recently used last.
        entries.delete(key);
        entries.set(key, entry);
        return Promise.resolve({ hit: entry.response, ticket });
      }
      return Promise.resolve({ hit: undefined, ticket });
    },
    store(key, response, tags, ticket) {
      const size = response.json.length;
      if (ticket !== String(generation) || size > limits.maxEntryBytes) return Promise.resolve(false);
      remove(key);
      const entry: MemoryEntry = { response, tags: [...tags], expires: now() + limits.ttlSeconds * 1000, bytes: size };
      entries.set(key, entry);
      bytes += size;
      for (const tag of entry.tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
      // The least recently used go first.
      for (const oldest of entries.keys()) {
        if (entries.size <= limits.maxEntries && bytes <= limits.maxBytes) break;
        remove(oldest);
      }
      return Promise.resolve(entries.has(key));
    },
    invalidate(tags) {
      generation++;
      for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) remove(key);
      return Promise.resolve();
    },
    clear() {
      generation++;
      entries.clear();
      byTag.clear();
      bytes = 0;
      return Promise.resolve();
    },
    close() {
      return this.clear();
    },
  };
}

// Redis: an entry is a string key (with the TTL), each tag a set of entry keys (kept at least as
// long as its longest-lived entry), and one counter is the generation. Storing and evicting run
// as scripts, so each is atomic with the generation check.
const STORE_SCRIPT = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[2])
  if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 1`;

const INVALIDATE_SCRIPT = `
redis.call('INCR', KEYS[1])
for i = 2, #KEYS do
  local keys = redis.call('SMEMBERS', KEYS[i])
  for _, key in ipairs(keys) do redis.call('DEL', key) end
  redis.call('DEL', KEYS[i])
end
return 1`;

export function redisStore(url: string, limits: StoreLimits, prefix = 'scholargraph:cache:'): ResponseStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  // Errors reach the callers (a lookup that fails is a miss, a store that fails stores nothing); without
  // a listener ioredis would also print each one.
  redis.on('error', () => {});
  const generationKey = `${prefix}generation`;
  const entryKey = (key: string) => `${prefix}entry:${key}`;
  const tagKey = (tag: string) => `${prefix}tag:${tag}`;
  const ttlMs = String(limits.ttlSeconds * 1000);

  return {
    async lookup(key) {
      const [value, generation] = await redis.mget(entryKey(key), generationKey);
      return { hit: value ? (JSON.parse(value) as CachedResponse) : undefined, ticket: generation ?? '0' };
    },
    async store(key, response, tags, ticket) {
      if (response.json.length > limits.maxEntryBytes) return false;
      const keys = [generationKey, entryKey(key), ...[...tags].map(tagKey)];
      return (await redis.eval(STORE_SCRIPT, keys.length, ...keys, ticket, JSON.stringify(response), ttlMs)) === 1;
    },
    async invalidate(tags) {
      const keys = [generationKey, ...tags.map(tagKey)];
      await redis.eval(INVALIDATE_SCRIPT, keys.length, ...keys);
    },
    async clear() {
      await redis.incr(generationKey);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        const doomed = keys.filter((k) => k !== generationKey);
        if (doomed.length > 0) await redis.unlink(...doomed);
      } while (cursor !== '0');
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
