// Small real corpora for tests: a temporary Anthology data folder whose xml/ holds
// a few collection files of ../shared/data/acl-anthology (linked, not copied) and
// whose yaml/ is the shared one.
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { importAclAnthology } from '../../src/importers/acl-anthology/command.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const SHARED_ANTHOLOGY = path.resolve(PROJECT_ROOT, '../shared/data/acl-anthology');

export interface CorpusDir {
  dir: string;
  remove(): Promise<void>;
}

/**
 * A temporary data folder with these collections; a collection given in `edits` is written as
 * its XML changed by that function (a copy: the shared file is untouched), the others linked.
 */
export async function corpusOf(collections: string[], edits: Record<string, (xml: string) => string> = {}): Promise<CorpusDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scholargraph-corpus-'));
  await mkdir(path.join(dir, 'xml'));
  await symlink(path.join(SHARED_ANTHOLOGY, 'yaml'), path.join(dir, 'yaml'));
  for (const c of collections) {
    const shared = path.join(SHARED_ANTHOLOGY, 'xml', `${c}.xml`);
    const edit = edits[c];
    if (edit) await writeFile(path.join(dir, 'xml', `${c}.xml`), edit(await readFile(shared, 'utf8')));
    else await symlink(shared, path.join(dir, 'xml', `${c}.xml`));
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh test database holding these real collections (and the shared yaml), imported. */
export async function databaseWithCollections(collections: string[]): Promise<TestDatabase> {
  const t = await createTestDatabase();
  const corpus = await corpusOf(collections);
  try {
    await importAclAnthology(t.db, corpus.dir, { quiet: true });
  } finally {
    await corpus.remove();
  }
  return t;
}
