// The client's address to the subgraphs (scripts/gateway.ts): each upstream request made for a
// client's request carries `X-Forwarded-For` with the address the gateway's socket saw appended
// to whatever the client sent, as a reverse proxy does (nginx's `$proxy_add_x_forwarded_for`).
// A server behind the gateway with TRUST_PROXY=true takes the last entry (src/http/rate-limit.ts):
// the address the gateway saw, which a client cannot forge by sending the header itself. Without
// it, each process would count every client of the gateway as one (the gateway's address).
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { IncomingMessage } from 'node:http';

const HEADER = 'x-forwarded-for';

/** The value to send: the client's own list (if any) followed by the peer's address. */
export function forwardedFor(received: string | null, peer: string | undefined): string | undefined {
  if (!peer) return received ?? undefined;
  const prior = received?.trim();
  return prior ? `${prior}, ${peer}` : peer;
}

export function useForwardedFor(): GatewayPlugin {
  return {
    onFetch({ context, options, setOptions }) {
      // Internal fetches (no client request) carry nothing.
      const { request, req } = context as { request?: Request; req?: IncomingMessage };
      if (!request) return;
      const value = forwardedFor(request.headers.get(HEADER), req?.socket?.remoteAddress);
      if (value === undefined) return;
      const headers = new Headers(options.headers as HeadersInit | undefined);
      headers.set(HEADER, value);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}
