// Limits that protect the server from expensive operations, as a Yoga (envelop)
// plugin without dependencies:
//
// - depth: a validation rule (it depends on the document only, so Yoga's validation
//   cache may keep its verdict). Error code QUERY_TOO_DEEP.
// - cost: checked before execution, where the variables are known (`first: $n`).
//   Every field costs 1 plus its children's cost times a multiplier: the field's
//   `first`/`last` argument (given, from a variable, or the argument's default), a
//   connection without them the default page size, the length of an `ids` or
//   `representations` list, any other list LIST_FACTOR, anything else 1.
//   Error code QUERY_TOO_COSTLY.
//
// Introspection (`__schema`, `__type`, `__typename`) is free and has no depth, so
// GraphiQL's introspection query always passes.
import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  GraphQLError,
  type GraphQLSchema,
  isCompositeType,
  isInputType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
  type ValidationContext,
  type ValueNode,
  valueFromAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE } from '../schema/builder.js';

export interface QueryLimits {
  /** Deepest field nesting allowed (root fields are at depth 1). */
  maxDepth: number;
  /** Highest estimated cost allowed (see the cost model above). */
  maxCost: number;
}

export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_COST = 1_000_000;
/** What a plain list field (no paging arguments) multiplies its children's cost by. */
export const LIST_FACTOR = 5;

/** Limits from MAX_QUERY_DEPTH and MAX_QUERY_COST, else the defaults; 0 disables a limit. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  return {
    maxDepth: positiveInt(env.MAX_QUERY_DEPTH, 'MAX_QUERY_DEPTH') ?? DEFAULT_MAX_DEPTH,
    maxCost: positiveInt(env.MAX_QUERY_COST, 'MAX_QUERY_COST') ?? DEFAULT_MAX_COST,
  };
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0 (got "${value}").`);
  return n;
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (limits.maxDepth > 0) addValidationRule(maxDepthRule(limits.maxDepth));
    },
    onExecute({ args, setResultAndStopExecution }) {
      if (limits.maxCost <= 0) return;
      const operation = selectedOperation(args.document, args.operationName);
      if (!operation) return;
      const cost = cachedCost(args.schema, args.document, operation, (args.variableValues ?? {}) as Record<string, unknown>);
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `Query is too costly: its estimated cost is ${cost}, above the limit of ${limits.maxCost} (MAX_QUERY_COST). ` +
                'Ask for smaller pages (first/last) or fewer nested lists.',
              { nodes: [operation], extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: limits.maxCost } },
            ),
          ],
        });
      }
    },
  };
}

/**
 * Costs already computed, per parsed document (Yoga's parser cache hands the same
 * DocumentNode to every request with the same text) and operation. A cost depends on
 * the variables only through the paging and list arguments that name them, so the
 * entry keeps the names of those variables and one cost per combination of their values.
 */
const costCache = new WeakMap<DocumentNode, Map<OperationDefinitionNode, { variables: string[]; costs: Map<string, number> }>>();
const MAX_COSTS_PER_OPERATION = 100;

function cachedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  let byOperation = costCache.get(document);
  if (!byOperation) costCache.set(document, (byOperation = new Map()));
  let entry = byOperation.get(operation);
  if (!entry) {
    const used = new Set<string>();
    const cost = measure(schema, document, operation, variables, used).cost;
    entry = { variables: [...used].sort(), costs: new Map() };
    byOperation.set(operation, entry);
    entry.costs.set(costKey(entry.variables, variables), cost);
    return cost;
  }
  const key = costKey(entry.variables, variables);
  let cost = entry.costs.get(key);
  if (cost === undefined) {
    cost = measure(schema, document, operation, variables).cost;
    if (entry.costs.size < MAX_COSTS_PER_OPERATION) entry.costs.set(key, cost);
  }
  return cost;
}

const costKey = (names: string[], variables: Record<string, unknown>) =>
  names.length === 0 ? '' : JSON.stringify(names.map((n) => variables[n] ?? null));

