-- A paper row (title, abstract, their markup and the search vector) is usually 2-4 kB: over
-- the default TOAST threshold (~2 kB), so writing one meant compressing its largest values
-- with pglz, the main cost of loading papers. Rows up to a page's worth now stay inline and
-- uncompressed: writes are about twice as fast, and reading a title, abstract or vector no
-- longer decompresses anything. Larger rows are still toasted as before. Existing rows keep
-- their storage until rewritten.
ALTER TABLE "paper" SET (toast_tuple_target = 8160);
