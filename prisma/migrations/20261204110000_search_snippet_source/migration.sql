-- The text a paper search hit's snippet is cut from (issue 17; docs/performance.md "Search").
-- ts_headline parses all the text it is given, so its cost grows with the text: about 0.5 ms
-- for a title and a 1,000-character abstract, most of a typical search's time for 20 hits.
-- The title, then the abstract's first `chars` characters, cut at the last space before a
-- word that would not fit (the whole abstract when it is that short; string functions only:
-- a regular expression here cost more than the shorter headline saved). Search gives a few
-- hundred characters when the title matched (its words are there; the abstract's opening is
-- context) and a bound of a few thousand otherwise (the words are somewhere in the abstract;
-- the longest abstracts run past 12,000 characters).
CREATE FUNCTION "paper_snippet_source"(title text, abstract text, chars integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT title || coalesce(' — ' || CASE WHEN length(abstract) <= chars THEN abstract
                                               ELSE left(abstract, chars + 1 - greatest(strpos(reverse(left(abstract, chars + 1)), ' '), 1)) END, '') $$;
