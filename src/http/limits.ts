// Limits that protect the server from expensive operations, as a Yoga (envelop)
// plugin without dependencies. One walk over an operation measures everything below;
// each fragment is measured once per walk and its measure reused wherever it is
// spread, so the walk is linear in the size of the document (a fragment spreading
// the previous one twice, 25 levels deep, is 50 spreads to visit, not 2^25).
//
// - depth, aliases, directives: checked as a validation rule (they depend on the
//   document only, so Yoga's validation cache may keep its verdict). Error codes
//   QUERY_TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_DIRECTIVES. Aliases and directives
//   are counted as the operation would run them, fragments expanded (GraphQL Armor's
//   max-aliases and max-directives, counted in the same walk).
// - cost and id lists: checked before execution, where the variables are known
//   (`first: $n`, `ids: $ids`). Every field costs 1 (a field in EXPENSIVE_FIELDS its
//   price there, per alias) plus its children's cost times a multiplier: the field's
//   `first`/`last` argument (given, from a variable, or the argument's default), a
//   connection without them the default page size, the length of an `ids` or
//   `representations` list, any other list LIST_FACTOR, anything else 1. A batch
//   lookup (`authorsBy(by: { slugs: […] })`) costs as many lookups as it has keys,
//   its own 1 included, and its list of keys counts as an `ids` list.
//   Error codes QUERY_TOO_COSTLY and TOO_MANY_IDS.
//
// Introspection (`__schema`, `__type`, `__typename`) is free and has no depth, so
// GraphiQL's introspection query always passes.
import {
  type ASTVisitor,
  type DirectiveNode,
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
import { DEFAULT_PAGE_SIZE } from '../page-size.js';

export interface QueryLimits {
  /** Deepest field nesting allowed (root fields are at depth 1). */
  maxDepth: number;
  /** Highest estimated cost allowed (see the cost model above). */
  maxCost: number;
  /** Most aliased fields an operation may run (fragments expanded). */
  maxAliases: number;
  /** Most directives an operation may carry (fragments expanded). */
  maxDirectives: number;
  /** Longest `ids` list a field (`nodes(ids:)`) may be given. */
  maxIds: number;
}

export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_COST = 1_000_000;
export const DEFAULT_MAX_ALIASES = 30;
export const DEFAULT_MAX_DIRECTIVES = 50;
export const DEFAULT_MAX_IDS = 100;
/** What a plain list field (no paging arguments) multiplies its children's cost by. */
export const LIST_FACTOR = 5;

/**
 * Root fields whose work does not follow their page size: a full-text search over
 * every paper, title and name, and a breadth-first walk of the co-authorship graph
 * (up to MAX_VISITED people). Each use (each alias) costs this much before its
 * children: at the default MAX_QUERY_COST, at most 4 of them in one request.
 */
export const EXPENSIVE_FIELDS: Readonly<Record<string, number>> = {
  'Query.search': 200_000,
  'Query.collaborationPath': 200_000,
  // A whole volume's or venue-year's BibTeX (every paper with its authors; a venue-year
  // can hold thousands): priced as a full page of papers, or ten.
  'Volume.bibtex': 10_000,
  'Venue.bibtex': 100_000,
};

export function useQueryLimits(limits: QueryLimits): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (limits.maxDepth > 0 || limits.maxAliases > 0 || limits.maxDirectives > 0) addValidationRule(documentLimitsRule(limits));
    },
    onExecute({ args, setResultAndStopExecution }) {
      if (limits.maxCost <= 0 && limits.maxIds <= 0) return;
      const operation = selectedOperation(args.document, args.operationName);
      if (!operation) return;
      const measured = cachedMeasure(args.schema, args.document, operation, (args.variableValues ?? {}) as Record<string, unknown>);
      const refuse = (message: string, extensions: Record<string, unknown>) =>
        setResultAndStopExecution({ errors: [new GraphQLError(message, { nodes: [operation], extensions })] });
      if (limits.maxIds > 0 && measured.ids > limits.maxIds) {
        refuse(`Too many ids: a list of ${measured.ids} ids, above the limit of ${limits.maxIds} (MAX_NODE_IDS). Ask in smaller batches.`, {
          code: 'TOO_MANY_IDS',
          ids: measured.ids,
          limit: limits.maxIds,
        });
      } else if (limits.maxCost > 0 && measured.cost > limits.maxCost) {
        // A cost grown past 2^53 by nested multipliers is reported as the largest safe integer.
        const cost = Math.min(measured.cost, Number.MAX_SAFE_INTEGER);
        refuse(
          `Query is too costly: its estimated cost is ${cost}, above the limit of ${limits.maxCost} (MAX_QUERY_COST). ` +
            'Ask for smaller pages (first/last), fewer nested lists or fewer searches.',
          { code: 'QUERY_TOO_COSTLY', cost, limit: limits.maxCost },
        );
      }
    },
  };
}

