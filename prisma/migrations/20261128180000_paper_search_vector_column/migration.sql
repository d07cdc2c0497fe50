-- paper.search_vector stops being a GENERATED column: a generated column is computed row by
-- row inside the statement that writes the row, which made it the single largest cost of a
-- whole-corpus import (and an import may not even write it, ON CONFLICT or not). It is now a
-- plain column with the same definition, which the importer fills itself (computing the
-- vectors in parallel sessions) and which a trigger keeps in step for every other writer:
-- on INSERT when no vector is given, on UPDATE when title or abstract change.
ALTER TABLE "paper" ALTER COLUMN "search_vector" DROP EXPRESSION;

CREATE FUNCTION "paper_search_vector"(title text, abstract text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
               setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'B') $$;

CREATE FUNCTION "paper_search_vector_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."search_vector" := "paper_search_vector"(NEW."title", NEW."abstract");
  RETURN NEW;
END $$;

CREATE TRIGGER "paper_search_vector_insert" BEFORE INSERT ON "paper"
  FOR EACH ROW WHEN (NEW."search_vector" IS NULL) EXECUTE FUNCTION "paper_search_vector_fill"();
CREATE TRIGGER "paper_search_vector_update" BEFORE UPDATE OF "title", "abstract" ON "paper"
  FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."abstract" IS DISTINCT FROM NEW."abstract")
  EXECUTE FUNCTION "paper_search_vector_fill"();
