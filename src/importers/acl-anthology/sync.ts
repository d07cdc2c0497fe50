// Nightly sync: an import into a database that already holds an import costs what changed.
//
// The import_source table (migration 20261201140000) records, in the import's transaction, the
// SHA-256 of every file it read, of the importer's own code, and for each collection file its
// skeleton: the collection with what person resolution and events need (ids, line numbers,
// names on papers, events) and nothing else (no titles, abstracts...).
//
// Why a narrower import is exact (the rows are those of a fresh import of the new copy):
// - A name's person (the authorship's author) depends only on the person file and the name, in
//   both eras (resolve.ts: the old format's explicit id → name_variants.yaml name → slug of the
//   name; 2026: explicit id → the one verified person of the name's slug → `{slug}/unverified`).
//   So an authorship row changes only if its file or the person file changed.
// - What is corpus-wide (each person's canonical name and its variants' order, ORCIDs, the
//   OpenReview id, who exists at all, similar groups, events, SIG volumes) is recomputed in
//   full, by the same resolver fed every collection in file order: the changed ones parsed,
//   the unchanged ones from their skeletons (CorpusResolver.addCollection(…, peopleOnly)).
//   Every person row is then merged, as on the full merge path.
// - Volumes, papers and their links are replaced only for the changed, added and removed
//   collections; authorships too, unless the person file changed or corrections are in force
//   (a correction may have moved any authorship: the upstream ones are all restaged so the
//   replay starts from exactly what a full import would give it).
// - Anything else (another yaml file, the importer's code, a database imported before this
//   table existed) falls back to the full merge.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolClient } from 'pg';
import type { CollectionData, PersonRef, VolumeData } from './parse-xml.js';

/** import_source's name for the importer's own code. */
export const IMPORTER = '@importer';

export interface SourceHashes {
  /** name (xml/P19.xml, yaml/…, @importer) → SHA-256 (hex). */
  hashes: Map<string, string>;
  /** The person file's name (yaml/people.yaml or yaml/name_variants.yaml). */
  personFile: string;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => path.join(e.parentPath, e.name));
}

let importerHash: Promise<string> | undefined;

/**
 * The importer's code (this folder, the text functions it uses, the column lists it writes:
 * src/db) and the database's migrations (their names): another version may build other rows
 * from the same files, or the tables may have gained a column, so its import is a full one.
 */
function hashImporter(): Promise<string> {
  importerHash ??= (async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const code = await Promise.all([here, '../../text', '../../db'].map((dir) => filesUnder(path.resolve(here, dir))));
    const files = code.flat().sort();
    const h = createHash('sha256');
    for (const f of files) h.update(`${path.relative(here, f)}\u0000`).update(await readFile(f));
    const migrations = await readdir(path.resolve(here, '../../../prisma/migrations')).catch(() => []);
    h.update(`migrations\u0000${migrations.sort().join('\u0000')}`);
    return h.digest('hex');
  })();
  return importerHash;
}

/** Hashes every xml file given and every file under yaml/. */
export async function hashSources(data: string, xmlFiles: string[], personFile: string): Promise<SourceHashes> {
  const hashes = new Map<string, string>();
  const rel = (p: string) => path.relative(data, p).split(path.sep).join('/');
  const all = [...xmlFiles.map((f) => path.join(data, 'xml', f)), ...(await filesUnder(path.join(data, 'yaml')))];
  // A few reads in flight at a time.
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const file = all[next++]!;
      hashes.set(rel(file), sha256(await readFile(file)));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  hashes.set(IMPORTER, await hashImporter());
  return { hashes, personFile: rel(personFile) };
}

export type SyncPlan =
  | { kind: 'full'; reason: string }
  | { kind: 'unchanged' }
  | {
      kind: 'partial';
      /** Collection files to parse (changed or added), by file name in xml/. */
      parse: Set<string>;
      /** Collection files that are gone (names in xml/). */
      removed: string[];
      personFileChanged: boolean;
    };

/** What the stored hashes and the new ones allow. */
export function planSync(stored: Map<string, string>, current: SourceHashes): SyncPlan {
  if (!stored.size) return { kind: 'full', reason: 'no record of the previous import' };
  if (stored.get(IMPORTER) !== current.hashes.get(IMPORTER)) return { kind: 'full', reason: 'the importer changed' };
  if (!stored.has(current.personFile)) return { kind: 'full', reason: `${current.personFile} is new` };
  const names = new Set([...stored.keys(), ...current.hashes.keys()]);
  const parse = new Set<string>();
  const removed: string[] = [];
  let personFileChanged = false;
  for (const name of names) {
    const before = stored.get(name);
    const after = current.hashes.get(name);
    if (before === after) continue;
    if (name === current.personFile) personFileChanged = true;
    else if (name.startsWith('xml/')) {
      if (after === undefined) removed.push(name.slice(4));
      else parse.add(name.slice(4));
    } else if (name !== IMPORTER) return { kind: 'full', reason: `${name} changed` };
  }
  if (!parse.size && !removed.length && !personFileChanged) return { kind: 'unchanged' };
  return { kind: 'partial', parse, removed, personFileChanged };
}

export async function loadStoredHashes(client: PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; hash: string }>('SELECT name, hash FROM import_source');
  return new Map(rows.map((r) => [r.name, r.hash]));
}

/** The skeletons of these collection files (names in xml/), as stored by the last import. */
export async function loadSkeletons(client: PoolClient, files: string[]): Promise<Map<string, CollectionData>> {
  const { rows } = await client.query<{ name: string; people: string | null }>(
    'SELECT name, people FROM import_source WHERE name = ANY($1)',
    [files.map((f) => `xml/${f}`)],
  );
  const out = new Map<string, CollectionData>();
  for (const r of rows) if (r.people !== null) out.set(r.name.slice(4), JSON.parse(r.people) as CollectionData);
  return out;
}

const personRef = (p: PersonRef): PersonRef => ({
  first: p.first,
  last: p.last,
  id: p.id,
  orcid: p.orcid,
  openreview: p.openreview,
  affiliation: p.affiliation,
  variants: p.variants,
  line: p.line,
});

/**
 * What CorpusResolver.addCollection(…, peopleOnly) and EventCollector.addCollection read of a
 * collection, and nothing else (text fields empty).
 */
export function skeletonOf(c: CollectionData): CollectionData {
  return {
    id: c.id,
    file: c.file,
    event: c.event,
    volumes: c.volumes.map(
      (v): VolumeData => ({
        id: v.id,
        type: '',
        titleMarkup: '',
        year: v.year,
        venues: v.venues,
        sigs: v.sigs,
        editors: v.editors.map(personRef),
        line: v.line,
        papers: v.papers.map((p) => ({
          number: p.number,
          isFrontmatter: p.isFrontmatter,
          titleMarkup: '',
          awards: [],
          authors: p.authors.map(personRef),
          editors: p.editors.map(personRef),
          errata: [],
          revisions: [],
          attachments: [],
          videos: [],
          line: p.line,
        })),
      }),
    ),
  };
}
