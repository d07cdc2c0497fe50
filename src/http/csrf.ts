// CSRF prevention for POSTs a browser may send cross-site without a preflight (form
// fields, multipart, text/plain): they must carry a header no such form can set. This
// is Yoga's own plugin (@graphql-yoga/plugin-csrf-prevention), limited to POST — a GET
// can only run a query (Yoga refuses mutations over GET) and is what HTTP caches see —
// and with a code on its error (403, CSRF_PREVENTED). JSON POSTs (what every GraphQL
// client sends) always preflight cross-site, so they need no header.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The headers that let a non-JSON POST through: Yoga's and Apollo's names for it. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

export function useCsrfPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: CSRF_HEADERS }) as Plugin;
  return {
    onRequestParse(payload) {
      if (payload.request.method !== 'POST') return;
      try {
        return csrf.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(`A POST that is not JSON must carry one of these headers: ${CSRF_HEADERS.join(', ')} (CSRF prevention).`, {
          extensions: { http: { status: 403 }, code: 'CSRF_PREVENTED' },
        });
      }
    },
  };
}
