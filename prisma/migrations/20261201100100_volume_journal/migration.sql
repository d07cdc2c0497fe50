-- A journal issue's <journal-volume>, <journal-issue> and <journal-title> (the library's
-- Volume.journal_volume, journal_issue, journal_title).
ALTER TABLE "volume" ADD COLUMN "journal_volume" TEXT,
  ADD COLUMN "journal_issue" TEXT,
  ADD COLUMN "journal_title" TEXT;
