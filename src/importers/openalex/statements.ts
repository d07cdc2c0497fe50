// The OpenAlex import's SQL: after the works are staged (command.ts), everything runs set-wise
// in the import's transaction. OpenAlex comes in files of works, so an import adds the works it
// reads and replaces those it had before (by OpenAlex id); it deletes no other work.
//
// Staging (o_stage): `file` = the input file's index (a directory's files in path order);
// per work a `work` row (key = its id `W…`, pos = its line, data = its fields), an `authorship` row per authorship (pos = 0-based position, name = as printed,
// orcid, data = the author id, display name, affiliations, institutions) and a `reference` row
// per referenced work (pos = 0-based position, name = the cited work's id).
//
// Keys: a paper is `openalex:W…` (its anthology_id, while the Anthology does not have it), a
// volume `openalex:<source id>/<year>` (`openalex:-/<year>` without a source) in collection
// `openalex:<source id>`; a person `openalex:orcid:<iD>` when an ORCID says who they are (every
// OpenAlex author id with that iD is that one person), else `openalex:A…`, else (OpenAlex names
// no author) `openalex:W…/<position>`, a person of that one authorship.

export const CREATE_STAGE =
  'CREATE TEMP TABLE o_stage (file int, kind text, key text, pos int, name text, orcid text, data jsonb) ON COMMIT DROP';
export const COPY_STAGE = 'COPY o_stage (file, kind, key, pos, name, orcid, data) FROM STDIN';

/**
 * A work twice in one file: the second one's file and line. (A work in two files of a
 * directory is read from the later file, as a snapshot's newer `updated_date=…` part.)
 */
export const DUPLICATE_WORK = `SELECT key, file, (array_agg(pos ORDER BY pos))[2] AS line
  FROM o_stage WHERE kind = 'work' GROUP BY key, file HAVING count(*) > 1 ORDER BY file, 3 LIMIT 1`;

// A printed name taken apart at its last blank (OpenAlex does not split names): first, last.
const first = (name: string) => `regexp_replace(${name}, '\\s*\\S+$', '')`;
const last = (name: string) => `coalesce(substring(${name} from '(\\S+)$'), '')`;

