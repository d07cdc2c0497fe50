-- Nightly sync, narrowed to the people a change can affect (issue 12 parts 5–6).
-- import_source keeps of a collection file only its outline (collection id, volumes, venues,
-- events: what events and the collection list need); the names on it move to import_person:
-- per person (slug) and collection file, the names on that file that resolved to that person,
-- in document order, as a JSON array (with volume, paper, role and position, so the
-- authorship rows can be restaged). A sync reads only the rows of the people it re-resolves.
ALTER TABLE "import_source" RENAME COLUMN "people" TO "outline";

CREATE TABLE "import_person" (
    "slug" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "refs" TEXT NOT NULL,

    CONSTRAINT "import_person_pkey" PRIMARY KEY ("slug", "file")
);

CREATE INDEX "import_person_file_idx" ON "import_person"("file");
