// HTTP settings read from the environment (see the README's configuration table).
// Bad values stop the server at startup with a message naming the variable.

export const DEFAULT_CACHE_MAX_AGE = 300;

export function parseCacheMaxAge(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_CACHE_MAX_AGE;
  const seconds = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds)) {
    throw new Error(`CACHE_MAX_AGE must be a whole number of seconds, got "${value}"`);
  }
  return seconds;
}

/** "https://a.example, https://b.example" → both; unset, empty or "*" → undefined (any origin). */
export function parseCorsOrigins(value: string | undefined): string[] | undefined {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter((o) => o !== '');
  if (origins.length === 0 || origins.includes('*')) return undefined;
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`CORS_ORIGIN must list origins like https://example.org, got "${origin}"`);
    }
  }
  return origins;
}

/** Most server processes WEB_CONCURRENCY may ask for. */
export const MAX_WEB_CONCURRENCY = 64;

/**
 * WEB_CONCURRENCY: how many server processes share the port (node:cluster). Unset or empty:
 * 1, a single process. "auto": one per CPU the process may use.
 */
export function parseWebConcurrency(value: string | undefined, cpus: () => number): number {
  const text = (value ?? '').trim();
  if (text === '') return 1;
  if (text === 'auto') return Math.min(Math.max(1, cpus()), MAX_WEB_CONCURRENCY);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_WEB_CONCURRENCY) {
    throw new Error(`WEB_CONCURRENCY must be "auto" or a whole number from 1 to ${MAX_WEB_CONCURRENCY}, got "${value}"`);
  }
  return n;
}

/**
 * A limit of the request policy (MAX_QUERY_DEPTH, MAX_QUERY_TOKENS, MAX_NODE_IDS, …): a whole
 * number ≥ 0, where 0 turns the limit off. Unset or empty: undefined (the caller's default).
 */
export function parseLimit(name: string, value: string | undefined): number | undefined {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`${name} must be a whole number ≥ 0 (got "${value}").`);
  return n;
}

/** A switch (GRAPHQL_SUGGESTIONS): on/off, true/false, 1/0, yes/no. Unset or empty: undefined (the caller's default). */
export function parseSwitch(name: string, value: string | undefined): boolean | undefined {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return undefined;
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  throw new Error(`${name} must be on or off, got "${value}"`);
}
