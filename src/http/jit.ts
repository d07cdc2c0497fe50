// Queries run on graphql-jit: each document is compiled once into a function that
// resolves the whole selection without graphql-js's per-field interpretation. The
// compiled query is kept with the parsed document (a WeakMap: Yoga's parser cache
// decides how long a document lives), so a document is compiled once, not once to
// decide whether it can be and again to run it (as @envelop/graphql-jit's enableIf
// would). Mutations and subscriptions stay on graphql-js, and so does a document
// graphql-jit cannot compile, one holding several operations, one with a non-null
// variable that has a default (graphql-jit does not apply the default), and one with a
// variable whose type is or holds a @oneOf input (graphql-jit's variable coercion does
// not check "exactly one key"; graphql-js's coerceInputValue does). Validation,
// error masking, typed errors, the query limits and Cache-Control are plugins around
// execution: they hold whichever executor runs. Register it after the query limits:
// a refused document is never compiled.
//
// graphql-jit expands every fragment spread where it occurs while compiling (graphql-js
// visits a fragment once per selection set), so a document whose fragments spread
// each other compiles in time exponential in its nesting: 19 levels of a fragment
// spreading the previous one twice (cost 524,289, within the limit) take seconds. A
// document whose selections, fragments expanded, exceed MAX_JIT_SELECTIONS runs on
// graphql-js instead, which handles it in linear time.
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInputObjectType,
  Kind,
  type SelectionSetNode,
  typeFromAST,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { usesIncrementalDelivery } from './incremental.js';

export function useJitForQueries(): Plugin {
  const compiled = new WeakMap<DocumentNode, CompiledQuery | null>();
  return {
    onExecute({ args, setExecuteFn }) {
      const { document } = args;
      let query = compiled.get(document);
      if (query === undefined) {
        query = jittable(args.schema, document) ? compileOrNull(args.schema, document, args.operationName ?? undefined) : null;
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

/** The compiled query, or null when graphql-jit refuses the document (graphql-js then runs it and reports why). */
function compileOrNull(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const result = compileQuery(schema, document, operationName);
    return isCompiledQuery(result) ? (result as CompiledQuery) : null;
  } catch {
    return null;
  }
}

/** Far above any real page (the author page has about 100 selections). */
export const MAX_JIT_SELECTIONS = 2_000;

function jittable(schema: GraphQLSchema, document: DocumentNode): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  return (
    operations.length === 1 &&
    // @defer/@stream: Yoga's executor (src/http/incremental.ts).
    !usesIncrementalDelivery(document) &&
    expandedSelections(document, operation!.selectionSet) <= MAX_JIT_SELECTIONS &&
    operation!.operation === 'query' &&
    // graphql-jit refuses a non-null variable left out even when it has a default
    // (`$slug: String! = "…"`, as in GraphiQL's author page tab); graphql-js uses the default.
    !(operation!.variableDefinitions ?? []).some((v) => v.type.kind === Kind.NON_NULL_TYPE && v.defaultValue != null) &&
    !(operation!.variableDefinitions ?? []).some((v) => holdsOneOf(typeFromAST(schema, v.type)))
  );
}

/** Whether an input type is, or has a field (at any depth) of, a @oneOf input object. */
function holdsOneOf(type: Parameters<typeof getNamedType>[0] | undefined, seen = new Set<GraphQLNamedType>()): boolean {
  const named = type && getNamedType(type);
  if (!named || !isInputObjectType(named) || seen.has(named)) return false;
  if (named.isOneOf) return true;
  seen.add(named);
  return Object.values(named.getFields()).some((field) => holdsOneOf(field.type, seen));
}

/** How many selections `set` holds once every fragment spread is replaced by its fragment (each fragment counted once, memoized). */
export function expandedSelections(document: DocumentNode, set: SelectionSetNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const counted = new Map<string, number>();
  const count = (selections: SelectionSetNode): number => {
    let n = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) n += 1 + (selection.selectionSet ? count(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) n += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        let m = counted.get(name);
        if (m === undefined) {
          counted.set(name, 0); // a cycle counts nothing (validation refuses it anyway)
          const fragment = fragments.get(name);
          m = fragment ? count(fragment.selectionSet) : 0;
          counted.set(name, m);
        }
        n += m;
      }
    }
    return n;
  };
  return count(set);
}
