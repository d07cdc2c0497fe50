-- statement 1 of 3
SELECT a."id" AS "id", a."slug" AS "slug", a."first_name" AS "firstName", a."last_name" AS "lastName", a."orcid" AS "orcid", a."orcids" AS "orcids", a."comment" AS "comment", a."institution" AS "institution", a."degree" AS "degree", a."curated" AS "curated", a."verified" AS "verified", a."disable_name_matching" AS "disableNameMatching", a."url" AS "url", a."openreview" AS "openreview", a."created_by_correction_id" AS "createdByCorrectionId" FROM author a WHERE a.slug = $1

-- statement 2 of 3
WITH authored AS MATERIALIZED (
     SELECT a.author_id, a.paper_id, a.affiliation, p.year, p.sort_key, p.volume_id
     FROM authorship a CROSS JOIN LATERAL (
       SELECT p.year, p.sort_key, p.volume_id FROM paper p WHERE p.id = a.paper_id AND NOT p.is_frontmatter OFFSET 0) p
     WHERE a.author_id = ANY($1::int[]) AND a.role = 'AUTHOR'
   )
(SELECT 0 AS g, s.k, s.data FROM (SELECT a.author_id AS k,
       json_build_object(
         'paperCount', count(DISTINCT a.paper_id),
         'latestAffiliation', (array_agg(a.affiliation ORDER BY a.year DESC, a.sort_key DESC)
                                 FILTER (WHERE a.affiliation IS NOT NULL AND a.affiliation <> ''))[1],
         'firstYear', min(a.year), 'lastYear', max(a.year)) AS data
     FROM authored a WHERE a.author_id = ANY($2::int[])
     GROUP BY a.author_id) s)
UNION ALL
(SELECT 1 AS g, s.k, s.data FROM (SELECT n.author_id AS k,
       json_agg(trim(n.first_name || ' ' || n.last_name) ORDER BY n.position, n.last_name, n.first_name) AS data
     FROM author_name n WHERE n.author_id = ANY($3::int[]) AND NOT n.canonical AND NOT n.hidden
     GROUP BY n.author_id) s)
UNION ALL
(SELECT 2 AS g, s.k, s.data FROM (SELECT s.author_id AS k, json_agg(json_build_array(c."id", c."slug", c."first_name", c."last_name", c."orcid", c."orcids", c."comment", c."institution", c."degree", c."curated", c."verified", c."disable_name_matching", c."url", c."openreview", c."created_by_correction_id") ORDER BY c.last_name, c.first_name, c.slug) AS data
     FROM similar_author s JOIN author c ON c.id = s.similar_id
     WHERE s.author_id = ANY($4::int[])
     GROUP BY s.author_id) s)
UNION ALL
(SELECT 3 AS g, s.k, s.data FROM (WITH mine AS (
         SELECT DISTINCT p.author_id, p.paper_id AS id, p.year, p.sort_key
         FROM authored p
         WHERE p.author_id = ANY($5::int[])
       ), ranked AS (
         SELECT mine.author_id, mine.id,
                row_number() OVER (PARTITION BY mine.author_id ORDER BY mine.year DESC, mine.sort_key) AS rn,
                count(*) OVER (PARTITION BY mine.author_id) AS total
         FROM mine
       ), page AS (
         SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > $6::int AND ranked.rn <= $7::int)
       )
       SELECT page.author_id AS k,
              json_build_object('totalCount', max(page.total), 'items',
                coalesce(json_agg(json_build_array(p."id", p."anthology_id", p."sort_key", p."volume_id", p."title", p."abstract", p."year", p."month", p."pages", p."doi", p."url", p."bibkey", p."language", p."awards", p."is_frontmatter", p."deletion_type", p."deletion_date", p."deletion_note", p."extra") ORDER BY page.rn)
                           FILTER (WHERE page.rn > $6::int), '[]'::json)) AS data
       FROM page CROSS JOIN LATERAL (SELECT * FROM paper p WHERE p.id = page.id OFFSET 0) p
       GROUP BY page.author_id) s)
