// Name.score() (python/acl_anthology/people/name.py) and the Anthology's person id and page
// forms. Expected values are worked out by hand from the library's formula: length in
// characters, +1 per non-ASCII character or dash, -1 per word with a capital after its first
// letter, -1 per word starting lower-case, -1 more if the name does, +0.5 if the first name is
// longer than the last.
import { nameScore, nameSlug } from '../../src/importers/acl-anthology/resolve.js';
import { personSlugOf } from '../../src/text/person-id.js';

test.each([
  ['Yoshinobu', 'Kano', 14.5],
  ['Yōshinobu', 'Kano', 15.5],
  ['yoshinobu', 'Kano', 12.5],
  ['Jean-Marc', 'Dupont', 17.5],
  ['A.', 'Smith', 8],
  ['', 'McDonald', 7],
])('Name.score() of %s %s', (first, last, score) => {
  expect(nameScore(first, last)).toBe(score);
});

test('name slugs: python-slugify of "first last" with ʼ and ’ as hyphens', () => {
  expect(nameSlug('Łukasz', 'Gągała')).toBe('lukasz-gagala');
  expect(nameSlug('Sean', 'O’Brien')).toBe('sean-o-brien');
  expect(nameSlug('', 'Mausam')).toBe('mausam');
});

test.each([
  ['jane-doe', 'jane-doe'],
  ['jane-doe/unverified', 'jane-doe/unverified'],
  ['unverified/jane-doe', 'jane-doe/unverified'],
  ['https://aclanthology.org/people/jane-doe-mit/', 'jane-doe-mit'],
  ['https://aclanthology.org/people/jane-doe/unverified/', 'jane-doe/unverified'],
  ['http://www.aclanthology.org/people/jane-doe/unverified', 'jane-doe/unverified'],
  ['https://aclanthology.org/people/j/jane-doe/', 'jane-doe'],
  ['/people/j/jane-doe', 'jane-doe'],
  // Not the old form: the letter is not the id's first.
  ['https://aclanthology.org/people/x/jane-doe/', 'x/jane-doe'],
  ['https://example.org/people/jane-doe/', 'https://example.org/people/jane-doe/'],
])('author(slug: %p) looks up %p', (input, slug) => {
  expect(personSlugOf(input)).toBe(slug);
});
