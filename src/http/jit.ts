// Queries run on graphql-jit: each document is compiled once into a function that
// resolves the whole selection without graphql-js's per-field interpretation. The
// compiled query is kept with the parsed document (a WeakMap: Yoga's parser cache
// decides how long a document lives), so a document is compiled once, not once to
// decide whether it can be and again to run it (as @envelop/graphql-jit's enableIf
// would). Mutations and subscriptions stay on graphql-js, and so does a document
// graphql-jit cannot compile, one holding several operations, and one with a non-null
// variable that has a default (graphql-jit does not apply the default). Validation,
// error masking, typed errors, the query limits and Cache-Control are plugins around
// execution: they hold whichever executor runs. Register it after the query limits:
// a refused document is never compiled.
import { type DocumentNode, Kind } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

export function useJitForQueries(): Plugin {
  const compiled = new WeakMap<DocumentNode, CompiledQuery | null>();
  return {
    onExecute({ args, setExecuteFn }) {
      const { document } = args;
      let query = compiled.get(document);
      if (query === undefined) {
        const result = jittable(document) ? compileQuery(args.schema, document, args.operationName ?? undefined) : null;
        query = result && isCompiledQuery(result) ? (result as CompiledQuery) : null;
        compiled.set(document, query);
      }
      if (query === null) return;
      const run = query;
      setExecuteFn(async (execution) => {
        const result = await run.query(execution.rootValue, execution.contextValue, execution.variableValues);
        // Yoga serializes with the compiled stringifier when a result carries one.
        return Object.assign(result, { stringify: run.stringify });
      });
    },
  };
}

function jittable(document: DocumentNode): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  return (
    operations.length === 1 &&
    operation!.operation === 'query' &&
    // graphql-jit refuses a non-null variable left out even when it has a default
    // (`$slug: String! = "…"`, as in GraphiQL's author page tab); graphql-js uses the default.
    !(operation!.variableDefinitions ?? []).some((v) => v.type.kind === Kind.NON_NULL_TYPE && v.defaultValue != null)
  );
}
