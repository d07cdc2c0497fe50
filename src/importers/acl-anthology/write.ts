// One transaction per import, written while the files are still being parsed.
//
// - Into an empty database (the first import), the bulk path: rows go straight into the
//   tables with ids assigned here, without the secondary indexes and foreign keys, which are
//   built (and checked) once at the end. Papers stream in as they are parsed; their search
//   vectors are computed by helper sessions in parallel (pure function calls, outside the
//   transaction). The tables are locked until COMMIT, which blocks only readers of a database
//   that has nothing to read yet.
// - Into a database that holds data, the merge path: COPY into temp staging tables, then
//   merge into the live tables by public key (insert what is new, update what changed, delete
//   what is gone). Row locks only — readers keep reading the old snapshot until COMMIT.
//
// Either way the import is all or nothing, and COMMIT happens in one place (commit()), right
// after the curated corrections are replayed over the imported data.
import { readFileSync } from 'node:fs';
import pg, { type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { lockCorrections, type ReplayReport, replayCorrections } from '../../corrections/replay.js';
import type { Database } from '../../db/database.js';
import type { EventRow, EventVolumeRow } from './extras.js';
import type { SigYaml, VenueYaml } from './load-yaml.js';
import { loadStoredHashes } from './sync.js';
import type { AuthorshipRow, PaperRow, PersonRow, ResolvedPeople, RowSink, VolumeRow } from './resolve.js';

type Cell = string | number | boolean | null | undefined | string[];

const COPY_SPECIAL = /[\\\n\r\t]/;

function escapeCopy(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeCopy(v);
  if (Array.isArray(v)) return escapeCopy(arrayLiteral(v));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

function line(cells: Cell[]): string {
  let out = cell(cells[0]);
  for (let i = 1; i < cells.length; i++) out += '\t' + cell(cells[i]);
  return out + '\n';
}

/**
 * COPY text accumulated off the V8 heap (Buffers): compact, and it keeps none of the
 * parsed files' strings alive.
 */
class CopyBuffer {
  private text = '';
  readonly chunks: Buffer[] = [];
  rows = 0;
  push(row: string): void {
    this.text += row;
    this.rows++;
    if (this.text.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.text) this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}

/** A COPY … FROM STDIN fed as rows arrive, with backpressure. */
class CopyStream {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly done: Promise<void>;
  private text = '';
  private failure: Error | undefined;

  constructor(
    private readonly client: PoolClient,
    sql: string,
  ) {
    this.stream = client.query(copyFrom(sql));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (err) => {
        this.failure ??= err;
        reject(err);
      });
    });
    this.done.catch(() => {});
  }

  push(row: string): void {
    this.text += row;
    if (this.text.length > 1 << 16) this.send();
  }

  private send(): void {
    if (!this.text) return;
    this.stream.write(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }

  /** Writes a ready chunk; false when the caller should drain() first. */
  write(chunk: Buffer): boolean {
    this.send();
    return this.stream.write(chunk);
  }

  /** Resolves once PostgreSQL has taken what was written so far (or fails with its error). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.writableNeedDrain) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        this.stream.off('drain', onDrain);
        reject(err);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async end(): Promise<void> {
    this.send();
    this.stream.end();
    await this.done;
  }

  /** Aborts the COPY (CopyFail), so the connection can roll back. */
  async abort(): Promise<void> {
    if (!this.stream.writableFinished && !this.stream.destroyed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', () => resolve());
        this.stream.destroy(new Error('import aborted'));
      });
    }
    // The server's ReadyForQuery follows the error that ends the COPY: wait for it, so the
    // ROLLBACK that follows is not queued behind a query still in progress.
    const client = this.client as unknown as { readyForQuery: boolean };
    for (let i = 0; i < 200 && !client.readyForQuery; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function copyChunks(client: PoolClient, sql: string, chunks: Buffer[]): Promise<void> {
  const stream = new CopyStream(client, sql);
  try {
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await stream.drain();
    }
    await stream.end();
  } catch (err) {
    await stream.abort().catch(() => {});
    throw err;
  }
}

async function copyRows<T>(client: PoolClient, sql: string, rows: Iterable<T>, toCells: (row: T) => Cell[]): Promise<void> {
  const buffer = new CopyBuffer();
  for (const row of rows) buffer.push(line(toCells(row)));
  buffer.flush();
  await copyChunks(client, sql, buffer.chunks);
}

const STAGING = `
CREATE TEMP TABLE s_venue (slug text, acronym text, name text, is_acl bool, is_toplevel bool, oldstyle_letter text, url text) ON COMMIT DROP;
CREATE TEMP TABLE s_sig (slug text, acronym text, name text, url text) ON COMMIT DROP;
CREATE TEMP TABLE s_collection (slug text) ON COMMIT DROP;
`;

const MERGE_STAGING = `
CREATE TEMP TABLE s_volume (anthology_id text, collection text, title text, title_markup text, short_title text, type text, year int,
  month text, publisher text, address text, doi text, url text, isbn text, ingest_date text, journal_volume text, journal_issue text,
  journal_title text) ON COMMIT DROP;
CREATE TEMP TABLE s_volume_venue (volume text, venue text, position int) ON COMMIT DROP;
CREATE TEMP TABLE s_volume_sig (volume text, sig text) ON COMMIT DROP;
CREATE TEMP TABLE s_paper (anthology_id text, sort_key text COLLATE "C", volume text, title text, title_markup text, abstract text,
  abstract_markup text, year int, month text, pages text, doi text, url text, bibkey text, language text, awards text[],
  is_frontmatter bool, deletion_type text, deletion_date text, deletion_note text, extra jsonb) ON COMMIT DROP;
CREATE TEMP TABLE s_author (slug text, first_name text, last_name text, orcid text, orcids text[], comment text, institution text,
  degree text, curated bool, verified bool, disable_name_matching bool, url text, openreview text) ON COMMIT DROP;
CREATE TEMP TABLE s_author_name (slug text, first_name text, last_name text, canonical bool, position int) ON COMMIT DROP;
CREATE TEMP TABLE s_similar (a text, b text) ON COMMIT DROP;
CREATE TEMP TABLE s_authorship (paper text, volume text, author text, role "AuthorshipRole", position int, first_name text,
  last_name text, affiliation text, orcid text, openreview text, matched_by "MatchedBy") ON COMMIT DROP;
`;

/** Venues and SIGs (known before any XML is read): inserted or updated first, on both paths. */
const UPSERT_VENUES_SIGS = `
INSERT INTO venue (slug, acronym, name, is_acl, is_toplevel, oldstyle_letter, url)
  SELECT slug, acronym, name, is_acl, is_toplevel, oldstyle_letter, url FROM s_venue
  ON CONFLICT (slug) DO UPDATE SET acronym = EXCLUDED.acronym, name = EXCLUDED.name, is_acl = EXCLUDED.is_acl,
    is_toplevel = EXCLUDED.is_toplevel, oldstyle_letter = EXCLUDED.oldstyle_letter, url = EXCLUDED.url
  WHERE (venue.acronym, venue.name, venue.is_acl, venue.is_toplevel, venue.oldstyle_letter, venue.url)
    IS DISTINCT FROM (EXCLUDED.acronym, EXCLUDED.name, EXCLUDED.is_acl, EXCLUDED.is_toplevel, EXCLUDED.oldstyle_letter, EXCLUDED.url);

INSERT INTO sig (slug, acronym, name, url) SELECT slug, acronym, name, url FROM s_sig
  ON CONFLICT (slug) DO UPDATE SET acronym = EXCLUDED.acronym, name = EXCLUDED.name, url = EXCLUDED.url
  WHERE (sig.acronym, sig.name, sig.url) IS DISTINCT FROM (EXCLUDED.acronym, EXCLUDED.name, EXCLUDED.url);
`;

const EVENT_STAGING = `
CREATE TEMP TABLE s_event (slug text, title text, location text, dates text, explicit bool, links jsonb, talks jsonb) ON COMMIT DROP;
CREATE TEMP TABLE s_event_volume (event text, volume text, inferred bool) ON COMMIT DROP;
`;

/** Events by slug, their volumes by (event, volume): insert what is new, update what changed, delete what is gone. */
const MERGE_EVENTS = `
INSERT INTO event (slug, title, location, dates, explicit, links, talks)
  SELECT slug, title, location, dates, explicit, links, talks FROM s_event
  ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, location = EXCLUDED.location, dates = EXCLUDED.dates,
    explicit = EXCLUDED.explicit, links = EXCLUDED.links, talks = EXCLUDED.talks
  WHERE (event.title, event.location, event.dates, event.explicit, event.links, event.talks)
    IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.location, EXCLUDED.dates, EXCLUDED.explicit, EXCLUDED.links, EXCLUDED.talks);
DELETE FROM event t WHERE NOT EXISTS (SELECT 1 FROM s_event s WHERE s.slug = t.slug);
CREATE TEMP TABLE m_event_volume ON COMMIT DROP AS
  SELECT e.id AS event_id, v.id AS volume_id, s.inferred FROM s_event_volume s JOIN event e ON e.slug = s.event
  JOIN volume v ON v.anthology_id = s.volume;
DELETE FROM event_volume t WHERE NOT EXISTS (SELECT 1 FROM m_event_volume m WHERE m.event_id = t.event_id AND m.volume_id = t.volume_id);
INSERT INTO event_volume (event_id, volume_id, inferred) SELECT event_id, volume_id, inferred FROM m_event_volume
  ON CONFLICT (event_id, volume_id) DO UPDATE SET inferred = EXCLUDED.inferred WHERE event_volume.inferred <> EXCLUDED.inferred;
`;

const INSERT_COLLECTIONS = 'INSERT INTO collection (slug) SELECT slug FROM s_collection ON CONFLICT (slug) DO NOTHING';

/** The last statements of both paths: what upstream no longer has. */
const DELETE_GONE = `
DELETE FROM collection t WHERE NOT EXISTS (SELECT 1 FROM s_collection s WHERE s.slug = t.slug);
DELETE FROM venue t WHERE NOT EXISTS (SELECT 1 FROM s_venue s WHERE s.slug = t.slug);
DELETE FROM sig t WHERE NOT EXISTS (SELECT 1 FROM s_sig s WHERE s.slug = t.slug);
`;

/**
 * The merge. `scope` (a sync, sync.ts): the staging tables hold the volumes and papers of some
 * collections only (and the authorships of those, or all), so only rows of the volumes in
 * scope_volume (those collections' volumes as they were) may be deleted for being absent.
 */
const mergeSql = (scope?: { allAuthorships: boolean }) => {
  const inScope = (column: string) => (scope ? ` AND ${column} IN (SELECT id FROM scope_volume)` : '');
  // Also on the UPDATE and INSERT below: matched by volume alone, each staged row of a big volume
  // would visit all its slots (the key has coalesce(paper_id, 0)); m only holds rows of volumes
  // in scope (or new ones, without rows yet), so the filter changes no result.
  const authorshipScope = scope && !scope.allAuthorships ? inScope('t.volume_id') : '';
  // Staged authorships of volumes not staged themselves (a sync restaging every authorship).
  const authorshipVolumes = scope ? 'volume' : 'm_volume';
  return `
INSERT INTO collection (slug) SELECT slug FROM s_collection ON CONFLICT (slug) DO NOTHING;

INSERT INTO volume (anthology_id, collection_id, title, title_markup, short_title, type, year, month, publisher, address, doi, url, isbn, ingest_date,
    journal_volume, journal_issue, journal_title)
  SELECT s.anthology_id, c.id, s.title, s.title_markup, s.short_title, s.type, s.year, s.month, s.publisher, s.address, s.doi, s.url, s.isbn, s.ingest_date,
    s.journal_volume, s.journal_issue, s.journal_title
  FROM s_volume s JOIN collection c ON c.slug = s.collection
  ON CONFLICT (anthology_id) DO UPDATE SET collection_id = EXCLUDED.collection_id, title = EXCLUDED.title,
    title_markup = EXCLUDED.title_markup, short_title = EXCLUDED.short_title, type = EXCLUDED.type, year = EXCLUDED.year,
    month = EXCLUDED.month, publisher = EXCLUDED.publisher, address = EXCLUDED.address, doi = EXCLUDED.doi, url = EXCLUDED.url,
    isbn = EXCLUDED.isbn, ingest_date = EXCLUDED.ingest_date, journal_volume = EXCLUDED.journal_volume,
    journal_issue = EXCLUDED.journal_issue, journal_title = EXCLUDED.journal_title
  WHERE (volume.collection_id, volume.title, volume.title_markup, volume.short_title, volume.type, volume.year, volume.month,
         volume.publisher, volume.address, volume.doi, volume.url, volume.isbn, volume.ingest_date, volume.journal_volume,
         volume.journal_issue, volume.journal_title)
    IS DISTINCT FROM (EXCLUDED.collection_id, EXCLUDED.title, EXCLUDED.title_markup, EXCLUDED.short_title, EXCLUDED.type,
         EXCLUDED.year, EXCLUDED.month, EXCLUDED.publisher, EXCLUDED.address, EXCLUDED.doi, EXCLUDED.url, EXCLUDED.isbn, EXCLUDED.ingest_date,
         EXCLUDED.journal_volume, EXCLUDED.journal_issue, EXCLUDED.journal_title);

CREATE TEMP TABLE m_volume ON COMMIT DROP AS SELECT v.id, v.anthology_id FROM volume v JOIN s_volume s USING (anthology_id);
CREATE UNIQUE INDEX ON m_volume (anthology_id);
ANALYZE m_volume;

-- Papers: update what changed, then insert what is new (imports never run concurrently:
-- they share the corrections' advisory lock). Not one INSERT … ON CONFLICT: that would
-- compute every paper's search vector (the insert trigger) only to find most unchanged.
UPDATE paper p SET sort_key = s.sort_key, volume_id = v.id, title = s.title, title_markup = s.title_markup, abstract = s.abstract,
    abstract_markup = s.abstract_markup, year = s.year, month = s.month, pages = s.pages, doi = s.doi, url = s.url, bibkey = s.bibkey,
    language = s.language, awards = s.awards, is_frontmatter = s.is_frontmatter, deletion_type = s.deletion_type,
    deletion_date = s.deletion_date, deletion_note = s.deletion_note, extra = s.extra
  FROM s_paper s JOIN m_volume v ON v.anthology_id = s.volume
  WHERE p.anthology_id = s.anthology_id
    AND (p.sort_key, p.volume_id, p.title, p.title_markup, p.abstract, p.abstract_markup, p.year, p.month, p.pages, p.doi, p.url,
         p.bibkey, p.language, p.awards, p.is_frontmatter, p.deletion_type, p.deletion_date, p.deletion_note, p.extra)
    IS DISTINCT FROM (s.sort_key, v.id, s.title, s.title_markup, s.abstract, s.abstract_markup, s.year, s.month, s.pages, s.doi, s.url,
         s.bibkey, s.language, s.awards, s.is_frontmatter, s.deletion_type, s.deletion_date, s.deletion_note, s.extra);
INSERT INTO paper (anthology_id, sort_key, volume_id, title, title_markup, abstract, abstract_markup, year, month, pages, doi, url,
    bibkey, language, awards, is_frontmatter, deletion_type, deletion_date, deletion_note, extra)
  SELECT s.anthology_id, s.sort_key, v.id, s.title, s.title_markup, s.abstract, s.abstract_markup, s.year, s.month, s.pages, s.doi,
    s.url, s.bibkey, s.language, s.awards, s.is_frontmatter, s.deletion_type, s.deletion_date, s.deletion_note, s.extra
  FROM s_paper s JOIN m_volume v ON v.anthology_id = s.volume
  WHERE NOT EXISTS (SELECT 1 FROM paper p WHERE p.anthology_id = s.anthology_id);

-- People: as papers, an UPDATE of what changed and an INSERT of what is new (an INSERT …
-- ON CONFLICT visits and locks every one of the ~100k existing rows, several times the cost).
UPDATE author a SET first_name = s.first_name, last_name = s.last_name, orcid = s.orcid, orcids = s.orcids, comment = s.comment,
    institution = s.institution, degree = s.degree, curated = s.curated, verified = s.verified,
    disable_name_matching = s.disable_name_matching, url = s.url, openreview = s.openreview
  FROM s_author s
  WHERE a.slug = s.slug
    AND (a.first_name, a.last_name, a.orcid, a.orcids, a.comment, a.institution, a.degree, a.curated, a.verified,
         a.disable_name_matching, a.url, a.openreview)
    IS DISTINCT FROM (s.first_name, s.last_name, s.orcid, s.orcids, s.comment, s.institution, s.degree, s.curated, s.verified,
         s.disable_name_matching, s.url, s.openreview);
INSERT INTO author (slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated, verified, disable_name_matching,
    url, openreview)
  SELECT slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated, verified, disable_name_matching, url,
    openreview FROM s_author s
  WHERE NOT EXISTS (SELECT 1 FROM author a WHERE a.slug = s.slug);

CREATE TEMP TABLE m_author ON COMMIT DROP AS SELECT a.id, a.slug FROM author a JOIN s_author s USING (slug);
CREATE UNIQUE INDEX ON m_author (slug);
ANALYZE m_author;

DELETE FROM author_name n WHERE NOT EXISTS (
  SELECT 1 FROM s_author_name s JOIN m_author m ON m.slug = s.slug
  WHERE m.id = n.author_id AND s.first_name = n.first_name AND s.last_name = n.last_name);
UPDATE author_name n SET canonical = s.canonical, position = s.position
  FROM s_author_name s JOIN m_author m USING (slug)
  WHERE n.author_id = m.id AND n.first_name = s.first_name AND n.last_name = s.last_name
    AND (n.canonical, n.position) IS DISTINCT FROM (s.canonical, s.position);
INSERT INTO author_name (author_id, first_name, last_name, canonical, position)
  SELECT m.id, s.first_name, s.last_name, s.canonical, s.position FROM s_author_name s JOIN m_author m USING (slug)
  WHERE NOT EXISTS (SELECT 1 FROM author_name n WHERE n.author_id = m.id AND n.first_name = s.first_name AND n.last_name = s.last_name);

CREATE TEMP TABLE m_similar ON COMMIT DROP AS
  SELECT ma.id AS author_id, mb.id AS similar_id FROM s_similar s JOIN m_author ma ON ma.slug = s.a JOIN m_author mb ON mb.slug = s.b;
DELETE FROM similar_author t WHERE NOT EXISTS (SELECT 1 FROM m_similar m WHERE m.author_id = t.author_id AND m.similar_id = t.similar_id);
INSERT INTO similar_author (author_id, similar_id) SELECT author_id, similar_id FROM m_similar ON CONFLICT DO NOTHING;

CREATE TEMP TABLE m_volume_venue ON COMMIT DROP AS
  SELECT mv.id AS volume_id, ve.id AS venue_id, s.position FROM s_volume_venue s JOIN m_volume mv ON mv.anthology_id = s.volume
  JOIN venue ve ON ve.slug = s.venue;
DELETE FROM volume_venue t WHERE NOT EXISTS (SELECT 1 FROM m_volume_venue m WHERE m.volume_id = t.volume_id AND m.venue_id = t.venue_id)${inScope('t.volume_id')};
INSERT INTO volume_venue (volume_id, venue_id, position) SELECT volume_id, venue_id, position FROM m_volume_venue
  ON CONFLICT (volume_id, venue_id) DO UPDATE SET position = EXCLUDED.position WHERE volume_venue.position <> EXCLUDED.position;

CREATE TEMP TABLE m_volume_sig ON COMMIT DROP AS
  SELECT mv.id AS volume_id, sg.id AS sig_id FROM s_volume_sig s JOIN m_volume mv ON mv.anthology_id = s.volume JOIN sig sg ON sg.slug = s.sig;
DELETE FROM volume_sig t WHERE NOT EXISTS (SELECT 1 FROM m_volume_sig m WHERE m.volume_id = t.volume_id AND m.sig_id = t.sig_id)${inScope('t.volume_id')};
INSERT INTO volume_sig (volume_id, sig_id) SELECT volume_id, sig_id FROM m_volume_sig ON CONFLICT DO NOTHING;

CREATE TEMP TABLE m_authorship ON COMMIT DROP AS
  SELECT p.id AS paper_id, mv.id AS volume_id, ma.id AS author_id, s.role, s.position, s.first_name, s.last_name, s.affiliation,
    s.orcid, s.openreview, s.matched_by
  FROM s_authorship s JOIN ${authorshipVolumes} mv ON mv.anthology_id = s.volume JOIN m_author ma ON ma.slug = s.author
  LEFT JOIN paper p ON p.anthology_id = s.paper;
ANALYZE m_authorship;

-- Authorships are keyed by (volume, paper or none, role, position).
DELETE FROM authorship t WHERE NOT EXISTS (
  SELECT 1 FROM m_authorship m WHERE m.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0)
    AND m.role = t.role AND m.position = t.position)${authorshipScope};
UPDATE authorship t SET author_id = m.author_id, first_name = m.first_name, last_name = m.last_name,
    affiliation = m.affiliation, orcid = m.orcid, openreview = m.openreview, matched_by = m.matched_by
  FROM m_authorship m
  WHERE m.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0) AND m.role = t.role AND m.position = t.position
    AND (t.author_id, t.first_name, t.last_name, t.affiliation, t.orcid, t.openreview, t.matched_by)
      IS DISTINCT FROM (m.author_id, m.first_name, m.last_name, m.affiliation, m.orcid, m.openreview, m.matched_by)${authorshipScope};
INSERT INTO authorship (paper_id, volume_id, author_id, role, position, first_name, last_name, affiliation, orcid, openreview, matched_by)
  SELECT m.paper_id, m.volume_id, m.author_id, m.role, m.position, m.first_name, m.last_name, m.affiliation, m.orcid, m.openreview,
    m.matched_by
  FROM m_authorship m WHERE NOT EXISTS (
    SELECT 1 FROM authorship t WHERE m.volume_id = t.volume_id AND coalesce(m.paper_id, 0) = coalesce(t.paper_id, 0)
      AND m.role = t.role AND m.position = t.position${authorshipScope});

DELETE FROM paper t WHERE NOT EXISTS (SELECT 1 FROM s_paper s WHERE s.anthology_id = t.anthology_id)${inScope('t.volume_id')};
DELETE FROM volume t WHERE NOT EXISTS (SELECT 1 FROM m_volume s WHERE s.id = t.id)${inScope('t.id')};
`;
};

/**
 * The people upstream no longer has. Its own statement: people a split created (curation)
 * are not upstream and stay; the replay refills them.
 */
const DELETE_GONE_AUTHORS =
  'DELETE FROM author t WHERE NOT EXISTS (SELECT 1 FROM m_author s WHERE s.id = t.id) AND t.created_by_correction_id IS NULL';

/** Tables whose secondary indexes and foreign keys a first import builds after loading. */
const BULK_TABLES = ['paper', 'authorship', 'author_name', 'author', 'volume'];

/** The search vector, computed as the column's definition says (migration 20261128180000). */
const SEARCH_VECTORS =
  'SELECT paper_search_vector(t, a)::text FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, a, n) ORDER BY n';

const PAPER_COLUMNS = [
  'anthology_id', 'sort_key', 'volume', 'title', 'title_markup', 'abstract', 'abstract_markup', 'year', 'month', 'pages', 'doi',
  'url', 'bibkey', 'language', 'awards', 'is_frontmatter', 'deletion_type', 'deletion_date', 'deletion_note', 'extra',
];
const paperCells = (p: PaperRow): Cell[] => [
  p.sortKey, p.title, p.titleMarkup, p.abstract, p.abstractMarkup, p.year, p.month, p.pages, p.doi, p.url, p.bibkey, p.language,
  p.awards, p.isFrontmatter, p.deletionType, p.deletionDate, p.deletionNote, p.extra,
];

async function isEmpty(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM paper) AND NOT EXISTS (SELECT 1 FROM author) AND NOT EXISTS (SELECT 1 FROM volume)
       AND NOT EXISTS (SELECT 1 FROM authorship) AND NOT EXISTS (SELECT 1 FROM author_name) AS empty`,
  );
  return rows[0]!.empty;
}

/**
 * Drops the secondary indexes (all but primary keys and constraints' indexes) and the
 * foreign keys of BULK_TABLES and returns the statements that restore them. An index built
 * once over the loaded rows costs a sort instead of one insert per row; foreign keys re-added
 * at the end are checked in one join each instead of a trigger call per row.
 */
async function dropSecondaryIndexes(client: PoolClient): Promise<string[]> {
  const { rows: foreignKeys } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND c.contype = 'f'`,
    [BULK_TABLES],
  );
  const { rows: indexes } = await client.query<{ name: string; definition: string; gin: boolean }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition, am.amname = 'gin' AS gin
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
     WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT i.indisprimary
       -- Unique indexes too, unless a constraint owns them (then foreign keys may depend on them).
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [BULK_TABLES],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  // The big GIN builds first, while nothing else competes for the second core.
  indexes.sort((a, b) => Number(b.gin) - Number(a.gin));
  return [
    ...indexes.map((i) => i.definition),
    ...foreignKeys.map((fk) => `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`),
  ];
}

