// One transaction: COPY everything into temp staging tables, then merge into the live
// tables by public key (INSERT … ON CONFLICT DO UPDATE … WHERE changed, DELETE what is
// gone). Row locks only — readers keep reading the old snapshot until COMMIT.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ResolvedCorpus } from './resolve.js';

type Cell = string | number | boolean | null | undefined | string[];

function escapeCopy(value: string): string {
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (Array.isArray(v)) return escapeCopy(arrayLiteral(v));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return escapeCopy(String(v));
}

async function copyRows<T>(client: PoolClient, table: string, columns: string[], rows: T[], toCells: (row: T) => Cell[]) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  function* lines() {
    let batch = '';
    for (const row of rows) {
      batch += toCells(row).map(cell).join('\t') + '\n';
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(lines()), stream);
}

const STAGING = `
CREATE TEMP TABLE s_venue (slug text, acronym text, name text, is_acl bool, is_toplevel bool, oldstyle_letter text, url text) ON COMMIT DROP;
CREATE TEMP TABLE s_sig (slug text, acronym text, name text, url text) ON COMMIT DROP;
CREATE TEMP TABLE s_collection (slug text) ON COMMIT DROP;
CREATE TEMP TABLE s_volume (anthology_id text, collection text, title text, title_markup text, short_title text, type text, year int,
  month text, publisher text, address text, doi text, url text, isbn text, ingest_date text) ON COMMIT DROP;
CREATE TEMP TABLE s_volume_venue (volume text, venue text, position int) ON COMMIT DROP;
CREATE TEMP TABLE s_volume_sig (volume text, sig text) ON COMMIT DROP;
CREATE TEMP TABLE s_paper (anthology_id text, sort_key text COLLATE "C", volume text, title text, title_markup text, abstract text,
  abstract_markup text, year int, month text, pages text, doi text, url text, bibkey text, language text, awards text[],
  is_frontmatter bool) ON COMMIT DROP;
CREATE TEMP TABLE s_author (slug text, first_name text, last_name text, orcid text, orcids text[], comment text, institution text,
  degree text, curated bool) ON COMMIT DROP;
CREATE TEMP TABLE s_author_name (slug text, first_name text, last_name text, canonical bool, position int) ON COMMIT DROP;
CREATE TEMP TABLE s_similar (a text, b text) ON COMMIT DROP;
CREATE TEMP TABLE s_authorship (paper text, volume text, author text, role "AuthorshipRole", position int, first_name text,
  last_name text, affiliation text, orcid text, matched_by "MatchedBy") ON COMMIT DROP;
`;

