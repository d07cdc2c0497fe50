// hideNameVariant (issue 15 part 7): a curator hides a spelling of a person's name. Data:
// 2024.emnlp prints "Caio Corro" (caio-corro); the shared name_variants.yaml gives him the
// variant "Caio Filippo Corro". Hidden, that spelling is absent from every public surface
// (variants, people search, suggestions, lookups) while his papers stay his; a read-audit
// token sees it; a re-import replays the correction; a revert shows it again.
import { corrector, curationServerWith, dataState, importCollections, newToken } from '../helpers/corrections.js';

const f = curationServerWith(['2024.emnlp']);
const correct = corrector(f);

const SLUG = 'caio-corro';
const HIDDEN = { first: 'Caio Filippo', last: 'Corro' };
const HIDDEN_TEXT = 'Caio Filippo Corro';

interface Surfaces {
  author: { name: string; variants: string[]; hiddenVariants: string[] | null; paperCount: number };
  search: { edges: { score: number; node: { slug?: string } }[] };
  suggest: { slug: string | null; label: string }[];
  byVariantSlug: { slug: string } | null;
}

/** Every public surface a name shows on, as `token` (none: the public) sees it. */
async function surfaces(token?: string): Promise<Surfaces> {
  const r = await f.gql<Surfaces>(
    `{
      author(by: { slug: "${SLUG}" }) { name variants hiddenVariants paperCount }
      search(query: "${HIDDEN_TEXT}", kinds: [AUTHOR], first: 10) { edges { score node { ... on Author { slug } } } }
      suggest(prefix: "Caio Filippo") { slug label }
      byVariantSlug: author(by: { slug: "caio-filippo-corro" }) { slug }
    }`,
    {},
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!;
}

const exactHit = (s: Surfaces) => s.search.edges.some((e) => e.node.slug === SLUG && e.score === 1);

test('before: the variant is public (the control for the tests below)', async () => {
  const s = await surfaces();
  expect(s.author.variants).toContain(HIDDEN_TEXT);
  expect(s.author.hiddenVariants).toBeNull();
  expect(exactHit(s)).toBe(true);
  expect(s.suggest.map((x) => x.slug)).toContain(SLUG);
});

describe('hidden', () => {
  let number: number;
  let paperCount: number;
  beforeAll(async () => {
    paperCount = (await surfaces()).author.paperCount;
    number = await correct('hideNameVariant', { author: SLUG, name: HIDDEN });
  });

  test('absent from every public surface; the papers stay attributed', async () => {
    const s = await surfaces();
    expect(s.author.name).toBe('Caio Corro');
    expect(s.author.variants).not.toContain(HIDDEN_TEXT);
    expect(s.author.hiddenVariants).toBeNull();
    expect(s.author.paperCount).toBe(paperCount);
    // No exact match any more: a fuzzy hit on "Caio Corro" itself may stay (it is his public name).
    expect(exactHit(s)).toBe(false);
    expect(s.suggest.map((x) => x.slug)).not.toContain(SLUG);
    expect(s.byVariantSlug).toBeNull();
    expect(JSON.stringify(s)).not.toContain('Filippo');
  });

  test('the audit trail says a correction happened, not what it hid, to the public', async () => {
    const r = await f.gql<{ correction: { kind: string; input: unknown; before: unknown; curator: string | null } }>(
      `{ correction(number: ${number}) { kind input before curator } }`,
    );
    expect(r.data!.correction).toEqual({ kind: 'HIDE_NAME_VARIANT', input: null, before: null, curator: null });
  });

  test('a read-audit token sees it (hiddenVariants, the audit input); a correct-only token does not', async () => {
    const s = await surfaces(f.token);
    expect(s.author.hiddenVariants).toEqual([HIDDEN_TEXT]);
    expect(s.author.variants).not.toContain(HIDDEN_TEXT);
    const r = await f.gql<{ correction: { input: unknown } }>(`{ correction(number: ${number}) { input } }`, {}, f.token);
    expect(r.data!.correction.input).toEqual({ author: SLUG, name: HIDDEN });
    const correctOnly = await newToken(f.t.db, 'bob', { scopes: ['correct'] });
    expect((await surfaces(correctOnly)).author.hiddenVariants).toBeNull();
  });

  test('refused: hiding it again (NO_CHANGE), a name he does not have (NOT_FOUND), his canonical name (INVALID_INPUT); no token: refused', async () => {
    const ask = async (name: { first: string; last: string }, token: string | null = f.token) =>
      f.gql<{ hideNameVariant: { errors: { code: string }[] } }>(
        `mutation ($input: HideNameVariantInput!) { hideNameVariant(input: $input) { errors { code } } }`,
        { input: { author: SLUG, name } },
        token ?? undefined,
      );
    const before = await dataState(f.t.db);
    expect((await ask(HIDDEN)).data!.hideNameVariant.errors).toEqual([{ code: 'NO_CHANGE' }]);
    expect((await ask({ first: 'Nobody', last: 'Corro' })).data!.hideNameVariant.errors).toEqual([{ code: 'NOT_FOUND' }]);
    expect((await ask({ first: 'Caio', last: 'Corro' })).data!.hideNameVariant.errors).toEqual([{ code: 'INVALID_INPUT' }]);
    const anonymous = await ask({ first: 'Caio', last: 'Corro' }, null);
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(await dataState(f.t.db)).toEqual(before);
  });

  test('a re-import replays it: still hidden, after a sync of the same files and after a full re-import', async () => {
    expect(await importCollections(f.t, ['2024.emnlp'])).toEqual([]);
    expect((await surfaces()).author.variants).not.toContain(HIDDEN_TEXT);
    expect(await importCollections(f.t, ['2024.emnlp'], { full: true })).toEqual([
      'corrections: 1 replayed, 0 already upstream, 0 no longer apply',
    ]);
    const s = await surfaces();
    expect(s.author.variants).not.toContain(HIDDEN_TEXT);
    expect(exactHit(s)).toBe(false);
    expect((await surfaces(f.token)).author.hiddenVariants).toEqual([HIDDEN_TEXT]);
  });

  test('revert shows it again, everywhere', async () => {
    await correct('revertCorrection', { target: { number } });
    const s = await surfaces();
    expect(s.author.variants).toContain(HIDDEN_TEXT);
    expect(exactHit(s)).toBe(true);
    expect(s.suggest.map((x) => x.slug)).toContain(SLUG);
    expect((await surfaces(f.token)).author.hiddenVariants).toEqual([]);
  });
});

test('a merge moves a hidden name hidden, and its revert gives it back hidden', async () => {
  await correct('hideNameVariant', { author: SLUG, name: HIDDEN });
  const merge = await correct('mergeAuthors', { keep: 'qingxiu-dong', remove: SLUG });
  const keep = async (token?: string) =>
    (
      await f.gql<{ author: { variants: string[]; hiddenVariants: string[] | null }; suggest: { slug: string | null }[] }>(
        `{ author(by: { slug: "qingxiu-dong" }) { variants hiddenVariants } suggest(prefix: "Caio Filippo") { slug } }`,
        {},
        token,
      )
    ).data!;
  expect(await keep()).toEqual({
    author: { variants: expect.not.arrayContaining([HIDDEN_TEXT]) as never, hiddenVariants: null },
    suggest: [],
  });
  expect((await keep()).author.variants).toContain('Caio Corro');
  expect((await keep(f.token)).author.hiddenVariants).toEqual([HIDDEN_TEXT]);
  await correct('revertCorrection', { target: { number: merge } });
  const s = await surfaces(f.token);
  expect(s.author.variants).not.toContain(HIDDEN_TEXT);
  expect(s.author.hiddenVariants).toEqual([HIDDEN_TEXT]);
  expect((await keep(f.token)).author.hiddenVariants).toEqual([]);
});