export interface WriterOptions {
  step?: (what: string) => void;
  /** Sessions computing search vectors alongside the bulk load (default 2). */
  searchSessions?: number;
}

const timings = !!process.env.IMPORT_TIMINGS;

/** IMPORT_TIMINGS, with a local server: CPU seconds a backend has used (from /proc). */
function backendCpu(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

async function backendPid(client: { query: PoolClient['query'] }): Promise<number | undefined> {
  if (!timings) return undefined;
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0]!.pid;
}

function reportCpu(what: string, pids: (number | undefined)[]): void {
  if (!timings) return;
  const cpu = pids.map((pid) => backendCpu(pid));
  const node = process.cpuUsage();
  process.stderr.write(
    `cpu after ${what}: node ${((node.user + node.system) / 1e6).toFixed(1)}s, backends ${cpu.map((c) => (c === undefined ? '?' : c.toFixed(1))).join(' / ')}s\n`,
  );
}

/** Computes papers' search vectors in sessions of their own, in order, a batch at a time. */
class SearchVectors {
  private readonly clients: pg.Client[] = [];
  readonly pids: (number | undefined)[] = [];
  private readonly busy: Promise<void>[] = [];
  private next = 0;
  private constructor() {}

  static async open(url: string, sessions: number): Promise<SearchVectors> {
    const s = new SearchVectors();
    try {
      for (let i = 0; i < sessions; i++) {
        const client = new pg.Client({ connectionString: url, application_name: 'scholargraph import: search vectors' });
        client.on('error', () => {});
        s.clients.push(client);
        s.busy.push(Promise.resolve());
        await client.connect();
        s.pids.push(await backendPid(client));
      }
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  async compute(papers: PaperRow[]): Promise<string[]> {
    // Round robin; each session runs one query at a time (queries wait their turn here, not
    // queued inside pg).
    const i = this.next++ % this.clients.length;
    const client = this.clients[i]!;
    const run = this.busy[i]!.then(() =>
      client.query<string[]>({
        text: SEARCH_VECTORS,
        values: [papers.map((p) => p.title), papers.map((p) => p.abstract)],
        rowMode: 'array',
      }),
    );
    this.busy[i] = run.then(
      () => {},
      () => {},
    );
    const { rows } = await run;
    return rows.map((r) => r[0]!);
  }

  get size(): number {
    return this.clients.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end().catch(() => {})));
    this.clients.length = 0;
  }
}

