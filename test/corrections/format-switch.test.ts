// Curated corrections replay onto a corpus that switched from name_variants.yaml (until 2025)
// to people.yaml (since 2026) wherever the people they name still exist, and the rest are
// reported. 2025.aiwolfdial in both eras: Michimasa Inaba is `michimasa-inaba` in the old
// format (slug of the name) and the verified person `michimasa-inaba` of people.yaml in the new
// one (matched by slug: people.yaml lists "Michimasa Inaba" for that id alone); Yoshinobu Kano
// is `yoshinobu-kano` in the old format and, with no entry in people.yaml, the unverified
// `yoshinobu-kano/unverified` in the new one: `yoshinobu-kano` no longer exists.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { corrector, curationServerWith } from '../helpers/corrections.js';

const SLICE_2026 = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology-2026');

const f = curationServerWith(['2025.aiwolfdial']);
const correct = corrector(f);

test('the old format: nobody verified, pages filed under the first letter, and that URL form resolves', async () => {
  const { data } = await f.gql<{ author: { slug: string; verified: boolean; url: string } }>(
    '{ author(slug: "https://aclanthology.org/people/y/yoshinobu-kano/") { slug verified url } }',
  );
  expect(data!.author).toEqual({ slug: 'yoshinobu-kano', verified: false, url: 'https://aclanthology.org/people/y/yoshinobu-kano/' });
  const { rows } = await f.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM author WHERE verified');
  expect(rows[0]!.n).toBe(0);
});

test('a re-import in the 2026 format replays the corrections of people who still exist and reports the others', async () => {
  const updated = await correct('updateAuthor', { author: 'michimasa-inaba', comment: 'The University of Electro-Communications' });
  const variant = await correct('addNameVariant', { author: 'yoshinobu-kano', name: { first: 'Y.', last: 'Kano' } });

  const dir = await mkdtemp(path.join(os.tmpdir(), 'acl-switch-'));
  const lines: string[] = [];
  try {
    await mkdir(path.join(dir, 'xml'));
    await symlink(path.join(SLICE_2026, 'yaml'), path.join(dir, 'yaml'));
    await symlink(path.join(SLICE_2026, 'xml', '2025.aiwolfdial.xml'), path.join(dir, 'xml', '2025.aiwolfdial.xml'));
    await importAclAnthology(f.t.db, dir, { quiet: true, log: (line) => lines.push(line) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  expect(lines).toEqual([
    'corrections: 1 replayed, 0 already upstream, 1 no longer apply',
    `  correction ${variant} (ADD_NAME_VARIANT) not applied: No author with slug "yoshinobu-kano".`,
  ]);
  expect(updated).toBeLessThan(variant);

  const { data } = await f.gql<{
    a: { verified: boolean; url: string; comment: string; orcid: string; paperCount: number };
    b: { slug: string; variants: string[] };
  }>(
    `{ a: author(slug: "michimasa-inaba") { verified url comment orcid paperCount }
       b: author(slug: "yoshinobu-kano/unverified") { slug variants } }`,
  );
  // The verified person of people.yaml (ORCID 0000-0002-3190-9044) carries the curated comment.
  expect(data!.a).toEqual({
    verified: true,
    url: 'https://aclanthology.org/people/michimasa-inaba/',
    comment: 'The University of Electro-Communications',
    orcid: '0000-0002-3190-9044',
    paperCount: 1,
  });
  // The variant was for a person who is gone: the unverified page has none.
  expect(data!.b).toEqual({ slug: 'yoshinobu-kano/unverified', variants: [] });
});
