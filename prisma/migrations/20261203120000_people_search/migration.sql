-- People search's and type-ahead's own index tables (issue 17, docs/performance.md "People
-- search and suggest"): the normalised forms of every name, computed once when a name is
-- written instead of for every candidate of every search (lower(immutable_unaccent(…)) cost
-- about 20 µs a row, recomputed on every index recheck), laid out so the top hits are read
-- in index order instead of ranking every match.
--
-- author_name_search: one row per name (spelling) of a person.
--  - name_key: lower(unaccent(first || ' ' || last)): exact names (btree) and the fuzzy
--    tier (trigram GIN);
--  - name_words: name_key's words (runs of letters and digits, as pg_trgm splits words):
--    "every query word is a word of the name" (GIN, array containment);
--  - name_trigrams: how many distinct trigrams name_key has (pg_trgm's show_trgm). When
--    every word of the query is a word of the name, every trigram of the query is one of
--    the name's, so pg_trgm's similarity(name, query) is exactly
--    trigrams(query) / name_trigrams: the ranking needs no per-row trigram work.
-- author_name_prefix: one row per word of each name: the name from that word on (words
-- joined by one space), whether that word is the first, and the name's length; indexed on
-- its first 1, 2 and 3 characters followed by the type-ahead's order, so a prefix of any
-- length reads its first hits in order.
-- Kept in step by statement-level triggers on author_name (one INSERT … SELECT per
-- statement, also for COPY) and the foreign keys' cascade. A first import drops and rebuilds
-- their indexes and foreign keys as for author_name (BULK_TABLES in
-- src/importers/acl-anthology/bulk.ts).

CREATE FUNCTION "person_name_key"(first_name text, last_name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(immutable_unaccent(first_name || ' ' || last_name)) $$;

CREATE FUNCTION "person_name_words"(name_key text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_remove(regexp_split_to_array(name_key, '[^[:alnum:]]+'), '') $$;

-- The name from each word on: ('yang', 'liu') gives (0, 'yang liu') and (1, 'liu').
CREATE FUNCTION "person_name_suffixes"(words text[]) RETURNS TABLE ("position" int, "key" text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT i - 1, array_to_string(words[i:], ' ') FROM generate_subscripts(words, 1) AS i $$;

CREATE TABLE "author_name_search" (
    "name_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "name_key" TEXT NOT NULL,
    "name_words" TEXT[] NOT NULL,
    "name_trigrams" INTEGER NOT NULL,

    CONSTRAINT "author_name_search_pkey" PRIMARY KEY ("name_id"),
    CONSTRAINT "author_name_search_name_id_fkey" FOREIGN KEY ("name_id") REFERENCES "author_name"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "author_name_search_name_key_idx" ON "author_name_search" ("name_key");
CREATE INDEX "author_name_search_name_words_idx" ON "author_name_search" USING GIN ("name_words");
CREATE INDEX "author_name_search_name_key_trgm_idx" ON "author_name_search" USING GIN ("name_key" gin_trgm_ops);

CREATE TABLE "author_name_prefix" (
    "name_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name_length" INTEGER NOT NULL,

    CONSTRAINT "author_name_prefix_pkey" PRIMARY KEY ("name_id", "position"),
    CONSTRAINT "author_name_prefix_name_id_fkey" FOREIGN KEY ("name_id") REFERENCES "author_name"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- (position > 0): a name that starts with the prefix comes before one with a later word that
-- does. INCLUDE: suggest reads them with index-only scans.
CREATE INDEX "author_name_prefix_1_idx" ON "author_name_prefix" (left("key", 1), ("position" > 0), "name_length") INCLUDE ("key", "author_id", "position");
CREATE INDEX "author_name_prefix_2_idx" ON "author_name_prefix" (left("key", 2), ("position" > 0), "name_length") INCLUDE ("key", "author_id", "position");
CREATE INDEX "author_name_prefix_3_idx" ON "author_name_prefix" (left("key", 3), ("position" > 0), "name_length") INCLUDE ("key", "author_id", "position");

CREATE FUNCTION "author_name_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "author_name_search" ("name_id", "author_id", "name_key", "name_words", "name_trigrams")
  SELECT n."id", n."author_id", k.key, "person_name_words"(k.key), cardinality(show_trgm(k.key))
  FROM new_rows n, LATERAL (SELECT "person_name_key"(n."first_name", n."last_name") AS key) k;
  INSERT INTO "author_name_prefix" ("name_id", "position", "author_id", "key", "name_length")
  SELECT n."id", s."position", n."author_id", s."key", length(n."first_name" || n."last_name")
  FROM new_rows n, "person_name_suffixes"("person_name_words"("person_name_key"(n."first_name", n."last_name"))) s;
  RETURN NULL;
END $$;

-- Changed names: their rows replaced when the name or its person changed (a sync's UPDATE of
-- every name in scope changes neither: then nothing here is touched).
CREATE FUNCTION "author_name_search_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The names whose spelling or person changed (the same condition in each statement).
  DELETE FROM "author_name_prefix" p USING new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE p."name_id" = n."id"
    AND (n."author_id", n."first_name", n."last_name") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name");
  DELETE FROM "author_name_search" s USING new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE s."name_id" = n."id"
    AND (n."author_id", n."first_name", n."last_name") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name");
  INSERT INTO "author_name_search" ("name_id", "author_id", "name_key", "name_words", "name_trigrams")
  SELECT n."id", n."author_id", k.key, "person_name_words"(k.key), cardinality(show_trgm(k.key))
  FROM new_rows n JOIN old_rows o ON o."id" = n."id",
       LATERAL (SELECT "person_name_key"(n."first_name", n."last_name") AS key) k
  WHERE (n."author_id", n."first_name", n."last_name") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name");
  INSERT INTO "author_name_prefix" ("name_id", "position", "author_id", "key", "name_length")
  SELECT n."id", s."position", n."author_id", s."key", length(n."first_name" || n."last_name")
  FROM new_rows n JOIN old_rows o ON o."id" = n."id",
       "person_name_suffixes"("person_name_words"("person_name_key"(n."first_name", n."last_name"))) s
  WHERE (n."author_id", n."first_name", n."last_name") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name");
  RETURN NULL;
END $$;

CREATE TRIGGER "author_name_search_insert" AFTER INSERT ON "author_name"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "author_name_search_insert"();
CREATE TRIGGER "author_name_search_update" AFTER UPDATE ON "author_name"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "author_name_search_update"();

-- The names there are now.
INSERT INTO "author_name_search" ("name_id", "author_id", "name_key", "name_words", "name_trigrams")
SELECT n."id", n."author_id", k.key, "person_name_words"(k.key), cardinality(show_trgm(k.key))
FROM "author_name" n, LATERAL (SELECT "person_name_key"(n."first_name", n."last_name") AS key) k;
INSERT INTO "author_name_prefix" ("name_id", "position", "author_id", "key", "name_length")
SELECT n."id", s."position", n."author_id", s."key", length(n."first_name" || n."last_name")
FROM "author_name" n, "person_name_suffixes"("person_name_words"("person_name_key"(n."first_name", n."last_name"))) s;

-- Replaced by author_name_search_name_key_trgm_idx (on the stored key).
DROP INDEX "author_name_full_name_trgm_idx";

-- Type-ahead's venues: the unaccented, lowercased acronym and name, stored (each
-- immutable_unaccent call costs a few µs; suggest compared three of them per venue per
-- keystroke). Generated columns: every writer keeps them without knowing of them.
ALTER TABLE "venue"
  ADD COLUMN "acronym_key" TEXT GENERATED ALWAYS AS (lower(immutable_unaccent("acronym"))) STORED,
  ADD COLUMN "name_key" TEXT GENERATED ALWAYS AS (lower(immutable_unaccent("name"))) STORED;

ANALYZE "author_name_search";
ANALYZE "author_name_prefix";
