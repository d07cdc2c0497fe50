// The parser guard: a document is parsed with graphql-js's `maxTokens` (the limit
// GraphQL Armor's max-tokens plugin sets, here without the dependency), so a huge
// document is refused before it becomes a huge AST, and a document nested so deeply
// that the recursive parser runs out of stack is refused too, instead of surfacing
// as an internal error. Both answer 400 with a code; so does any syntax error.
import { GraphQLError, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const DEFAULT_MAX_TOKENS = 2_000;

export function useParserGuard(maxTokens: number): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, maxTokens > 0 ? { ...options, maxTokens } : options);
        } catch (error) {
          throw parseError(error, maxTokens);
        }
      });
    },
  };
}

const badRequest = (message: string, code: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { http: { status: 400 }, code, ...extra } });

function parseError(error: unknown, maxTokens: number): unknown {
  // graphql-js: "Document contains more that N tokens. Parsing aborted." (sic).
  if (error instanceof GraphQLError && /contains more tha[nt] \d+ tokens/.test(error.message)) {
    return badRequest(`Query is too long: more than ${maxTokens} tokens (MAX_QUERY_TOKENS).`, 'QUERY_TOO_LONG', { limit: maxTokens });
  }
  if (error instanceof GraphQLError) {
    return new GraphQLError(error.message, {
      source: error.source,
      positions: error.positions,
      extensions: { http: { status: 400 }, code: 'GRAPHQL_PARSE_FAILED' },
    });
  }
  if (error instanceof RangeError) return badRequest('Query is nested too deeply to parse.', 'QUERY_TOO_DEEP');
  return error;
}
