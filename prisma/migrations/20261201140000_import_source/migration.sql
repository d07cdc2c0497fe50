-- Nightly sync: what the last import read, file by file. `name` is the file's path in the data
-- folder (xml/P19.xml, yaml/people.yaml, yaml/venues/acl.yaml) or "@importer" (the importer's own
-- code); `hash` the SHA-256 of its bytes. For a collection file, `people` holds what person
-- resolution needs of it (its volume and paper ids, names and events) as JSON, so that an import
-- of a newer copy can re-resolve the corpus's people without parsing the unchanged files again.
-- Written in the import's transaction: it always describes the data the tables hold.
CREATE TABLE "import_source" (
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "people" TEXT,

    CONSTRAINT "import_source_pkey" PRIMARY KEY ("name")
);
