// Nightly sync: an import into a database that already holds an import costs what changed.
//
// The import_source table records, in the import's transaction, the SHA-256 of every file it
// parsed (of the bytes parsed: read-text.ts ReadRecorder), of the importer's own code, for each
// collection file its outline (ids, venues, events) and for the person file its entries.
// import_person keeps, per person and collection file, the names on that file that resolved to
// that person (with their authorship slots), in document order.
//
// Why a narrower import is exact (the rows are those of a fresh import of the new copy):
// - A name's person (the authorship's author) depends only on the person file and the name, in
//   both eras (resolve.ts: the old format's explicit id → name_variants.yaml name → slug of the
//   name; 2026: explicit id → the one verified person of the name's slug → `{slug}/unverified`).
//   So an authorship row changes only if its file changed, or the person file changed in an
//   entry that lists its name (person-file.ts).
// - A person's rows (canonical name and the order of their names, ORCIDs, the OpenReview id,
//   whether they exist) depend only on their names, in the order first seen. So only the people
//   the changed files name (before: import_person; after: the parse) and those a changed
//   person-file entry can move a name between are re-resolved, each from all their names on
//   every file, fed in file order (resolveSyncPeople); nobody else's rows can change.
// - Similar groups are recomputed in full (the people of the person file, and whether the
//   unverified people its similar: lists name exist: re-resolved, or in the database).
// - Volumes, papers and their authorships are replaced only for the changed, added and removed
//   collections; the authorships of the people re-resolved are updated too after a person-file
//   change. While corrections are in force, the people they concern are re-resolved too and
//   their authorships restaged, wherever they are (correctionPeople): the replay reads and
//   moves only those people and the slots they hold, so it starts from what a full import gives.
// - Anything else (another yaml file, the importer's code, a database imported before this
//   table existed) falls back to the full merge.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolClient } from 'pg';
import type { CollectionOutline } from './extras.js';
import type { CollectionData, PersonRef } from './parse-xml.js';
import type { AuthorshipRow, CorpusResolver, ResolvedPeople, StoredRef } from './resolve.js';

/** import_source's name for the importer's own code. */
export const IMPORTER = '@importer';

export interface SourceHashes {
  /** name (xml/P19.xml, yaml/…, @importer) → SHA-256 (hex). */
  hashes: Map<string, string>;
  /** The person file's name (yaml/people.yaml or yaml/name_variants.yaml). */
  personFile: string;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

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
 * The importer's code (this folder, the modules all sources share in src/importers, the text
 * functions it uses, the column lists it writes: src/db) and the database's migrations (their names): another version may build other rows
 * from the same files, or the tables may have gained a column, so its import is a full one.
 */