UNION ALL
(SELECT 4 AS g, s.k, s.data FROM (SELECT x.id AS k,
         json_build_object('totalCount', t.total, 'items', coalesce(page.items, '[]'::json)) AS data
       FROM unnest($8::int[]) AS x(id)
       CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM coauthor_pair q WHERE q.author_id = x.id) t
       CROSS JOIN LATERAL (
         SELECT json_agg(json_build_array(q.shared, json_build_array(c."id", c."slug", c."first_name", c."last_name", c."orcid", c."orcids", c."comment", c."institution", c."degree", c."curated", c."verified", c."disable_name_matching", c."url", c."openreview", c."created_by_correction_id")) ORDER BY q.shared DESC, q.last_name, q.first_name, q.slug) AS items
         FROM (SELECT q.coauthor_id, q.shared, q.last_name, q.first_name, q.slug FROM coauthor_pair q WHERE q.author_id = x.id
               ORDER BY q.shared DESC, q.last_name, q.first_name, q.slug OFFSET $9::int LIMIT $10::int) q
         CROSS JOIN LATERAL (SELECT * FROM author c WHERE c.id = q.coauthor_id OFFSET 0) c
       ) page
       WHERE t.total > 0) s)
UNION ALL
(SELECT 5 AS g, s.k, s.data FROM (SELECT x.author_id AS k,
       json_agg(json_build_array(x.n, json_build_array(v."id", v."slug", v."acronym", v."name", v."is_acl", v."is_toplevel", v."oldstyle_letter", v."url")) ORDER BY x.n DESC, v.slug) AS data
     FROM (
       SELECT y.author_id, y.venue_id, count(*)::int AS n
       FROM (
         SELECT DISTINCT a.author_id, a.paper_id, vv.venue_id
         FROM authored a JOIN volume_venue vv ON vv.volume_id = a.volume_id
         WHERE a.author_id = ANY($11::int[])
       ) y GROUP BY y.author_id, y.venue_id
     ) x JOIN venue v ON v.id = x.venue_id
     GROUP BY x.author_id) s)

-- statement 3 of 3
WITH authored AS MATERIALIZED (
     SELECT a.author_id, a.paper_id, a.affiliation, p.year, p.sort_key, p.volume_id
     FROM authorship a CROSS JOIN LATERAL (
       SELECT p.year, p.sort_key, p.volume_id FROM paper p WHERE p.id = a.paper_id AND NOT p.is_frontmatter OFFSET 0) p
     WHERE a.author_id = ANY($1::int[]) AND a.role = 'AUTHOR'
   )
(SELECT 0 AS g, s.k, s.data FROM (SELECT a.author_id AS k,
       json_build_object(
         'paperCount', count(DISTINCT a.paper_id),
         'latestAffiliation', (array_agg(a.affiliation ORDER BY a.year DESC, a.sort_key DESC)
                                 FILTER (WHERE a.affiliation IS NOT NULL AND a.affiliation <> ''))[1],
         'firstYear', min(a.year), 'lastYear', max(a.year)) AS data
     FROM authored a WHERE a.author_id = ANY($2::int[])
     GROUP BY a.author_id) s)
UNION ALL
(SELECT 1 AS g, s.k, s.data FROM (SELECT v.id AS k,
       json_build_array(json_build_array(v."id", v."anthology_id", v."collection_id", v."title", v."title_markup", v."short_title", v."type", v."year", v."month", v."publisher", v."address", v."doi", v."url", v."isbn", v."ingest_date", v."journal_volume", v."journal_issue", v."journal_title"), coalesce((
         SELECT json_agg(json_build_array(ve."id", ve."slug", ve."acronym", ve."name", ve."is_acl", ve."is_toplevel", ve."oldstyle_letter", ve."url") ORDER BY vv.position, ve.slug)
         FROM volume_venue vv JOIN venue ve ON ve.id = vv.venue_id WHERE vv.volume_id = v.id), '[]'::json)) AS data
     FROM volume v WHERE v.id = ANY($3::int[])) s)
UNION ALL
(SELECT 2 AS g, s.k, s.data FROM (SELECT a.paper_id AS k, json_agg(json_build_array(json_build_array(a."id", a."paper_id", a."volume_id", a."author_id", a."role", a."position", a."first_name", a."last_name", a."affiliation"), json_build_array(c."id", c."slug", c."first_name", c."last_name")) ORDER BY a.position) AS data
     FROM authorship a JOIN author c ON c.id = a.author_id
     WHERE a.paper_id = ANY($4::int[]) AND a.role = 'AUTHOR'
     GROUP BY a.paper_id) s)
