// Small value types shared by author, paper and venue pages: a count per year, a span of
// years, a month.
import type { YearCount as YearCountShape, YearRange as YearRangeShape } from '../../loaders/browsing.js';
import { builder } from '../builder.js';

// Value types other subgraphs may define too: @shareable (docs/api.md, "Federation").
export const YearCount = builder.objectRef<YearCountShape>('YearCount').implement({
  description: 'How many papers appeared in one year.',
  shareable: true,
  fields: (t) => ({
    year: t.exposeInt('year'),
    count: t.exposeInt('count'),
  }),
});

export const YearRange = builder.objectRef<YearRangeShape>('YearRange').implement({
  description: 'The first and last year of something (inclusive).',
  shareable: true,
  fields: (t) => ({
    first: t.exposeInt('first'),
    last: t.exposeInt('last'),
  }),
});

const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** A month of the year; internally its number, 1 for January. */
export const Month = builder.enumType('Month', {
  description: 'A month of the year.',
  values: Object.fromEntries(MONTH_NAMES.map((name, i) => [name, { value: i + 1 }])) as Record<
    (typeof MONTH_NAMES)[number],
    { value: number }
  >,
});
