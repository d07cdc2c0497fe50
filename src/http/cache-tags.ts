// What a cached response depends on, as tags: the global id of every Node object in it (the
// relay id, `Author:<slug>`, `Paper:<anthology id>`… base64-encoded), whatever fields the
// client selected; `<id>#people` for an entity whose authors, editors or top authors it shows
// (PEOPLE_FIELDS, src/db/cache-invalidation.ts); and its root fields (`Query.search`) for answers that are sets chosen by
// a predicate (a search gains a person who was not in it: no entity of the old answer
// changed). A root field that answered null (or a list holding null) is tagged
// `Query.<field>:null`: a person created by a split is missing from such an answer.
//
// The ids come from the document itself: every selection set whose type is (or may be) a
// Node also selects `id` under an alias of ours, which the result walk collects and removes
// before the result is serialized — the approach of @envelop/response-cache's
// addTypenameToDocument/collectEntity (idFields), with the id always asked for, so a page
// that shows a co-author's name only is still tagged with that co-author.
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { PEOPLE_FIELDS, peopleTag } from '../db/cache-invalidation.js';

/** The alias the transform gives its `id` selections (a document that uses it itself is not cached). */
export const ID_ALIAS = '_sgCacheId';
/** The alias of the `id` selected where the set also selects a people field of the entity. */
const PEOPLE_ALIAS = '_sgCachePeople';

export interface TaggedDocument {
  document: DocumentNode;
  /** The query's root fields: response key → field name. */
  rootFields: Map<string, string>;
}

/**
 * The query with an `id` under ID_ALIAS in every selection set that may hold a Node; null when
 * the document cannot be tagged (not a single query operation, or it uses ID_ALIAS).
 */
export function tagDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): TaggedDocument | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation || operation.operation !== 'query') return null;
  let usesAlias = false;
  const node = schema.getType('Node');
  const typeInfo = new TypeInfo(schema);
  const tagged = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        if (field.alias?.value === ID_ALIAS || field.alias?.value === PEOPLE_ALIAS) usesAlias = true;
      },
      SelectionSet: {
        leave(set) {
          const parent = typeInfo.getParentType();
          const extra = parent && node && isInterfaceType(node) ? idSelection(schema, parent, node.name) : undefined;
          const people = parent && PEOPLE_FIELDS[parent.name];
          const showsPeople = people && set.selections.some((s) => s.kind === Kind.FIELD && people.includes(s.name.value));
          const added = [...(extra ? [extra] : []), ...(showsPeople ? [PEOPLE_ID_FIELD] : [])];
          return added.length > 0 ? { ...set, selections: [...set.selections, ...added] } : undefined;
        },
      },
    }),
  );
  if (usesAlias) return null;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const rootFields = new Map<string, string>();
  const collect = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) rootFields.set(selection.alias?.value ?? selection.name.value, selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet, seen);
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return { document: tagged, rootFields };
}

const ID_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: ID_ALIAS },
  name: { kind: Kind.NAME, value: 'id' },
};

const PEOPLE_ID_FIELD: FieldNode = { ...ID_FIELD, alias: { kind: Kind.NAME, value: PEOPLE_ALIAS } };

/** `_sgCacheId: id` on a Node type, `... on Node { _sgCacheId: id }` on an abstract type some Node implements. */
function idSelection(schema: GraphQLSchema, parent: GraphQLCompositeType, nodeName: string): SelectionNode | undefined {
  const implementsNode = (type: GraphQLCompositeType) => isObjectType(type) && type.getInterfaces().some((i) => i.name === nodeName);
  if (parent.name === nodeName || implementsNode(parent)) return ID_FIELD;
  if (isAbstractType(parent) && schema.getPossibleTypes(parent).some(implementsNode)) {
    return {
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: nodeName } },
      selectionSet: { kind: Kind.SELECTION_SET, selections: [ID_FIELD] },
    };
  }
  return undefined;
}

/** The tags of a result of a tagged document; removes the ID_ALIAS fields from `data` (in place). */
export function collectTags(data: Record<string, unknown>, rootFields: Map<string, string>): Set<string> {
  const tags = new Set<string>();
  for (const [key, field] of rootFields) {
    tags.add(`Query.${field}`);
    const value = data[key];
    if (value === null || (Array.isArray(value) && value.includes(null))) tags.add(`Query.${field}:null`);
  }
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    const object = value as Record<string, unknown>;
    const id = object[ID_ALIAS];
    if (typeof id === 'string') {
      tags.add(id);
      delete object[ID_ALIAS];
    }
    const people = object[PEOPLE_ALIAS];
    if (typeof people === 'string') {
      tags.add(peopleTag(people));
      delete object[PEOPLE_ALIAS];
    }
    for (const key in object) walk(object[key]);
  };
  walk(data);
  return tags;
}
