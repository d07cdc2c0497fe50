-- Institutions (issue 16, part 5), as OpenAlex names them on authorships: its id (`I…`), ROR
-- id, name and country. authorship_institution links an authorship to the institutions printed
-- with it; a person's institutions and an institution's people are read through authorships
-- (so they follow a person merged by ORCID), with the years of those papers.
CREATE TABLE "institution" (
    "id" SERIAL NOT NULL,
    "openalex_id" TEXT NOT NULL,
    "ror" TEXT,
    "name" TEXT NOT NULL,
    "country" TEXT,

    CONSTRAINT "institution_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "institution_openalex_id_key" ON "institution"("openalex_id");
CREATE INDEX "institution_ror_idx" ON "institution"("ror");

CREATE TABLE "authorship_institution" (
    "authorship_id" INTEGER NOT NULL,
    "institution_id" INTEGER NOT NULL,

    CONSTRAINT "authorship_institution_pkey" PRIMARY KEY ("authorship_id", "institution_id")
);

CREATE INDEX "authorship_institution_institution_id_idx" ON "authorship_institution"("institution_id");

ALTER TABLE "authorship_institution" ADD CONSTRAINT "authorship_institution_authorship_id_fkey" FOREIGN KEY ("authorship_id") REFERENCES "authorship"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "authorship_institution" ADD CONSTRAINT "authorship_institution_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
