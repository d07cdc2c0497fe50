-- statement 1 of 1
SELECT count(*)::int AS n FROM paper p WHERE NOT p.is_frontmatter AND EXISTS (SELECT 1 FROM volume vo WHERE vo.id = p.volume_id AND vo.anthology_id = $1::text)
