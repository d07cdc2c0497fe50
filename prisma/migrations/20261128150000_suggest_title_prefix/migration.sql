-- Type-ahead over paper titles (suggest): a prefix of the unaccented, lowercased title.
-- text_pattern_ops lets `LIKE 'prefix%'` use the index whatever the database's collation.
CREATE INDEX "paper_title_prefix_idx" ON "paper" (lower(immutable_unaccent("title")) text_pattern_ops);
