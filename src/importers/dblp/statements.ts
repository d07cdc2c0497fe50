// The DBLP import's SQL: everything after the file is staged (command.ts) runs in the import's
// transaction, set-wise, so memory stays in PostgreSQL's hands whatever the file's size.
//
// Staging (d_stage): one row per record (`record`: data = its fields as JSON, pos = its line),
// per author and editor slot (`author`/`editor`: key = the record's, pos = 0-based position),
// per person record (`person`: key = its pid `homepages/…`) and per name of a person record
// (`alias`: pos 0 = the person's name, then the aliases).
//
// Public keys: a paper is `dblp:<record key>` (anthology_id: the paper's primary public key),
// a volume `dblp:<proceedings or book key>` (the crossref target) or, for a record without
// one, `dblp:<stream>/<year>` (`dblp:journals/cl/2020`); a person `dblp:<pid>`, or
// `dblp:<name>` for a name no person record in the file lists (dblp's names are unique: same-named
// people carry a 4-digit suffix, https://dblp.org/faq/1474704.html).

export const CREATE_STAGE = 'CREATE TEMP TABLE d_stage (kind text, key text, pos int, name text, orcid text, data jsonb) ON COMMIT DROP';
export const COPY_STAGE = 'COPY d_stage (kind, key, pos, name, orcid, data) FROM STDIN';

/** A key used by two records (or two person records): the later one's line. */
export const DUPLICATE_KEY = `SELECT key, max(pos) AS line FROM d_stage WHERE kind IN ('record', 'person')
  GROUP BY kind, key HAVING count(*) > 1 ORDER BY 2 LIMIT 1`;

/**
 * The previous DBLP import goes: its volumes (their papers, authorships and source records with
 * them), collections, and the source records it put on Anthology papers and people. Its people
 * are replaced by slug below (their ids stay), those no longer named are deleted at the end.
 */
export const DELETE_PREVIOUS = [
  "DELETE FROM volume WHERE anthology_id LIKE 'dblp:%'",
  "DELETE FROM collection WHERE slug LIKE 'dblp:%'",
  "DELETE FROM source_record WHERE source = 'dblp'",
];

// A dblp name without its disambiguation suffix ("Wei Wang 0001" → "Wei Wang"), and that
// display name taken apart at its last blank (dblp does not split names): first, last.
const display = (name: string) => `regexp_replace(${name}, '\\s+\\d{4}$', '')`;
const first = (name: string) => `regexp_replace(${display(name)}, '\\s*\\S+$', '')`;
const last = (name: string) => `substring(${display(name)} from '(\\S+)$')`;
const suffix = (name: string) => `substring(${name} from '\\s(\\d{4})$')`;

