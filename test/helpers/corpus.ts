// Small real corpora for tests: a temporary Anthology data folder whose xml/ holds
// a few collection files of ../shared/data/acl-anthology (linked, not copied) and
// whose yaml/ is the shared one.
import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
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

export async function corpusOf(collections: string[]): Promise<CorpusDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scholargraph-corpus-'));
  await mkdir(path.join(dir, 'xml'));
  await symlink(path.join(SHARED_ANTHOLOGY, 'yaml'), path.join(dir, 'yaml'));
  for (const c of collections) {
    await symlink(path.join(SHARED_ANTHOLOGY, 'xml', `${c}.xml`), path.join(dir, 'xml', `${c}.xml`));
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
