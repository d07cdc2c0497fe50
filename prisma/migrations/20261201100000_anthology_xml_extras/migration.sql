-- What the Anthology's XML carries beyond titles and people (its Paper, Volume and Event
-- models, python/acl_anthology/collections/): retractions and removals, errata, revisions,
-- attachments, videos and notes of papers; events and the volumes they gather.

-- A paper's <retracted> or <removed> notice (the library's PaperDeletionNotice).
ALTER TABLE "paper" ADD COLUMN "deletion_type" TEXT,
  ADD COLUMN "deletion_date" TEXT,
  ADD COLUMN "deletion_note" TEXT,
  -- Errata, revisions, attachments, videos and the note, as one JSON object; null for the
  -- (most) papers that have none of them.
  ADD COLUMN "extra" JSONB,
  ADD CONSTRAINT "paper_deletion_type_check" CHECK ("deletion_type" IN ('retracted', 'removed'));
CREATE INDEX "paper_deleted_idx" ON "paper" ("id") WHERE "deletion_type" IS NOT NULL;

-- An event: explicit (<event> in a collection file) or inferred from a volume's venue and
-- year (`{venue}-{year}`), as the library's EventIndex builds them.
CREATE TABLE "event" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "location" TEXT,
    "dates" TEXT,
    "explicit" BOOLEAN NOT NULL DEFAULT false,
    "links" JSONB,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "event_slug_key" ON "event"("slug");

CREATE TABLE "event_volume" (
    "event_id" INTEGER NOT NULL,
    "volume_id" INTEGER NOT NULL,
    -- True when only the volume's venue and year tie it to the event.
    "inferred" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "event_volume_pkey" PRIMARY KEY ("event_id","volume_id")
);
CREATE INDEX "event_volume_volume_id_idx" ON "event_volume"("volume_id");
ALTER TABLE "event_volume" ADD CONSTRAINT "event_volume_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_volume" ADD CONSTRAINT "event_volume_volume_id_fkey" FOREIGN KEY ("volume_id") REFERENCES "volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;
