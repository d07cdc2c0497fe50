// The shapes of a paged list request (a person's papers, co-authors): the combined
// loader (combined.ts) cuts every parent's page in one statement.
/** One parent's page request: rows offset+1 … offset+limit of its ordered list. */
export interface PageKey {
  parentId: number;
  offset: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
}
