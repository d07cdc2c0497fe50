// The importer's whole-corpus COPY texts wait in a temporary file (CopyBuffer, copy.ts): what
// is read back is byte for byte what was pushed, and nothing is left in the temporary folder.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CopyBuffer, line } from '../../src/importers/acl-anthology/copy.js';

let tmp: string;
const tmpdir = process.env.TMPDIR;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'copy-buffer-test-'));
  process.env.TMPDIR = tmp;
});
afterEach(async () => {
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
  await rm(tmp, { recursive: true, force: true });
});

// An author of 2020.acl-main.7 as the bulk load encodes the row (the name with a non-ASCII
// letter: a multi-byte character may fall on a chunk boundary).
const row = (i: number) => line([i, '2020.acl-main.7', 'Michael', 'Völske', null, 'AUTHOR', i % 7, 'SLUG']);

test('rows pushed come back in order, byte for byte, in chunks of at most 1 MiB; the folder stays empty', async () => {
  const buffer = new CopyBuffer();
  let expected = '';
  for (let i = 0; i < 40_000; i++) {
    buffer.push(row(i));
    expected += row(i);
  }
  expect(buffer.rows).toBe(40_000);
  // Nothing to see in TMPDIR while it is written: the file was unlinked when opened.
  expect(await readdir(tmp)).toEqual([]);
  const chunks = [...buffer.chunks()];
  expect(chunks.length).toBeGreaterThan(1);
  expect(chunks.every((c) => c.length <= 1 << 20)).toBe(true);
  expect(Buffer.concat(chunks).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  buffer.discard();
  buffer.discard();
  expect([...buffer.chunks()]).toEqual([]);
  expect(await readdir(tmp)).toEqual([]);
});

test('an empty buffer opens no file and reads back nothing', () => {
  const buffer = new CopyBuffer();
  expect([...buffer.chunks()]).toEqual([]);
  buffer.discard();
});
