// Small value types shared by author and venue pages: a count per year, a span of years.
import type { YearCount as YearCountShape, YearRange as YearRangeShape } from '../../loaders/browsing.js';
import { builder } from '../builder.js';

export const YearCount = builder.objectRef<YearCountShape>('YearCount').implement({
  description: 'How many papers appeared in one year.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    count: t.exposeInt('count'),
  }),
});

export const YearRange = builder.objectRef<YearRangeShape>('YearRange').implement({
  description: 'The first and last year of something (inclusive).',
  fields: (t) => ({
    first: t.exposeInt('first'),
    last: t.exposeInt('last'),
  }),
});
