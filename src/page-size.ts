// Page sizes of every connection: the schema pages with them, the cost limit
// (src/http/limits.ts) multiplies by the default.

/** The largest page any connection returns. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
