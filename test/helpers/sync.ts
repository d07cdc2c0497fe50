// For the sync tests (sync.ts): every table an import fills, dumped by public keys so two
// databases compare row by row; and temporary copies of real data folders to edit.
import { cp, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';

/** Every table an import fills, by public keys: [name, query ordered by those keys]. */
export const DUMPS: [string, string][] = [
  ['collection', 'SELECT to_jsonb(t) AS r FROM collection t ORDER BY slug'],
  ['venue', 'SELECT to_jsonb(t) AS r FROM venue t ORDER BY slug'],
  ['sig', 'SELECT to_jsonb(t) AS r FROM sig t ORDER BY slug'],
  ['event', 'SELECT to_jsonb(t) AS r FROM event t ORDER BY slug'],
  [
    'volume',
    `SELECT to_jsonb(t) || jsonb_build_object('collection', c.slug) AS r FROM volume t JOIN collection c ON c.id = t.collection_id
     ORDER BY t.anthology_id`,
  ],
  [
    'volume_venue',
    `SELECT to_jsonb(t) || jsonb_build_object('volume', v.anthology_id, 'venue', x.slug) AS r FROM volume_venue t
     JOIN volume v ON v.id = t.volume_id JOIN venue x ON x.id = t.venue_id ORDER BY v.anthology_id, x.slug`,
  ],
  [
    'volume_sig',
    `SELECT jsonb_build_object('volume', v.anthology_id, 'sig', x.slug) AS r FROM volume_sig t
     JOIN volume v ON v.id = t.volume_id JOIN sig x ON x.id = t.sig_id ORDER BY v.anthology_id, x.slug`,
  ],
  [
    'event_volume',
    `SELECT to_jsonb(t) || jsonb_build_object('event', e.slug, 'volume', v.anthology_id) AS r FROM event_volume t
     JOIN event e ON e.id = t.event_id JOIN volume v ON v.id = t.volume_id ORDER BY e.slug, v.anthology_id`,
  ],
  [
    'paper',
    `SELECT to_jsonb(t) || jsonb_build_object('volume', v.anthology_id) AS r FROM paper t JOIN volume v ON v.id = t.volume_id
     ORDER BY t.anthology_id`,
  ],
  ['author', 'SELECT to_jsonb(t) AS r FROM author t ORDER BY slug'],
  [
    'author_name',
    `SELECT to_jsonb(t) || jsonb_build_object('author', a.slug) AS r FROM author_name t JOIN author a ON a.id = t.author_id
     ORDER BY a.slug, t.first_name, t.last_name`,
  ],
  [
    'similar_author',
    `SELECT jsonb_build_object('author', a.slug, 'similar', b.slug) AS r FROM similar_author t JOIN author a ON a.id = t.author_id
     JOIN author b ON b.id = t.similar_id ORDER BY a.slug, b.slug`,
  ],
  [
    'authorship',
    `SELECT to_jsonb(t) || jsonb_build_object('volume', v.anthology_id, 'paper', p.anthology_id, 'author', a.slug) AS r
     FROM authorship t JOIN volume v ON v.id = t.volume_id LEFT JOIN paper p ON p.id = t.paper_id JOIN author a ON a.id = t.author_id
     ORDER BY v.anthology_id, p.anthology_id NULLS FIRST, t.role, t.position`,
  ],
  ['import_source', 'SELECT to_jsonb(t) AS r FROM import_source t ORDER BY name'],
  ['import_person', 'SELECT to_jsonb(t) AS r FROM import_person t ORDER BY slug, file'],
];

/** Surrogate ids (id, *_id) and timestamps (*_at) are left out. */
function publicColumns(row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) if (key !== 'id' && !key.endsWith('_id') && !key.endsWith('_at')) out[key] = row[key];
  return JSON.stringify(out);
}

export async function dump(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, sql] of DUMPS) {
    out[table] = (await db.pool.query<{ r: Record<string, unknown> }>(sql)).rows.map((x) => publicColumns(x.r));
  }
  return out;
}

let copies = 0;

/** A data folder under `tmp` holding copies of these collections of `source` and of its yaml/. */
export async function copyOf(tmp: string, source: string, collections: string[]): Promise<string> {
  const dir = path.join(tmp, `copy-${copies++}`);
  await mkdir(path.join(dir, 'xml'), { recursive: true });
  for (const c of collections) await cp(path.join(source, 'xml', `${c}.xml`), path.join(dir, 'xml', `${c}.xml`));
  await cp(path.join(source, 'yaml'), path.join(dir, 'yaml'), { recursive: true });
  return dir;
}

/** Another copy of `dir`, next to it (yaml/ linked unless `ownYaml`), to edit. */
export async function copyOfCopy(dir: string, ownYaml = false): Promise<string> {
  const next = path.join(path.dirname(dir), `copy-${copies++}`);
  await cp(path.join(dir, 'xml'), path.join(next, 'xml'), { recursive: true });
  if (ownYaml) await cp(await realYaml(dir), path.join(next, 'yaml'), { recursive: true });
  else await symlink(await realYaml(dir), path.join(next, 'yaml'));
  return next;
}

function realYaml(dir: string): Promise<string> {
  return realpath(path.join(dir, 'yaml'));
}

/** Replaces exactly one occurrence of `from` in the file. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const matches = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
  if (matches !== 1) throw new Error(`${file}: ${String(from)} occurs ${matches} times, not once`);
  await writeFile(file, text.replace(from, to));
}
