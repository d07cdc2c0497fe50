-- Fuzzy person-name search: trigram GIN indexes (not expressible in schema.prisma).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (it depends on the dictionary search path); an index needs
-- an IMMUTABLE wrapper that names the dictionary explicitly.
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- CreateIndex
CREATE INDEX "author_name_full_name_trgm_idx" ON "author_name"
  USING GIN (lower(immutable_unaccent("first_name" || ' ' || "last_name")) gin_trgm_ops);
