-- OpenAlex (issue 16, parts 2 and 4). OpenAlex arrives in files of works (a snapshot's JSONL
-- parts, API pages), not as one whole dump: each import adds or replaces the works it reads.
--
-- paper_reference: a work's `referenced_works`, in order. `cited_work` is the OpenAlex id
-- (`W2100301546`); `cited_paper_id` is the paper that work is in the graph, null while it is
-- not imported (resolved through source_record whenever any import runs: src/importers/sources.ts).
CREATE TABLE "paper_reference" (
    "citing_paper_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "cited_work" TEXT NOT NULL,
    "cited_paper_id" INTEGER,

    CONSTRAINT "paper_reference_pkey" PRIMARY KEY ("citing_paper_id", "cited_work")
);

CREATE INDEX "paper_reference_cited_paper_id_idx" ON "paper_reference"("cited_paper_id");
CREATE INDEX "paper_reference_cited_work_idx" ON "paper_reference"("cited_work");

ALTER TABLE "paper_reference" ADD CONSTRAINT "paper_reference_citing_paper_id_fkey" FOREIGN KEY ("citing_paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "paper_reference" ADD CONSTRAINT "paper_reference_cited_paper_id_fkey" FOREIGN KEY ("cited_paper_id") REFERENCES "paper"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The files a file-wise source (OpenAlex) imported: each file's SHA-256 with the importer's,
-- so importing the same file again is a no-op.
CREATE TABLE "source_file_import" (
    "source" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_file_import_pkey" PRIMARY KEY ("source", "hash")
);