export const BUILD = [
  `CREATE TEMP TABLE o_work ON COMMIT DROP AS
  SELECT DISTINCT ON (key) key, file, pos AS line, data, (data->>'year')::int AS year, nullif(data->'venue'->>'id', '') AS venue_id,
    coalesce(data->'venue'->>'id', '-') || '/' || (data->>'year') AS vkey
  FROM o_stage WHERE kind = 'work' ORDER BY key, file DESC`,
  'CREATE UNIQUE INDEX ON o_work (key)',
  'ANALYZE o_work',

  // Venues: a collection per OpenAlex source, a volume per source and year (titled by the source).
  `INSERT INTO collection (slug) SELECT DISTINCT 'openalex:' || coalesce(venue_id, '-') FROM o_work ON CONFLICT (slug) DO NOTHING`,
  `INSERT INTO volume (anthology_id, collection_id, title, title_markup, type, year, publisher, url, journal_title)
  SELECT DISTINCT ON (w.vkey) 'openalex:' || w.vkey, c.id, coalesce(w.data->'venue'->>'name', 'OpenAlex works without a source'),
    coalesce(w.data->'venue'->>'name', 'OpenAlex works without a source'),
    CASE WHEN w.data->'venue'->>'type' = 'journal' OR w.data->'venue'->>'issn' IS NOT NULL THEN 'journal' ELSE 'proceedings' END,
    w.year, w.data->'venue'->>'publisher', CASE WHEN w.venue_id IS NOT NULL THEN 'https://openalex.org/' || w.venue_id END,
    CASE WHEN w.data->'venue'->>'issn' IS NOT NULL THEN w.data->'venue'->>'name' END
  FROM o_work w JOIN collection c ON c.slug = 'openalex:' || coalesce(w.venue_id, '-')
  ORDER BY w.vkey, w.key
  ON CONFLICT (anthology_id) DO NOTHING`,

  // Papers: new works inserted, works imported before updated in place (their ids stay).
  `INSERT INTO paper (anthology_id, sort_key, volume_id, title, title_markup, abstract, abstract_markup, year, pages, doi, url, language)
  SELECT 'openalex:' || w.key, 'openalex:' || w.key, v.id, w.data->>'title', w.data->>'title', w.data->>'abstract', w.data->>'abstract',
    w.year, w.data->>'pages', w.data->>'doi', 'https://openalex.org/' || w.key, w.data->>'language'
  FROM o_work w JOIN volume v ON v.anthology_id = 'openalex:' || w.vkey
  ON CONFLICT (anthology_id) DO UPDATE SET volume_id = EXCLUDED.volume_id, title = EXCLUDED.title, title_markup = EXCLUDED.title_markup,
    abstract = EXCLUDED.abstract, abstract_markup = EXCLUDED.abstract_markup, year = EXCLUDED.year, pages = EXCLUDED.pages,
    doi = EXCLUDED.doi, url = EXCLUDED.url, language = EXCLUDED.language`,
  'ANALYZE volume, paper',
  `CREATE TEMP TABLE o_paper ON COMMIT DROP AS
  SELECT w.key, p.id AS paper_id FROM o_work w JOIN paper p ON p.anthology_id = 'openalex:' || w.key`,
  'CREATE UNIQUE INDEX ON o_paper (key)',
  'ANALYZE o_paper',

  // Authorships and who they are. \`printed\`: the ORCID printed with the name; \`orcid\`: the
  // same, unless the work prints it with two of its authorships (one ORCID for two people on
  // one paper, as in 15 works of the 2022 sample: it says who neither is).
  `CREATE TEMP TABLE o_name ON COMMIT DROP AS
  SELECT s.key AS work, s.pos, s.name, s.orcid AS printed, s.orcid, s.data, s.data->>'authorId' AS author_id, NULL::text AS person
  FROM o_stage s JOIN o_work w ON w.key = s.key AND w.file = s.file WHERE s.kind = 'authorship'`,
  `UPDATE o_name n SET orcid = NULL FROM (SELECT DISTINCT work, orcid FROM o_name WHERE orcid IS NOT NULL
    GROUP BY work, orcid HAVING count(*) > 1) twice WHERE n.work = twice.work AND n.orcid = twice.orcid`,
  // An author id printed with an ORCID on one work is that ORCID's person on all of them.
  `UPDATE o_name n SET orcid = o.orcid
  FROM (SELECT DISTINCT ON (author_id) author_id, orcid FROM o_name WHERE orcid IS NOT NULL ORDER BY author_id, orcid) o
  WHERE n.orcid IS NULL AND n.author_id = o.author_id`,
  `UPDATE o_name SET person = CASE WHEN orcid IS NOT NULL THEN 'orcid:' || orcid ELSE coalesce(author_id, work || '/' || pos) END`,
  'ANALYZE o_name',
  `CREATE TEMP TABLE o_person ON COMMIT DROP AS
  SELECT person AS key, min(orcid) AS orcid,
    -- The name: OpenAlex's display name, as on the person's first authorship (by work id, position).
    (array_agg(coalesce(data->>'displayName', name) ORDER BY work, pos))[1] AS name,
    array_agg(DISTINCT coalesce(data->>'displayName', name)) AS names,
    (array_agg(data->'affiliations'->>0 ORDER BY work DESC, pos) FILTER (WHERE data->'affiliations'->>0 IS NOT NULL))[1] AS affiliation
  FROM o_name GROUP BY person`,
  'CREATE UNIQUE INDEX ON o_person (key)',
  'ANALYZE o_person',
  `INSERT INTO author (slug, first_name, last_name, orcid, orcids, institution, url)
  SELECT 'openalex:' || p.key, ${first('p.name')}, ${last('p.name')}, p.orcid, CASE WHEN p.orcid IS NULL THEN '{}' ELSE ARRAY[p.orcid] END,
    p.affiliation, CASE WHEN p.orcid IS NOT NULL THEN 'https://orcid.org/' || p.orcid END
  FROM o_person p
  ON CONFLICT (slug) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, orcid = EXCLUDED.orcid,
    orcids = EXCLUDED.orcids, institution = EXCLUDED.institution, url = EXCLUDED.url`,
  'ANALYZE author',
  `CREATE TEMP TABLE o_author_of ON COMMIT DROP AS
  SELECT p.key, a.id AS author_id FROM o_person p JOIN author a ON a.slug = 'openalex:' || p.key`,
  'CREATE UNIQUE INDEX ON o_author_of (key)',
  'ANALYZE o_author_of',
  // One canonical name per person: a name OpenAlex no longer displays (a corrected display name)
  // stays a variant; the displayed one becomes (or stays) canonical, also when it was a variant.
  `UPDATE author_name n SET canonical = false, position = 1
  FROM o_person p JOIN o_author_of o ON o.key = p.key
  WHERE n.author_id = o.author_id AND n.canonical AND (n.first_name, n.last_name) IS DISTINCT FROM (${first('p.name')}, ${last('p.name')})`,
  // Spellings that split into the same first and last name (blanks differ) are one row, the
  // displayed one first (ON CONFLICT DO UPDATE may touch a row once per statement).
  `INSERT INTO author_name (author_id, first_name, last_name, canonical, position)
  SELECT DISTINCT ON (o.author_id, ${first('x.name')}, ${last('x.name')})
    o.author_id, ${first('x.name')}, ${last('x.name')}, x.name = p.name, CASE WHEN x.name = p.name THEN 0 ELSE 1 END
  FROM o_person p JOIN o_author_of o ON o.key = p.key CROSS JOIN unnest(p.names) AS x(name)
  ORDER BY o.author_id, ${first('x.name')}, ${last('x.name')}, x.name = p.name DESC, x.name
  ON CONFLICT (author_id, first_name, last_name) DO UPDATE SET canonical = true, position = 0 WHERE EXCLUDED.canonical`,
  // The works' authorships are replaced (the Anthology's papers keep theirs: the fold below).
  'DELETE FROM authorship t USING o_paper p WHERE t.paper_id = p.paper_id',
  `INSERT INTO authorship (paper_id, volume_id, author_id, role, position, first_name, last_name, affiliation, orcid, matched_by)
  SELECT p.paper_id, pp.volume_id, o.author_id, 'AUTHOR', n.pos, ${first('n.name')}, ${last('n.name')}, n.data->'affiliations'->>0,
    n.printed, 'EXPLICIT_ID'
  FROM o_name n JOIN o_paper p ON p.key = n.work JOIN paper pp ON pp.id = p.paper_id JOIN o_author_of o ON o.key = n.person`,

  // Institutions printed with the authorships (those OpenAlex identifies: an id `I…`).
  `CREATE TEMP TABLE o_institution ON COMMIT DROP AS
  SELECT n.work, n.pos, i->>'id' AS openalex_id, i->>'name' AS name, i->>'ror' AS ror, i->>'country' AS country
  FROM o_name n CROSS JOIN jsonb_array_elements(n.data->'institutions') AS i WHERE i->>'id' IS NOT NULL`,
  `INSERT INTO institution (openalex_id, ror, name, country)
  SELECT DISTINCT ON (openalex_id) openalex_id, ror, coalesce(name, openalex_id), country FROM o_institution ORDER BY openalex_id, work DESC
  ON CONFLICT (openalex_id) DO UPDATE SET ror = EXCLUDED.ror, name = EXCLUDED.name, country = EXCLUDED.country`,
  `INSERT INTO authorship_institution (authorship_id, institution_id)
  SELECT t.id, inst.id FROM o_institution i JOIN o_paper p ON p.key = i.work
  JOIN authorship t ON t.paper_id = p.paper_id AND t.position = i.pos AND t.role = 'AUTHOR'
  JOIN institution inst ON inst.openalex_id = i.openalex_id
  ON CONFLICT DO NOTHING`,

  // Source records: each work, and each OpenAlex author id (the person it is).
  `INSERT INTO source_record (kind, paper_id, source, source_key, url, fields)
  SELECT 'paper', p.paper_id, 'openalex', w.key, 'https://openalex.org/' || w.key,
    w.data || jsonb_build_object('authors', coalesce(n.authors, '[]'), 'referencedWorks', coalesce(r.refs, 0))
  FROM o_work w JOIN o_paper p ON p.key = w.key
  LEFT JOIN (SELECT work, jsonb_agg(name ORDER BY pos) AS authors FROM o_name GROUP BY work) n ON n.work = w.key
  LEFT JOIN (SELECT key, file, count(*)::int AS refs FROM o_stage WHERE kind = 'reference' GROUP BY key, file) r
    ON r.key = w.key AND r.file = w.file
  ON CONFLICT (kind, source, source_key) DO UPDATE SET paper_id = EXCLUDED.paper_id, url = EXCLUDED.url, fields = EXCLUDED.fields`,
  `INSERT INTO source_record (kind, author_id, source, source_key, url, fields)
  SELECT DISTINCT ON (n.author_id) 'author', o.author_id, 'openalex', n.author_id, 'https://openalex.org/' || n.author_id,
    jsonb_build_object('displayName', n.data->'displayName', 'orcid', n.printed)
  FROM o_name n JOIN o_author_of o ON o.key = n.person WHERE n.author_id IS NOT NULL
  ORDER BY n.author_id, n.printed NULLS LAST
  ON CONFLICT (kind, source, source_key) DO UPDATE SET author_id = EXCLUDED.author_id, url = EXCLUDED.url, fields = EXCLUDED.fields`,

  // References: the works' lists replaced; resolved (to the papers their works are) by
  // FOLD_SHARED_DOIS, which every import runs last.
  // A work folded into another source's paper before (same DOI) left its references there,
  // marked with the work: they go too, wherever they are, so the work's new list replaces them.
  'DELETE FROM paper_reference r USING o_paper p WHERE r.citing_paper_id = p.paper_id',
  'DELETE FROM paper_reference r USING o_work w WHERE r.citing_work = w.key',
  `INSERT INTO paper_reference (citing_paper_id, position, cited_work, citing_work)
  SELECT p.paper_id, s.pos, s.name, s.key FROM o_stage s JOIN o_work w ON w.key = s.key AND w.file = s.file JOIN o_paper p ON p.key = s.key
  WHERE s.kind = 'reference'
  ON CONFLICT (citing_paper_id, cited_work) DO NOTHING`,

  'ANALYZE authorship, author_name, source_record, paper_reference',
];

