-- People search's and type-ahead's index tables (20261203120000_people_search) hold only the
-- names the public may see: a hidden spelling (hideNameVariant, 20261203140000) has no rows
-- there, so neither search nor suggest can find a person by it. The triggers now also follow
-- the hidden flag: hiding a name deletes its rows, showing it again writes them.

CREATE OR REPLACE FUNCTION "author_name_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "author_name_search" ("name_id", "author_id", "name_key", "name_words", "name_trigrams")
  SELECT n."id", n."author_id", k.key, "person_name_words"(k.key), cardinality(show_trgm(k.key))
  FROM new_rows n, LATERAL (SELECT "person_name_key"(n."first_name", n."last_name") AS key) k
  WHERE NOT n."hidden";
  INSERT INTO "author_name_prefix" ("name_id", "position", "author_id", "key", "name_length")
  SELECT n."id", s."position", n."author_id", s."key", length(n."first_name" || n."last_name")
  FROM new_rows n, "person_name_suffixes"("person_name_words"("person_name_key"(n."first_name", n."last_name"))) s
  WHERE NOT n."hidden";
  RETURN NULL;
END $$;

-- Changed names: their rows replaced when the name, its person or its hidden flag changed.
CREATE OR REPLACE FUNCTION "author_name_search_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "author_name_prefix" p USING new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE p."name_id" = n."id"
    AND (n."author_id", n."first_name", n."last_name", n."hidden") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name", o."hidden");
  DELETE FROM "author_name_search" s USING new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE s."name_id" = n."id"
    AND (n."author_id", n."first_name", n."last_name", n."hidden") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name", o."hidden");
  INSERT INTO "author_name_search" ("name_id", "author_id", "name_key", "name_words", "name_trigrams")
  SELECT n."id", n."author_id", k.key, "person_name_words"(k.key), cardinality(show_trgm(k.key))
  FROM new_rows n JOIN old_rows o ON o."id" = n."id",
       LATERAL (SELECT "person_name_key"(n."first_name", n."last_name") AS key) k
  WHERE (n."author_id", n."first_name", n."last_name", n."hidden") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name", o."hidden")
    AND NOT n."hidden";
  INSERT INTO "author_name_prefix" ("name_id", "position", "author_id", "key", "name_length")
  SELECT n."id", s."position", n."author_id", s."key", length(n."first_name" || n."last_name")
  FROM new_rows n JOIN old_rows o ON o."id" = n."id",
       "person_name_suffixes"("person_name_words"("person_name_key"(n."first_name", n."last_name"))) s
  WHERE (n."author_id", n."first_name", n."last_name", n."hidden") IS DISTINCT FROM (o."author_id", o."first_name", o."last_name", o."hidden")
    AND NOT n."hidden";
  RETURN NULL;
END $$;

-- Names hidden before this migration.
DELETE FROM "author_name_prefix" p USING "author_name" n WHERE p."name_id" = n."id" AND n."hidden";
DELETE FROM "author_name_search" s USING "author_name" n WHERE s."name_id" = n."id" AND n."hidden";
