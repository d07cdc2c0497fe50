-- statement 1 of 1
WITH p AS MATERIALIZED (SELECT replace(replace(replace(lower(immutable_unaccent(btrim($1::text))), '\', '\\'), '%', '\%'), '_', '\_') AS pattern), -- once, also in the generic plan
     k AS (SELECT array_to_string(person_name_words(lower(immutable_unaccent(btrim($1::text)))), ' ') AS key),
     names AS (
       -- One branch per index; the others are cut by their one-time filter (the key's length).
       (SELECT author_id, "position" = 0 AS starts, name_length FROM (SELECT x.author_id, x."position", x.name_length, x.key
        FROM author_name_prefix x
        WHERE length((SELECT key FROM k)) = 1 AND left(x.key, 1) = left((SELECT key FROM k), 1)
        ORDER BY left(x.key, 1), (x."position" > 0), x.name_length) z LIMIT $2 * 4)
       UNION ALL
       (SELECT author_id, "position" = 0 AS starts, name_length FROM (SELECT x.author_id, x."position", x.name_length, x.key
        FROM author_name_prefix x
        WHERE length((SELECT key FROM k)) = 2 AND left(x.key, 2) = left((SELECT key FROM k), 2)
        ORDER BY left(x.key, 2), (x."position" > 0), x.name_length) z LIMIT $2 * 4)
       UNION ALL
       (SELECT author_id, "position" = 0 AS starts, name_length FROM (SELECT * FROM (SELECT x.author_id, x."position", x.name_length, x.key
        FROM author_name_prefix x
        WHERE length((SELECT key FROM k)) >= 3 AND left(x.key, 3) = left((SELECT key FROM k), 3)
        ORDER BY left(x.key, 3), (x."position" > 0), x.name_length OFFSET 0) y WHERE starts_with(y.key, (SELECT key FROM k))) z LIMIT $2 * 4)
     ), people AS (
       SELECT DISTINCT ON (author_id) author_id, starts, name_length AS len
       FROM names
       ORDER BY author_id, starts DESC, name_length
     ), authors AS (
       SELECT 'AUTHOR' AS kind, a.first_name || ' ' || a.last_name AS label, a.slug AS key, people.starts,
              (SELECT row_to_json(x) FROM (SELECT a."id" AS "id", a."slug" AS "slug", a."first_name" AS "firstName", a."last_name" AS "lastName", a."orcid" AS "orcid", a."orcids" AS "orcids", a."comment" AS "comment", a."institution" AS "institution", a."degree" AS "degree", a."curated" AS "curated", a."verified" AS "verified", a."disable_name_matching" AS "disableNameMatching", a."url" AS "url", a."openreview" AS "openreview", a."created_by_correction_id" AS "createdByCorrectionId") x) AS node
       FROM people JOIN author a ON a.id = people.author_id
       ORDER BY people.starts DESC, people.len, a.last_name, a.first_name, a.slug
       LIMIT $2
     ), venues AS (
       SELECT 'VENUE' AS kind, v.acronym || ' — ' || v.name AS label, v.slug AS key,
              lower(v.acronym) LIKE p.pattern || '%' AS starts,
              (SELECT row_to_json(x) FROM (SELECT v."id" AS "id", v."slug" AS "slug", v."acronym" AS "acronym", v."name" AS "name", v."is_acl" AS "isAcl", v."is_toplevel" AS "isToplevel", v."oldstyle_letter" AS "oldstyleLetter", v."url" AS "url") x) AS node
       FROM venue v, p
       WHERE v.acronym_key LIKE p.pattern || '%'
          OR v.name_key LIKE p.pattern || '%'
          OR v.name_key LIKE '% ' || p.pattern || '%'
       ORDER BY starts DESC, length(v.acronym), v.slug
       LIMIT $2
     ), papers AS (
       -- Titles that start with the prefix: a range scan of paper_title_prefix_idx (the
       -- ~>=~ / ~<~ operators match its text_pattern_ops even with a parameter), in title order.
       -- The range ends at the limit-th title (read in index order, nothing sorted), so only
       -- those titles and their equals are sorted by the tie-break: a common prefix ("min")
       -- matches hundreds of titles, each costing an unaccent of its title to sort.
       SELECT 'PAPER' AS kind, pp.title AS label, pp.anthology_id AS key, true AS starts,
              (SELECT row_to_json(x) FROM (SELECT pp."id" AS "id", pp."anthology_id" AS "anthologyId", pp."sort_key" AS "sortKey", pp."volume_id" AS "volumeId", pp."title" AS "title", pp."title_markup" AS "titleMarkup", pp."abstract" AS "abstract", pp."abstract_markup" AS "abstractMarkup", pp."year" AS "year", pp."month" AS "month", pp."pages" AS "pages", pp."doi" AS "doi", pp."url" AS "url", pp."bibkey" AS "bibkey", pp."language" AS "language", pp."awards" AS "awards", pp."is_frontmatter" AS "isFrontmatter", pp."deletion_type" AS "deletionType", pp."deletion_date" AS "deletionDate", pp."deletion_note" AS "deletionNote", pp."extra" AS "extra") x) AS node
       FROM (
         SELECT max(t.title COLLATE "C") COLLATE "default" AS last FROM ( -- the largest in the index's order
           SELECT lower(immutable_unaccent(l.title)) AS title FROM paper l
           WHERE $3::boolean
             AND lower(immutable_unaccent(l.title)) ~>=~ lower(immutable_unaccent(btrim($1::text)))
             AND lower(immutable_unaccent(l.title)) ~<~ (lower(immutable_unaccent(btrim($1::text))) || chr(1114111))
             AND NOT l.is_frontmatter
           ORDER BY lower(immutable_unaccent(l.title)) USING ~<~ -- the index's order (text_pattern_ops)
           LIMIT $2) t
       ) c
       CROSS JOIN LATERAL (
         SELECT * FROM paper pp
         WHERE lower(immutable_unaccent(pp.title)) ~>=~ lower(immutable_unaccent(btrim($1::text)))
           AND lower(immutable_unaccent(pp.title)) ~<=~ c.last
           AND NOT pp.is_frontmatter
         ORDER BY lower(immutable_unaccent(pp.title)), pp.year DESC, pp.sort_key
         LIMIT $2
       ) pp
       ORDER BY lower(immutable_unaccent(pp.title)), pp.year DESC, pp.sort_key
       LIMIT $2
     ), found AS (
       SELECT * FROM authors UNION ALL SELECT * FROM venues UNION ALL SELECT * FROM papers
     )
     SELECT kind, label, key, starts, node FROM found
     ORDER BY starts DESC, CASE kind WHEN 'AUTHOR' THEN 0 WHEN 'VENUE' THEN 1 ELSE 2 END, length(label), label
     LIMIT $2