const MERGE = `
INSERT INTO venue (slug, acronym, name, is_acl, is_toplevel, oldstyle_letter, url)
  SELECT slug, acronym, name, is_acl, is_toplevel, oldstyle_letter, url FROM s_venue
  ON CONFLICT (slug) DO UPDATE SET acronym = EXCLUDED.acronym, name = EXCLUDED.name, is_acl = EXCLUDED.is_acl,
    is_toplevel = EXCLUDED.is_toplevel, oldstyle_letter = EXCLUDED.oldstyle_letter, url = EXCLUDED.url
  WHERE (venue.acronym, venue.name, venue.is_acl, venue.is_toplevel, venue.oldstyle_letter, venue.url)
    IS DISTINCT FROM (EXCLUDED.acronym, EXCLUDED.name, EXCLUDED.is_acl, EXCLUDED.is_toplevel, EXCLUDED.oldstyle_letter, EXCLUDED.url);

INSERT INTO sig (slug, acronym, name, url) SELECT slug, acronym, name, url FROM s_sig
  ON CONFLICT (slug) DO UPDATE SET acronym = EXCLUDED.acronym, name = EXCLUDED.name, url = EXCLUDED.url
  WHERE (sig.acronym, sig.name, sig.url) IS DISTINCT FROM (EXCLUDED.acronym, EXCLUDED.name, EXCLUDED.url);

INSERT INTO collection (slug) SELECT slug FROM s_collection ON CONFLICT (slug) DO NOTHING;

INSERT INTO volume (anthology_id, collection_id, title, title_markup, short_title, type, year, month, publisher, address, doi, url, isbn, ingest_date)
  SELECT s.anthology_id, c.id, s.title, s.title_markup, s.short_title, s.type, s.year, s.month, s.publisher, s.address, s.doi, s.url, s.isbn, s.ingest_date
  FROM s_volume s JOIN collection c ON c.slug = s.collection
  ON CONFLICT (anthology_id) DO UPDATE SET collection_id = EXCLUDED.collection_id, title = EXCLUDED.title,
    title_markup = EXCLUDED.title_markup, short_title = EXCLUDED.short_title, type = EXCLUDED.type, year = EXCLUDED.year,
    month = EXCLUDED.month, publisher = EXCLUDED.publisher, address = EXCLUDED.address, doi = EXCLUDED.doi, url = EXCLUDED.url,
    isbn = EXCLUDED.isbn, ingest_date = EXCLUDED.ingest_date
  WHERE (volume.collection_id, volume.title, volume.title_markup, volume.short_title, volume.type, volume.year, volume.month,
         volume.publisher, volume.address, volume.doi, volume.url, volume.isbn, volume.ingest_date)
    IS DISTINCT FROM (EXCLUDED.collection_id, EXCLUDED.title, EXCLUDED.title_markup, EXCLUDED.short_title, EXCLUDED.type,
         EXCLUDED.year, EXCLUDED.month, EXCLUDED.publisher, EXCLUDED.address, EXCLUDED.doi, EXCLUDED.url, EXCLUDED.isbn, EXCLUDED.ingest_date);

INSERT INTO paper (anthology_id, sort_key, volume_id, title, title_markup, abstract, abstract_markup, year, month, pages, doi, url,
    bibkey, language, awards, is_frontmatter)
  SELECT s.anthology_id, s.sort_key, v.id, s.title, s.title_markup, s.abstract, s.abstract_markup, s.year, s.month, s.pages, s.doi,
    s.url, s.bibkey, s.language, s.awards, s.is_frontmatter
  FROM s_paper s JOIN volume v ON v.anthology_id = s.volume
  ON CONFLICT (anthology_id) DO UPDATE SET sort_key = EXCLUDED.sort_key, volume_id = EXCLUDED.volume_id, title = EXCLUDED.title,
    title_markup = EXCLUDED.title_markup, abstract = EXCLUDED.abstract, abstract_markup = EXCLUDED.abstract_markup,
    year = EXCLUDED.year, month = EXCLUDED.month, pages = EXCLUDED.pages, doi = EXCLUDED.doi, url = EXCLUDED.url,
    bibkey = EXCLUDED.bibkey, language = EXCLUDED.language, awards = EXCLUDED.awards, is_frontmatter = EXCLUDED.is_frontmatter
  WHERE (paper.sort_key, paper.volume_id, paper.title, paper.title_markup, paper.abstract, paper.abstract_markup, paper.year,
         paper.month, paper.pages, paper.doi, paper.url, paper.bibkey, paper.language, paper.awards, paper.is_frontmatter)
    IS DISTINCT FROM (EXCLUDED.sort_key, EXCLUDED.volume_id, EXCLUDED.title, EXCLUDED.title_markup, EXCLUDED.abstract,
         EXCLUDED.abstract_markup, EXCLUDED.year, EXCLUDED.month, EXCLUDED.pages, EXCLUDED.doi, EXCLUDED.url, EXCLUDED.bibkey,
         EXCLUDED.language, EXCLUDED.awards, EXCLUDED.is_frontmatter);

INSERT INTO author (slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated)
  SELECT slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated FROM s_author
  ON CONFLICT (slug) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, orcid = EXCLUDED.orcid,
    orcids = EXCLUDED.orcids, comment = EXCLUDED.comment, institution = EXCLUDED.institution, degree = EXCLUDED.degree,
    curated = EXCLUDED.curated
  WHERE (author.first_name, author.last_name, author.orcid, author.orcids, author.comment, author.institution, author.degree, author.curated)
    IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.orcid, EXCLUDED.orcids, EXCLUDED.comment,
         EXCLUDED.institution, EXCLUDED.degree, EXCLUDED.curated);

CREATE TEMP TABLE m_author ON COMMIT DROP AS SELECT a.id, a.slug FROM author a JOIN s_author s USING (slug);
CREATE UNIQUE INDEX ON m_author (slug);
ANALYZE m_author;

DELETE FROM author_name n WHERE NOT EXISTS (
  SELECT 1 FROM s_author_name s JOIN m_author m ON m.slug = s.slug
  WHERE m.id = n.author_id AND s.first_name = n.first_name AND s.last_name = n.last_name);
INSERT INTO author_name (author_id, first_name, last_name, canonical, position)
  SELECT m.id, s.first_name, s.last_name, s.canonical, s.position FROM s_author_name s JOIN m_author m USING (slug)
  ON CONFLICT (author_id, first_name, last_name) DO UPDATE SET canonical = EXCLUDED.canonical, position = EXCLUDED.position
  WHERE (author_name.canonical, author_name.position) IS DISTINCT FROM (EXCLUDED.canonical, EXCLUDED.position);

CREATE TEMP TABLE m_similar ON COMMIT DROP AS
  SELECT ma.id AS author_id, mb.id AS similar_id FROM s_similar s JOIN m_author ma ON ma.slug = s.a JOIN m_author mb ON mb.slug = s.b;
DELETE FROM similar_author t WHERE NOT EXISTS (SELECT 1 FROM m_similar m WHERE m.author_id = t.author_id AND m.similar_id = t.similar_id);
INSERT INTO similar_author (author_id, similar_id) SELECT author_id, similar_id FROM m_similar ON CONFLICT DO NOTHING;

CREATE TEMP TABLE m_volume ON COMMIT DROP AS SELECT v.id, v.anthology_id FROM volume v JOIN s_volume s USING (anthology_id);
CREATE UNIQUE INDEX ON m_volume (anthology_id);
ANALYZE m_volume;

CREATE TEMP TABLE m_volume_venue ON COMMIT DROP AS
  SELECT mv.id AS volume_id, ve.id AS venue_id, s.position FROM s_volume_venue s JOIN m_volume mv ON mv.anthology_id = s.volume
  JOIN venue ve ON ve.slug = s.venue;
DELETE FROM volume_venue t WHERE NOT EXISTS (SELECT 1 FROM m_volume_venue m WHERE m.volume_id = t.volume_id AND m.venue_id = t.venue_id);
INSERT INTO volume_venue (volume_id, venue_id, position) SELECT volume_id, venue_id, position FROM m_volume_venue
  ON CONFLICT (volume_id, venue_id) DO UPDATE SET position = EXCLUDED.position WHERE volume_venue.position <> EXCLUDED.position;

CREATE TEMP TABLE m_volume_sig ON COMMIT DROP AS
  SELECT mv.id AS volume_id, sg.id AS sig_id FROM s_volume_sig s JOIN m_volume mv ON mv.anthology_id = s.volume JOIN sig sg ON sg.slug = s.sig;
DELETE FROM volume_sig t WHERE NOT EXISTS (SELECT 1 FROM m_volume_sig m WHERE m.volume_id = t.volume_id AND m.sig_id = t.sig_id);
INSERT INTO volume_sig (volume_id, sig_id) SELECT volume_id, sig_id FROM m_volume_sig ON CONFLICT DO NOTHING;

CREATE TEMP TABLE m_authorship ON COMMIT DROP AS
  SELECT p.id AS paper_id, mv.id AS volume_id, ma.id AS author_id, s.role, s.position, s.first_name, s.last_name, s.affiliation,
    s.orcid, s.matched_by
  FROM s_authorship s JOIN m_volume mv ON mv.anthology_id = s.volume JOIN m_author ma ON ma.slug = s.author
  LEFT JOIN paper p ON p.anthology_id = s.paper;
ANALYZE m_authorship;

-- Authorships are keyed by (volume, paper or none, role, position).
DELETE FROM authorship t WHERE NOT EXISTS (
  SELECT 1 FROM m_authorship m WHERE m.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0)
    AND m.role = t.role AND m.position = t.position);
UPDATE authorship t SET author_id = m.author_id, first_name = m.first_name, last_name = m.last_name,
    affiliation = m.affiliation, orcid = m.orcid, matched_by = m.matched_by
  FROM m_authorship m
  WHERE m.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0) AND m.role = t.role AND m.position = t.position
    AND (t.author_id, t.first_name, t.last_name, t.affiliation, t.orcid, t.matched_by)
      IS DISTINCT FROM (m.author_id, m.first_name, m.last_name, m.affiliation, m.orcid, m.matched_by);
INSERT INTO authorship (paper_id, volume_id, author_id, role, position, first_name, last_name, affiliation, orcid, matched_by)
  SELECT m.paper_id, m.volume_id, m.author_id, m.role, m.position, m.first_name, m.last_name, m.affiliation, m.orcid, m.matched_by
  FROM m_authorship m WHERE NOT EXISTS (
    SELECT 1 FROM authorship t WHERE m.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0)
      AND m.role = t.role AND m.position = t.position);

DELETE FROM paper t WHERE NOT EXISTS (SELECT 1 FROM s_paper s WHERE s.anthology_id = t.anthology_id);
DELETE FROM volume t WHERE NOT EXISTS (SELECT 1 FROM m_volume s WHERE s.id = t.id);
DELETE FROM collection t WHERE NOT EXISTS (SELECT 1 FROM s_collection s WHERE s.slug = t.slug);
DELETE FROM author t WHERE NOT EXISTS (SELECT 1 FROM m_author s WHERE s.id = t.id);
DELETE FROM venue t WHERE NOT EXISTS (SELECT 1 FROM s_venue s WHERE s.slug = t.slug);
DELETE FROM sig t WHERE NOT EXISTS (SELECT 1 FROM s_sig s WHERE s.slug = t.slug);
`;

