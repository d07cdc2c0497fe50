-- statement 1 of 4
WITH f AS NOT MATERIALIZED (
      SELECT v.id, v.slug FROM venue v
    ), page AS MATERIALIZED (
      SELECT f.* FROM f  ORDER BY f.slug ASC OFFSET $1::int LIMIT $2::int
    )
    SELECT v."id" AS "id", v."slug" AS "slug", v."acronym" AS "acronym", v."name" AS "name", v."is_acl" AS "isAcl", v."is_toplevel" AS "isToplevel", v."oldstyle_letter" AS "oldstyleLetter", v."url" AS "url" FROM page JOIN venue v ON v.id = page.id ORDER BY page.slug ASC

-- statement 2 of 4
WITH ranked AS (SELECT vv.venue_id AS parent_id,
            (row_number() OVER (PARTITION BY vv.venue_id ORDER BY v.year DESC, v.anthology_id))::int AS rn,
            (count(*) OVER (PARTITION BY vv.venue_id))::int AS total, v."id" AS "id", v."anthology_id" AS "anthologyId", v."collection_id" AS "collectionId", v."title" AS "title", v."title_markup" AS "titleMarkup", v."short_title" AS "shortTitle", v."type" AS "type", v."year" AS "year", v."month" AS "month", v."publisher" AS "publisher", v."address" AS "address", v."doi" AS "doi", v."url" AS "url", v."isbn" AS "isbn", v."ingest_date" AS "ingestDate", v."journal_volume" AS "journalVolume", v."journal_issue" AS "journalIssue", v."journal_title" AS "journalTitle"
     FROM volume_venue vv JOIN volume v ON v.id = vv.volume_id
     WHERE vv.venue_id = ANY($1) AND ($2::int IS NULL OR v.year = $2))
     SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > $3::int AND ranked.rn <= $4::int)
     ORDER BY ranked.parent_id, ranked.rn

-- statement 3 of 4
WITH ranked AS (SELECT p.volume_id AS parent_id,
            (row_number() OVER (PARTITION BY p.volume_id ORDER BY p.sort_key))::int AS rn,
            (count(*) OVER (PARTITION BY p.volume_id))::int AS total, p."id" AS "id", p."anthology_id" AS "anthologyId", p."sort_key" AS "sortKey", p."volume_id" AS "volumeId", p."title" AS "title", p."title_markup" AS "titleMarkup", p."abstract" AS "abstract", p."abstract_markup" AS "abstractMarkup", p."year" AS "year", p."month" AS "month", p."pages" AS "pages", p."doi" AS "doi", p."url" AS "url", p."bibkey" AS "bibkey", p."language" AS "language", p."awards" AS "awards", p."is_frontmatter" AS "isFrontmatter", p."deletion_type" AS "deletionType", p."deletion_date" AS "deletionDate", p."deletion_note" AS "deletionNote", p."extra" AS "extra"
     FROM paper p WHERE p.volume_id = ANY($1) AND ($2::boolean OR NOT p.is_frontmatter) AND (p.abstract IS NOT NULL AND p.abstract <> ''))
     SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > $3::int AND ranked.rn <= $4::int)
     ORDER BY ranked.parent_id, ranked.rn

-- statement 4 of 4
WITH ranked AS (WITH counted AS (
       SELECT vv.venue_id, a.author_id, count(DISTINCT a.paper_id)::int AS paper_count
       FROM volume_venue vv
       JOIN paper p ON p.volume_id = vv.volume_id AND NOT p.is_frontmatter
       JOIN authorship a ON a.paper_id = p.id AND a.role = 'AUTHOR'
       WHERE vv.venue_id = ANY($1)
       GROUP BY vv.venue_id, a.author_id
     )
     SELECT counted.venue_id AS parent_id, counted.paper_count,
            (row_number() OVER (PARTITION BY counted.venue_id
                               ORDER BY counted.paper_count DESC, c.last_name, c.first_name, c.slug))::int AS rn,
            (count(*) OVER (PARTITION BY counted.venue_id))::int AS total, c."id" AS "id", c."slug" AS "slug", c."first_name" AS "firstName", c."last_name" AS "lastName", c."orcid" AS "orcid", c."orcids" AS "orcids", c."comment" AS "comment", c."institution" AS "institution", c."degree" AS "degree", c."curated" AS "curated", c."verified" AS "verified", c."disable_name_matching" AS "disableNameMatching", c."url" AS "url", c."openreview" AS "openreview", c."created_by_correction_id" AS "createdByCorrectionId"
     FROM counted JOIN author c ON c.id = counted.author_id)
     SELECT * FROM ranked WHERE ranked.rn = 1 OR (ranked.rn > $2::int AND ranked.rn <= $3::int)
     ORDER BY ranked.parent_id, ranked.rn
