-- Paper search's title tier in its own order (issue 17; docs/performance.md "Search"): one
-- row per lexeme of each paper_search title, with the title tier's order (fewest title
-- lexemes first, then newest, then sort key), so that a query's top title matches are read
-- from the front of one lexeme's rows instead of reading every title match (a GIN index
-- cannot return its matches in an order: `learning` alone has 7,506 title matches).
-- searchPapers reads the rows of the query's rarest lexeme, in order, and checks each
-- against the whole query on its paper_search row, stopping at the top k.
-- Kept in step with paper_search (rows written by its own triggers, which follow paper) by a
-- statement-level trigger on paper_search and the foreign key's cascade. A first import
-- drops and rebuilds its order index and foreign key with the other BULK_TABLES.
CREATE TABLE "paper_title_lexeme" (
    "paper_id" INTEGER NOT NULL,
    "lexeme" TEXT NOT NULL,
    "title_length" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "sort_key" TEXT NOT NULL,

    CONSTRAINT "paper_title_lexeme_pkey" PRIMARY KEY ("paper_id", "lexeme"),
    CONSTRAINT "paper_title_lexeme_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "paper_search"("paper_id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "paper_title_lexeme_order_idx" ON "paper_title_lexeme" ("lexeme", "title_length", "year" DESC, "sort_key") INCLUDE ("paper_id");

-- New paper_search rows: one row per title lexeme.
CREATE FUNCTION "paper_title_lexeme_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "paper_title_lexeme" ("paper_id", "lexeme", "title_length", "year", "sort_key")
  SELECT n."paper_id", l.lexeme, n."title_length", n."year", n."sort_key"
  FROM new_rows n, unnest(tsvector_to_array(n."title_vector")) AS l(lexeme);
  RETURN NULL;
END $$;

-- Changed paper_search rows (paper's trigger replaces rows instead; this covers any UPDATE).
CREATE FUNCTION "paper_title_lexeme_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "paper_title_lexeme" x USING new_rows n WHERE x."paper_id" = n."paper_id";
  INSERT INTO "paper_title_lexeme" ("paper_id", "lexeme", "title_length", "year", "sort_key")
  SELECT n."paper_id", l.lexeme, n."title_length", n."year", n."sort_key"
  FROM new_rows n, unnest(tsvector_to_array(n."title_vector")) AS l(lexeme);
  RETURN NULL;
END $$;

CREATE TRIGGER "paper_title_lexeme_insert" AFTER INSERT ON "paper_search"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_title_lexeme_insert"();
CREATE TRIGGER "paper_title_lexeme_update" AFTER UPDATE ON "paper_search"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_title_lexeme_update"();

-- The titles there are now.
INSERT INTO "paper_title_lexeme" ("paper_id", "lexeme", "title_length", "year", "sort_key")
SELECT s."paper_id", l.lexeme, s."title_length", s."year", s."sort_key"
FROM "paper_search" s, unnest(tsvector_to_array(s."title_vector")) AS l(lexeme);

ANALYZE "paper_title_lexeme";
