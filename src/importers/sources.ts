// One identity across sources (docs/import.md, "Several sources"). Rows another source created
// carry that source's prefix in their public key (`dblp:conf/acl/X20` as a paper's
// anthology_id, `dblp:homepages/12/3456` as an author's slug; the Anthology's own ids never
// hold a ':'), so each importer replaces only its own rows. source_record lists, for every paper
// and person, each source that describes it, by that source's key.

/** The Anthology's ids and slugs have no ':' (`2024.naacl-long.1`, `jane-doe/unverified`). */
export const anthologyOwned = (column: string) => `position(':' in ${column}) = 0`;

/**
 * The DOI name as the folds compare it: a resolver prefix the Anthology's XML sometimes prints
 * (`doi:10.1162/…`, `https://doi.org/10.…`; DBLP and OpenAlex give the bare name) dropped, then
 * ASCII case folded as paper_doi_folded_idx folds it (DOI names compare so).
 */
const folded = (column: string) =>
  `translate(regexp_replace(${column}, '^(doi:|https?://(dx\\.)?doi\\.org/)', '', 'i'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/** The bare ORCID iD (`0000-0002-…`): the Anthology's old person file sometimes prints the URL form. */
const bareOrcid = (column: string) => `regexp_replace(${column}, '^https?://(www\\.)?orcid\\.org/', '', 'i')`;

/**
 * The Anthology's papers and people get their source records (key = anthology id or slug, url
 * = the paper's page on aclanthology.org, the person's as the importer wrote it). Run by the Anthology importer before it commits; unchanged records are not
 * rewritten, those of deleted rows went with them (ON DELETE CASCADE).
 */
export const ANTHOLOGY_SOURCE_RECORDS = [
  `INSERT INTO source_record (kind, paper_id, source, source_key, url)
  SELECT 'paper', p.id, 'acl-anthology', p.anthology_id, 'https://aclanthology.org/' || p.anthology_id || '/'
  FROM paper p WHERE ${anthologyOwned('p.anthology_id')}
  ON CONFLICT (kind, source, source_key) DO UPDATE SET paper_id = EXCLUDED.paper_id, url = EXCLUDED.url
  WHERE (source_record.paper_id, source_record.url) IS DISTINCT FROM (EXCLUDED.paper_id, EXCLUDED.url)`,
  `INSERT INTO source_record (kind, author_id, source, source_key, url)
  SELECT 'author', a.id, 'acl-anthology', a.slug, a.url FROM author a WHERE ${anthologyOwned('a.slug')}
  ON CONFLICT (kind, source, source_key) DO UPDATE SET author_id = EXCLUDED.author_id, url = EXCLUDED.url
  WHERE (source_record.author_id, source_record.url) IS DISTINCT FROM (EXCLUDED.author_id, EXCLUDED.url)`,
];

/**
 * Which source's row stands for a paper or a person several sources describe (docs/import.md,
 * "Several sources"): the Anthology's (0), then OpenAlex's (1: imported work by work, so its
 * rows outlive a DBLP re-import), then DBLP's (2). `column` is a paper's anthology_id or a
 * person's slug.
 */
const rank = (column: string) => `CASE WHEN ${anthologyOwned(column)} THEN 0 WHEN ${column} LIKE 'openalex:%' THEN 1 ELSE 2 END`;

/**
 * A paper whose DOI (folded) a paper of a higher-ranked source has is that paper: its source
 * records and references move to it (and its authors' institutions, where an author matches), and
 * the copy goes (with its authorships; the ranking source's fields and author list are shown). Papers of one source are never folded into each
 * other. Every importer runs this last, so the order of imports does not matter.
 */
export const FOLD_SHARED_DOIS = [
  `CREATE TEMP TABLE fold_paper ON COMMIT DROP AS
  WITH ranked AS (
    SELECT id, ${folded('doi')} AS doi, ${rank('anthology_id')} AS rank FROM paper WHERE doi IS NOT NULL
  ), target AS (
    SELECT DISTINCT ON (doi) doi, id, rank FROM ranked ORDER BY doi, rank, id
  )
  SELECT r.id AS from_id, t.id AS to_id FROM ranked r JOIN target t ON t.doi = r.doi AND t.rank < r.rank`,
  'UPDATE source_record s SET paper_id = f.to_id FROM fold_paper f WHERE s.paper_id = f.from_id',
  `INSERT INTO paper_reference (citing_paper_id, position, cited_work, cited_paper_id, citing_work)
  SELECT f.to_id, r.position, r.cited_work, r.cited_paper_id, r.citing_work FROM paper_reference r JOIN fold_paper f ON f.from_id = r.citing_paper_id
  ON CONFLICT (citing_paper_id, cited_work) DO NOTHING`,
  // The institutions OpenAlex prints with a folded work's authors stay with the authors of the
  // paper it is, where the match is exact: same position and role, same last name (accents and
  // case aside). The work's list replaces what a copy folded before left on those authorships
  // (OpenAlex is the only source of these links); an authorship not matched keeps none of them.
  `CREATE TEMP TABLE fold_slot ON COMMIT DROP AS
  SELECT ft.id AS from_id, tt.id AS to_id
  FROM fold_paper f JOIN paper fp ON fp.id = f.from_id AND fp.anthology_id LIKE 'openalex:%'
  JOIN authorship ft ON ft.paper_id = f.from_id
  JOIN authorship tt ON tt.paper_id = f.to_id AND tt.position = ft.position AND tt.role = ft.role
    AND lower(immutable_unaccent(tt.last_name)) = lower(immutable_unaccent(ft.last_name))`,
  'DELETE FROM authorship_institution ai USING fold_slot s WHERE ai.authorship_id = s.to_id',
  `INSERT INTO authorship_institution (authorship_id, institution_id)
  SELECT s.to_id, ai.institution_id FROM fold_slot s JOIN authorship_institution ai ON ai.authorship_id = s.from_id
  ON CONFLICT DO NOTHING`,
  'DROP TABLE fold_slot',
  'DELETE FROM paper p USING fold_paper f WHERE p.id = f.from_id',
  'DROP TABLE fold_paper',
  // References resolve to the paper their work's OpenAlex source record is on (a folded
  // paper's were set null when it went; a work imported since resolves those citing it).
  `UPDATE paper_reference r SET cited_paper_id = s.paper_id
  FROM source_record s WHERE s.kind = 'paper' AND s.source = 'openalex' AND s.source_key = r.cited_work
  AND r.cited_paper_id IS DISTINCT FROM s.paper_id`,
];

/**
 * A person whose ORCID a person of a higher-ranked source has is that person: their
 * authorships and source records move over, and the copy goes (its names stay in its source
 * record). Never by name. Every importer runs this last.
 */
export const FOLD_SHARED_ORCIDS = [
  `CREATE TEMP TABLE fold_author ON COMMIT DROP AS
  WITH ranked AS (
    SELECT id, ${bareOrcid('orcid')} AS orcid, ${rank('slug')} AS rank FROM author WHERE orcid IS NOT NULL
  ), target AS (
    SELECT DISTINCT ON (orcid) orcid, id, rank FROM ranked ORDER BY orcid, rank, id
  )
  SELECT r.id AS from_id, t.id AS to_id FROM ranked r JOIN target t ON t.orcid = r.orcid AND t.rank < r.rank`,
  'UPDATE authorship t SET author_id = f.to_id FROM fold_author f WHERE t.author_id = f.from_id',
  'UPDATE source_record s SET author_id = f.to_id FROM fold_author f WHERE s.author_id = f.from_id',
  'DELETE FROM author a USING fold_author f WHERE a.id = f.from_id',
  'DROP TABLE fold_author',
];
