// Corrections of rows DBLP and OpenAlex imported survive a re-import of that source (issue 16,
// leftovers): the DBLP and OpenAlex importers replay every correction in force over their new
// rows before they commit (src/importers/transaction.ts), as the Anthology's importer does.
// Real records: dblp's shenka123 sample and the OpenAlex API page of 200 works
// (../shared/data). The re-import reads another copy of each input: the same records in other
// bytes (an XML comment appended; the JSON written without indentation), so the importers do
// not skip it as unchanged and rewrite every row of their source.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importDblp } from '../../src/importers/dblp/command.js';
import { importOpenAlex } from '../../src/importers/openalex/command.js';
import { corrector, curationServer } from '../helpers/corrections.js';
import { createTestDatabase } from '../helpers/database.js';
import { sharedData } from '../helpers/shared-data.js';

const SHENKA = sharedData('dblp-samples', 'shenka123_dblp_incollection_sample.xml');
const API_PAGE = sharedData('openalex-samples', 'openalexPro_works_api_page_200.json');
const quiet = { quiet: true };

const f = curationServer(async () => {
  const t = await createTestDatabase();
  await importDblp(t.db, SHENKA, quiet);
  await importOpenAlex(t.db, API_PAGE, quiet);
  return t;
});
const correct = corrector(f);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'other-sources-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** The rows the corrections below touch, by public keys. */
async function corrected() {
  const q = async (sql: string, values: unknown[] = []) => (await f.t.db.pool.query(sql, values)).rows;
  return {
    people: await q(
      `SELECT slug, first_name, last_name, orcid, comment, institution FROM author
       WHERE slug IN ('dblp:Jürgen Beyerer', 'dblp:Tony Lindeberg', 'openalex:A5084094406', 'openalex:A5110939660') ORDER BY slug`,
    ),
    names: await q(
      `SELECT a.slug, n.first_name, n.last_name FROM author_name n JOIN author a ON a.id = n.author_id
       WHERE a.slug IN ('dblp:Jürgen Beyerer', 'openalex:A5084094406') ORDER BY 1, 2, 3`,
    ),
    slots: await q(
      `SELECT p.anthology_id, t.position, a.slug, t.matched_by FROM authorship t JOIN paper p ON p.id = t.paper_id
       JOIN author a ON a.id = t.author_id WHERE p.anthology_id = 'openalex:W2041234663' ORDER BY t.position`,
    ),
  };
}

test('corrections of DBLP and OpenAlex rows hold after each source is imported again', async () => {
  // The people as the files name them: dblp's "Jürgen Beyerer" (line 233) and "Tony Lindeberg"
  // (orcid= attribute); OpenAlex's Helen Mountford (A5084094406) and Jan Horst Keppler
  // (A5110939660), authors 1 and 2 of W2041234663.
  const before = await corrected();
  expect(before.people.map((p) => p.slug)).toEqual([
    'dblp:Jürgen Beyerer',
    'dblp:Tony Lindeberg',
    'openalex:A5084094406',
    'openalex:A5110939660',
  ]);
  expect(before.slots.map((s) => s.slug)).toEqual(['openalex:A5084094406', 'openalex:A5110939660']);

  await correct('updateAuthor', { author: 'dblp:Jürgen Beyerer', institution: 'Karlsruhe Institute of Technology' });
  await correct('addNameVariant', { author: 'dblp:Jürgen Beyerer', name: { first: 'J.', last: 'Beyerer' } });
  await correct('updateAuthor', { author: 'dblp:Tony Lindeberg', comment: 'KTH Royal Institute of Technology' });
  await correct('updateAuthor', { author: 'openalex:A5084094406', canonicalName: { first: 'Helen J.', last: 'Mountford' } });
  await correct('reassignAuthorship', { authorship: { paper: 'openalex:W2041234663', position: 2 }, toAuthor: 'openalex:A5084094406' });
  const fixed = await corrected();
  expect(fixed).not.toEqual(before);

  // DBLP again, from other bytes: every DBLP row is rewritten, then the corrections replayed.
  const xml = path.join(tmp, 'shenka-again.xml');
  await writeFile(xml, Buffer.concat([await readFile(SHENKA), Buffer.from('\n<!-- the same records -->\n')]));
  const dblp = await importDblp(f.t.db, xml, quiet);
  expect(dblp.unchanged).toBe(false);
  expect(await corrected()).toEqual(fixed);
  expect(dblp.corrections).toEqual({ applied: 3, alreadyUpstream: 2, notApplied: [] });

  // OpenAlex again: its works replaced (authorships rewritten, people updated in place).
  const page = path.join(tmp, 'page-again.json');
  await writeFile(page, JSON.stringify(JSON.parse(await readFile(API_PAGE, 'utf8'))));
  const openalex = await importOpenAlex(f.t.db, page, quiet);
  expect(openalex.unchanged).toBe(false);
  expect(await corrected()).toEqual(fixed);
  expect(openalex.corrections).toEqual({ applied: 2, alreadyUpstream: 3, notApplied: [] });

  // And the same input once more is a no-op: nothing replayed, nothing changed.
  expect((await importOpenAlex(f.t.db, page, quiet)).corrections).toEqual({ applied: 0, alreadyUpstream: 0, notApplied: [] });
  expect(await corrected()).toEqual(fixed);
}, 240_000);
