// Persisted (trusted) documents, with Yoga's persisted-operations plugin: a client sends
// the id of a known document instead of its text,
//   GET /graphql?documentId=sha256:…&variables=…   (a short URL, cacheable as any GET query)
//   POST {"documentId": "sha256:…", "variables": …}
// or Apollo's automatic-persisted-queries form, extensions.persistedQuery.sha256Hash (the
// bare hex). An unknown id is PERSISTED_QUERY_NOT_FOUND. By default documents sent as text
// still run; in strict mode (PERSISTED_DOCUMENTS_ONLY) only known documents do: by id, or as
// the exact text of one (GraphiQL's example tabs send text); any other `query` is refused
// with PERSISTED_QUERY_ONLY.
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { documentIdOf as idOfText } from '../examples/persisted-documents.js';

const HEX_ID = /^[0-9a-f]{64}$/i;

/** The id a request names, in the manifest's form (`sha256:<lowercase hex>`), or null. */
function documentIdOf(params: GraphQLParams, request: Request): string | null {
  const body = params as GraphQLParams & { documentId?: unknown };
  const apq = (params.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined) ?? undefined;
  const id =
    (typeof body.documentId === 'string' ? body.documentId : null) ??
    (request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null) ??
    (apq?.version === 1 && typeof apq.sha256Hash === 'string' ? apq.sha256Hash : null);
  if (id === null) return null;
  return HEX_ID.test(id) ? `sha256:${id.toLowerCase()}` : id;
}

export function usePersistedDocuments(options: { documents: ReadonlyMap<string, string>; only: boolean }): Plugin {
  const { documents, only } = options;
  const plugin = usePersistedOperations({
    allowArbitraryOperations: !only,
    extractPersistedOperationId: (params, request) => documentIdOf(params, request),
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      notFound: {
        message: 'No persisted document has this id (see persisted-documents.json).',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
      },
      persistedQueryOnly: {
        message: 'This server runs persisted documents only: send a documentId (see persisted-documents.json), not a query.',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
      },
      keyNotFound: {
        message: 'Send a documentId (a persisted document) or, where allowed, a query.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
    },
  }) as Plugin;
  return {
    ...plugin,
    onParams(payload) {
      // A known document sent as text is as trusted as its id.
      if (only && payload.params.query && documents.has(idOfText(payload.params.query))) return;
      // Outside strict mode a request without an id is Yoga's as before (its own "Must provide query string.").
      if (!only && !payload.params.query && documentIdOf(payload.params, payload.request) === null) return;
      return plugin.onParams?.(payload);
    },
  };
}
