-- DOI lookups compare DOI names with ASCII letters folded ("DOI names are case insensitive,
-- using ASCII case folding", DOI Handbook 2.4): `paper(by: {doi})` and `papersBy(by: {dois})`
-- (src/loaders/lookups.ts) filter on exactly this expression. Prisma's schema cannot declare
-- an expression index; schema.prisma says so next to Paper's @@index([doi]).
CREATE INDEX "paper_doi_folded_idx" ON "paper" (translate("doi", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));
