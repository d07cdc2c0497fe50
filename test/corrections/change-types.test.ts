// The audit trail's payloads as real types (issue 15.5): `Correction.change` is one object
// type per kind (the union CorrectionChange), by public keys, for a read-audit token only
// (the public gets null, as for the deprecated JSON `input`/`before`/`after`, which stay).
// Data: 2024.emnlp, the people the other correction tests use (the two Lei Li of
// 2024.emnlp-main.64; Qingxiu Dong and Zhihui Xie, as the XML prints their names).
import { curationServer, newToken } from '../helpers/corrections.js';
import { databaseWithCollections } from '../helpers/corpus.js';

const f = curationServer(() => databaseWithCollections(['2024.emnlp']));

const CHANGE = /* GraphQL */ `
  __typename
  ... on ReassignAuthorshipChange { slot { paper volume position } printedName fromAuthor toAuthor }
  ... on SplitAuthorChange { fromAuthor slots { paper volume position } newAuthorSlug newAuthorName newAuthorOrcid newAuthorComment similarLinked }
  ... on MergeAuthorsChange { kept removed removedName { first last } addedNames { first last } }
  ... on UpdateAuthorChange { author orcid { before after } comment { before after } institution { before after }
    canonicalName { before { first last } after { first last } } }
  ... on AddNameVariantChange { author name { first last } }
  ... on RevertChange { correction }
`;

let auditor: string;
beforeAll(async () => {
  auditor = await newToken(f.t.db, 'auditor', { scopes: ['read-audit'] });
});

/** Runs a correction mutation as the curator; returns its number. */
async function correct(name: string, input: Record<string, unknown>): Promise<number> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const r = await f.gql<Record<string, { correction: { number: number } | null; errors: unknown[] }>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { correction { number } errors { code message } } }`,
    { input },
    f.token,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data![name]!.errors).toEqual([]);
  return r.data![name]!.correction!.number;
}

async function changeOf(number: number, token?: string): Promise<unknown> {
  const r = await f.gql<{ correction: { change: unknown } }>(`{ correction(number: ${number}) { change { ${CHANGE} } } }`, {}, token);
  expect(r.errors).toBeUndefined();
  return r.data!.correction.change;
}

const HKU = { paper: '2024.emnlp-main.64', position: 2 };

test('splitAuthor, and its revert', async () => {
  const split = await correct('splitAuthor', {
    author: 'lei-li',
    authorships: [HKU, { paper: '2024.emnlp-main.358', position: 1 }],
    newAuthor: { slug: 'lei-li-hku', name: 'Lei Li', orcid: '0009-0008-6984-5104', comment: 'University of Hong Kong' },
  });
  expect(await changeOf(split, auditor)).toEqual({
    __typename: 'SplitAuthorChange',
    fromAuthor: 'lei-li',
    slots: [
      { paper: '2024.emnlp-main.64', volume: null, position: 2 },
      { paper: '2024.emnlp-main.358', volume: null, position: 1 },
    ],
    newAuthorSlug: 'lei-li-hku',
    newAuthorName: 'Lei Li',
    newAuthorOrcid: '0009-0008-6984-5104',
    newAuthorComment: 'University of Hong Kong',
    similarLinked: true,
  });
  const revert = await correct('revertCorrection', { correction: String(split) });
  expect(await changeOf(revert, auditor)).toEqual({ __typename: 'RevertChange', correction: split });
});

test('reassignAuthorship: the slot, the printed name, from whom to whom', async () => {
  const moved = await correct('reassignAuthorship', { authorship: HKU, toAuthor: 'zhifang-sui' });
  expect(await changeOf(moved, auditor)).toEqual({
    __typename: 'ReassignAuthorshipChange',
    slot: { paper: '2024.emnlp-main.64', volume: null, position: 2 },
    printedName: 'Lei Li',
    fromAuthor: 'lei-li',
    toAuthor: 'zhifang-sui',
  });
});

test('updateAuthor: only the fields it changed, before and after', async () => {
  const updated = await correct('updateAuthor', {
    author: 'qingxiu-dong',
    comment: 'Peking University',
    canonicalName: { first: 'Qing-Xiu', last: 'Dong' },
  });
  expect(await changeOf(updated, auditor)).toEqual({
    __typename: 'UpdateAuthorChange',
    author: 'qingxiu-dong',
    orcid: null,
    comment: { before: null, after: 'Peking University' },
    institution: null,
    canonicalName: { before: { first: 'Qingxiu', last: 'Dong' }, after: { first: 'Qing-Xiu', last: 'Dong' } },
  });
});

test('addNameVariant and mergeAuthors', async () => {
  const variant = await correct('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Q.', last: 'Dong' } });
  expect(await changeOf(variant, auditor)).toEqual({
    __typename: 'AddNameVariantChange',
    author: 'qingxiu-dong',
    name: { first: 'Q.', last: 'Dong' },
  });
  const merged = await correct('mergeAuthors', { keep: 'qingxiu-dong', remove: 'zhihui-xie' });
  expect(await changeOf(merged, auditor)).toEqual({
    __typename: 'MergeAuthorsChange',
    kept: 'qingxiu-dong',
    removed: 'zhihui-xie',
    removedName: { first: 'Zhihui', last: 'Xie' },
    addedNames: [{ first: 'Zhihui', last: 'Xie' }],
  });
});

test('the public (and a curator token without read-audit) sees that a change happened, not what it was', async () => {
  const corrector = await newToken(f.t.db, 'corrector', { scopes: ['correct'] });
  const r = await f.gql<{ corrections: { edges: { node: { kind: string; change: unknown } }[] } }>(
    `{ corrections(first: 10) { edges { node { kind change { ${CHANGE} } } } } }`,
  );
  expect(r.errors).toBeUndefined();
  const nodes = r.data!.corrections.edges.map((e) => e.node);
  expect(nodes.length).toBeGreaterThanOrEqual(6);
  expect(nodes.every((n) => n.change === null)).toBe(true);
  const asCorrector = await f.gql<{ corrections: { edges: { node: { change: unknown } }[] } }>(
    `{ corrections(first: 10) { edges { node { change { __typename } } } } }`,
    {},
    corrector,
  );
  expect(asCorrector.data!.corrections.edges.every((e) => e.node.change === null)).toBe(true);
  const asAuditor = await f.gql<{ corrections: { edges: { node: { kind: string; change: { __typename: string } } }[] } }>(
    `{ corrections(first: 10) { edges { node { kind change { __typename } } } } }`,
    {},
    auditor,
  );
  for (const { node } of asAuditor.data!.corrections.edges) {
    const type =
      node.kind === 'REVERT'
        ? 'RevertChange'
        : `${node.kind.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}Change`;
    expect(node.change.__typename).toBe(type);
  }
});
