-- The co-author ranking without counting at request time (issue 17, part 2): for each
-- person and each co-author, the distinct papers (frontmatter excluded) both authored, with
-- the co-author's sort names (last name, first name, slug) beside it, so that a page of
-- co-authors is the first rows of one index range (author_id, shared DESC, names) instead of
-- every shared paper's authorships counted and every co-author's row read by key to sort.
-- Both directions are stored: (a, b) exists exactly when (b, a) does, with the same count.
--
-- Kept in step by statement-level triggers (one call per statement, also for COPY and the
-- foreign keys' cascades):
-- * authorship (insert, update, delete): the papers the statement touched are counted before
--   and after (before = their rows now, less the statement's new rows, plus its old ones), and
--   the difference of each pair is added (a pair that falls to 0 is removed);
-- * paper (update of is_frontmatter): the pairs of each paper whose flag flipped, ±1;
--   paper (delete of a frontmatter paper): its authorships are deleted first (a row trigger,
--   only for frontmatter papers), while the paper still says it is frontmatter; the cascade
--   then deletes authorships whose paper is gone, which always counted;
-- * author (insert, update of a name or slug): the sort names of the pairs naming them (the
--   first import copies authorships before the people: their pairs get their names here);
-- * TRUNCATE of authorship (or of a table cascading to it): everything removed.
CREATE TABLE "coauthor_pair" (
    "author_id" INTEGER NOT NULL,
    "coauthor_id" INTEGER NOT NULL,
    "shared" INTEGER NOT NULL,
    "last_name" TEXT,
    "first_name" TEXT,
    "slug" TEXT,

    CONSTRAINT "coauthor_pair_pkey" PRIMARY KEY ("author_id", "coauthor_id")
);

-- A page of co-authors in order: most shared papers first, then last name, first name, slug.
CREATE INDEX "coauthor_pair_rank_idx" ON "coauthor_pair" ("author_id", "shared" DESC, "last_name", "first_name", "slug")
  INCLUDE ("coauthor_id");

-- Adds to the pairs the rows given (paper, person, sign): +1 for each distinct pair of people
-- on one paper among the rows of sign +1, -1 among those of sign -1. The callers pass only
-- papers that count (not frontmatter) and the AUTHOR rows. A pair that falls to 0 is removed.
CREATE FUNCTION "coauthor_pair_add"("paper_ids" INTEGER[], "author_ids" INTEGER[], "signs" INTEGER[])
RETURNS void LANGUAGE sql AS $$
  WITH r AS (
    SELECT DISTINCT u."paper_id", u."author_id", u."sign" FROM unnest("paper_ids", "author_ids", "signs") AS u("paper_id", "author_id", "sign")
  ), d AS (
    SELECT x."author_id", y."author_id" AS "coauthor_id", sum(x."sign")::int AS "shared"
    FROM r x JOIN r y ON y."paper_id" = x."paper_id" AND y."sign" = x."sign" AND y."author_id" <> x."author_id"
    GROUP BY 1, 2 HAVING sum(x."sign") <> 0
  ), gone AS (
    DELETE FROM "coauthor_pair" c USING d
    WHERE c."author_id" = d."author_id" AND c."coauthor_id" = d."coauthor_id" AND c."shared" + d."shared" = 0
    RETURNING c."author_id", c."coauthor_id"
  )
  INSERT INTO "coauthor_pair" ("author_id", "coauthor_id", "shared", "last_name", "first_name", "slug")
  SELECT d."author_id", d."coauthor_id", d."shared", c."last_name", c."first_name", c."slug"
  FROM d LEFT JOIN "author" c ON c."id" = d."coauthor_id"
  WHERE NOT EXISTS (SELECT 1 FROM gone g WHERE g."author_id" = d."author_id" AND g."coauthor_id" = d."coauthor_id")
  ON CONFLICT ("author_id", "coauthor_id") DO UPDATE SET "shared" = "coauthor_pair"."shared" + excluded."shared"
$$;

-- Authorships inserted: the touched papers' AUTHOR rows now (+1), and before: now less the new rows (-1).
CREATE FUNCTION "coauthor_pair_authorship_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "coauthor_pair_add"(array_agg(r."paper_id"), array_agg(r."author_id"), array_agg(r."sign"))
  FROM (
    WITH touched AS (
      SELECT DISTINCT n."paper_id" FROM new_rows n
      WHERE n."role" = 'AUTHOR' AND NOT EXISTS (SELECT 1 FROM "paper" p WHERE p."id" = n."paper_id" AND p."is_frontmatter")
    ), now AS (
      SELECT a."id", a."paper_id", a."author_id" FROM touched t JOIN "authorship" a ON a."paper_id" = t."paper_id" AND a."role" = 'AUTHOR'
    )
    SELECT now."paper_id", now."author_id", 1 AS "sign" FROM now
    UNION ALL
    SELECT now."paper_id", now."author_id", -1 FROM now WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n."id" = now."id")
  ) r;
  RETURN NULL;
END $$;

-- Authorships changed (paper, person or role): now (+1); before: now less the changed rows, plus their old versions (-1).
CREATE FUNCTION "coauthor_pair_authorship_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "coauthor_pair_add"(array_agg(r."paper_id"), array_agg(r."author_id"), array_agg(r."sign"))
  FROM (
    WITH changed AS (
      SELECT o."id", o."paper_id", o."author_id", o."role", n."paper_id" AS "new_paper_id"
      FROM old_rows o JOIN new_rows n ON n."id" = o."id"
      WHERE (n."paper_id", n."author_id", n."role") IS DISTINCT FROM (o."paper_id", o."author_id", o."role")
    ), touched AS (
      SELECT DISTINCT x."paper_id" FROM (SELECT c."paper_id" FROM changed c UNION ALL SELECT c."new_paper_id" FROM changed c) x
      WHERE NOT EXISTS (SELECT 1 FROM "paper" p WHERE p."id" = x."paper_id" AND p."is_frontmatter")
    ), now AS (
      SELECT a."id", a."paper_id", a."author_id" FROM touched t JOIN "authorship" a ON a."paper_id" = t."paper_id" AND a."role" = 'AUTHOR'
    )
    SELECT now."paper_id", now."author_id", 1 AS "sign" FROM now
    UNION ALL
    SELECT now."paper_id", now."author_id", -1 FROM now WHERE NOT EXISTS (SELECT 1 FROM changed c WHERE c."id" = now."id")
    UNION ALL
    SELECT c."paper_id", c."author_id", -1 FROM changed c JOIN touched t ON t."paper_id" = c."paper_id" WHERE c."role" = 'AUTHOR'
  ) r;
  RETURN NULL;
END $$;

-- Authorships deleted: now (+1); before: now plus the deleted rows (-1). A paper deleted in the
-- same statement (its cascade) is gone: its rows count (a frontmatter paper's went first, below).
CREATE FUNCTION "coauthor_pair_authorship_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "coauthor_pair_add"(array_agg(r."paper_id"), array_agg(r."author_id"), array_agg(r."sign"))
  FROM (
    WITH touched AS (
      SELECT DISTINCT o."paper_id" FROM old_rows o
      WHERE o."role" = 'AUTHOR' AND NOT EXISTS (SELECT 1 FROM "paper" p WHERE p."id" = o."paper_id" AND p."is_frontmatter")
    ), now AS (
      SELECT a."paper_id", a."author_id" FROM touched t JOIN "authorship" a ON a."paper_id" = t."paper_id" AND a."role" = 'AUTHOR'
    )
    SELECT now."paper_id", now."author_id", 1 AS "sign" FROM now
    UNION ALL
    SELECT now."paper_id", now."author_id", -1 FROM now
    UNION ALL
    SELECT o."paper_id", o."author_id", -1 FROM old_rows o JOIN touched t ON t."paper_id" = o."paper_id" WHERE o."role" = 'AUTHOR'
  ) r;
  RETURN NULL;
END $$;

CREATE FUNCTION "coauthor_pair_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "coauthor_pair";
  RETURN NULL;
END $$;

CREATE TRIGGER "coauthor_pair_insert" AFTER INSERT ON "authorship"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_authorship_insert"();
CREATE TRIGGER "coauthor_pair_update" AFTER UPDATE ON "authorship"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_authorship_update"();
CREATE TRIGGER "coauthor_pair_delete" AFTER DELETE ON "authorship"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_authorship_delete"();
CREATE TRIGGER "coauthor_pair_truncate" AFTER TRUNCATE ON "authorship"
  FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_truncate"();

-- Papers whose frontmatter flag flipped: their pairs -1 (now frontmatter) or +1 (no longer).
CREATE FUNCTION "coauthor_pair_paper_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "coauthor_pair_add"(array_agg(a."paper_id"), array_agg(a."author_id"), array_agg(f."sign"))
  FROM (
    SELECT n."id", CASE WHEN n."is_frontmatter" THEN -1 ELSE 1 END AS "sign"
    FROM new_rows n JOIN old_rows o ON o."id" = n."id" WHERE n."is_frontmatter" <> o."is_frontmatter"
  ) f JOIN "authorship" a ON a."paper_id" = f."id" AND a."role" = 'AUTHOR';
  RETURN NULL;
END $$;

-- A frontmatter paper about to be deleted: its authorships first, while it is still frontmatter
-- (the cascade would delete them after the paper, when its flag can no longer be read).
CREATE FUNCTION "coauthor_pair_paper_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "authorship" a WHERE a."paper_id" = OLD."id";
  RETURN OLD;
END $$;

CREATE TRIGGER "coauthor_pair_paper_update" AFTER UPDATE ON "paper"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_paper_update"();
CREATE TRIGGER "coauthor_pair_paper_delete" BEFORE DELETE ON "paper"
  FOR EACH ROW WHEN (OLD."is_frontmatter") EXECUTE FUNCTION "coauthor_pair_paper_delete"();

-- People added (the first import copies them after their authorships) or renamed: the sort
-- names of the pairs that name them as co-author (found through the pairs of the other direction).
CREATE FUNCTION "coauthor_pair_author_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "coauthor_pair" p SET "last_name" = n."last_name", "first_name" = n."first_name", "slug" = n."slug"
  FROM new_rows n JOIN "coauthor_pair" q ON q."author_id" = n."id"
  WHERE p."author_id" = q."coauthor_id" AND p."coauthor_id" = n."id";
  RETURN NULL;
END $$;

CREATE FUNCTION "coauthor_pair_author_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "coauthor_pair" p SET "last_name" = n."last_name", "first_name" = n."first_name", "slug" = n."slug"
  FROM new_rows n JOIN old_rows o ON o."id" = n."id" JOIN "coauthor_pair" q ON q."author_id" = n."id"
  WHERE (n."last_name", n."first_name", n."slug") IS DISTINCT FROM (o."last_name", o."first_name", o."slug")
    AND p."author_id" = q."coauthor_id" AND p."coauthor_id" = n."id";
  RETURN NULL;
END $$;

CREATE TRIGGER "coauthor_pair_author_insert" AFTER INSERT ON "author"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_author_insert"();
CREATE TRIGGER "coauthor_pair_author_update" AFTER UPDATE ON "author"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coauthor_pair_author_update"();

-- Every pair counted again from authorship, paper and author (the first import's bulk path
-- loads with the two insert triggers off and calls this once, after the people are in).
CREATE FUNCTION "coauthor_pair_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "coauthor_pair";
  INSERT INTO "coauthor_pair" ("author_id", "coauthor_id", "shared", "last_name", "first_name", "slug")
  SELECT s."author_id", s."coauthor_id", s."shared", c."last_name", c."first_name", c."slug"
  FROM (
    SELECT x."author_id", y."author_id" AS "coauthor_id", count(DISTINCT x."paper_id")::int AS "shared"
    FROM "authorship" x JOIN "authorship" y ON y."paper_id" = x."paper_id" AND y."role" = 'AUTHOR' AND y."author_id" <> x."author_id"
    WHERE x."role" = 'AUTHOR' AND NOT EXISTS (SELECT 1 FROM "paper" p WHERE p."id" = x."paper_id" AND p."is_frontmatter")
    GROUP BY 1, 2
  ) s LEFT JOIN "author" c ON c."id" = s."coauthor_id";
$$;

-- The pairs there are now.
SELECT "coauthor_pair_rebuild"();
