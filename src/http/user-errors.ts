// Every user error is a user error: input the server cannot use is answered with
// BAD_USER_INPUT (never INTERNAL_SERVER_ERROR), and no message names a file, a
// stack frame or a field the caller did not ask about.
//
// - useStrictUtf8: a request body or a GET query string that is not valid UTF-8 is
//   refused (400), instead of being decoded with U+FFFD in place of the bad bytes; so
//   are GET `variables` or `extensions` that are not JSON (Yoga answers those with 500).
// - useUsableStrings: a NUL character (PostgreSQL text cannot hold one) or a lone
//   surrogate (not a character at all) in any string argument or variable is refused
//   before anything runs.
// - useTypedErrors: errors the libraries raise for bad input without a code (a forged
//   cursor or global id, a variable of the wrong type) get BAD_USER_INPUT; and, unless
//   suggestions are on (development by default, GRAPHQL_SUGGESTIONS), validation
//   messages lose their "Did you mean …?" (as GraphQL Armor's block-field-suggestions);
//   in production, no error carries `extensions.originalError` (Yoga puts the JSON
//   parser's own message there for a body that is not JSON).
import { isUtf8 } from 'node:buffer';
import { PothosSchemaError, PothosValidationError } from '@pothos/core';
import { type DocumentNode, type ExecutionResult, GraphQLError, visit } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const badUserInput = (message: string, status?: number) =>
  createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(status ? { http: { status } } : {}) } });

/** Content types whose bodies are text (multipart bodies may carry binary files). */
const TEXT_BODIES = ['application/json', 'application/graphql', 'application/x-www-form-urlencoded', 'text/plain'];

export function useStrictUtf8(): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser, fetchAPI }) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        // URLSearchParams decodes a bad percent-escape to U+FFFD; decodeURIComponent refuses it.
        for (const part of url.search.slice(1).split('&')) {
          try {
            decodeURIComponent(part.replace(/\+/g, ' '));
          } catch {
            throw badUserInput('The query string is not valid percent-encoded UTF-8.', 400);
          }
        }
        // Yoga parses these with JSON.parse and answers a failure with a 500.
        for (const name of ['variables', 'extensions']) {
          const value = url.searchParams.get(name);
          if (!value) continue;
          try {
            JSON.parse(value);
          } catch {
            throw createGraphQLError(`The ${name} parameter is not JSON.`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
        }
        return;
      }
      const type = (request.headers.get('content-type') ?? '').toLowerCase();
      if (requestParser == null || request.body == null || !TEXT_BODIES.some((t) => type.startsWith(t))) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        const bytes = await req.arrayBuffer();
        // Checked without decoding (the parser decodes it once).
        if (!isUtf8(bytes)) throw badUserInput('The request body is not valid UTF-8.', 400);
        // The same bytes, now known to be text, for the parser Yoga chose.
        return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body: bytes }));
      });
    },
  };
}

export function useUsableStrings(): Plugin {
  const documentVerdicts = new WeakMap<DocumentNode, string | null>();
  const refusal = (document: DocumentNode, variables: unknown): ExecutionResult | undefined => {
    let problem = documentVerdicts.get(document);
    if (problem === undefined) {
      problem = null;
      visit(document, {
        StringValue(node) {
          problem ??= unusable(node.value);
        },
      });
      documentVerdicts.set(document, problem);
    }
    problem ??= unusableIn(variables);
    return problem ? { errors: [badUserInput(`A string argument contains ${problem}, which no field accepts.`)] } : undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args.document, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args.document, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unusable(text: string): string | null {
  if (text.includes('\u0000')) return 'a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'a lone surrogate (not UTF-16 text)';
  return null;
}

/** The first unusable string anywhere in the variables (walked without recursion: they may nest deeply). */
function unusableIn(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      const problem = unusable(item);
      if (problem) return problem;
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) stack.push(key, element);
    }
  }
  return null;
}

export function useTypedErrors(options: { suggestions: boolean; production: boolean }): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (!options.production) return;
      const results = Array.isArray(result) ? result : [result];
      if (!results.some((r) => isPlainResult(r) && r.errors?.some((e) => e.extensions?.originalError !== undefined))) return;
      const cleaned = results.map((r) =>
        isPlainResult(r) && r.errors ? { ...r, errors: r.errors.map((e) => (e instanceof GraphQLError ? withoutOriginalError(e) : e)) } : r,
      );
      setResult((Array.isArray(result) ? cleaned : cleaned[0]!) as typeof result);
    },
    onValidate() {
      if (options.suggestions) return;
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((e) => (e instanceof GraphQLError ? withoutSuggestion(e) : e)));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!isPlainResult(result) || !result.errors?.length) return;
          // Variable coercion suggests too ("Did you mean the enum value …?").
          const typed = (e: GraphQLError) => (options.suggestions ? typedAsUserError(e) : withoutSuggestion(typedAsUserError(e)));
          if (result.errors.some((e) => typed(e) !== e)) setResult({ ...result, errors: result.errors.map(typed) });
        },
      };
    },
  };
}

const isPlainResult = (result: unknown): result is ExecutionResult =>
  result != null && typeof result === 'object' && !(Symbol.asyncIterator in result);

/** A node/nodes root field: its errors concern the ids the caller sent. */
const isNodePath = (path: readonly (string | number)[] | undefined) => path?.[0] === 'node' || path?.[0] === 'nodes';

function typedAsUserError(error: GraphQLError): GraphQLError {
  if (error.extensions?.code != null) return error;
  const original = error.originalError;
  let message: string;
  if (original instanceof PothosValidationError) {
    // Pothos: "Invalid cursor: …", "Invalid global ID: …".
    message = error.message;
  } else if (original instanceof PothosSchemaError && isNodePath(error.path) && / has not been implemented$/.test(error.message)) {
    message = 'The id names no type of this schema.';
  } else if (isNodePath(error.path) && original?.name === 'PrismaClientValidationError') {
    message = 'The id is not valid for its type.';
  } else if (
    error.path === undefined &&
    /^(Variable "\$|Too many errors processing variables)/.test(error.message) &&
    (original === undefined || original instanceof GraphQLError)
  ) {
    // graphql-js's variable coercion ("Variable "$n" got invalid value …"; after 50 such
    // errors, "Too many errors processing variables, error limit reached. …").
    message = error.message;
  } else {
    return error;
  }
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

function withoutOriginalError(error: GraphQLError): GraphQLError {
  if (error.extensions?.originalError === undefined) return error;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { originalError, ...extensions } = error.extensions;
  // Yoga answers such an error with its own status (400), not the 200 that "spec" errors
  // get under Accept: application/json: without `spec` that status stays.
  const http = extensions.http as { spec?: boolean } | undefined;
  if (http?.spec) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { spec, ...rest } = http;
    extensions.http = rest;
  }
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}

/** graphql-js's validation messages end with ` Did you mean "x" or "y"?` (suggestionList). */
function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/ Did you mean [^?]*\?$/, '');
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