export const BUILD = [
  // Records, each with its volume's key.
  `CREATE TEMP TABLE d_record ON COMMIT DROP AS
  SELECT key, pos AS line, data, data->>'type' AS type, data->>'title' AS title, (data->>'year')::int AS year,
    data->>'journal' AS journal, data->>'doi' AS doi,
    CASE WHEN data->>'type' IN ('proceedings', 'book') THEN key
         WHEN data->>'crossref' IS NOT NULL THEN data->>'crossref'
         ELSE split_part(key, '/', 1) || '/' || split_part(key, '/', 2) || '/' || (data->>'year') END AS vkey
  FROM d_stage WHERE kind = 'record'`,
  'CREATE UNIQUE INDEX ON d_record (key)',
  'ANALYZE d_record',

  // Volumes: a crossref target's title, year, publisher, ISBN and DOI when the file has it;
  // else what its records say (their journal, booktitle or school; their earliest year).
  `CREATE TEMP TABLE d_volume ON COMMIT DROP AS
  SELECT v.vkey, split_part(v.vkey, '/', 1) || '/' || split_part(v.vkey, '/', 2) AS collection,
    coalesce(nullif(t.title, ''), v.venue, v.vkey) AS title, coalesce(t.year, v.year) AS year,
    coalesce(t.type, CASE WHEN v.journal IS NOT NULL THEN 'journal' ELSE 'proceedings' END) AS type,
    t.data->>'publisher' AS publisher, t.data->>'isbn' AS isbn, t.doi, v.journal,
    CASE WHEN t.key IS NOT NULL THEN 'https://dblp.org/rec/' || t.key END AS url
  FROM (SELECT vkey, min(year) AS year, min(journal) AS journal,
               min(coalesce(journal, data->>'booktitle', data->>'school')) AS venue
        FROM d_record GROUP BY vkey) v
  LEFT JOIN d_record t ON t.key = v.vkey`,
  `INSERT INTO collection (slug) SELECT DISTINCT 'dblp:' || collection FROM d_volume ON CONFLICT (slug) DO NOTHING`,
  `INSERT INTO volume (anthology_id, collection_id, title, title_markup, type, year, publisher, isbn, doi, url, journal_title)
  SELECT 'dblp:' || d.vkey, c.id, d.title, d.title, d.type, d.year, d.publisher, d.isbn, d.doi, d.url, d.journal
  FROM d_volume d JOIN collection c ON c.slug = 'dblp:' || d.collection`,

  // Papers: every record, a proceedings record as its volume's frontmatter (as the Anthology's).
  `INSERT INTO paper (anthology_id, sort_key, volume_id, title, title_markup, year, month, pages, doi, url, is_frontmatter)
  SELECT 'dblp:' || r.key, 'dblp:' || r.key, v.id, r.title, r.title, r.year, r.data->>'month', r.data->>'pages', r.doi,
    'https://dblp.org/rec/' || r.key, r.type = 'proceedings'
  FROM d_record r JOIN volume v ON v.anthology_id = 'dblp:' || r.vkey`,
  // The live tables' statistics include this transaction's rows from here on (ANALYZE counts
  // them): without, the planner takes the new rows for none and nests loops over them.
  'ANALYZE volume, paper',

  // People: each person record, and each name on a record that no person record lists.
  `CREATE TEMP TABLE d_name_pid ON COMMIT DROP AS
  SELECT DISTINCT ON (name) name, key AS pid FROM d_stage WHERE kind = 'alias' ORDER BY name, key`,
  'CREATE UNIQUE INDEX ON d_name_pid (name)',
  `CREATE TEMP TABLE d_name ON COMMIT DROP AS
  SELECT s.kind AS role, s.key, s.pos, s.name, s.orcid, coalesce(np.pid, s.name) AS person, np.pid IS NOT NULL AS listed
  FROM d_stage s LEFT JOIN d_name_pid np ON np.name = s.name WHERE s.kind IN ('author', 'editor')`,
  'ANALYZE d_name',
  `CREATE TEMP TABLE d_person ON COMMIT DROP AS
  WITH www AS (
    SELECT s.key, s.data, array_agg(a.name ORDER BY a.pos) AS names
    FROM d_stage s JOIN d_stage a ON a.kind = 'alias' AND a.key = s.key
    WHERE s.kind = 'person' GROUP BY s.key, s.data
  ), printed AS (
    SELECT person AS key, array_agg(DISTINCT orcid ORDER BY orcid) FILTER (WHERE orcid IS NOT NULL) AS orcids
    FROM d_name GROUP BY person
  )
  SELECT coalesce(w.key, p.key) AS key, w.key IS NOT NULL AS pid, coalesce(w.names, ARRAY[p.key]) AS names,
    coalesce(w.data, '{}'::jsonb) AS data,
    -- The person record's ORCIDs first (its orcid.org links), then those printed with the name.
    ARRAY(SELECT DISTINCT o FROM unnest(ARRAY(SELECT jsonb_array_elements_text(w.data->'orcids')) || coalesce(p.orcids, '{}')) o
          ORDER BY o) AS orcids,
    coalesce(w.data->'orcids'->>0, p.orcids[1]) AS orcid
  FROM www w FULL JOIN printed p ON p.key = w.key`,
  'CREATE UNIQUE INDEX ON d_person (key)',
  'ANALYZE d_person',

  `INSERT INTO author (slug, first_name, last_name, orcid, orcids, comment, institution, url)
  SELECT 'dblp:' || p.key, ${first('p.names[1]')}, ${last('p.names[1]')}, p.orcid, p.orcids, ${suffix('p.names[1]')},
    p.data->'affiliations'->>0, CASE WHEN p.pid THEN 'https://dblp.org/pid/' || substr(p.key, 11) END
  FROM d_person p
  ON CONFLICT (slug) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, orcid = EXCLUDED.orcid,
    orcids = EXCLUDED.orcids, comment = EXCLUDED.comment, institution = EXCLUDED.institution, url = EXCLUDED.url`,
  'ANALYZE author',
  `CREATE TEMP TABLE d_author_of ON COMMIT DROP AS
  SELECT p.key, a.id AS author_id FROM d_person p JOIN author a ON a.slug = 'dblp:' || p.key`,
  'CREATE UNIQUE INDEX ON d_author_of (key)',
  'ANALYZE d_author_of',
  // Names of DBLP's own people: the person record's, in order (the first canonical).
  `DELETE FROM author_name n USING author a WHERE a.id = n.author_id AND a.slug LIKE 'dblp:%'`,
  `INSERT INTO author_name (author_id, first_name, last_name, canonical, position)
  SELECT a.id, ${first('x.name')}, ${last('x.name')}, x.i = 1, x.i - 1
  FROM d_person p JOIN author a ON a.slug = 'dblp:' || p.key CROSS JOIN unnest(p.names) WITH ORDINALITY AS x(name, i)
  ORDER BY a.id, x.i
  ON CONFLICT (author_id, first_name, last_name) DO NOTHING`,
  `INSERT INTO source_record (kind, author_id, source, source_key, url, fields)
  SELECT 'author', o.author_id, 'dblp', p.key, CASE WHEN p.pid THEN 'https://dblp.org/pid/' || substr(p.key, 11) END,
    jsonb_build_object('names', to_jsonb(p.names), 'orcids', to_jsonb(p.orcids), 'affiliations', p.data->'affiliations',
      'urls', p.data->'urls', 'mdate', p.data->'mdate', 'disambiguator', ${suffix('p.names[1]')})
  FROM d_person p JOIN d_author_of o ON o.key = p.key`,

  // Authorships, in printed order: a proceedings' or book's editors are its volume's (as the
  // Anthology's), any other editor is the record's.
  `INSERT INTO authorship (paper_id, volume_id, author_id, role, position, first_name, last_name, orcid, matched_by)
  SELECT CASE WHEN n.role = 'editor' AND r.type IN ('proceedings', 'book') THEN NULL ELSE p.id END, p.volume_id, o.author_id,
    upper(n.role)::"AuthorshipRole", n.pos, ${first('n.name')}, ${last('n.name')}, n.orcid, 'EXPLICIT_ID'
  FROM d_name n JOIN d_record r ON r.key = n.key JOIN paper p ON p.anthology_id = 'dblp:' || n.key
  JOIN d_author_of o ON o.key = n.person`,

  // Source records of the papers: the record's fields, its authors and editors as printed.
  `INSERT INTO source_record (kind, paper_id, source, source_key, url, fields)
  SELECT 'paper', p.id, 'dblp', r.key, 'https://dblp.org/rec/' || r.key,
    r.data || jsonb_build_object('authors', coalesce(n.authors, '[]'), 'editors', coalesce(n.editors, '[]'))
  FROM d_record r JOIN paper p ON p.anthology_id = 'dblp:' || r.key
  LEFT JOIN (SELECT key, jsonb_agg(name ORDER BY pos) FILTER (WHERE role = 'author') AS authors,
                    jsonb_agg(name ORDER BY pos) FILTER (WHERE role = 'editor') AS editors
             FROM d_name GROUP BY key) n ON n.key = r.key`,

  'ANALYZE authorship, author_name, source_record',
  // People the previous import named and this one does not (FOLD_SHARED_ORCIDS then folds
  // those an ORCID links to an Anthology author).
  `DELETE FROM author a WHERE a.slug LIKE 'dblp:%' AND a.created_by_correction_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM d_author_of o WHERE o.author_id = a.id)`,
];

/** What the import wrote (after FOLD_SHARED_DOIS and FOLD_SHARED_ORCIDS). */
export const SUMMARY = `SELECT
  (SELECT count(*) FROM paper WHERE anthology_id LIKE 'dblp:%')::int AS papers,
  (SELECT count(*) FROM source_record s JOIN paper p ON p.id = s.paper_id
    WHERE s.source = 'dblp' AND position(':' in p.anthology_id) = 0)::int AS folded,
  (SELECT count(*) FROM d_person)::int AS people,
  (SELECT count(*) FROM source_record s JOIN author a ON a.id = s.author_id
    WHERE s.source = 'dblp' AND s.kind = 'author' AND position(':' in a.slug) = 0)::int AS "mergedByOrcid",
  (SELECT count(*) FILTER (WHERE t.role = 'AUTHOR') FROM authorship t JOIN volume v ON v.id = t.volume_id
    WHERE v.anthology_id LIKE 'dblp:%')::int AS authorships,
  (SELECT count(*) FILTER (WHERE t.role = 'EDITOR') FROM authorship t JOIN volume v ON v.id = t.volume_id
    WHERE v.anthology_id LIKE 'dblp:%')::int AS editorships`;
