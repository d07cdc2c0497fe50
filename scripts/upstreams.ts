// Several server processes behind one subgraph name (scripts/gateway.ts). A supergraph gives each
// subgraph one URL (`@join__graph(url:)`); Hive Gateway has no list of URLs per subgraph, but its
// plugins' `onFetch` hook may replace the fetch of each upstream request (`setFetchFn`; Hive
// Gateway's "Custom Plugins" docs, and `OnFetchHookPayload` in @graphql-hive/gateway-runtime's
// types; the runtime's own `useCustomFetch` is such a plugin). This plugin does so for the subgraphs given several URLs:
//
// - **Least busy.** Each request goes to the process with the fewest requests in flight from this
//   gateway; among equals, in turn (as src/db/replicas.ts picks a replica).
// - **Failover.** A process that refuses the connection (stopped, restarting) is left out for
//   RETRY_AFTER_MS and the same request goes at once to another one. An error after the request
//   may have reached the process (a reset connection: a process that died, or a kept-alive
//   connection it had just closed) is retried for queries only (each process once, then one
//   round more): a mutation is never sent twice. When every process failed, the subgraph's answer is one typed
//   error, SUBGRAPH_UNAVAILABLE, naming no address.
// - **Bounded.** Each upstream request has UPSTREAM_TIMEOUT_MS; a connect that fails in any way
//   (refused, timed out) counts as not sent; any other error is answered as SUBGRAPH_UNAVAILABLE
//   too, since graphql-tools would pass a system error's message (with the address) to the client.
// - Passive only: there is no probe; a process left out gets requests again after RETRY_AFTER_MS,
//   and is left out again at the cost of one refused connection if it is still down.
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** How long a process that failed is left out before it is tried again. */
const RETRY_AFTER_MS = 1_000;
/**
 * How long one upstream request may take: a bound above the server's own (its request timeout and
 * statement timeout answer well before), so a process that vanished without refusing (packets
 * dropped: the connect waits for the system's timeout, minutes) cannot hold a request.
 */
const UPSTREAM_TIMEOUT_MS = 60_000;

interface Upstream {
  url: string;
  inFlight: number;
  /** Date.now() until which it gets no requests (0: up). */
  downUntil: number;
}

type Fetch = (url: string, init?: RequestInit) => Response | Promise<Response>;

/** Connection errors (Node's fetch puts the system error in `cause`, possibly nested). */
function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$|^UND_ERR/.test(code)) return code;
  }
  return undefined;
}

/** Failed while connecting (`syscall: 'connect'`, e.g. ETIMEDOUT): the request never left. */
function failedToConnect(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { syscall?: unknown }).syscall === 'connect') return true;
  }
  return false;
}

/** Refused: the request never reached the process. Others: it may have. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const MAYBE_SENT = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export class UpstreamGroup {
  private readonly upstreams: Upstream[];
  private next = 0;

  constructor(
    readonly name: string,
    urls: readonly string[],
  ) {
    this.upstreams = urls.map((url) => ({ url, inFlight: 0, downUntil: 0 }));
  }

  /** The URL the supergraph names for this subgraph (the first one). */
  get routingUrl(): string {
    return this.upstreams[0]!.url;
  }

  /** Up and not yet tried, least busy, in turn among equals; if none is up, the untried one down the longest. */
  private pick(tried: Set<Upstream>): Upstream | undefined {
    const now = Date.now();
    const untried = this.upstreams.filter((u) => !tried.has(u));
    if (untried.length === 0) return undefined;
    const up = untried.filter((u) => u.downUntil <= now);
    if (up.length === 0) return untried.reduce((a, b) => (b.downUntil < a.downUntil ? b : a));
    const least = Math.min(...up.map((u) => u.inFlight));
    const candidates = up.filter((u) => u.inFlight === least);
    return candidates[this.next++ % candidates.length];
  }

  /** Sends one upstream request to a process of the group, failing over as described above. */
  async send(fetchFn: Fetch, init: RequestInit | undefined, isQuery: boolean): Promise<Response> {
    const tried = new Set<Upstream>();
    let reset = false;
    let resent = false;
    for (;;) {
      let upstream = this.pick(tried);
      if (!upstream && reset && !resent) {
        // A query reset, every process tried: one round more (kept-alive connections just closed).
        resent = true;
        tried.clear();
        upstream = this.pick(tried);
      }
      if (!upstream) break;
      tried.add(upstream);
      upstream.inFlight++;
      const timeout = AbortSignal.timeout(UPSTREAM_TIMEOUT_MS);
      try {
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        const response = await fetchFn(upstream.url, { ...init, signal });
        upstream.downUntil = 0;
        return response;
      } catch (error) {
        // The client went away: nothing to answer.
        if (init?.signal?.aborted) throw error;
        // No answer in time: the request may have run; not sent again.
        if (timeout.aborted) break;
        const code = errorCode(error);
        if ((code !== undefined && NOT_SENT.has(code)) || failedToConnect(error)) {
          upstream.downUntil = Date.now() + RETRY_AFTER_MS;
        } else if (isQuery && code !== undefined && MAYBE_SENT.has(code)) {
          // Not left out: a reset is as often a stale kept-alive connection as a dead process (whose
          // next connection is then refused).
          reset = true;
        } else {
          // Anything else (its message may name the address): answered as below, never re-sent.
          break;
        }
      } finally {
        upstream.inFlight--;
      }
    }
    // Answered as the subgraph would answer a typed error (a thrown error would reach the client
    // masked as INTERNAL_SERVER_ERROR): which subgraph is unavailable, no address, no system error.
    const message = `${this.name}: no server process answered`;
    return Response.json({ data: null, errors: [{ message, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] });
  }
}

/** The gateway plugin: upstream requests to a group's routing URL are spread over the group. */
export function useUpstreamGroups(groups: readonly UpstreamGroup[]): GatewayPlugin {
  const byUrl = new Map(groups.map((g) => [g.routingUrl, g]));
  return {
    onFetch({ url, fetchFn, setFetchFn, executionRequest }) {
      const group = byUrl.get(url);
      if (!group) return;
      const isQuery = executionRequest?.operationType === 'query';
      setFetchFn((_url, init, context, info) =>
        group.send((target, options) => fetchFn(target, options as typeof init, context, info), init as RequestInit | undefined, isQuery),
      );
    },
  };
}