/** What one walk over an operation measures. */
export interface Measure {
  depth: number;
  cost: number;
  aliases: number;
  directives: number;
  /** The longest `ids` list given to any field (0: none). */
  ids: number;
}

/**
 * Measures already taken, per parsed document (Yoga's parser cache hands the same
 * DocumentNode to every request with the same text) and operation. A measure depends
 * on the variables only through the paging and list arguments that name them, so the
 * entry keeps the names of those variables and one measure per combination of their
 * values. The validation rule fills the entry (with no variables sent), so a document
 * whose cost names no variable is walked once.
 */
const measureCache = new WeakMap<DocumentNode, Map<OperationDefinitionNode, { variables: string[]; measures: Map<string, Measure> }>>();
const MAX_MEASURES_PER_OPERATION = 100;

function cachedMeasure(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Measure {
  let byOperation = measureCache.get(document);
  if (!byOperation) measureCache.set(document, (byOperation = new Map()));
  let entry = byOperation.get(operation);
  if (!entry) {
    const used = new Set<string>();
    const measured = measure(schema, document, operation, variables, used);
    entry = { variables: [...used].sort(), measures: new Map() };
    byOperation.set(operation, entry);
    entry.measures.set(measureKey(entry.variables, variables), measured);
    return measured;
  }
  const key = measureKey(entry.variables, variables);
  let measured = entry.measures.get(key);
  if (measured === undefined) {
    measured = measure(schema, document, operation, variables);
    if (entry.measures.size < MAX_MEASURES_PER_OPERATION) entry.measures.set(key, measured);
  }
  return measured;
}

const measureKey = (names: string[], variables: Record<string, unknown>) =>
  names.length === 0 ? '' : JSON.stringify(names.map((n) => variables[n] ?? null));

/** A validation rule: every operation's depth, aliases and directives are within `limits` (0: no limit). */
export function documentLimitsRule(limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>) {
  return function DocumentLimits(context: ValidationContext): ASTVisitor {
    return {
      OperationDefinition(operation) {
        const measured = cachedMeasure(context.getSchema(), context.getDocument(), operation, {});
        const report = (message: string, extensions: Record<string, unknown>) =>
          context.reportError(new GraphQLError(message, { nodes: [operation], extensions }));
        const { depth, aliases, directives } = measured;
        if (limits.maxDepth > 0 && depth > limits.maxDepth) {
          report(`Query is too deep: it nests fields ${depth} levels deep, above the limit of ${limits.maxDepth} (MAX_QUERY_DEPTH).`, {
            code: 'QUERY_TOO_DEEP',
            depth,
            limit: limits.maxDepth,
          });
        }
        if (limits.maxAliases > 0 && aliases > limits.maxAliases) {
          report(`Too many aliases: the operation runs ${aliases}, above the limit of ${limits.maxAliases} (MAX_QUERY_ALIASES).`, {
            code: 'TOO_MANY_ALIASES',
            aliases,
            limit: limits.maxAliases,
          });
        }
        if (limits.maxDirectives > 0 && directives > limits.maxDirectives) {
          report(
            `Too many directives: the operation carries ${directives}, above the limit of ${limits.maxDirectives} (MAX_QUERY_DIRECTIVES).`,
            { code: 'TOO_MANY_DIRECTIVES', directives, limit: limits.maxDirectives },
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

const ZERO: Measure = { depth: 0, cost: 0, aliases: 0, directives: 0, ids: 0 };

export function measure(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  provided: Record<string, unknown>,
  /** Collects the variables the measure depends on (named by a multiplying argument). */
  usedVariables?: Set<string>,
): Measure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = schema.getRootType(operation.operation);
  if (!root) return ZERO;

  // Variable values: those sent, else the operation's defaults (coerced from the AST).
  const variables: Record<string, unknown> = { ...provided };
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (variables[name] === undefined && def.defaultValue && type && isInputType(type)) {
      variables[name] = valueFromAST(def.defaultValue, type);
    }
  }

  // Each fragment's measure, taken once (its type condition fixes its parent type, so
  // it is the same wherever it is spread). A fragment being measured counts as nothing
  // where it spreads itself (a cycle, which validation refuses anyway).
  const measuredFragments = new Map<string, Measure | 'pending'>();
  const fragmentMeasure = (name: string): Measure => {
    const known = measuredFragments.get(name);
    if (known === 'pending') return ZERO;
    if (known) return known;
    const fragment = fragments.get(name);
    const conditionType = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !conditionType || !isCompositeType(conditionType)) return ZERO;
    measuredFragments.set(name, 'pending');
    const result = walk(fragment.selectionSet, conditionType);
    measuredFragments.set(name, result);
    return result;
  };

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType): Measure => {
    const total: Measure = { depth: 0, cost: 0, aliases: 0, directives: 0, ids: 0 };
    const add = (m: Measure, times: number, depthOffset: number) => {
      total.depth = Math.max(total.depth, depthOffset + m.depth);
      total.cost += times * m.cost;
      total.aliases += m.aliases;
      total.directives += m.directives;
      total.ids = Math.max(total.ids, m.ids);
    };
    for (const selection of set.selections) {
      total.directives += countDirectives(selection.directives);
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(parent, selection.name.value);
        if (!field) continue;
        const type = getNamedType(field.type);
        const child = selection.selectionSet && isCompositeType(type) ? walk(selection.selectionSet, type) : ZERO;
        const { factor, ids, batch } = multiplier(field, selection, variables, usedVariables);
        total.cost += (EXPENSIVE_FIELDS[`${parent.name}.${field.name}`] ?? 1) * (batch ? factor : 1);
        total.ids = Math.max(total.ids, ids);
        add(child, factor, 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const conditionType = condition ? schema.getType(condition) : parent;
        if (!conditionType || !isCompositeType(conditionType)) continue;
        add(walk(selection.selectionSet, conditionType), 1, 0);
      } else {
        add(fragmentMeasure(selection.name.value), 1, 0);
      }
    }
    return total;
  };
  const result = walk(operation.selectionSet, root);
  return { ...result, directives: result.directives + countDirectives(operation.directives) };
}

const countDirectives = (directives: readonly DirectiveNode[] | undefined) => directives?.length ?? 0;

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function multiplier(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
  usedVariables?: Set<string>,
): { factor: number; ids: number; batch?: boolean } {
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
    // A raw variable that is no Int (1e300, "12") is left to execution to refuse.
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_INT) return { factor: Math.max(0, value), ids: 0 };
  }
  for (const name of ['ids', 'representations']) {
    const value = argument(name);
    if (Array.isArray(value)) return { factor: value.length, ids: name === 'ids' ? value.length : 0 };
  }
  // A batch lookup's keys: the one list in its @oneOf `by` input.
  const by = argument('by');
  if (by !== null && typeof by === 'object') {
    const keys = Object.values(by).find(Array.isArray);
    if (keys) return { factor: keys.length, ids: keys.length, batch: true };
  }
  const type = getNamedType(field.type);
  if (type.name.endsWith('Connection')) return { factor: DEFAULT_PAGE_SIZE, ids: 0 };
  if (isListType(getNullableType(field.type)) && !type.name.endsWith('Edge')) return { factor: LIST_FACTOR, ids: 0 };
  return { factor: 1, ids: 0 };
}

const MULTIPLYING_ARGUMENTS = ['first', 'last', 'ids', 'representations', 'by'];
/** GraphQL's Int: 32 bits, signed. */
const MAX_INT = 2 ** 31 - 1;

function collectVariables(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const v of value.values) collectVariables(v, into);
  else if (value.kind === Kind.OBJECT) for (const f of value.fields) collectVariables(f.value, into);
}
