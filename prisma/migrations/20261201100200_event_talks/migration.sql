-- An explicit event's <talk>s (keynotes, panels): title, speakers and links, as JSON.
ALTER TABLE "event" ADD COLUMN "talks" JSONB;
