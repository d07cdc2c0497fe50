-- Curated corrections ("Fix author"): curator tokens, an append-only audit trail,
-- slugs that keep resolving after a merge, and the outcome of replaying
-- corrections over each re-import.

CREATE TYPE "CorrectionKind" AS ENUM ('REASSIGN_AUTHORSHIP', 'SPLIT_AUTHOR', 'MERGE_AUTHORS', 'UPDATE_AUTHOR', 'ADD_NAME_VARIANT', 'REVERT');
CREATE TYPE "ReplayOutcome" AS ENUM ('APPLIED', 'ALREADY_UPSTREAM', 'TARGET_MISSING');

CREATE TABLE "curator_token" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),
    CONSTRAINT "curator_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "curator_token_name_key" ON "curator_token"("name");
CREATE UNIQUE INDEX "curator_token_token_hash_key" ON "curator_token"("token_hash");

CREATE TABLE "correction" (
    "id" SERIAL NOT NULL,
    "kind" "CorrectionKind" NOT NULL,
    "token_id" INTEGER NOT NULL,
    "curator" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "input" JSONB NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "reverts_id" INTEGER,
    CONSTRAINT "correction_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "correction_reverts_id_key" ON "correction"("reverts_id");
ALTER TABLE "correction" ADD CONSTRAINT "correction_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "curator_token"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "correction" ADD CONSTRAINT "correction_reverts_id_fkey" FOREIGN KEY ("reverts_id") REFERENCES "correction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The people a correction concerns, by slug (a slug outlives a merged-away row).
CREATE TABLE "correction_author" (
    "correction_id" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    CONSTRAINT "correction_author_pkey" PRIMARY KEY ("correction_id", "slug")
);
CREATE INDEX "correction_author_slug_idx" ON "correction_author"("slug");
ALTER TABLE "correction_author" ADD CONSTRAINT "correction_author_correction_id_fkey" FOREIGN KEY ("correction_id") REFERENCES "correction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit trail is append-only: no UPDATE or DELETE, ever.
CREATE FUNCTION "forbid_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail (%) is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER "correction_append_only" BEFORE UPDATE OR DELETE ON "correction"
  FOR EACH ROW EXECUTE FUNCTION "forbid_audit_change"();
CREATE TRIGGER "correction_author_append_only" BEFORE UPDATE OR DELETE ON "correction_author"
  FOR EACH ROW EXECUTE FUNCTION "forbid_audit_change"();

-- A merged-away slug keeps resolving to the person who absorbed it.
CREATE TABLE "author_alias" (
    "slug" TEXT NOT NULL,
    "author_id" INTEGER NOT NULL,
    "correction_id" INTEGER NOT NULL,
    CONSTRAINT "author_alias_pkey" PRIMARY KEY ("slug")
);
CREATE INDEX "author_alias_author_id_idx" ON "author_alias"("author_id");
ALTER TABLE "author_alias" ADD CONSTRAINT "author_alias_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "author_alias" ADD CONSTRAINT "author_alias_correction_id_fkey" FOREIGN KEY ("correction_id") REFERENCES "correction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- People a split created: the importer keeps them (they are not in the upstream data).
ALTER TABLE "author" ADD COLUMN "created_by_correction_id" INTEGER;
ALTER TABLE "author" ADD CONSTRAINT "author_created_by_correction_id_fkey" FOREIGN KEY ("created_by_correction_id") REFERENCES "correction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What happened to each correction when an import replayed it.
CREATE TABLE "correction_replay" (
    "id" SERIAL NOT NULL,
    "correction_id" INTEGER NOT NULL,
    "replayed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "ReplayOutcome" NOT NULL,
    "message" TEXT,
    CONSTRAINT "correction_replay_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "correction_replay_correction_id_id_idx" ON "correction_replay"("correction_id", "id");
ALTER TABLE "correction_replay" ADD CONSTRAINT "correction_replay_correction_id_fkey" FOREIGN KEY ("correction_id") REFERENCES "correction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