/**
 * Run after the folds (FOLD_SHARED_DOIS, FOLD_SHARED_ORCIDS): people of OpenAlex's own that no
 * authorship and no source record names any more (a folded work's people without an author id
 * lose their authorships with it).
 */
export const DROP_ORPHAN_PEOPLE = [
  `DELETE FROM author a WHERE a.slug LIKE 'openalex:%' AND a.created_by_correction_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM authorship t WHERE t.author_id = a.id)
  AND NOT EXISTS (SELECT 1 FROM source_record s WHERE s.author_id = a.id)`,
];

/** What this import read and wrote (after the folds). */
export const SUMMARY = `SELECT
  (SELECT count(*) FROM o_work)::int AS works,
  (SELECT count(*) FROM o_work w JOIN source_record s ON s.kind = 'paper' AND s.source = 'openalex' AND s.source_key = w.key
    JOIN paper p ON p.id = s.paper_id WHERE p.anthology_id NOT LIKE 'openalex:%')::int AS folded,
  (SELECT count(*) FROM o_person)::int AS people,
  (SELECT count(*) FROM o_person p JOIN author a ON a.orcid = p.orcid WHERE a.slug NOT LIKE 'openalex:%')::int AS "mergedByOrcid",
  (SELECT count(*) FROM o_name)::int AS authorships,
  (SELECT count(DISTINCT openalex_id) FROM o_institution)::int AS institutions,
  (SELECT count(*) FROM o_stage s JOIN o_work w ON w.key = s.key AND w.file = s.file WHERE s.kind = 'reference')::int AS "references",
  (SELECT count(*) FROM paper_reference r JOIN source_record s ON s.kind = 'paper' AND s.source = 'openalex' AND s.paper_id = r.citing_paper_id
    JOIN o_work w ON w.key = s.source_key WHERE r.cited_paper_id IS NOT NULL)::int AS resolved`;
