// The one filter and order shape of the lists (issue 15.4): a list's `filter` input and
// its `orderBy: [FIELD_ASC | FIELD_DESC]`, and the bridge from the deprecated single
// arguments (`year:`, `venue:` …) that some lists took before.
import type { PaperFilter } from '../loaders/paper-filter.js';
import { badInput } from './errors.js';

type LegacyPaperArgs = Pick<PaperFilter, 'year' | 'yearFrom' | 'yearTo' | 'venue'>;

/** `filter`, or the deprecated single arguments as one; both at once is a user error. */
export function paperFilterOf(filter: PaperFilter | null | undefined, legacy: LegacyPaperArgs): PaperFilter {
  const given = (Object.keys(legacy) as (keyof LegacyPaperArgs)[]).filter((name) => legacy[name] != null);
  if (filter != null && given.length > 0) {
    throw badInput(`Give "filter" or the deprecated "${given[0]}", not both.`, given[0]);
  }
  return filter ?? legacy;
}

/** The order asked, or `fallback` for none (null or an empty list). */
export function orderOf<T extends string>(orderBy: readonly T[] | null | undefined, fallback: readonly T[]): readonly T[] {
  return orderBy != null && orderBy.length > 0 ? orderBy : fallback;
}

/** The longest `namePrefix` a list filter takes. */
export const MAX_PREFIX_LENGTH = 200;

export function checkNamePrefix(prefix: string | null | undefined): void {
  if (prefix != null && prefix.length > MAX_PREFIX_LENGTH) {
    throw badInput(`"namePrefix" is longer than ${MAX_PREFIX_LENGTH} characters.`, 'namePrefix');
  }
}
