-- What PostGraphile serves in `npm run bench`: views and SQL functions over the same
-- tables Scholargraph reads, in a schema of their own (bench_pgl), so PostGraphile's
-- generated schema can answer the same author page, paper search and paper list.
-- Smart comments (@primaryKey, @unique, @foreignKey) give the views the keys and
-- relations PostGraphile would otherwise read from the tables' constraints.
DROP SCHEMA IF EXISTS bench_pgl CASCADE;
CREATE SCHEMA bench_pgl;

CREATE VIEW bench_pgl.author AS
  SELECT id, slug, trim(first_name || ' ' || last_name) AS name, first_name, last_name, orcid, comment, institution
  FROM public.author;
COMMENT ON VIEW bench_pgl.author IS E'@primaryKey id\n@unique slug';

CREATE VIEW bench_pgl.venue AS SELECT id, slug, acronym, name FROM public.venue;
COMMENT ON VIEW bench_pgl.venue IS E'@primaryKey id\n@unique slug';

CREATE VIEW bench_pgl.volume AS SELECT id, anthology_id, title, year FROM public.volume;
COMMENT ON VIEW bench_pgl.volume IS E'@primaryKey id\n@unique anthology_id';

CREATE VIEW bench_pgl.paper AS
  SELECT id, anthology_id, sort_key, volume_id, title, abstract, year, doi,
         CASE WHEN url IS NULL THEN NULL
              WHEN url ~* '^[a-z]+://' THEN url
              ELSE 'https://aclanthology.org/' || anthology_id || '/' END AS url,
         is_frontmatter
  FROM public.paper;
COMMENT ON VIEW bench_pgl.paper IS
  E'@primaryKey id\n@unique anthology_id\n@foreignKey (volume_id) references bench_pgl.volume (id)';

-- A paper's author slots (editors have no paper); position 1 is the first author.
CREATE VIEW bench_pgl.authorship AS
  SELECT id, paper_id, author_id, position + 1 AS position, role::text AS role,
         trim(first_name || ' ' || last_name) AS name, affiliation
  FROM public.authorship WHERE role = 'AUTHOR';
COMMENT ON VIEW bench_pgl.authorship IS
  E'@primaryKey id\n@foreignKey (paper_id) references bench_pgl.paper (id)\n@foreignKey (author_id) references bench_pgl.author (id)';

-- Volume.venues, in the order the volume lists them.
CREATE FUNCTION bench_pgl.volume_venues(v bench_pgl.volume) RETURNS SETOF bench_pgl.venue
LANGUAGE sql STABLE AS $$
  SELECT ve.* FROM public.volume_venue vv JOIN bench_pgl.venue ve ON ve.id = vv.venue_id
  WHERE vv.volume_id = v.id ORDER BY vv.position, ve.slug
$$;

-- Author.affiliation: printed on the latest paper that prints one, else on record.
CREATE FUNCTION bench_pgl.author_affiliation(a bench_pgl.author) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT au.affiliation FROM public.authorship au JOIN public.paper p ON p.id = au.paper_id
     WHERE au.author_id = a.id AND au.role = 'AUTHOR' AND NOT p.is_frontmatter
       AND au.affiliation IS NOT NULL AND au.affiliation <> ''
     ORDER BY p.year DESC, p.sort_key DESC LIMIT 1),
    a.institution, a.comment)
$$;

CREATE FUNCTION bench_pgl.author_variants(a bench_pgl.author) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(trim(n.first_name || ' ' || n.last_name) ORDER BY n.position, n.last_name, n.first_name), '{}')
  FROM public.author_name n WHERE n.author_id = a.id AND NOT n.canonical
$$;

CREATE FUNCTION bench_pgl.author_paper_count(a bench_pgl.author) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT count(DISTINCT au.paper_id)::int
  FROM public.authorship au JOIN public.paper p ON p.id = au.paper_id
  WHERE au.author_id = a.id AND au.role = 'AUTHOR' AND NOT p.is_frontmatter
$$;

CREATE FUNCTION bench_pgl.author_similar_authors(a bench_pgl.author) RETURNS SETOF bench_pgl.author
LANGUAGE sql STABLE AS $$
  SELECT o.* FROM public.similar_author s JOIN bench_pgl.author o ON o.id = s.similar_id
  WHERE s.author_id = a.id ORDER BY o.last_name, o.first_name, o.slug
$$;

-- Author.papers: authored (frontmatter excluded), newest year first, then natural id order.
CREATE FUNCTION bench_pgl.author_papers(a bench_pgl.author) RETURNS SETOF bench_pgl.paper
LANGUAGE sql STABLE AS $$
  SELECT p.* FROM bench_pgl.paper p
  WHERE p.id IN (SELECT au.paper_id FROM public.authorship au WHERE au.author_id = a.id AND au.role = 'AUTHOR')
    AND NOT p.is_frontmatter
  ORDER BY p.year DESC, p.sort_key
