// mergeAuthors, updateAuthor and addNameVariant on real people of 2024.emnlp; each
// one's validation, exact revert, the audit trail, and the live subscription.
import { connectDatabase } from '../../src/db/database.js';
import { curationServer, dataState } from '../helpers/corrections.js';
import { databaseWithCollections } from '../helpers/corpus.js';
import { listen } from '../helpers/http-server.js';

const f = curationServer(() => databaseWithCollections(['2024.emnlp']));

const PAYLOAD = /* GraphQL */ `{
  correction { number kind before after authorSlugs }
  dryRun
  preview { slug existsBefore existsAfter paperCountBefore paperCountAfter coauthorsAdded coauthorsRemoved }
  errors { code message field }
}`;

interface Payload {
  correction: {
    number: number;
    kind: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
    authorSlugs: string[];
  } | null;
  dryRun: boolean;
  preview: { slug: string; existsBefore: boolean; existsAfter: boolean; paperCountBefore: number; paperCountAfter: number }[];
  errors: { code: string; message: string; field: string[] }[];
}

async function mutate(name: string, input: Record<string, unknown>): Promise<Payload> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const response = await f.gql<Record<string, Payload>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) ${PAYLOAD} }`,
    { input },
    f.token,
  );
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

const revert = (correction: Payload['correction']) => mutate('revertCorrection', { correction: String(correction!.number) });

async function page(slug: string) {
  const { data, errors } = await f.gql<{
    author: { slug: string; name: string; orcid: string | null; comment: string | null; variants: string[]; paperCount: number };
  }>(`query ($slug: String!) { author(slug: $slug) { slug name orcid comment variants paperCount } }`, { slug });
  expect(errors).toBeUndefined();
  return data!.author;
}

describe('mergeAuthors', () => {
  test('refuses a person merged into themselves and unknown people', async () => {
    expect((await mutate('mergeAuthors', { keep: 'qingxiu-dong', remove: 'qingxiu-dong' })).errors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['remove'],
    });
    expect((await mutate('mergeAuthors', { keep: 'nobody-here', remove: 'zhihui-xie' })).errors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: ['keep'],
    });
    expect((await mutate('mergeAuthors', { keep: 'qingxiu-dong', remove: 'nobody-here' })).errors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: ['remove'],
    });
  });

  test('moves every paper, keeps the names as variants, and the removed slug resolves to the kept person; revert is exact', async () => {
    const before = await dataState(f.t.db);
    const kept = await page('qingxiu-dong');
    const removed = await page('zhihui-xie');
    const payload = await mutate('mergeAuthors', { keep: 'qingxiu-dong', remove: 'zhihui-xie' });
    expect(payload.errors).toEqual([]);
    expect(payload.preview).toEqual([
      expect.objectContaining({ slug: 'qingxiu-dong', existsAfter: true, paperCountAfter: kept.paperCount + removed.paperCount }),
      expect.objectContaining({ slug: 'zhihui-xie', existsBefore: true, existsAfter: false, paperCountAfter: 0 }),
    ]);
    const merged = await page('zhihui-xie');
    expect(merged).toMatchObject({ slug: 'qingxiu-dong', paperCount: kept.paperCount + removed.paperCount });
    expect(merged.variants).toContain('Zhihui Xie');
    expect((await mutate('mergeAuthors', { keep: 'qingxiu-dong', remove: 'zhihui-xie' })).errors[0]).toMatchObject({
      code: 'NO_CHANGE',
      message: 'zhihui-xie is already merged into qingxiu-dong.',
    });
    expect(
      (
        await mutate('splitAuthor', {
          author: 'qingxiu-dong',
          authorships: [{ paper: '2024.emnlp-main.64', position: 1 }],
          newAuthor: { slug: 'zhihui-xie', name: 'Zhihui Xie' },
        })
      ).errors[0],
    ).toMatchObject({ code: 'SLUG_TAKEN' });

    // The audit trail finds it under either slug.
    for (const slug of ['zhihui-xie', 'qingxiu-dong']) {
      const { data } = await f.gql<{ corrections: { totalCount: number; edges: { node: { kind: string } }[] } }>(
        `query ($slug: String!) { corrections(author: $slug, first: 5) { totalCount edges { node { kind } } } }`,
        { slug },
      );
      expect(data!.corrections).toEqual({ totalCount: 1, edges: [{ node: { kind: 'MERGE_AUTHORS' } }] });
    }

    expect((await revert(payload.correction)).errors).toEqual([]);
    expect(await dataState(f.t.db)).toEqual(before);
    expect(await page('zhihui-xie')).toEqual(removed);
  });
});

describe('updateAuthor', () => {
  test('validates: at least one field, the ORCID form and check digit, a canonical name, no change', async () => {
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ author: 'qingxiu-dong' }, 'INVALID_INPUT', []],
      [{ author: 'qingxiu-dong', orcid: '0000-0002-1825-009' }, 'INVALID_INPUT', ['orcid']],
      [{ author: 'qingxiu-dong', orcid: '0000-0002-1825-0098' }, 'INVALID_INPUT', ['orcid']],
      [{ author: 'qingxiu-dong', canonicalName: null }, 'INVALID_INPUT', ['canonicalName']],
      [{ author: 'qingxiu-dong', canonicalName: { first: 'Qingxiu', last: ' ' } }, 'INVALID_INPUT', ['canonicalName', 'last']],
      [{ author: 'qingxiu-dong', canonicalName: { first: 'Qingxiu', last: 'Dong' } }, 'NO_CHANGE', []],
      [{ author: 'nobody-here', comment: 'x' }, 'NOT_FOUND', ['author']],
    ];
    for (const [input, code, field] of cases) {
      const { errors } = await mutate('updateAuthor', input);
      expect({ input, code: errors[0]?.code, field: errors[0]?.field }).toEqual({ input, code, field });
    }
  });

  test('sets the ORCID, comment and canonical name (the old one becomes a variant); revert is exact', async () => {
    const before = await dataState(f.t.db);
    const payload = await mutate('updateAuthor', {
      author: 'qingxiu-dong',
      orcid: '0000-0002-1825-0097',
      comment: 'Peking University',
      canonicalName: { first: 'Qing-Xiu', last: 'Dong' },
    });
    expect(payload.errors).toEqual([]);
    expect(payload.correction!.before).toEqual({
      orcid: null,
      orcids: [],
      comment: null,
      canonicalName: { first: 'Qingxiu', last: 'Dong' },
      canonicalWasName: false,
    });
    expect(await page('qingxiu-dong')).toMatchObject({
      name: 'Qing-Xiu Dong',
      orcid: '0000-0002-1825-0097',
      comment: 'Peking University',
      variants: ['Qingxiu Dong'],
    });
    const cleared = await mutate('updateAuthor', { author: 'qingxiu-dong', comment: null });
    expect(cleared.errors).toEqual([]);
    expect((await page('qingxiu-dong')).comment).toBeNull();

    expect((await revert(payload.correction)).errors[0]).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/comment was changed since/),
    });
    expect((await revert(cleared.correction)).errors).toEqual([]);
    expect((await revert(payload.correction)).errors).toEqual([]);
    expect(await dataState(f.t.db)).toEqual(before);
  });
});

describe('addNameVariant', () => {
  test('adds a spelling; a known one is NO_CHANGE; revert removes it exactly', async () => {
    const before = await dataState(f.t.db);
    expect((await mutate('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Qingxiu', last: 'Dong' } })).errors[0]).toMatchObject({
      code: 'NO_CHANGE',
      field: ['name'],
    });
    const dry = await mutate('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Q.', last: 'Dong' }, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, correction: null, errors: [] });
    expect(await dataState(f.t.db)).toEqual(before);
    const payload = await mutate('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Q.', last: 'Dong' } });
    expect((await page('qingxiu-dong')).variants).toContain('Q. Dong');
    expect((await revert(payload.correction)).errors).toEqual([]);
    expect(await dataState(f.t.db)).toEqual(before);
  });
});

describe('the audit trail', () => {
  test('lists every correction newest first with who (to a read-audit token) and when, per author too', async () => {
    const { data } = await f.gql<{
      corrections: {
        totalCount: number;
        edges: { node: { number: number; kind: string; curator: string; createdAt: string; status: string } }[];
      };
      author: { corrections: { totalCount: number; edges: { node: { kind: string } }[] } };
    }>(
      `{
      corrections(first: 100) { totalCount edges { node { number kind curator createdAt status } } }
      author(slug: "qingxiu-dong") { corrections(first: 3) { totalCount edges { node { kind } } } }
    }`,
      {},
      f.token,
    );
    const numbers = data!.corrections.edges.map((e) => e.node.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(data!.corrections.totalCount).toBe(numbers.length);
    expect(new Set(data!.corrections.edges.map((e) => e.node.curator))).toEqual(new Set(['alice']));
    expect(data!.corrections.edges[0]!.node.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(data!.author.corrections.edges.map((e) => e.node.kind)).toEqual(['REVERT', 'ADD_NAME_VARIANT', 'REVERT']);
    expect(data!.author.corrections.totalCount).toBe(data!.corrections.totalCount);
  });

  test('is append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(f.t.db.pool.query(`UPDATE correction SET curator = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(f.t.db.pool.query('DELETE FROM correction')).rejects.toThrow(/append-only/);
    await expect(f.t.db.pool.query('DELETE FROM correction_author')).rejects.toThrow(/append-only/);
  });
});

