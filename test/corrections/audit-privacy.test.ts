// Audit privacy (issues 13.3 and 15.7): everyone sees that a correction happened, its kind and
// when; what it changed (input, before, after) and who made it (curator) only a token with the
// read-audit scope sees. For anyone else those fields are null and the answer has no errors.
import { curationServer, newToken } from '../helpers/corrections.js';
import { databaseWithCollections } from '../helpers/corpus.js';

const f = curationServer(() => databaseWithCollections(['2024.emnlp']));

const TRAIL = /* GraphQL */ `{
  corrections(first: 10) { totalCount edges { node { number kind createdAt status authorSlugs curator input before after } } }
  author(slug: "lei-li") { corrections(first: 10) { edges { node { number kind curator input before after } } } }
}`;

interface Node {
  number: number;
  kind: string;
  createdAt?: string;
  curator: string | null;
  input: unknown;
  before: unknown;
  after: unknown;
}
interface Trail {
  corrections: { totalCount: number; edges: { node: Node }[] };
  author: { corrections: { edges: { node: Node }[] } };
}

let number: number;
let tokens: Record<'correctOnly' | 'readAudit' | 'reader', string>;
beforeAll(async () => {
  const made = await f.gql<{ addNameVariant: { correction: { number: number } } }>(
    `mutation { addNameVariant(input: { author: "lei-li", name: { first: "L.", last: "Li" } }) { correction { number } errors { code } } }`,
    {},
    f.token,
  );
  number = made.data!.addNameVariant.correction.number;
  tokens = {
    correctOnly: await newToken(f.t.db, 'corrector', { scopes: ['correct'] }),
    readAudit: await newToken(f.t.db, 'auditor', { scopes: ['read-audit'] }),
    reader: await newToken(f.t.db, 'reader-key', { scopes: ['read'] }),
  };
});

const withheld = (node: Node) => [node.curator, node.input, node.before, node.after];

test.each([
  ['anonymous', undefined],
  ['a token with only the correct scope', 'correctOnly'],
  ['a reader API key', 'reader'],
] as const)('%s sees that a correction happened, its kind and when, but not what or who', async (_who, token) => {
  const { data, errors } = await f.gql<Trail>(TRAIL, {}, token && tokens[token]);
  expect(errors).toBeUndefined();
  const node = data!.corrections.edges[0]!.node;
  expect(node).toMatchObject({ number, kind: 'ADD_NAME_VARIANT', authorSlugs: ['lei-li'] });
  expect(node.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(withheld(node)).toEqual([null, null, null, null]);
  expect(withheld(data!.author.corrections.edges[0]!.node)).toEqual([null, null, null, null]);
});

test('a read-audit token sees the values and the curator', async () => {
  const { data, errors } = await f.gql<Trail>(TRAIL, {}, tokens.readAudit);
  expect(errors).toBeUndefined();
  const node = data!.corrections.edges[0]!.node;
  expect(node.curator).toBe('alice');
  expect(node.input).toMatchObject({ author: 'lei-li' });
  expect(node.before).not.toBeNull();
  expect(node.after).not.toBeNull();
  expect(data!.author.corrections.edges[0]!.node.curator).toBe('alice');
});

test('an unknown token reading the trail sees what the public sees', async () => {
  const { data, errors } = await f.gql<Trail>(TRAIL, {}, 'sgc_not-a-real-token');
  expect(errors).toBeUndefined();
  expect(withheld(data!.corrections.edges[0]!.node)).toEqual([null, null, null, null]);
});

test('correction(number:) withholds the same fields', async () => {
  const { data } = await f.gql<{ correction: Node }>(`{ correction(number: ${number}) { number curator input before after } }`);
  expect(withheld(data!.correction)).toEqual([null, null, null, null]);
});