const BATCH = 1000;

/**
 * Receives the resolved rows of an import as the files are parsed (RowSink), writes them
 * in one transaction, and commits in finish().
 */
export class CorpusWriter implements RowSink {
  private readonly step: (what: string) => void;
  private bulk = false;
  private deferred: string[] = [];
  private papersStream: CopyStream | undefined;
  private readonly collections: string[] = [];
  private readonly volumes: VolumeRow[] = [];
  private eventRows: { events: EventRow[]; eventVolumes: EventVolumeRow[] } = { events: [], eventVolumes: [] };
  private readonly authorships = new CopyBuffer();
  // Bulk path: ids assigned here.
  private readonly base = { volume: 0, paper: 0, author: 0, author_name: 0, authorship: 0 };
  private readonly volumeIds = new Map<string, number>();
  private readonly paperIds = new Map<string, number>();
  private papersCount = 0;
  private search: SearchVectors | undefined;
  private batch: PaperRow[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private failure: unknown;
  private pids: (number | undefined)[] = [];
  /** Merge path: import_source's hashes as the previous import left them. */
  previousSources = new Map<string, string>();
  private scope: { collections: string[]; allAuthorships: boolean } | undefined;
  private sourceRows: { rows: { name: string; hash: string | null; people: string | null }[]; replaceAll: boolean } | undefined;

  private constructor(
    private readonly client: PoolClient,
    options: WriterOptions,
  ) {
    this.step = options.step ?? (() => {});
  }

  /** Opens the transaction and decides between the bulk and the merge path. */
  static async begin(db: Database, client: PoolClient, venues: VenueYaml[], sigs: SigYaml[], options: WriterOptions = {}): Promise<CorpusWriter> {
    const w = new CorpusWriter(client, options);
    await client.query('BEGIN');
    try {
      // Corrections wait (or give up with BUSY) while an import runs: none can slip in between;
      // and two imports never run at once.
      await lockCorrections(client);
      await client.query('SET LOCAL synchronous_commit = off');
      await client.query("SET LOCAL work_mem = '64MB'");
      await client.query("SET LOCAL maintenance_work_mem = '512MB'");
      await client.query(STAGING);
      await copyRows(client, 'COPY s_venue (slug, acronym, name, is_acl, is_toplevel, oldstyle_letter, url) FROM STDIN', venues, (v) => [
        v.slug, v.acronym, v.name, v.isAcl, v.isToplevel, v.oldstyleLetter, v.url,
      ]);
      await copyRows(client, 'COPY s_sig (slug, acronym, name, url) FROM STDIN', sigs, (s) => [s.slug, s.acronym, s.name, s.url]);
      await w.run(UPSERT_VENUES_SIGS);
      if (await isEmpty(client)) {
        await client.query(`LOCK TABLE ${BULK_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        if (!(await isEmpty(client))) throw new Error('the database received data while the import started; run it again');
        w.bulk = true;
        w.deferred = await dropSecondaryIndexes(client);
        // Ids: the tables are empty and locked, so the sequences are ours until COMMIT.
        for (const table of Object.keys(w.base) as (keyof CorpusWriter['base'])[]) {
          const { rows } = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id`, [table]);
          w.base[table] = Number(rows[0]!.id);
        }
        const sessions = options.searchSessions ?? Number(process.env.IMPORT_SEARCH_SESSIONS ?? 2);
        // Without helper sessions (none asked for, or the server refuses more connections), the
        // insert trigger computes each vector in this session instead: slower, same result.
        if (sessions > 0) w.search = await SearchVectors.open(db.url, sessions).catch(() => undefined);
        w.pids = [await backendPid(client), ...(w.search?.pids ?? [])];
        w.papersStream = new CopyStream(
          client,
          `COPY paper (id, anthology_id, volume_id, sort_key, title, title_markup, abstract, abstract_markup, year, month, pages, doi, url,
             bibkey, language, awards, is_frontmatter, deletion_type, deletion_date, deletion_note, extra, search_vector) FROM STDIN`,
        );
      } else {
        // Read before the papers' COPY takes the connection (sync.ts plans with it).
        w.previousSources = await loadStoredHashes(client);
        await client.query(MERGE_STAGING);
        w.papersStream = new CopyStream(client, `COPY s_paper (${PAPER_COLUMNS.join(', ')}) FROM STDIN`);
      }
      w.step(w.bulk ? 'empty database: bulk load' : 'merging into the existing data');
    } catch (err) {
      await w.abort();
      throw err;
    }
    return w;
  }

