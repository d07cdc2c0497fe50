-- Paper search's own index (issue 17): one narrow row per searchable paper (frontmatter left
-- out), holding what ranking the top hits needs, so a search reads these rows instead of
-- the wide paper rows (title, abstract, markup, the whole search vector) of every match.
--  - title_vector: the title's lexemes (the 'A'-weighted part of paper.search_vector, cut
--    out with ts_filter: no text is parsed twice), for the title tier and its ranking;
--  - title_length: its number of distinct lexemes, the cheap order in which title matches
--    are considered for ranking (short titles first: cover density favours them);
--  - title_key: the title lowercased with its whitespace collapsed, for exact-title hits;
--  - year, sort_key: the tie-break order, so the top k are chosen without the paper rows.
-- Kept in step by statement-level triggers on paper (one INSERT … SELECT per statement, also
-- for COPY: a whole-corpus import fills it in one go) and by the foreign key's cascade. A
-- first import drops and rebuilds its indexes and foreign key as for paper (BULK_TABLES in
-- src/importers/acl-anthology/write.ts).
CREATE TABLE "paper_search" (
    "paper_id" INTEGER NOT NULL,
    "title_key" TEXT NOT NULL,
    "title_vector" TSVECTOR NOT NULL,
    "title_length" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "sort_key" TEXT NOT NULL,

    CONSTRAINT "paper_search_pkey" PRIMARY KEY ("paper_id"),
    CONSTRAINT "paper_search_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "paper_search_title_vector_idx" ON "paper_search" USING GIN ("title_vector");
CREATE INDEX "paper_search_title_key_idx" ON "paper_search" ("title_key");

CREATE FUNCTION "paper_title_key"(title text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(regexp_replace(btrim(title), '\s+', ' ', 'g')) $$;

-- The title's part of a paper's search vector (paper_search_vector gives the title weight A).
CREATE FUNCTION "paper_title_vector"(search_vector tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ts_filter(coalesce(search_vector, ''), '{a}') $$;

-- PostgreSQL's estimate of the papers (frontmatter excluded) whose search vector matches
-- `query`: the planner's row count (from the column's most-common-lexeme statistics), for
-- search's totalCount when counting every match would cost more than the top hits.
-- VOLATILE only because PostgreSQL allows EXPLAIN in no other kind of function.
CREATE FUNCTION "paper_search_estimate"(query tsquery) RETURNS bigint
  LANGUAGE plpgsql VOLATILE PARALLEL RESTRICTED AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM "paper" WHERE "search_vector" @@ %L::tsquery AND NOT "is_frontmatter"', query)
    INTO plan;
  RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
END $$;

-- New papers: their rows, from the statement's transition table.
CREATE FUNCTION "paper_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "paper_search" ("paper_id", "title_key", "title_vector", "title_length", "year", "sort_key")
  SELECT n."id", "paper_title_key"(n."title"), "paper_title_vector"(n."search_vector"),
       length("paper_title_vector"(n."search_vector")), n."year", n."sort_key"
  FROM new_rows n WHERE NOT n."is_frontmatter";
  RETURN NULL;
END $$;

-- Changed papers (a correction, a re-import): their rows replaced when anything kept here
-- changed. (A trigger with transition tables cannot name columns: it sees every UPDATE.)
CREATE FUNCTION "paper_search_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "paper_search" s USING new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE s."paper_id" = n."id"
    AND (n."title", n."search_vector", n."year", n."sort_key", n."is_frontmatter")
        IS DISTINCT FROM (o."title", o."search_vector", o."year", o."sort_key", o."is_frontmatter");
  INSERT INTO "paper_search" ("paper_id", "title_key", "title_vector", "title_length", "year", "sort_key")
  SELECT n."id", "paper_title_key"(n."title"), "paper_title_vector"(n."search_vector"),
       length("paper_title_vector"(n."search_vector")), n."year", n."sort_key"
  FROM new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE NOT n."is_frontmatter"
    AND (n."title", n."search_vector", n."year", n."sort_key", n."is_frontmatter")
        IS DISTINCT FROM (o."title", o."search_vector", o."year", o."sort_key", o."is_frontmatter");
  RETURN NULL;
END $$;

CREATE TRIGGER "paper_search_insert" AFTER INSERT ON "paper"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_search_insert"();
CREATE TRIGGER "paper_search_update" AFTER UPDATE ON "paper"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_search_update"();

-- The papers there are now.
INSERT INTO "paper_search" ("paper_id", "title_key", "title_vector", "title_length", "year", "sort_key")
SELECT p."id", "paper_title_key"(p."title"), "paper_title_vector"(p."search_vector"),
       length("paper_title_vector"(p."search_vector")), p."year", p."sort_key"
FROM "paper" p WHERE NOT p."is_frontmatter";
