// One identity across sources (docs/import.md, "Several sources"). Rows another source created
// carry that source's prefix in their public key (`dblp:conf/acl/X20` as a paper's
// anthology_id, `dblp:homepages/12/3456` as an author's slug; the Anthology's own ids never
// hold a ':'), so each importer replaces only its own rows. source_record lists, for every paper
// and person, each source that describes it, by that source's key.

/** The Anthology's ids and slugs have no ':' (`2024.naacl-long.1`, `jane-doe/unverified`). */
export const anthologyOwned = (column: string) => `position(':' in ${column}) = 0`;

/** The folded DOI, as paper_doi_folded_idx indexes it (DOI names compare with ASCII case folded). */
const folded = (column: string) => `translate(${column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

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
 * A paper another source created whose DOI (folded) is an Anthology paper's is that paper:
 * its source records move to the Anthology paper, and the copy goes (with its authorships;
 * the Anthology's fields and author list come first for its own papers). Both importers run
 * this last, so the order of imports does not matter.
 */
export const FOLD_SHARED_DOIS = [
  `CREATE TEMP TABLE fold_paper ON COMMIT DROP AS
  SELECT o.id AS from_id, min(a.id) AS to_id
  FROM paper o JOIN paper a ON ${folded('a.doi')} = ${folded('o.doi')} AND ${anthologyOwned('a.anthology_id')}
  WHERE o.doi IS NOT NULL AND NOT ${anthologyOwned('o.anthology_id')}
  GROUP BY o.id`,
  'UPDATE source_record s SET paper_id = f.to_id FROM fold_paper f WHERE s.paper_id = f.from_id',
  'DELETE FROM paper p USING fold_paper f WHERE p.id = f.from_id',
  'DROP TABLE fold_paper',
];

/**
 * A person another source created whose ORCID is an Anthology author's is that author: their
 * authorships and source records move to the Anthology author, and the copy goes (its names
 * stay in its source record). Never by name. Both importers run this last.
 */
export const FOLD_SHARED_ORCIDS = [
  `CREATE TEMP TABLE fold_author ON COMMIT DROP AS
  SELECT o.id AS from_id, min(a.id) AS to_id
  FROM author o JOIN author a ON a.orcid = o.orcid AND ${anthologyOwned('a.slug')}
  WHERE o.orcid IS NOT NULL AND NOT ${anthologyOwned('o.slug')}
  GROUP BY o.id`,
  'UPDATE authorship t SET author_id = f.to_id FROM fold_author f WHERE t.author_id = f.from_id',
  'UPDATE source_record s SET author_id = f.to_id FROM fold_author f WHERE s.author_id = f.from_id',
  'DELETE FROM author a USING fold_author f WHERE a.id = f.from_id',
  'DROP TABLE fold_author',
];
