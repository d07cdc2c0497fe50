-- CreateEnum
CREATE TYPE "AuthorshipRole" AS ENUM ('AUTHOR', 'EDITOR');

-- CreateEnum
CREATE TYPE "MatchedBy" AS ENUM ('EXPLICIT_ID', 'YAML_NAME', 'SLUG', 'CORRECTION');

-- CreateTable
CREATE TABLE "author" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "orcid" TEXT,
    "orcids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "comment" TEXT,
    "institution" TEXT,
    "degree" TEXT,
    "curated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "author_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "author_name" (
    "id" SERIAL NOT NULL,
    "author_id" INTEGER NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "canonical" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "author_name_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "similar_author" (
    "author_id" INTEGER NOT NULL,
    "similar_id" INTEGER NOT NULL,

    CONSTRAINT "similar_author_pkey" PRIMARY KEY ("author_id","similar_id")
);

-- CreateTable
CREATE TABLE "venue" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "acronym" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_acl" BOOLEAN NOT NULL DEFAULT false,
    "is_toplevel" BOOLEAN NOT NULL DEFAULT false,
    "oldstyle_letter" TEXT,
    "url" TEXT,

    CONSTRAINT "venue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sig" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "acronym" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,

    CONSTRAINT "sig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,

    CONSTRAINT "collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "volume" (
    "id" SERIAL NOT NULL,
    "anthology_id" TEXT NOT NULL,
    "collection_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "title_markup" TEXT NOT NULL,
    "short_title" TEXT,
    "type" TEXT NOT NULL DEFAULT 'proceedings',
    "year" INTEGER NOT NULL,
    "month" TEXT,
    "publisher" TEXT,
    "address" TEXT,
    "doi" TEXT,
    "url" TEXT,
    "isbn" TEXT,
    "ingest_date" TEXT,

    CONSTRAINT "volume_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "volume_venue" (
    "volume_id" INTEGER NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "volume_venue_pkey" PRIMARY KEY ("volume_id","venue_id")
);

-- CreateTable
CREATE TABLE "volume_sig" (
    "volume_id" INTEGER NOT NULL,
    "sig_id" INTEGER NOT NULL,

    CONSTRAINT "volume_sig_pkey" PRIMARY KEY ("volume_id","sig_id")
);

-- CreateTable
CREATE TABLE "paper" (
    "id" SERIAL NOT NULL,
    "anthology_id" TEXT NOT NULL,
    "sort_key" TEXT COLLATE "C" NOT NULL,
    "volume_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "title_markup" TEXT NOT NULL,
    "abstract" TEXT,
    "abstract_markup" TEXT,
    "year" INTEGER NOT NULL,
    "month" TEXT,
    "pages" TEXT,
    "doi" TEXT,
    "url" TEXT,
    "bibkey" TEXT,
    "language" TEXT,
    "awards" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_frontmatter" BOOLEAN NOT NULL DEFAULT false,
    -- Not writable: PostgreSQL keeps it in step with title and abstract.
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce("abstract", '')), 'B')
    ) STORED,

    CONSTRAINT "paper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authorship" (
    "id" SERIAL NOT NULL,
    "paper_id" INTEGER,
    "volume_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "role" "AuthorshipRole" NOT NULL DEFAULT 'AUTHOR',
    "position" INTEGER NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "affiliation" TEXT,
    "orcid" TEXT,
    "matched_by" "MatchedBy" NOT NULL DEFAULT 'SLUG',

    CONSTRAINT "authorship_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "author_slug_key" ON "author"("slug");

-- CreateIndex
CREATE INDEX "author_orcid_idx" ON "author"("orcid");

-- CreateIndex
CREATE INDEX "author_last_name_first_name_idx" ON "author"("last_name", "first_name");

-- CreateIndex
CREATE INDEX "author_name_last_name_first_name_idx" ON "author_name"("last_name", "first_name");

-- CreateIndex
CREATE UNIQUE INDEX "author_name_author_id_first_name_last_name_key" ON "author_name"("author_id", "first_name", "last_name");

-- CreateIndex
CREATE INDEX "similar_author_similar_id_idx" ON "similar_author"("similar_id");

-- CreateIndex
CREATE UNIQUE INDEX "venue_slug_key" ON "venue"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "sig_slug_key" ON "sig"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "collection_slug_key" ON "collection"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "volume_anthology_id_key" ON "volume"("anthology_id");

-- CreateIndex
CREATE INDEX "volume_collection_id_idx" ON "volume"("collection_id");

-- CreateIndex
CREATE INDEX "volume_year_idx" ON "volume"("year");

-- CreateIndex
CREATE INDEX "volume_doi_idx" ON "volume"("doi");

-- CreateIndex
CREATE INDEX "volume_venue_venue_id_idx" ON "volume_venue"("venue_id");

-- CreateIndex
CREATE INDEX "volume_sig_sig_id_idx" ON "volume_sig"("sig_id");

-- CreateIndex
CREATE UNIQUE INDEX "paper_anthology_id_key" ON "paper"("anthology_id");

-- CreateIndex
CREATE INDEX "paper_volume_id_idx" ON "paper"("volume_id");

-- CreateIndex
CREATE INDEX "paper_year_sort_key_idx" ON "paper"("year" DESC, "sort_key");

-- CreateIndex
CREATE INDEX "paper_doi_idx" ON "paper"("doi");

-- CreateIndex
CREATE INDEX "paper_bibkey_idx" ON "paper"("bibkey");

-- Full-text search over titles and abstracts (not expressible in schema.prisma).
CREATE INDEX "paper_search_vector_idx" ON "paper" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "authorship_paper_id_position_idx" ON "authorship"("paper_id", "position");

-- CreateIndex
CREATE INDEX "authorship_volume_id_role_position_idx" ON "authorship"("volume_id", "role", "position");

-- CreateIndex
CREATE INDEX "authorship_author_id_role_idx" ON "authorship"("author_id", "role");

-- AddForeignKey
ALTER TABLE "author_name" ADD CONSTRAINT "author_name_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "similar_author" ADD CONSTRAINT "similar_author_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "similar_author" ADD CONSTRAINT "similar_author_similar_id_fkey" FOREIGN KEY ("similar_id") REFERENCES "author"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "volume" ADD CONSTRAINT "volume_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "volume_venue" ADD CONSTRAINT "volume_venue_volume_id_fkey" FOREIGN KEY ("volume_id") REFERENCES "volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "volume_venue" ADD CONSTRAINT "volume_venue_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "volume_sig" ADD CONSTRAINT "volume_sig_volume_id_fkey" FOREIGN KEY ("volume_id") REFERENCES "volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "volume_sig" ADD CONSTRAINT "volume_sig_sig_id_fkey" FOREIGN KEY ("sig_id") REFERENCES "sig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "paper" ADD CONSTRAINT "paper_volume_id_fkey" FOREIGN KEY ("volume_id") REFERENCES "volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorship" ADD CONSTRAINT "authorship_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorship" ADD CONSTRAINT "authorship_volume_id_fkey" FOREIGN KEY ("volume_id") REFERENCES "volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorship" ADD CONSTRAINT "authorship_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
