-- statement 1 of 1
SELECT (SELECT coalesce(sum(c.papers), 0)::int FROM paper_count c WHERE EXISTS (SELECT 1 FROM volume vo WHERE vo.id = c.volume_id AND vo.anthology_id = $1::text)) AS n
