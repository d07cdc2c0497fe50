-- Hidden name variants (issue 15 part 7): a curator hides a spelling of a person's name
-- (a correction, HIDE_NAME_VARIANT). A hidden name stays on record (and the papers stay
-- attributed) but no public surface shows it: variants, people search, suggestions.
-- ADD VALUE runs inside the migration's transaction (PostgreSQL 12 and later); nothing here uses it.
ALTER TYPE "CorrectionKind" ADD VALUE 'HIDE_NAME_VARIANT' BEFORE 'REVERT';
ALTER TABLE "author_name" ADD COLUMN "hidden" BOOLEAN NOT NULL DEFAULT false;