/** A validation rule: every operation's depth (introspection excluded) is at most `maxDepth`. */
export function maxDepthRule(maxDepth: number) {
  return function MaxQueryDepth(context: ValidationContext): ASTVisitor {
    return {
      OperationDefinition(operation) {
        const depth = measure(context.getSchema(), context.getDocument(), operation, {}).depth;
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(
              `Query is too deep: it nests fields ${depth} levels deep, above the limit of ${maxDepth} (MAX_QUERY_DEPTH).`,
              { nodes: [operation], extensions: { code: 'QUERY_TOO_DEEP', depth, limit: maxDepth } },
            ),
          );
        }
        return false;
      },
    };
  };
}

/** The estimated cost of `operation` with these (raw, uncoerced) variable values. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  return measure(schema, document, operation, variables).cost;
}

export function queryDepth(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  return measure(schema, document, operation, {}).depth;
}

function selectedOperation(document: DocumentNode, name: string | null | undefined) {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}

function measure(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  provided: Record<string, unknown>,
  /** Collects the variables the cost depends on (named by a multiplying argument). */
  usedVariables?: Set<string>,
): { depth: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0 };

  // Variable values: those sent, else the operation's defaults (coerced from the AST).
  const variables: Record<string, unknown> = { ...provided };
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (variables[name] === undefined && def.defaultValue && type && isInputType(type)) {
      variables[name] = valueFromAST(def.defaultValue, type);
    }
  }

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, seen: Set<string>): { depth: number; cost: number } => {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(parent, selection.name.value);
        if (!field) continue;
        const type = getNamedType(field.type);
        let child = { depth: 0, cost: 0 };
        if (selection.selectionSet && isCompositeType(type)) child = walk(selection.selectionSet, type, seen);
        depth = Math.max(depth, 1 + child.depth);
        cost += 1 + multiplier(field, selection, variables, usedVariables) * child.cost;
      } else {
        let inner: SelectionSetNode | undefined;
        let condition: string | undefined;
        let nextSeen = seen;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = selection.selectionSet;
          condition = selection.typeCondition?.name.value;
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) continue;
          inner = fragment.selectionSet;
          condition = fragment.typeCondition.name.value;
          nextSeen = new Set(seen).add(name);
        }
        const conditionType = condition ? schema.getType(condition) : parent;
        if (!conditionType || !isCompositeType(conditionType)) continue;
        const result = walk(inner, conditionType, nextSeen);
        depth = Math.max(depth, result.depth);
        cost += result.cost;
      }
    }
    return { depth, cost };
  };
  return walk(operation.selectionSet, root, new Set());
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function multiplier(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
  usedVariables?: Set<string>,
): number {
  const argument = (name: string): unknown => {
    const def = field.args.find((a) => a.name === name);
    if (!def) return undefined;
    const given = node.arguments?.find((a) => a.name.value === name);
    if (!given) return def.defaultValue;
    return valueFromAST(given.value, def.type, variables);
  };
  if (usedVariables) {
    for (const given of node.arguments ?? []) {
      if (MULTIPLYING_ARGUMENTS.includes(given.name.value)) collectVariables(given.value, usedVariables);
    }
  }
  for (const name of ['first', 'last']) {
    const value = argument(name);
    if (typeof value === 'number') return Math.max(0, value);
  }
  for (const name of ['ids', 'representations']) {
    const value = argument(name);
    if (Array.isArray(value)) return value.length;
  }
  const type = getNamedType(field.type);
  if (type.name.endsWith('Connection')) return DEFAULT_PAGE_SIZE;
  if (isListType(getNullableType(field.type)) && !type.name.endsWith('Edge')) return LIST_FACTOR;
  return 1;
}

const MULTIPLYING_ARGUMENTS = ['first', 'last', 'ids', 'representations'];

function collectVariables(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const v of value.values) collectVariables(v, into);
  else if (value.kind === Kind.OBJECT) for (const f of value.fields) collectVariables(f.value, into);
}
