-- statement 1 of 1
WITH f AS NOT MATERIALIZED (
      SELECT p.id, p.year, p.sort_key, p.volume_id, p.anthology_id FROM paper p WHERE NOT p.is_frontmatter AND p.year >= $2::int AND p.year <= $3::int AND EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id
      WHERE vv.volume_id = p.volume_id AND v.slug = $4::text) AND (p.abstract IS NOT NULL AND p.abstract <> '')
    ), page AS MATERIALIZED (
      SELECT f.id, f.volume_id FROM f JOIN (SELECT f.year, f.sort_key FROM f WHERE f.anthology_id = $1::text) c
      ON (f.year > c.year) OR (f.year = c.year AND f.sort_key > c.sort_key) OR (f.year = c.year AND f.sort_key = c.sort_key) ORDER BY f.year ASC, f.sort_key ASC OFFSET $5::int LIMIT $6::int
    )
    SELECT NULL::int AS total,
      coalesce((SELECT json_agg(json_build_array(p."id", p."anthology_id", p."sort_key", p."volume_id", p."title", p."title_markup", p."abstract", p."abstract_markup", p."year", p."month", p."pages", p."doi", p."url", p."bibkey", p."language", p."awards", p."is_frontmatter", p."deletion_type", p."deletion_date", p."deletion_note", p."extra") ORDER BY p.year ASC, p.sort_key ASC)
       FROM page JOIN paper p ON p.id = page.id), '[]'::json) AS items,
      NULL::json AS authorships,
      NULL::json AS volumes
