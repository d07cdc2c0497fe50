-- statement 1 of 2
WITH f AS NOT MATERIALIZED (
      SELECT a.id, (SELECT count(DISTINCT x.paper_id) FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.author_id = a.id AND x.role = 'AUTHOR' AND NOT p.is_frontmatter)::int AS paper_count, a.slug FROM author a WHERE EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id) AND (a.last_name ILIKE $1::text OR (a.first_name || ' ' || a.last_name) ILIKE $2::text) AND a.orcid IS NOT NULL AND EXISTS (SELECT 1 FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.author_id = a.id AND x.role = 'AUTHOR' AND NOT p.is_frontmatter AND p.year = $3::int)
    ), page AS MATERIALIZED (
      SELECT f.* FROM f  ORDER BY f.paper_count DESC, f.slug ASC OFFSET $4::int LIMIT $5::int
    )
    SELECT a."id" AS "id", a."slug" AS "slug", a."first_name" AS "firstName", a."last_name" AS "lastName", a."orcid" AS "orcid", a."orcids" AS "orcids", a."comment" AS "comment", a."institution" AS "institution", a."degree" AS "degree", a."curated" AS "curated", a."verified" AS "verified", a."disable_name_matching" AS "disableNameMatching", a."url" AS "url", a."openreview" AS "openreview", a."created_by_correction_id" AS "createdByCorrectionId" FROM page JOIN author a ON a.id = page.id ORDER BY page.paper_count DESC, page.slug ASC

-- statement 2 of 2
SELECT count(*)::int AS n FROM author a WHERE EXISTS (SELECT 1 FROM authorship x WHERE x.author_id = a.id) AND (a.last_name ILIKE $1::text OR (a.first_name || ' ' || a.last_name) ILIKE $2::text) AND a.orcid IS NOT NULL AND EXISTS (SELECT 1 FROM authorship x JOIN paper p ON p.id = x.paper_id
        WHERE x.author_id = a.id AND x.role = 'AUTHOR' AND NOT p.is_frontmatter AND p.year = $3::int)