describe('correctionApplied', () => {
  test('streams committed corrections over Server-Sent Events to every server process, filtered by author; dry runs and refusals are not announced', async () => {
    // A second server with its own database connections stands for another process.
    const otherDb = connectDatabase(f.t.url, { max: 2 });
    const other = await listen(otherDb, { production: true });
    const controller = new AbortController();
    const response = await fetch(other.url, {
      method: 'POST',
      signal: controller.signal,
      // The curator and input are for read-audit tokens only (test/corrections/audit-privacy.test.ts).
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${f.token}` },
      body: JSON.stringify({
        query: 'subscription { correctionApplied(author: "qingxiu-dong") { authorSlugs correction { kind curator input } } }',
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    // Let the subscription register before anything is published.
    await new Promise((resolve) => setTimeout(resolve, 200));

    await mutate('addNameVariant', { author: 'zhihui-xie', name: { first: 'Z.', last: 'Xie' } });
    await mutate('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Q', last: 'Dong' }, dryRun: true });
    await mutate('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Qingxiu', last: 'Dong' } });
    await mutate('addNameVariant', { author: 'qingxiu-dong', name: { first: 'Q. X.', last: 'Dong' } });

    let text = '';
    // (Yoga opens the stream with a ":" keep-alive line; wait for the first event.)
    while (!/^data: .*\n\n/m.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await other.close();
    await otherDb.close();
    const event = text.split('\n').find((line) => line.startsWith('data: '))!;
    expect(JSON.parse(event.slice('data: '.length))).toEqual({
      data: {
        correctionApplied: {
          authorSlugs: ['qingxiu-dong'],
          correction: {
            kind: 'ADD_NAME_VARIANT',
            curator: 'alice',
            input: { author: 'qingxiu-dong', name: { first: 'Q. X.', last: 'Dong' } },
          },
        },
      },
    });
  });
});