function hashImporter(): Promise<string> {
  importerHash ??= (async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const code = await Promise.all([here, '../../text', '../../db'].map((dir) => filesUnder(path.resolve(here, dir))));
    // And what all sources share (src/importers/sources.ts: source records, identity across sources).
    const shared = await readdir(path.resolve(here, '..'), { withFileTypes: true }).catch(() => []);
    const files = [...code.flat(), ...shared.filter((e) => e.isFile()).map((e) => path.resolve(here, '..', e.name))].sort();
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

/** The outlines of these collection files (names in xml/), as stored by the last import. */
export async function loadOutlines(client: PoolClient, files: string[]): Promise<Map<string, CollectionOutline>> {
  const { rows } = await client.query<{ name: string; outline: string | null }>(
    'SELECT name, outline FROM import_source WHERE name = ANY($1)',
    [files.map((f) => `xml/${f}`)],
  );
  const out = new Map<string, CollectionOutline>();
  for (const r of rows) if (r.outline !== null) out.set(r.name.slice(4), JSON.parse(r.outline) as CollectionOutline);
  return out;
}

/** What events and the collection list need of a collection (EventCollector.addCollection), and nothing else. */
export function outlineOf(c: CollectionData): CollectionOutline {
  return {
    id: c.id,
    file: c.file,
    event: c.event,
    volumes: c.volumes.map((v) => ({ id: v.id, year: v.year, venues: v.venues })),
  };
}

// import_person: a file's names by person, each name a JSON array (trailing nulls left out):
// [volume, paper, 0 author | 1 editor, position, first, last, line, id, orcid, openreview, affiliation, variants].

function encodeRef({ volume, paper, role, position, ref: r }: StoredRef): unknown[] {
  const cells: unknown[] = [
    volume,
    paper,
    role === 'AUTHOR' ? 0 : 1,
    position,
    r.first,
    r.last,
    r.line,
    r.id ?? null,
    r.orcid ?? null,
    r.openreview ?? null,
    r.affiliation ?? null,
    r.variants ?? null,
  ];
  while (cells[cells.length - 1] === null) cells.pop();
  return cells;
}

type Encoded = [string, string | null, number, number, string, string, number, ...(string | null | PersonRef['variants'])[]];

function decodeRef(c: Encoded): StoredRef {
  const ref: PersonRef = { first: c[4], last: c[5], line: c[6] };
  const [id, orcid, openreview, affiliation] = c.slice(7, 11) as (string | null | undefined)[];
  if (id != null) ref.id = id;
  if (orcid != null) ref.orcid = orcid;
  if (openreview != null) ref.openreview = openreview;
  if (affiliation != null) ref.affiliation = affiliation;
  const variants = c[11] as PersonRef['variants'] | null | undefined;
  if (variants != null) ref.variants = variants;
  return { volume: c[0], paper: c[1], role: c[2] === 0 ? 'AUTHOR' : 'EDITOR', position: c[3], ref };
}

/** import_person's rows of one collection file (name in xml/): its names by person. */
export function personRows(file: string, refs: Map<string, StoredRef[]>): { slug: string; file: string; refs: string }[] {
  return [...refs].map(([slug, list]) => ({ slug, file, refs: JSON.stringify(list.map(encodeRef)) }));
}

/**
 * The stored names of these people (all if `slugs` is undefined) on every collection file but
 * `except` (names in xml/): file → names, in document order for each person.
 */
export async function loadStoredRefs(
  client: PoolClient,
  slugs: string[] | undefined,
  except: string[],
): Promise<Map<string, Map<string, StoredRef[]>>> {
  const { rows } = await client.query<{ slug: string; file: string; refs: string }>(
    `SELECT slug, file, refs FROM import_person WHERE ${slugs ? 'slug = ANY($2) AND ' : ''}NOT (file = ANY($1))`,
    slugs ? [except, slugs] : [except],
  );
  const out = new Map<string, Map<string, StoredRef[]>>();
  for (const r of rows) {
    let byPerson = out.get(r.file);
    if (!byPerson) out.set(r.file, (byPerson = new Map()));
    byPerson.set(r.slug, (JSON.parse(r.refs) as Encoded[]).map(decodeRef));
  }
  return out;
}

/** The people these collection files' names resolved to at the last import. */
export async function storedPeopleOf(client: PoolClient, files: string[]): Promise<string[]> {
  const { rows } = await client.query<{ slug: string }>('SELECT DISTINCT slug FROM import_person WHERE file = ANY($1)', [files]);
  return rows.map((r) => r.slug);
}

/**
 * The people the curated corrections concern (issue 12 part 5), or undefined when there are
 * none: every correction's people (correction_author), every string of its stored input, before
 * and after (the slugs it names: kept, removed, split off, moved from and to; strings that are
 * no slug widen nothing), and the people now holding the name slots it names. Reverted ones and
 * reverts count too: what a revert put back is the person as a correction found them. A sync
 * re-resolves these people and restages their authorships, so the replay (replay.ts) starts,
 * for everything it reads or moves, from the rows a full import gives.
 */
export async function correctionPeople(client: PoolClient): Promise<string[] | undefined> {
  const { rows } = await client.query<{ doc: unknown; slugs: string[] }>(
    `SELECT json_build_array(c.input, c.before, c.after) AS doc,
            ARRAY(SELECT slug FROM correction_author ca WHERE ca.correction_id = c.id) AS slugs
     FROM correction c`,
  );
  if (!rows.length) return undefined;
  const people = new Set<string>();
  const slots: { paper: string | null; volume: string | null; position: number }[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') people.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const of = (o.of && typeof o.of === 'object' ? o.of : o) as Record<string, unknown>;
      const paper = typeof of.paper === 'string' ? of.paper : null;
      const volume = typeof of.volume === 'string' ? of.volume : null;
      if (typeof o.position === 'number' && (paper !== null || volume !== null)) slots.push({ paper, volume, position: o.position });
      Object.values(o).forEach(walk);
    }
  };
  for (const r of rows) {
    walk(r.doc);
    for (const s of r.slugs) people.add(s);
  }
  // Who holds those slots now (positions are 1-based in corrections: slots.ts).
  if (slots.length) {
    const { rows: holders } = await client.query<{ slug: string }>(
      `SELECT DISTINCT a.slug FROM unnest($1::text[], $2::text[], $3::int[]) s(paper, volume, position)
       JOIN authorship t ON t.position = s.position - 1 AND (
         (s.paper IS NOT NULL AND t.role = 'AUTHOR' AND t.paper_id = (SELECT id FROM paper WHERE anthology_id = s.paper)) OR
         (s.paper IS NULL AND t.role = 'EDITOR' AND t.paper_id IS NULL AND t.volume_id = (SELECT id FROM volume WHERE anthology_id = s.volume)))
       JOIN author a ON a.id = t.author_id`,
      [slots.map((s) => s.paper), slots.map((s) => s.volume), slots.map((s) => s.position)],
    );
    for (const h of holders) people.add(h.slug);
  }
  // Only people the last import resolved can be re-resolved (the others are not upstream's).
  const { rows: known } = await client.query<{ slug: string }>('SELECT DISTINCT slug FROM import_person WHERE slug = ANY($1)', [
    [...people],
  ]);
  return known.map((r) => r.slug);
}

/** Which of these people (slugs) exist in the database. */
export async function existingPeople(client: PoolClient, slugs: string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ slug: string }>('SELECT slug FROM author WHERE slug = ANY($1)', [slugs]);
  return new Set(rows.map((r) => r.slug));
}

