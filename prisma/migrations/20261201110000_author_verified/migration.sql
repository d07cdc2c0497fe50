-- The Anthology's 2026 author system (yaml/people.yaml): verified people, their page URL,
-- name matching switched off per person, and the OpenReview ids printed on papers.
ALTER TABLE "author" ADD COLUMN "verified" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "author" ADD COLUMN "disable_name_matching" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "author" ADD COLUMN "url" TEXT;
ALTER TABLE "author" ADD COLUMN "openreview" TEXT;
ALTER TABLE "authorship" ADD COLUMN "openreview" TEXT;
