// People by their public keys, outside the combined loader (see combined.ts).
import type { Author } from '../generated/prisma/client.js';
import { modelColumns, type Queryable } from './sql.js';

/** A person by slug: the author page's first statement, named (prepared once per connection). */
export async function loadAuthorBySlug(db: Queryable, slug: string): Promise<Author | null> {
  const { rows } = await db.query<Author>({ name: 'sg_author_by_slug', text: authorBySlugSql(), values: [slug] });
  return rows[0] ?? null;
}

let text: string | undefined;
/** Built on first use (modelColumns reads the datamodel lazily). */
const authorBySlugSql = () => (text ??= `SELECT ${modelColumns('Author', 'a')} FROM author a WHERE a.slug = $1`);
