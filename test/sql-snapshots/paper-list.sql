-- statement 1 of 1
WITH f AS NOT MATERIALIZED (
      SELECT p.id, p.year, p.sort_key, p.volume_id, p.anthology_id FROM paper p WHERE NOT p.is_frontmatter
    ), page AS MATERIALIZED (
      SELECT f.id, f.volume_id FROM f  ORDER BY f.year DESC, f.sort_key ASC OFFSET $1::int LIMIT $2::int
    )
    SELECT (SELECT coalesce(sum(c.papers), 0)::int FROM paper_count c) AS total,
      coalesce((SELECT json_agg(json_build_array(p."id", p."anthology_id", p."sort_key", p."volume_id", p."title", p."year", p."month", p."pages", p."doi", p."url", p."bibkey", p."language", p."awards", p."is_frontmatter", p."deletion_type", p."deletion_date", p."deletion_note", p."extra") ORDER BY p.year DESC, p.sort_key ASC)
       FROM page JOIN paper p ON p.id = page.id), '[]'::json) AS items,
      (SELECT json_agg(json_build_array(x.k, x.data)) FROM (SELECT a.paper_id AS k, json_agg(json_build_array(json_build_array(a."id", a."paper_id", a."volume_id", a."author_id", a."role", a."position", a."first_name", a."last_name", a."affiliation"), json_build_array(c."id", c."slug", c."first_name", c."last_name")) ORDER BY a.position) AS data
     FROM authorship a JOIN author c ON c.id = a.author_id
     WHERE a.paper_id = ANY(ARRAY(SELECT page.id FROM page)) AND a.role = 'AUTHOR'
     GROUP BY a.paper_id) x) AS authorships,
      (SELECT json_agg(json_build_array(x.k, x.data)) FROM (SELECT v.id AS k,
       json_build_array(json_build_array(v."id", v."anthology_id", v."collection_id", v."title", v."title_markup", v."short_title", v."type", v."year", v."month", v."publisher", v."address", v."doi", v."url", v."isbn", v."ingest_date", v."journal_volume", v."journal_issue", v."journal_title"), coalesce((
         SELECT json_agg(json_build_array(ve."id", ve."slug", ve."acronym", ve."name", ve."is_acl", ve."is_toplevel", ve."oldstyle_letter", ve."url") ORDER BY vv.position, ve.slug)
         FROM volume_venue vv JOIN venue ve ON ve.id = vv.venue_id WHERE vv.volume_id = v.id), '[]'::json)) AS data
     FROM volume v WHERE v.id = ANY(ARRAY(SELECT DISTINCT page.volume_id FROM page))) x) AS volumes
