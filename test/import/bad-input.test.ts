// Bad input fails with a one-line ImportError and leaves the database exactly as it was.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { ImportError, importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const CORPUS = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');
const FILE = 'P18.xml';

let t: TestDatabase;
let tmp: string;

async function makeDir(name: string, edit?: (xml: string) => string): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(path.join(dir, 'xml'), { recursive: true });
  await cp(path.join(CORPUS, 'yaml'), path.join(dir, 'yaml'), { recursive: true });
  if (edit) await writeFile(path.join(dir, 'xml', FILE), edit(await readFile(path.join(CORPUS, 'xml', FILE), 'utf8')));
  else await copyFile(path.join(CORPUS, 'xml', FILE), path.join(dir, 'xml', FILE));
  return dir;
}

async function snapshot() {
  const { rows } = await t.db.pool.query(`SELECT
    (SELECT count(*)::int FROM paper) AS papers, (SELECT count(*)::int FROM author) AS authors,
    (SELECT count(*)::int FROM authorship) AS links, (SELECT md5(string_agg(anthology_id || title, ',' ORDER BY id)) FROM paper) AS h`);
  return rows[0];
}

let good: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  t = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'acl-bad-'));
  const summary = await importAclAnthology(t.db, await makeDir('good'), { quiet: true });
  expect(summary.collections).toBe(1);
  good = await snapshot();
  expect(good.papers).toBeGreaterThan(100);
}, 120_000);

afterAll(async () => {
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function expectFailure(dir: string, pattern: RegExp) {
  const err = await importAclAnthology(t.db, dir, { quiet: true }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(pattern);
  expect(await snapshot()).toEqual(good);
}

test('malformed XML names file and line', async () => {
  const dir = await makeDir('malformed', (xml) => xml.replace('<title>Probabilistic', '<title><b>Probabilistic'));
  await expectFailure(dir, /P18\.xml:\d+: .*malformed XML/);
});

test('unknown venue', async () => {
  const dir = await makeDir('venue', (xml) => xml.replace('<venue>acl</venue>', '<venue>no-such-venue</venue>'));
  await expectFailure(dir, /P18\.xml:\d+: <venue> unknown venue "no-such-venue"/);
});

test('dangling person id', async () => {
  const dir = await makeDir('person', (xml) => xml.replace('<author><first>Ben</first>', '<author id="nobody-at-all"><first>Ben</first>'));
  await expectFailure(dir, /P18\.xml:\d+: <author> id="nobody-at-all"/);
});

test('a retraction without a date', async () => {
  const dir = await makeDir('retracted', (xml) => xml.replace('</bibkey>', '</bibkey><retracted>Withdrawn.</retracted>'));
  await expectFailure(dir, /P18\.xml:\d+: <retracted> has no date attribute/);
});

test('a revision with a date that is not one', async () => {
  const dir = await makeDir('revision', (xml) => xml.replace('</bibkey>', '</bibkey><revision id="2" href="P18-1001v2" date="May 2018"/>'));
  await expectFailure(dir, /P18\.xml:\d+: <revision> has date="May 2018", not a date \(YYYY-MM-DD\)/);
});

test('a revision without its file', async () => {
  const dir = await makeDir('revision-href', (xml) => xml.replace('</bibkey>', '</bibkey><revision id="2" date="2018-05-01"/>'));
  await expectFailure(dir, /P18\.xml:\d+: <revision> has no href attribute/);
});

test('a SIG that yaml/sigs does not have', async () => {
  const dir = await makeDir('sig', (xml) => xml.replace('<venue>acl</venue>', '<venue>acl</venue><sig>no-such-sig</sig>'));
  await expectFailure(dir, /P18\.xml:\d+: <sig> unknown SIG "no-such-sig"/);
});

// Invalid UTF-8 (issue 13): refused with file, line and byte offset, not read as U+FFFD.
test('invalid UTF-8 in a collection file names the file, line and byte offset', async () => {
  const dir = await makeDir('utf8-xml');
  const file = path.join(dir, 'xml', FILE);
  const bytes = await readFile(file);
  // A lone continuation byte in place of the first letter of the first <title>'s text.
  const at = bytes.indexOf('<title>') + '<title>'.length;
  const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
  bytes[at] = 0x80;
  await writeFile(file, bytes);
  await expectFailure(dir, new RegExp(`^xml/P18\\.xml:${line}: invalid UTF-8 at byte offset ${at} \\(byte 0x80\\)$`));
});

test('invalid UTF-8 in a yaml file is refused too', async () => {
  const dir = await makeDir('utf8-yaml');
  const file = path.join(dir, 'yaml', 'venues', 'acl.yaml');
  const bytes = await readFile(file);
  // An overlong encoding of "/" (0xC0 0xAF) appended on a line of its own.
  await writeFile(file, Buffer.concat([bytes, Buffer.from([0x23, 0x20, 0xc0, 0xaf, 0x0a])]));
  const line = bytes.toString('latin1').split('\n').length;
  await expectFailure(
    dir,
    new RegExp(`^yaml/venues/acl\\.yaml:${line}: invalid UTF-8 at byte offset ${bytes.length + 2} \\(byte 0xc0\\)$`),
  );
});

test('missing directory', async () => {
  await expectFailure(path.join(tmp, 'does-not-exist'), /does-not-exist: cannot read/);
});

test('re-importing the good set changes nothing', async () => {
  await importAclAnthology(t.db, path.join(tmp, 'good'), { quiet: true });
  expect(await snapshot()).toEqual(good);
});

test('a failure during the first import (bulk path) leaves the empty database, its indexes and keys as they were', async () => {
  const empty = await createTestDatabase();
  try {
    const schema = async () => {
      const { rows } = await empty.db.pool.query(`SELECT
        (SELECT count(*)::int FROM paper) + (SELECT count(*)::int FROM author) + (SELECT count(*)::int FROM authorship) AS rows,
        (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public') AS indexes,
        (SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype = 'f') AS fks,
        (SELECT last_value::int FROM paper_id_seq) AS paper_seq`);
      return rows[0];
    };
    const before = await schema();
    // The error comes late in the file, after many papers have been streamed.
    const dir = await makeDir('late-error', (xml) => {
      const at = xml.lastIndexOf('<venue>acl</venue>');
      return `${xml.slice(0, at)}<venue>no-such-venue</venue>${xml.slice(at + '<venue>acl</venue>'.length)}`;
    });
    const err = await importAclAnthology(empty.db, dir, { quiet: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/P18\.xml:\d+: <venue> unknown venue "no-such-venue"/);
    const after = await schema();
    expect({ ...after, paper_seq: undefined }).toEqual({ ...before, paper_seq: undefined });
    expect(after.rows).toBe(0);
    // And the next import, of good data, works.
    const summary = await importAclAnthology(empty.db, path.join(tmp, 'good'), { quiet: true });
    expect(summary.papers + summary.frontmatter).toBe(good.papers);
  } finally {
    await empty.drop();
  }
});
