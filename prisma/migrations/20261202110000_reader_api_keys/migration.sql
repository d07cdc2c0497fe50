-- Reader API keys (issue 13.3): a token with the scope `read` and nothing else is a reader's key,
-- counted by the rate limit against its own quota. Curator tokens keep their scopes.
ALTER TABLE "curator_token" DROP CONSTRAINT "curator_token_scopes_check";
ALTER TABLE "curator_token" ADD CONSTRAINT "curator_token_scopes_check"
    CHECK ("scopes" <@ ARRAY['read', 'read-audit', 'correct', 'admin']::TEXT[] AND cardinality("scopes") > 0);
