// People by their public keys, outside the combined loader (see combined.ts).
import type { Queryable } from '../queryable.js';
import type { Database } from '../db/database.js';
import type { Author, Prisma } from '../generated/prisma/client.js';
import { type AuthorKeyKind, loadAuthorsBy } from './lookups.js';
import { modelColumns } from './model-sql.js';

/** A person by slug: the author page's first statement, named (prepared once per connection). */
export async function loadAuthorBySlug(db: Queryable, slug: string): Promise<Author | null> {
  const { rows } = await db.query<Author>({ name: 'sg_author_by_slug', text: authorBySlugSql(), values: [slug] });
  return rows[0] ?? null;
}

let text: string | undefined;
/** Built on first use (modelColumns reads the datamodel lazily). */
const authorBySlugSql = () => (text ??= `SELECT ${modelColumns('Author', 'a')} FROM author a WHERE a.slug = $1`);

/** What the Pothos prisma plugin asks a root field to load with a person (relations selected). */
export type AuthorQuery = { include?: Prisma.AuthorInclude; select?: Prisma.AuthorSelect };

/**
 * A person by slug, or the person a merged slug now belongs to (mergeAuthors). The hot
 * path (the author page) is one plain statement when no relation is selected through
 * Prisma (Author's fields load through the request's loaders).
 */
async function findAuthorBySlug(db: Pick<Database, 'prisma' | 'pool'>, query: AuthorQuery, slug: string): Promise<Author | null> {
  const author =
    Object.keys(query).length === 0
      ? await loadAuthorBySlug(db.pool, slug)
      : await db.prisma.author.findUnique({ ...query, where: { slug } });
  return author ?? db.prisma.author.findFirst({ ...query, where: { aliases: { some: { slug } } } });
}

/**
 * `author(by:)`: by slug as above (the author page's hot path), by ORCID as the batch
 * lookup does (src/loaders/lookups.ts).
 */
export async function findAuthor(
  db: Pick<Database, 'prisma' | 'pool'>,
  query: AuthorQuery,
  key: { kind: AuthorKeyKind; value: string },
): Promise<Author | null> {
  if (key.kind === 'slug') return findAuthorBySlug(db, query, key.value);
  return (await loadAuthorsBy(db.pool, { kind: key.kind, values: [key.value] }))[0] ?? null;
}
