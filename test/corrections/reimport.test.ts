// Corrections survive re-imports: replayed over the imported data in the import's
// transaction; one whose target disappeared upstream is reported (import log, the
// correction's status), and applies again once its target is back.
import { corrector, curationServerWith, dataState, importCollections } from '../helpers/corrections.js';

const f = curationServerWith(['2024.emnlp']);
const correct = corrector(f);

const statuses = async () =>
  (
    await f.gql<{
      corrections: {
        edges: { node: { number: number; kind: string; status: string; lastReplay: { outcome: string; message: string | null } | null } }[];
      };
    }>('{ corrections(first: 50) { edges { node { number kind status lastReplay { outcome message } } } } }')
  ).data!.corrections.edges.map((e) => e.node);

test('every kind of correction is still in force after re-importing the same data, and the data is exactly as before', async () => {
  await correct('splitAuthor', {
    author: 'lei-li',
    authorships: [
      { paper: '2024.emnlp-main.64', position: 2 },
      { paper: '2024.emnlp-main.358', position: 1 },
    ],
    newAuthor: { slug: 'lei-li-hku', name: 'Lei Li', orcid: '0009-0008-6984-5104', comment: 'University of Hong Kong' },
  });
  await correct('mergeAuthors', { keep: 'qingxiu-dong', remove: 'zhihui-xie' });
  await correct('updateAuthor', {
    author: 'qingxiu-dong',
    comment: 'Peking University',
    canonicalName: { first: 'Qing-Xiu', last: 'Dong' },
  });
  await correct('addNameVariant', { author: 'zhifang-sui', name: { first: 'Z.', last: 'Sui' } });
  await correct('reassignAuthorship', { authorship: { paper: '2024.emnlp-main.64', position: 3 }, toAuthor: 'jingyuan-ma' });
  const undone = await correct('addNameVariant', { author: 'zhifang-sui', name: { first: 'Zhi-Fang', last: 'Sui' } });
  await correct('revertCorrection', { correction: String(undone) });
  const corrected = await dataState(f.t.db);

  // The same files again: the sync finds nothing changed and touches nothing.
  expect(await importCollections(f.t, ['2024.emnlp'])).toEqual([]);
  expect(await dataState(f.t.db)).toEqual(corrected);
  for (const c of await statuses()) expect(c).toMatchObject({ status: c.number === undone ? 'REVERTED' : 'IN_FORCE', lastReplay: null });

  // A full re-import of them (--full): every file merged again, the corrections replayed over it.
  const log = await importCollections(f.t, ['2024.emnlp'], { full: true });
  expect(log).toEqual(['corrections: 5 replayed, 0 already upstream, 0 no longer apply']);
  expect(await dataState(f.t.db)).toEqual(corrected);
  for (const c of await statuses()) {
    if (c.kind === 'REVERT') expect(c).toMatchObject({ status: 'IN_FORCE', lastReplay: null });
    else if (c.number === undone) expect(c).toMatchObject({ status: 'REVERTED', lastReplay: null });
    else expect(c).toMatchObject({ status: 'IN_FORCE', lastReplay: { outcome: 'APPLIED', message: null } });
  }
  const { data } = await f.gql<{ author: { slug: string; paperCount: number } }>('{ author(slug: "zhihui-xie") { slug paperCount } }');
  expect(data!.author.slug).toBe('qingxiu-dong');
});

test('a correction whose target disappeared upstream is reported and marked NOT_APPLIED; it applies again when the target is back', async () => {
  const corrected = await dataState(f.t.db);
  // Upstream without 2024.emnlp: every paper the corrections touch is gone.
  const log = await importCollections(f.t, ['1979.ws']);
  expect(log[0]).toBe('corrections: 0 replayed, 0 already upstream, 5 no longer apply');
  expect(log).toContainEqual(expect.stringMatching(/^ {2}correction \d+ \(SPLIT_AUTHOR\) not applied: No author with slug "lei-li"\.$/));
  expect(log).toContainEqual(
    expect.stringMatching(/^ {2}correction \d+ \(REASSIGN_AUTHORSHIP\) not applied: There is no author 3 of 2024\.emnlp-main\.64\.$/),
  );
  const notApplied = (await statuses()).filter((c) => c.kind !== 'REVERT' && c.status !== 'REVERTED');
  expect(notApplied.map((c) => c.status)).toEqual(Array(5).fill('NOT_APPLIED'));
  expect(notApplied.every((c) => c.lastReplay!.outcome === 'TARGET_MISSING' && c.lastReplay!.message)).toBe(true);
  // The person the split created waits for its papers; nobody else from 2024.emnlp is left.
  const { rows } = await f.t.db.pool.query<{ slug: string }>(`SELECT slug FROM author WHERE created_by_correction_id IS NOT NULL`);
  expect(rows.map((r) => r.slug)).toEqual(['lei-li-hku']);

  expect(await importCollections(f.t, ['2024.emnlp'])).toEqual(['corrections: 5 replayed, 0 already upstream, 0 no longer apply']);
  const back = await dataState(f.t.db);
  // Rows re-created by the import have new ids; everything else is as corrected.
  expect({ ...back, slots: back.slots.length }).toEqual({ ...corrected, slots: corrected.slots.length });
});
