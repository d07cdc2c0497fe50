// Which fields a query asks for below the current field: the one helper every
// "what was selected" decision goes through (fragments and inline fragments followed).
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';

/** Names of the fields selected at `path` below the current field, e.g. `['edges', 'node']`. */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  const fieldsOf = (selections: readonly SelectionNode[]): FieldNode[] =>
    selections.flatMap((s): FieldNode[] => {
      if (s.kind === Kind.FIELD) return [s];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet.selections);
      const fragment = info.fragments[s.name.value];
      return fragment ? fieldsOf(fragment.selectionSet.selections) : [];
    });
  let level: readonly SelectionNode[] = info.fieldNodes.flatMap((n) => n.selectionSet?.selections ?? []);
  for (const name of path) {
    level = fieldsOf(level)
      .filter((f) => f.name.value === name)
      .flatMap((f) => f.selectionSet?.selections ?? []);
  }
  return new Set(fieldsOf(level).map((f) => f.name.value));
}

/**
 * Paper fields that read neither markup copy (titleMarkup, abstractMarkup): a list of
 * papers whose selection stays within them is read without the markup columns.
 */
const PAPER_FIELDS_WITHOUT_MARKUP = new Set([
  '__typename',
  'id',
  'anthologyId',
  'title',
  'abstract',
  'year',
  'month',
  'monthText',
  'pages',
  'doi',
  'bibkey',
  'language',
  'awards',
  'isFrontmatter',
  'url',
  'pdfUrl',
  'volume',
  'authorships',
  'retracted',
  'retraction',
  'errata',
  'revisions',
  'attachments',
  'videos',
  'note',
  'events',
]);

/** True when the papers at `path` below the current field may be read without their markup. */
export function papersWithoutMarkup(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return [...selectedFields(info, path)].every((name) => PAPER_FIELDS_WITHOUT_MARKUP.has(name));
}

/**
 * True when the papers at `path` may be read without their markup and without their abstract
 * (the longest text a list reads; of the fields above only `abstract` prints it).
 */
export function papersWithoutAbstract(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const selected = selectedFields(info, path);
  return !selected.has('abstract') && [...selected].every((name) => PAPER_FIELDS_WITHOUT_MARKUP.has(name));
}

/** Authorship fields a brief authorship answers (src/loaders/combined.ts BRIEF_AUTHORSHIP_FIELDS). */
const BRIEF_AUTHORSHIP = new Set(['__typename', 'position', 'role', 'name', 'firstName', 'lastName', 'affiliation', 'author']);
/** Person fields a brief authorship's person answers (BRIEF_AUTHOR_FIELDS: `id` is the slug's). */
const BRIEF_AUTHOR = new Set(['__typename', 'id', 'slug', 'name', 'firstName', 'lastName']);
const briefCache = new WeakMap<readonly FieldNode[], boolean>();

/**
 * True when the authorships at `path` below the current field (a list of Authorship) ask only
 * for what a brief authorship holds. Remembered per field of a document when `path` is empty
 * (a paper's `authorships`, resolved once per paper).
 */
export function authorshipsBrief(info: GraphQLResolveInfo, path: readonly string[] = []): boolean {
  const cached = path.length === 0 ? briefCache.get(info.fieldNodes) : undefined;
  if (cached !== undefined) return cached;
  const brief =
    [...selectedFields(info, path)].every((name) => BRIEF_AUTHORSHIP.has(name)) &&
    [...selectedFields(info, [...path, 'author'])].every((name) => BRIEF_AUTHOR.has(name));
  if (path.length === 0) briefCache.set(info.fieldNodes, brief);
  return brief;
}
