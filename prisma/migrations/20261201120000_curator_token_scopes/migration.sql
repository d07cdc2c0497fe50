-- Curator tokens get scopes and an optional expiry (issue 13.7).
-- correct: the correction mutations; admin: revertCorrection; read-audit: reading the audit trail.
-- Tokens issued before keep everything they could do (all three); new ones default to read-audit and correct.
ALTER TABLE "curator_token"
    ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT ARRAY['read-audit', 'correct', 'admin']::TEXT[],
    ADD COLUMN "expires_at" TIMESTAMP(3);
ALTER TABLE "curator_token" ALTER COLUMN "scopes" SET DEFAULT ARRAY['read-audit', 'correct']::TEXT[];
ALTER TABLE "curator_token" ADD CONSTRAINT "curator_token_scopes_check"
    CHECK ("scopes" <@ ARRAY['read-audit', 'correct', 'admin']::TEXT[] AND cardinality("scopes") > 0);