/** Tables whose secondary indexes a first import builds after loading. */
const BULK_TABLES = ['paper', 'authorship', 'author_name', 'author', 'volume'];

async function isEmpty(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>(
    'SELECT NOT EXISTS (SELECT 1 FROM paper) AND NOT EXISTS (SELECT 1 FROM author) AS empty',
  );
  return rows[0]!.empty;
}

/**
 * Drops the non-unique indexes and the foreign keys of BULK_TABLES and returns the
 * statements that restore them. Foreign keys re-added at the end are checked in one
 * join each instead of a trigger call per row.
 */
async function dropSecondaryIndexes(client: PoolClient): Promise<string[]> {
  const { rows: foreignKeys } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND c.contype = 'f'`,
    [BULK_TABLES],
  );
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT i.indisunique AND NOT i.indisprimary`,
    [BULK_TABLES],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return [
    ...indexes.map((i) => i.definition),
    ...foreignKeys.map((fk) => `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`),
  ];
}

export async function writeCorpus(client: PoolClient, corpus: ResolvedCorpus, step: (what: string) => void = () => {}): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query("SET LOCAL work_mem = '64MB'");
    // The paper search GIN index: batch its updates instead of one index insert per row.
    await client.query("SET LOCAL gin_pending_list_limit = '2000000'");
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    await client.query(STAGING);
    step('staging');
    await copyRows(client, 's_venue', ['slug', 'acronym', 'name', 'is_acl', 'is_toplevel', 'oldstyle_letter', 'url'], corpus.venues, (v) => [
      v.slug, v.acronym, v.name, v.isAcl, v.isToplevel, v.oldstyleLetter, v.url,
    ]);
    await copyRows(client, 's_sig', ['slug', 'acronym', 'name', 'url'], corpus.sigs, (s) => [s.slug, s.acronym, s.name, s.url]);
    await copyRows(client, 's_collection', ['slug'], corpus.collections, (c) => [c]);
    await copyRows(
      client,
      's_volume',
      ['anthology_id', 'collection', 'title', 'title_markup', 'short_title', 'type', 'year', 'month', 'publisher', 'address', 'doi', 'url', 'isbn', 'ingest_date'],
      corpus.volumes,
      (v) => [v.anthologyId, v.collection, v.title, v.titleMarkup, v.shortTitle, v.type, v.year, v.month, v.publisher, v.address, v.doi, v.url, v.isbn, v.ingestDate],
    );
    const vv: [string, string, number][] = [];
    for (const v of corpus.volumes) v.venues.forEach((slug, i) => vv.push([v.anthologyId, slug, i]));
    await copyRows(client, 's_volume_venue', ['volume', 'venue', 'position'], vv, (r) => r);
    await copyRows(client, 's_volume_sig', ['volume', 'sig'], corpus.volumeSigs, (r) => r);
    await copyRows(
      client,
      's_paper',
      ['anthology_id', 'sort_key', 'volume', 'title', 'title_markup', 'abstract', 'abstract_markup', 'year', 'month', 'pages', 'doi', 'url', 'bibkey', 'language', 'awards', 'is_frontmatter'],
      corpus.papers,
      (p) => [p.anthologyId, p.sortKey, p.volume, p.title, p.titleMarkup, p.abstract, p.abstractMarkup, p.year, p.month, p.pages, p.doi, p.url, p.bibkey, p.language, p.awards, p.isFrontmatter],
    );
    await copyRows(
      client,
      's_author',
      ['slug', 'first_name', 'last_name', 'orcid', 'orcids', 'comment', 'institution', 'degree', 'curated'],
      corpus.people,
      (a) => [a.slug, a.firstName, a.lastName, a.orcid, a.orcids, a.comment, a.institution, a.degree, a.curated],
    );
    const names: [string, string, string, boolean, number][] = [];
    for (const a of corpus.people) a.names.forEach((n, i) => names.push([a.slug, n.first, n.last, i === 0, i]));
    await copyRows(client, 's_author_name', ['slug', 'first_name', 'last_name', 'canonical', 'position'], names, (r) => r);
    await copyRows(client, 's_similar', ['a', 'b'], corpus.similar, (r) => r);
    await copyRows(
      client,
      's_authorship',
      ['paper', 'volume', 'author', 'role', 'position', 'first_name', 'last_name', 'affiliation', 'orcid', 'matched_by'],
      corpus.authorships,
      (a) => [a.paper, a.volume, a.author, a.role, a.position, a.firstName, a.lastName, a.affiliation, a.orcid, a.matchedBy],
    );
    step('copied');
    // A first import (empty tables) loads faster without secondary indexes and foreign
    // keys: drop them now and restore each once at the end. Their DDL locks these tables until COMMIT,
    // which only blocks readers of a database that has nothing to read yet.
    const deferred = (await isEmpty(client)) ? await dropSecondaryIndexes(client) : [];
    await client.query('CREATE INDEX ON s_paper (anthology_id); CREATE INDEX ON s_author (slug); ANALYZE s_paper; ANALYZE s_author; ANALYZE s_authorship; ANALYZE s_author_name;');
    for (const statement of MERGE.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
      const t = Date.now();
      await client.query(statement);
      if (process.env.IMPORT_TIMINGS) process.stderr.write(`${Date.now() - t}ms ${statement.slice(0, 60).replace(/\s+/g, ' ')}\n`);
    }
    for (const definition of deferred) await client.query(definition);
    step(deferred.length ? `merged, ${deferred.length} indexes and foreign keys restored` : 'merged');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