$$;

-- Author.coauthors: most shared papers first, then last name, first name, slug.
CREATE FUNCTION bench_pgl.author_coauthors(a bench_pgl.author)
RETURNS TABLE (shared_paper_count int, slug text, name text)
LANGUAGE sql STABLE AS $$
  SELECT s.shared, c.slug, trim(c.first_name || ' ' || c.last_name)
  FROM (
    SELECT b.author_id, count(DISTINCT mine.paper_id)::int AS shared
    FROM (SELECT DISTINCT au.paper_id FROM public.authorship au JOIN public.paper p ON p.id = au.paper_id
          WHERE au.author_id = a.id AND au.role = 'AUTHOR' AND NOT p.is_frontmatter) mine
    JOIN public.authorship b ON b.paper_id = mine.paper_id AND b.role = 'AUTHOR' AND b.author_id <> a.id
    GROUP BY b.author_id
  ) s JOIN public.author c ON c.id = s.author_id
  ORDER BY s.shared DESC, c.last_name, c.first_name, c.slug
$$;

-- Author.venues: venues of the person's papers, most papers first, then by slug.
CREATE FUNCTION bench_pgl.author_venues(a bench_pgl.author)
RETURNS TABLE (paper_count int, slug text, acronym text, name text)
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int, v.slug, v.acronym, v.name
  FROM (
    SELECT DISTINCT p.id AS paper_id, vv.venue_id
    FROM public.authorship au JOIN public.paper p ON p.id = au.paper_id
    JOIN public.volume_venue vv ON vv.volume_id = p.volume_id
    WHERE au.author_id = a.id AND au.role = 'AUTHOR' AND NOT p.is_frontmatter
  ) x JOIN public.venue v ON v.id = x.venue_id
  GROUP BY v.id
  ORDER BY count(*) DESC, v.slug
$$;

-- Paper search: the same matching and order as Scholargraph's search (kinds: [PAPER]; see
-- searchPapers in src/loaders/search.ts): exact title first, then the title matches (the 200
-- shortest ranked by ts_rank_cd over the title, the rest shortest first), then the other
-- matches by ts_rank_cd over title and abstract, newest year, natural id order. Every match
-- is returned (PostGraphile counts them for totalCount; Scholargraph estimates instead).
CREATE FUNCTION bench_pgl.search_papers(query text) RETURNS SETOF bench_pgl.paper
LANGUAGE sql STABLE AS $$
  WITH q AS (
    SELECT websearch_to_tsquery('english', query) AS tsq, public.paper_title_key(query) AS title
  ), titled AS (
    SELECT s.paper_id AS id, s.title_key = q.title AS exact, s.title_vector, s.year, s.sort_key,
           row_number() OVER (ORDER BY s.title_key = q.title DESC, s.title_length, s.year DESC, s.sort_key) AS pre
    FROM public.paper_search s, q
    WHERE s.title_vector @@ q.tsq OR s.title_key = q.title
  ), hits AS (
    SELECT t.id, t.exact, 1 AS tier, t.year, t.sort_key, t.pre,
           CASE WHEN t.pre <= 200 THEN ts_rank_cd(t.title_vector, q.tsq, 2) END AS rank
    FROM titled t, q
    UNION ALL
    SELECT p.id, false, 2, p.year, p.sort_key, NULL, ts_rank_cd(p.search_vector, q.tsq)
    FROM public.paper p, q
    WHERE p.search_vector @@ q.tsq AND NOT p.is_frontmatter AND p.id NOT IN (SELECT id FROM titled)
  )
  SELECT p.* FROM hits JOIN bench_pgl.paper p ON p.id = hits.id
  ORDER BY hits.exact DESC, hits.tier, hits.rank DESC NULLS LAST, hits.pre, hits.year DESC, hits.sort_key
$$;

-- Paper.snippet(query): the title and best passages of the abstract, as Scholargraph's
-- search edge snippet (same text, ts_headline options, <b> markers): cut from the title and
-- the abstract's first 300 characters when the title matched, its first 3,000 otherwise.
CREATE FUNCTION bench_pgl.paper_snippet(p bench_pgl.paper, query text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT ts_headline('english',
                     public.paper_snippet_source(p.title, p.abstract,
                       CASE WHEN EXISTS (SELECT 1 FROM public.paper_search s
                                         WHERE s.paper_id = p.id
                                           AND (s.title_vector @@ q.tsq OR s.title_key = public.paper_title_key(query)))
                            THEN 300 ELSE 3000 END),
                     q.tsq, 'StartSel=<b>, StopSel=</b>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
  FROM websearch_to_tsquery('english', query) AS q(tsq)
$$;