  get isBulk(): boolean {
    return this.bulk;
  }

  private async run(sql: string): Promise<void> {
    for (const statement of sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
      const t = Date.now();
      await this.client.query(statement);
      if (timings) process.stderr.write(`${Date.now() - t}ms ${statement.replace(/^--.*\n/gm, '').slice(0, 70).replace(/\s+/g, ' ')}\n`);
    }
  }

  /**
   * A sync (sync.ts): only these collections' volumes and papers are staged (their slugs, as
   * the database has them and as the files do), and authorships either of those or of all.
   */
  limitTo(scope: { collections: string[]; allAuthorships: boolean }): void {
    if (this.bulk) throw new Error('a sync needs a database that holds an import');
    this.scope = scope;
  }

  /**
   * What import_source will say (sync.ts), given before finish(): `replaceAll` for a full
   * import, else the rows of these names are replaced (a row without hash: the file is gone).
   */
  sources(rows: { name: string; hash: string | null; people: string | null }[], replaceAll: boolean): void {
    this.sourceRows = { rows, replaceAll };
  }

  private async writeSources(): Promise<void> {
    if (!this.sourceRows) return;
    const { rows, replaceAll } = this.sourceRows;
    if (replaceAll) await this.client.query('DELETE FROM import_source');
    else await this.client.query('DELETE FROM import_source WHERE name = ANY($1)', [rows.map((r) => r.name)]);
    await copyRows(this.client, 'COPY import_source (name, hash, people) FROM STDIN', rows.filter((r) => r.hash !== null), (r) => [
      r.name, r.hash, r.people,
    ]);
  }

