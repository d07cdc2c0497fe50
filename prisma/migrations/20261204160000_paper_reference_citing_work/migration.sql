-- The OpenAlex work whose `referenced_works` a reference comes from. A work folded into another
-- source's paper (same DOI) moved its references there; a later import of that work must replace
-- exactly those (not keep them beside the new list), wherever they are: it deletes by this column.
ALTER TABLE "paper_reference" ADD COLUMN "citing_work" TEXT;

-- References imported before: the work is the OpenAlex record of the citing paper (a paper two
-- works were folded into gets the first; their lists were merged anyway).
UPDATE "paper_reference" r SET "citing_work" = s."source_key"
FROM (SELECT DISTINCT ON ("paper_id") "paper_id", "source_key" FROM "source_record"
      WHERE "kind" = 'paper' AND "source" = 'openalex' ORDER BY "paper_id", "source_key") s
WHERE s."paper_id" = r."citing_paper_id";

CREATE INDEX "paper_reference_citing_work_idx" ON "paper_reference"("citing_work");
