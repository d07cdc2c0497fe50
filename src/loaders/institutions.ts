// Institutions (OpenAlex's, on authorships: authorship_institution): a person's institutions
// with the years of the papers that name them, an institution's people (paged), lookups by
// OpenAlex id or ROR id. One statement per batch each.
import type { Queryable } from '../queryable.js';
import type { Author, Institution } from '../generated/prisma/client.js';
import { type PageWindow, pages } from './browsing-pages.js';
import { groupByKey, modelColumns, rows } from './model-sql.js';
import type { Page } from './paging.js';

/** A person at an institution: the papers that print it with their name, and those papers' years. */
export interface Affiliation {
  firstYear: number;
  lastYear: number;
  paperCount: number;
}

export type AuthorInstitution = Affiliation & { institution: Institution };
export type InstitutionAuthor = Affiliation & { author: Author };

/** Each person's institutions, latest first (last year, then papers, then name). */
export async function loadAuthorInstitutions(db: Queryable, authorIds: readonly number[]): Promise<AuthorInstitution[][]> {
  const found = await rows<Institution & Affiliation & { parent_id: number }>(
    db,
    `SELECT t.author_id AS parent_id, min(p.year)::int AS "firstYear", max(p.year)::int AS "lastYear",
            count(DISTINCT t.paper_id)::int AS "paperCount", ${modelColumns('Institution', 'i')}
     FROM authorship t JOIN authorship_institution ai ON ai.authorship_id = t.id
     JOIN institution i ON i.id = ai.institution_id JOIN paper p ON p.id = t.paper_id
     WHERE t.author_id = ANY($1) GROUP BY t.author_id, i.id
     ORDER BY t.author_id, max(p.year) DESC, count(DISTINCT t.paper_id) DESC, i.name, i.id`,
    [authorIds],
  );
  return groupByKey(authorIds, found, (r) => r.parent_id).map((list) =>
    list.map(({ parent_id: _p, firstYear, lastYear, paperCount, ...institution }) => ({ institution, firstYear, lastYear, paperCount })),
  );
}

type AuthorRow = Author & Affiliation & { parent_id: number; rn: number; total: number };

/** Each institution's people: most papers first, then by last year, name. */
export function loadInstitutionAuthorPages(
  db: Queryable,
  institutionIds: readonly number[],
  window: PageWindow,
): Promise<Page<InstitutionAuthor>[]> {
  return pages<AuthorRow, InstitutionAuthor>(
    db,
    `SELECT m.parent_id, (row_number() OVER (PARTITION BY m.parent_id ORDER BY m."paperCount" DESC, m."lastYear" DESC, a.last_name, a.first_name, a.id))::int AS rn,
            (count(*) OVER (PARTITION BY m.parent_id))::int AS total, m."firstYear", m."lastYear", m."paperCount", ${modelColumns('Author', 'a')}
     FROM (SELECT ai.institution_id AS parent_id, t.author_id, min(p.year)::int AS "firstYear", max(p.year)::int AS "lastYear",
                  count(DISTINCT t.paper_id)::int AS "paperCount"
           FROM authorship_institution ai JOIN authorship t ON t.id = ai.authorship_id JOIN paper p ON p.id = t.paper_id
           WHERE ai.institution_id = ANY($1) GROUP BY ai.institution_id, t.author_id) m
     JOIN author a ON a.id = m.author_id`,
    [institutionIds],
    institutionIds,
    window,
    ({ parent_id: _p, rn: _r, total: _t, firstYear, lastYear, paperCount, ...author }) => ({
      author: author as Author,
      firstYear,
      lastYear,
      paperCount,
    }),
  );
}

export type InstitutionKeyKind = 'openalexId' | 'ror';

/** An institution by OpenAlex id or ROR id (the first by id with it); null when none has it. */
export async function findInstitution(db: Queryable, key: { kind: InstitutionKeyKind; value: string }): Promise<Institution | null> {
  const column = key.kind === 'ror' ? 'ror' : 'openalex_id';
  const found = await rows<Institution>(
    db,
    `SELECT ${modelColumns('Institution', 'i')} FROM institution i WHERE i.${column} = $1 ORDER BY i.id LIMIT 1`,
    [key.value],
  );
  return found[0] ?? null;
}
