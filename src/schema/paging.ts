// Connection arguments: a clear error past the maximum page size (rather than a
// silently shorter page), and offset paging helpers for loader-backed connections.
import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import type { Page } from '../loaders/paging.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../page-size.js';
import { badInput } from './errors.js';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Cursors of offset connections (loader-backed lists). */
export const OFFSET_CURSOR = /^OffsetConnection:\d+$/;
/** Cursors of Prisma connections (`t.prismaConnection`): the cursor column's value. */
export const PRISMA_CURSOR = /^GPC:[A-Z]:/;

export function checkPageSize(args: ConnectionArgs, cursorFormat: RegExp = OFFSET_CURSOR): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value == null) continue;
    if (value < 0) throw badInput(`"${name}" must not be negative (got ${value}).`, name);
    if (value > MAX_PAGE_SIZE) {
      throw badInput(`"${name}" is ${value}, above the maximum page size of ${MAX_PAGE_SIZE}; page with "after" instead.`, name);
    }
  }
  for (const name of ['after', 'before'] as const) {
    const cursor = args[name];
    if (cursor != null && !cursorFormat.test(decode(cursor))) throw badInput(`"${name}" is not a cursor of this list.`, name);
  }
}

const decode = (cursor: string) => Buffer.from(cursor, 'base64').toString('utf8');

/** The offset window for `args`, after validating them. */
export function offsetWindow(args: ConnectionArgs) {
  checkPageSize(args);
  try {
    return offsetForArgs({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });
  } catch (error) {
    throw badInput(error instanceof Error ? error.message : String(error));
  }
}

/** A Relay connection (plus totalCount) from a loader page cut with `offsetWindow`. */
export function pageToConnection<T, E extends { node: unknown }>(
  window: ReturnType<typeof offsetWindow>,
  page: Page<T>,
  edgeOf: (item: T) => E,
) {
  const items = page.items.slice(0, window.expectedSize);
  const edges = items.map((item, i) => ({ ...edgeOf(item), cursor: offsetToCursor(window.offset + i) }));
  return {
    totalCount: page.totalCount,
    edges,
    pageInfo: {
      hasNextPage: window.hasNextPage(page.items.length),
      hasPreviousPage: window.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The totalCount a loader-backed connection carries beside its edges. */
export function totalCountOf(connection: object): number {
  return (connection as { totalCount: number }).totalCount;
}
