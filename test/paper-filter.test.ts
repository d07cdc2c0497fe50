// The paper filter's SQL (src/loaders/paper-filter.ts): every value a parameter of the
// statement that holds the fragment, numbered after that statement's own parameters.
import { paperFilterConditions } from '../src/loaders/paper-filter.js';
import { compileSql, joinSql } from '../src/loaders/sql-fragments.js';

function compile(filter: Parameters<typeof paperFilterConditions>[0], before: unknown[] = []) {
  const params = [...before];
  const text = compileSql(joinSql(paperFilterConditions(filter, 2), ' AND '), (v) => `$${params.push(v)}`);
  return { text, params };
}

test('a hostile venue is a parameter, never text', () => {
  const venue = "x'::text) OR true --";
  const { text, params } = compile({ year: 2020, venue }, ['query']);
  expect(text).toBe(
    'p.year = $2::int AND EXISTS (SELECT 1 FROM volume_venue vv JOIN venue v ON v.id = vv.venue_id\n' +
      '  WHERE vv.volume_id = p.volume_id AND v.slug = $3::text)',
  );
  expect(params).toEqual(['query', 2020, venue]);
});

test('no filter: no condition; booleans add text only', () => {
  expect(compile(null)).toEqual({ text: '', params: [] });
  expect(compile({ hasAbstract: false, retracted: true })).toEqual({
    text: "(p.abstract IS NULL OR p.abstract = '') AND p.deletion_type IS NOT NULL",
    params: [],
  });
});