  /** The corpus's events (extras.ts), given before finish(). */
  events(rows: { events: EventRow[]; eventVolumes: EventVolumeRow[] }): void {
    this.eventRows = rows;
  }

  collection(slug: string): void {
    this.collections.push(slug);
  }

  volume(row: VolumeRow): void {
    if (this.bulk) this.volumeIds.set(row.anthologyId, this.base.volume + this.volumes.length);
    this.volumes.push(row);
  }

  paper(row: PaperRow): void {
    if (!this.bulk) {
      this.papersStream!.push(line([row.anthologyId, row.sortKey, row.volume, ...paperCells(row).slice(1)]));
      return;
    }
    this.paperIds.set(row.anthologyId, this.base.paper + this.papersCount++);
    if (!this.search) {
      this.papersStream!.push(this.bulkPaperLine(row, null));
      return;
    }
    this.batch.push(row);
    if (this.batch.length >= BATCH) this.dispatch();
  }

  private bulkPaperLine(p: PaperRow, vector: string | null): string {
    return line([this.paperIds.get(p.anthologyId), p.anthologyId, this.volumeIds.get(p.volume), ...paperCells(p), vector]);
  }

  /** Sends the current batch for its search vectors; rows reach the COPY in batch order. */
  private dispatch(): void {
    const papers = this.batch;
    if (!papers.length) return;
    this.batch = [];
    const vectors = this.search!.compute(papers);
    const previous = this.inFlight[this.inFlight.length - 1] ?? Promise.resolve();
    const done = Promise.all([vectors, previous]).then(([v]) => {
      const stream = this.papersStream!;
      for (let i = 0; i < papers.length; i++) stream.push(this.bulkPaperLine(papers[i]!, v[i]!));
    });
    done.catch((err: unknown) => {
      this.failure ??= err;
    });
    this.inFlight.push(done);
  }