/**
 * A sync's people (issue 12 part 5): re-resolved by `resolver` (a fresh one) from their names
 * on every collection file, fed file by file in file order: the files parsed (`parsed`, their
 * names by person) and, for the others, the names kept in import_person. `touched` (the people
 * the changed and removed files named at the last import) narrows it to those people and those
 * the parsed files name: nobody else's names changed, so nobody else's rows can (a name's
 * person depends only on the name and the person file, and a person's rows only on their
 * names). Undefined: everyone, their stored authorships restaged through `restage`, their
 * import_person rows rewritten through `rewrite` (a changed person file may move any name).
 * Similar groups are always computed in full: a `similar:` list (2026 format) may name an
 * unverified person outside the scope, who exists if the database has them.
 */
export async function resolveSyncPeople(
  client: PoolClient,
  resolver: CorpusResolver,
  o: {
    files: string[];
    parsed: Map<string, Map<string, StoredRef[]>>;
    except: string[];
    touched: string[] | undefined;
    restage?: (row: AuthorshipRow) => void;
    rewrite?: (file: string, refs: Map<string, StoredRef[]>) => void;
  },
): Promise<{ resolved: ResolvedPeople; people: string[] | undefined }> {
  let scope: Set<string> | undefined;
  if (o.touched) {
    scope = new Set(o.touched);
    for (const refs of o.parsed.values()) for (const slug of refs.keys()) scope.add(slug);
  }
  const stored = await loadStoredRefs(client, scope && [...scope], o.except);
  for (const file of o.files) {
    const name = `xml/${file}`;
    const mine = o.parsed.get(file);
    if (mine) {
      for (const refs of mine.values()) resolver.addRefs(name, refs);
      continue;
    }
    const theirs = stored.get(file);
    if (!theirs) continue;
    const collect = o.rewrite ? new Map<string, StoredRef[]>() : undefined;
    for (const refs of theirs.values()) resolver.addRefs(name, refs, o.restage, collect);
    if (collect) o.rewrite!(file, collect);
  }
  let existing = new Set<string>();
  if (scope)
    existing = await existingPeople(
      client,
      [...new Set(resolver.similarTargets)].filter((s) => !scope.has(s)),
    );
  const resolved = resolver.finish(existing);
  if (scope) resolved.people = resolved.people.filter((p) => scope.has(p.slug));
  return { resolved, people: scope && [...scope] };
}
