-- paper_count follows TRUNCATE of paper too (statement-level INSERT/UPDATE/DELETE triggers do
-- not fire for it; TRUNCATE volume CASCADE truncates paper and fires this).
CREATE FUNCTION "paper_count_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "paper_count";
  RETURN NULL;
END $$;

CREATE TRIGGER "paper_count_truncate" AFTER TRUNCATE ON "paper"
  FOR EACH STATEMENT EXECUTE FUNCTION "paper_count_truncate"();