  authorship(a: AuthorshipRow): void {
    if (this.bulk) {
      this.authorships.push(
        line([
          this.base.authorship + this.authorships.rows, a.paper === null ? null : this.paperIds.get(a.paper), this.volumeIds.get(a.volume),
          this.base.author + a.authorIndex, a.role, a.position, a.firstName, a.lastName, a.affiliation, a.orcid, a.openreview, a.matchedBy,
        ]),
      );
    } else {
      this.authorships.push(
        line([a.paper, a.volume, a.author, a.role, a.position, a.firstName, a.lastName, a.affiliation, a.orcid, a.openreview, a.matchedBy]),
      );
    }
  }

  /** Backpressure: resolves when PostgreSQL (and the search sessions) have caught up enough. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    const limit = 2 * (this.search?.size ?? 0);
    while (this.inFlight.length > limit) {
      await this.inFlight.shift();
      if (this.failure) throw this.failure;
    }
    await this.papersStream!.drain();
  }

  /** Writes what needs the whole corpus, then merges or builds indexes, replays corrections, commits. */
  async finish(resolved: ResolvedPeople): Promise<ReplayReport> {
    try {
      if (this.bulk) {
        if (this.search) this.dispatch();
        for (const p of this.inFlight) await p;
        if (this.failure) throw this.failure;
        reportCpu('parse (main / search sessions)', this.pids);
        await this.search?.close();
        this.search = undefined;
      }
      await this.papersStream!.end();
      this.papersStream = undefined;
      this.step('papers written');
      reportCpu('papers written', this.pids.slice(0, 1));
      this.authorships.flush();
      if (this.bulk) await this.finishBulk(resolved);
      else await this.finishMerge(resolved);
      return await this.commit();
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  private async finishBulk(resolved: ResolvedPeople): Promise<void> {
    const client = this.client;
    await copyRows(client, 'COPY s_collection (slug) FROM STDIN', this.collections, (c) => [c]);
    await this.run(INSERT_COLLECTIONS);
    const { rows: collections } = await client.query<{ id: number; slug: string }>(
      'SELECT c.id, c.slug FROM collection c JOIN s_collection s USING (slug)',
    );
    const collectionIds = new Map(collections.map((c) => [c.slug, c.id]));
    const { rows: venues } = await client.query<{ id: number; slug: string }>('SELECT id, slug FROM venue');
    const venueIds = new Map(venues.map((v) => [v.slug, v.id]));
    const { rows: sigs } = await client.query<{ id: number; slug: string }>('SELECT id, slug FROM sig');
    const sigIds = new Map(sigs.map((s) => [s.slug, s.id]));

    const volumeIds = this.volumeIds;
    await copyRows(
      client,
      `COPY volume (id, anthology_id, collection_id, title, title_markup, short_title, type, year, month, publisher, address, doi, url,
         isbn, ingest_date, journal_volume, journal_issue, journal_title) FROM STDIN`,
      this.volumes,
      (v) => [volumeIds.get(v.anthologyId), v.anthologyId, collectionIds.get(v.collection), v.title, v.titleMarkup, v.shortTitle, v.type,
        v.year, v.month, v.publisher, v.address, v.doi, v.url, v.isbn, v.ingestDate, v.journalVolume, v.journalIssue, v.journalTitle],
    );
    const volumeVenues: Cell[][] = [];
    for (const v of this.volumes) v.venues.forEach((slug, i) => volumeVenues.push([volumeIds.get(v.anthologyId), venueIds.get(slug), i]));
    await copyRows(client, 'COPY volume_venue (volume_id, venue_id, position) FROM STDIN', volumeVenues, (r) => r);
    await copyRows(client, 'COPY volume_sig (volume_id, sig_id) FROM STDIN', this.volumeSigs(resolved), ([v, s]) => [volumeIds.get(v), sigIds.get(s)]);
    await this.writeEvents();
    let t = Date.now();
    await copyChunks(
      client,
      `COPY authorship (id, paper_id, volume_id, author_id, role, position, first_name, last_name, affiliation, orcid, openreview, matched_by)
         FROM STDIN`,
      this.authorships.chunks,
    );
    if (timings) process.stderr.write(`${Date.now() - t}ms COPY authorship\n`);
    t = Date.now();
    const authorIds = new Map<string, number>();
    resolved.people.forEach((a, i) => authorIds.set(a.slug, this.base.author + i));
    await copyRows(
      client,
      `COPY author (id, slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated, verified, disable_name_matching,
         url, openreview) FROM STDIN`,
      resolved.people,
      (a) => [authorIds.get(a.slug), a.slug, a.firstName, a.lastName, a.orcid, a.orcids, a.comment, a.institution, a.degree, a.curated,
        a.verified, a.disableNameMatching, a.url, a.openreview],
    );
    const names: Cell[][] = [];
    for (const a of resolved.people) {
      const id = authorIds.get(a.slug);
      a.names.forEach((n, i) => names.push([this.base.author_name + names.length, id, n.first, n.last, i === 0, i]));
    }
    await copyRows(client, 'COPY author_name (id, author_id, first_name, last_name, canonical, position) FROM STDIN', names, (r) => r);
    await copyRows(client, 'COPY similar_author (author_id, similar_id) FROM STDIN', resolved.similar, ([a, b]) => [authorIds.get(a), authorIds.get(b)]);
    if (timings) process.stderr.write(`${Date.now() - t}ms COPY author, author_name, similar_author\n`);
    // Sequences continue after the ids used here.
    const used = {
      volume: this.volumes.length,
      paper: this.papersCount,
      author: resolved.people.length,
      author_name: names.length,
      authorship: this.authorships.rows,
    };
    for (const table of Object.keys(this.base) as (keyof CorpusWriter['base'])[]) {
      // setval(…, base - 1, true) when nothing was used: the next id is base again.
      const last = this.base[table] + used[table] - 1;
      await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2, $3)`, [table, Math.max(last, 1), last >= 1]);
    }
    await this.run(DELETE_GONE);
    this.step('rows written');
    reportCpu('rows written', this.pids.slice(0, 1));
    // Index builds may use a parallel worker: the parse is over, the second core is free.
    await client.query('SET LOCAL max_parallel_maintenance_workers = 1');
    for (const definition of this.deferred) {
      const t0 = Date.now();
      await client.query(definition);
      if (timings) process.stderr.write(`${Date.now() - t0}ms ${definition.slice(0, 90)}\n`);
    }
    this.step(`${this.deferred.length} indexes and foreign keys built`);
    reportCpu('indexes', this.pids.slice(0, 1));
    // Statistics now, not whenever autovacuum gets to it: readers' plans (and the next
    // import's merge) need them from the first query on. The columns that joins and filters
    // use; autovacuum's analyze adds the rest (text search, expression indexes) soon after.
    await this.run(
      'ANALYZE paper (id, anthology_id, sort_key, volume_id, year, doi, bibkey, is_frontmatter), authorship, ' +
        'author (id, slug, first_name, last_name, orcid, curated), author_name (id, author_id, first_name, last_name), volume',
    );
  }

  private async finishMerge(resolved: ResolvedPeople): Promise<void> {
    const client = this.client;
    await copyRows(client, 'COPY s_collection (slug) FROM STDIN', this.collections, (c) => [c]);
    await copyRows(
      client,
      `COPY s_volume (anthology_id, collection, title, title_markup, short_title, type, year, month, publisher, address, doi, url, isbn, ingest_date,
         journal_volume, journal_issue, journal_title) FROM STDIN`,
      this.volumes,
      (v) => [v.anthologyId, v.collection, v.title, v.titleMarkup, v.shortTitle, v.type, v.year, v.month, v.publisher, v.address, v.doi, v.url, v.isbn,
        v.ingestDate, v.journalVolume, v.journalIssue, v.journalTitle],
    );
    const vv: Cell[][] = [];
    for (const v of this.volumes) v.venues.forEach((slug, i) => vv.push([v.anthologyId, slug, i]));
    await copyRows(client, 'COPY s_volume_venue (volume, venue, position) FROM STDIN', vv, (r) => r);
    await copyRows(client, 'COPY s_volume_sig (volume, sig) FROM STDIN', this.volumeSigs(resolved), (r) => r);
    await copyRows(
      client,
      `COPY s_author (slug, first_name, last_name, orcid, orcids, comment, institution, degree, curated, verified, disable_name_matching,
         url, openreview) FROM STDIN`,
      resolved.people,
      (a: PersonRow) => [a.slug, a.firstName, a.lastName, a.orcid, a.orcids, a.comment, a.institution, a.degree, a.curated, a.verified,
        a.disableNameMatching, a.url, a.openreview],
    );
    const names: Cell[][] = [];
    for (const a of resolved.people) a.names.forEach((n, i) => names.push([a.slug, n.first, n.last, i === 0, i]));
    await copyRows(client, 'COPY s_author_name (slug, first_name, last_name, canonical, position) FROM STDIN', names, (r) => r);
    await copyRows(client, 'COPY s_similar (a, b) FROM STDIN', resolved.similar, (r) => r);
    await copyChunks(
      client,
      'COPY s_authorship (paper, volume, author, role, position, first_name, last_name, affiliation, orcid, openreview, matched_by) FROM STDIN',
      this.authorships.chunks,
    );
    this.step('staged');
    await client.query(
      'CREATE INDEX ON s_paper (anthology_id); CREATE INDEX ON s_author (slug); ANALYZE s_paper; ANALYZE s_author; ANALYZE s_authorship; ANALYZE s_author_name; ANALYZE s_volume;',
    );
    if (this.scope) {
      await client.query(
        `CREATE TEMP TABLE scope_volume ON COMMIT DROP AS
           SELECT v.id FROM volume v JOIN collection c ON c.id = v.collection_id WHERE c.slug = ANY($1)`,
        [this.scope.collections],
      );
      await client.query('CREATE UNIQUE INDEX ON scope_volume (id); ANALYZE scope_volume');
    }
    await this.run(mergeSql(this.scope));
    await this.writeEvents();
    await this.run(DELETE_GONE_AUTHORS);
    await this.run(DELETE_GONE);
    this.step('merged');
  }

  /** The SIGs' volumes: those their yaml files list, and those whose <meta> names them. */
  private volumeSigs(resolved: ResolvedPeople): [string, string][] {
    const seen = new Set<string>();
    const out: [string, string][] = [];
    const add = (volume: string, sig: string) => {
      const key = `${volume}\u0000${sig}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push([volume, sig]);
    };
    for (const [volume, sig] of resolved.volumeSigs) add(volume, sig);
    for (const v of this.volumes) for (const sig of v.sigs) add(v.anthologyId, sig);
    return out;
  }

  /** Events and their volumes (extras.ts), written once the volumes are: the same on both paths. */
  private async writeEvents(): Promise<void> {
    const client = this.client;
    await client.query(EVENT_STAGING);
    await copyRows(client, 'COPY s_event (slug, title, location, dates, explicit, links, talks) FROM STDIN', this.eventRows.events, (e) => [
      e.slug, e.title, e.location, e.dates, e.explicit, e.links, e.talks,
    ]);
    await copyRows(client, 'COPY s_event_volume (event, volume, inferred) FROM STDIN', this.eventRows.eventVolumes, (r) => r);
    await this.run(MERGE_EVENTS);
  }

  /** The one place an import commits: corrections replayed over the imported data, then COMMIT. */
  private async commit(): Promise<ReplayReport> {
    await this.writeSources();
    const replay = await replayCorrections(this.client);
    await this.client.query('COMMIT');
    return replay;
  }

  /** Rolls everything back (the import failed, here or in the parse). */
  async abort(): Promise<void> {
    for (const p of this.inFlight) p.catch(() => {});
    await this.papersStream?.abort().catch(() => {});
    this.papersStream = undefined;
    await this.search?.close();
    this.search = undefined;
    await this.client.query('ROLLBACK').catch(() => {});
  }
}
