-- statement 1 of 2
WITH counts AS MATERIALIZED (
      SELECT x.author_id, count(DISTINCT x.paper_id)::int AS n FROM authorship x JOIN paper p ON p.id = x.paper_id
      WHERE x.role = 'AUTHOR' AND NOT p.is_frontmatter GROUP BY x.author_id
    ),
    matching AS MATERIALIZED (
      SELECT DISTINCT x.author_id FROM paper p JOIN authorship x ON x.paper_id = p.id AND x.role = 'AUTHOR'
      WHERE NOT p.is_frontmatter AND p.year = $1::int
    ),
    f AS NOT MATERIALIZED (
      SELECT a.id, coalesce(counts.n, 0) AS paper_count, a.slug FROM author a LEFT JOIN counts ON counts.author_id = a.id JOIN matching ON matching.author_id = a.id WHERE EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id) AND (a.last_name ILIKE $2::text OR (a.first_name || ' ' || a.last_name) ILIKE $3::text) AND a.orcid IS NOT NULL
    ), page AS MATERIALIZED (
      SELECT f.* FROM f  ORDER BY f.paper_count DESC, f.slug ASC OFFSET $4::int LIMIT $5::int
    )
    SELECT a."id" AS "id", a."slug" AS "slug", a."first_name" AS "firstName", a."last_name" AS "lastName", a."orcid" AS "orcid", a."orcids" AS "orcids", a."comment" AS "comment", a."institution" AS "institution", a."degree" AS "degree", a."curated" AS "curated", a."verified" AS "verified", a."disable_name_matching" AS "disableNameMatching", a."url" AS "url", a."openreview" AS "openreview", a."created_by_correction_id" AS "createdByCorrectionId" FROM page JOIN author a ON a.id = page.id ORDER BY page.paper_count DESC, page.slug ASC

-- statement 2 of 2
WITH matching AS MATERIALIZED (
      SELECT DISTINCT x.author_id FROM paper p JOIN authorship x ON x.paper_id = p.id AND x.role = 'AUTHOR'
      WHERE NOT p.is_frontmatter AND p.year = $1::int
    )
SELECT count(*)::int AS n FROM author a JOIN matching ON matching.author_id = a.id WHERE EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id) AND (a.last_name ILIKE $2::text OR (a.first_name || ' ' || a.last_name) ILIKE $3::text) AND a.orcid IS NOT NULL
