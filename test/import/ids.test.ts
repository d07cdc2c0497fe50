// Anthology ids: the cases of the Anthology's own tests for build_id
// (acl-org/acl-anthology, python/tests/utils/ids_test.py, `test_cases_ids`).
import { buildId, isNewStyle } from '../../src/importers/acl-anthology/ids.js';

const CASES: [string, [string, string | undefined, string | undefined]][] = [
  ['P18-1007', ['P18', '1', '7']],
  ['W18-2008', ['W18', '20', '8']],
  ['W18-2000', ['W18', '20', '0']],
  ['W18-6310', ['W18', '63', '10']],
  ['D19-1000', ['D19', '1', '0']],
  ['D19-1001', ['D19', '1', '1']],
  ['D19-5702', ['D19', '57', '2']],
  ['C69-1234', ['C69', '12', '34']],
  ['C68-1234', ['C68', '1', '234']],
  ['2022.acl-main.0', ['2022.acl', 'main', '0']],
  ['2022.acl-main.1', ['2022.acl', 'main', '1']],
  ['2023.mwe-1.5', ['2023.mwe', '1', '5']],
  ['P18-1', ['P18', '1', undefined]],
  ['W18-63', ['W18', '63', undefined]],
  ['D19-1', ['D19', '1', undefined]],
  ['D19-57', ['D19', '57', undefined]],
  ['2022.acl-main', ['2022.acl', 'main', undefined]],
  ['2023.mwe-1', ['2023.mwe', '1', undefined]],
  ['P18', ['P18', undefined, undefined]],
  ['2022.acl', ['2022.acl', undefined, undefined]],
];

test.each(CASES)('build_id gives %s', (full, [collection, volume, paper]) => {
  expect(buildId(collection, volume, paper)).toBe(full);
});

test('the rule behind the cases: D19 from volume 5, W*, C69 take two digits each', () => {
  // The example: D19.xml, <volume id="50">, <paper id="18"> (its <url> is D19-5018).
  expect(buildId('D19', '50', '18')).toBe('D19-5018');
  expect(buildId('D19', '4', '18')).toBe('D19-4018');
  expect(buildId('W18', '5', '1')).toBe('W18-0501');
  expect(buildId('C69', '1', '0')).toBe('C69-0100');
  // Zero-padded XML ids are numbers in old-style collections, as written in new-style ones.
  expect(buildId('P18', '01', '007')).toBe('P18-1007');
  expect(buildId('2022.acl', 'long', '07')).toBe('2022.acl-long.07');
});

test('old-style ids that are not numbers have no id (the library’s int() fails)', () => {
  expect(buildId('P18', 'long', '1')).toBeUndefined();
  expect(buildId('P18', '1', 'x')).toBeUndefined();
});

test('new style is a collection id starting with a digit', () => {
  expect(isNewStyle('2022.acl')).toBe(true);
  expect(isNewStyle('P18')).toBe(false);
});
