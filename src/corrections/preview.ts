// What a correction does to the author pages it touches: paper counts and
// co-authors before and after, read inside the correction's transaction.
import type { Queryable } from '../queryable.js';

export interface PageSnapshot {
  exists: boolean;
  paperCount: number;
  coauthors: Map<string, number>;
}

export interface AuthorPageChange {
  slug: string;
  existsBefore: boolean;
  existsAfter: boolean;
  paperCountBefore: number;
  paperCountAfter: number;
  coauthorsAdded: string[];
  coauthorsRemoved: string[];
}

/** Snapshots of the pages of `slugs` (by own slug only: a merged-away slug has no page of its own). */
export async function snapshotPages(tx: Queryable, slugs: string[]): Promise<Map<string, PageSnapshot>> {
  const { rows: people } = await tx.query<{ slug: string; papers: number }>(
    `SELECT a.slug, (SELECT count(DISTINCT t.paper_id)::int FROM authorship t JOIN paper p ON p.id = t.paper_id
                     WHERE t.author_id = a.id AND t.role = 'AUTHOR' AND NOT p.is_frontmatter) AS papers
     FROM author a WHERE a.slug = ANY($1)`,
    [slugs],
  );
  const { rows: coauthors } = await tx.query<{ slug: string; coauthor: string; shared: number }>(
    `SELECT a.slug, c.slug AS coauthor, count(DISTINCT mine.paper_id)::int AS shared
     FROM author a
     JOIN authorship mine ON mine.author_id = a.id AND mine.role = 'AUTHOR'
     JOIN authorship theirs ON theirs.paper_id = mine.paper_id AND theirs.role = 'AUTHOR' AND theirs.author_id <> a.id
     JOIN author c ON c.id = theirs.author_id
     WHERE a.slug = ANY($1)
     GROUP BY a.slug, c.slug`,
    [slugs],
  );
  const pages = new Map<string, PageSnapshot>();
  for (const slug of slugs) pages.set(slug, { exists: false, paperCount: 0, coauthors: new Map() });
  for (const p of people) Object.assign(pages.get(p.slug)!, { exists: true, paperCount: p.papers });
  for (const c of coauthors) pages.get(c.slug)!.coauthors.set(c.coauthor, c.shared);
  return pages;
}

export function comparePages(before: Map<string, PageSnapshot>, after: Map<string, PageSnapshot>): AuthorPageChange[] {
  return [...before.keys()].map((slug) => {
    const b = before.get(slug)!;
    const a = after.get(slug)!;
    return {
      slug,
      existsBefore: b.exists,
      existsAfter: a.exists,
      paperCountBefore: b.paperCount,
      paperCountAfter: a.paperCount,
      coauthorsAdded: [...a.coauthors.keys()].filter((c) => !b.coauthors.has(c)).sort(),
      coauthorsRemoved: [...b.coauthors.keys()].filter((c) => !a.coauthors.has(c)).sort(),
    };
  });
}
