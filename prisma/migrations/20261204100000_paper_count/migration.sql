-- The paper list's total without counting papers (issue 17): the number of papers
-- (frontmatter left out) of each volume and year. The root `papers` list reads its total
-- here whenever its filter reads only a paper's year and volume (year, yearFrom, yearTo,
-- venue, volume): a year's total is the sum of a few hundred rows instead of a visit to each
-- of its papers (2024: 9,404 papers, 5,496 buffers, most of the list's database time).
-- Kept in step by statement-level triggers on paper (insert, update, delete; one statement
-- per statement, also for COPY and for the foreign key's cascades), which add each
-- statement's changes to the counts (concurrent writers serialise on the rows they change);
-- a count that falls to 0 is removed.
CREATE TABLE "paper_count" (
    "volume_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "papers" INTEGER NOT NULL,

    CONSTRAINT "paper_count_pkey" PRIMARY KEY ("volume_id", "year")
);

CREATE INDEX "paper_count_year_idx" ON "paper_count" ("year") INCLUDE ("volume_id", "papers");

-- New papers: +1 for each.
CREATE FUNCTION "paper_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "paper_count" ("volume_id", "year", "papers")
  SELECT n."volume_id", n."year", count(*)::int FROM new_rows n WHERE NOT n."is_frontmatter" GROUP BY 1, 2
  ON CONFLICT ("volume_id", "year") DO UPDATE SET "papers" = "paper_count"."papers" + excluded."papers";
  RETURN NULL;
END $$;

-- Changed papers (a re-import, a sync): +1 where they are now, -1 where they were.
CREATE FUNCTION "paper_count_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "paper_count" ("volume_id", "year", "papers")
  SELECT d."volume_id", d."year", sum(d."papers")::int
  FROM (SELECT n."volume_id", n."year", 1 AS "papers" FROM new_rows n WHERE NOT n."is_frontmatter"
        UNION ALL
        SELECT o."volume_id", o."year", -1 FROM old_rows o WHERE NOT o."is_frontmatter") d
  GROUP BY 1, 2 HAVING sum(d."papers") <> 0
  ON CONFLICT ("volume_id", "year") DO UPDATE SET "papers" = "paper_count"."papers" + excluded."papers";
  DELETE FROM "paper_count" c USING (SELECT DISTINCT o."volume_id", o."year" FROM old_rows o) o
  WHERE c."volume_id" = o."volume_id" AND c."year" = o."year" AND c."papers" = 0;
  RETURN NULL;
END $$;

-- Deleted papers (directly or by their volume's cascade): -1 for each.
CREATE FUNCTION "paper_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "paper_count" c SET "papers" = c."papers" - d."papers"
  FROM (SELECT o."volume_id", o."year", count(*)::int AS "papers" FROM old_rows o WHERE NOT o."is_frontmatter" GROUP BY 1, 2) d
  WHERE c."volume_id" = d."volume_id" AND c."year" = d."year";
  DELETE FROM "paper_count" c USING (SELECT DISTINCT o."volume_id", o."year" FROM old_rows o) o
  WHERE c."volume_id" = o."volume_id" AND c."year" = o."year" AND c."papers" = 0;
  RETURN NULL;
END $$;

CREATE TRIGGER "paper_count_insert" AFTER INSERT ON "paper"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_count_insert"();
CREATE TRIGGER "paper_count_update" AFTER UPDATE ON "paper"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_count_update"();
CREATE TRIGGER "paper_count_delete" AFTER DELETE ON "paper"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "paper_count_delete"();

-- The papers there are now.
INSERT INTO "paper_count" ("volume_id", "year", "papers")
SELECT p."volume_id", p."year", count(*)::int FROM "paper" p WHERE NOT p."is_frontmatter" GROUP BY 1, 2;
