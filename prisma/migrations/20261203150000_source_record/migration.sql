-- Several sources (issue 16): each source's description of a paper or a person, keyed by the
-- source's own public key (the Anthology's id or slug; DBLP's record key `conf/acl/X20` or
-- person id `homepages/12/3456`). A paper two sources describe is one `paper` row with two
-- source records; a person is one `author` row with a record per source that names them.
-- `fields` keeps the source's own values (provenance: what the source says where the row
-- shows another source's value). Rows cascade with their paper or person.
CREATE TABLE "source_record" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "paper_id" INTEGER,
    "author_id" INTEGER,
    "source" TEXT NOT NULL,
    "source_key" TEXT NOT NULL,
    "url" TEXT,
    "fields" JSONB,

    CONSTRAINT "source_record_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "source_record_kind_check" CHECK (
        ("kind" = 'paper' AND "paper_id" IS NOT NULL AND "author_id" IS NULL)
        OR ("kind" = 'author' AND "author_id" IS NOT NULL AND "paper_id" IS NULL))
);

CREATE UNIQUE INDEX "source_record_kind_source_source_key_key" ON "source_record"("kind", "source", "source_key");
CREATE INDEX "source_record_paper_id_idx" ON "source_record"("paper_id");
CREATE INDEX "source_record_author_id_idx" ON "source_record"("author_id");

ALTER TABLE "source_record" ADD CONSTRAINT "source_record_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "source_record" ADD CONSTRAINT "source_record_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the last import of a whole-file source (DBLP) read: the file's SHA-256 and the
-- importer's, so importing the same file again changes nothing.
CREATE TABLE "source_import" (
    "source" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_import_pkey" PRIMARY KEY ("source")
);
