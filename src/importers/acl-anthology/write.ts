// One transaction per import, written while the files are still being parsed. Either path is
// all or nothing, and COMMIT happens in one place (commit()), right after the curated
// corrections are replayed over the imported data:
// - into an empty database (the first import), the bulk path (bulk.ts);
// - into a database that holds data, the merge path (merge.ts).
// The other files: COPY encoding (copy.ts), the tables' columns (tables.ts), the statements
// both paths share (statements.ts), the search-vector sessions (search-sessions.ts) and
// IMPORT_TIMINGS (timings.ts).
import type { PoolClient } from 'pg';
import { importSettingsFromEnv } from '../../config.js';
import { lockCorrections, type ReplayReport, replayCorrections } from '../../corrections/replay.js';
import { announceInvalidation } from '../../db/cache-invalidation.js';
import type { Database } from '../../db/database.js';
import { ANTHOLOGY_SOURCE_RECORDS, FOLD_SHARED_DOIS, FOLD_SHARED_ORCIDS } from '../sources.js';
import {
  ANALYZE_LOADED,
  BULK_TABLES,
  buildDeferred,
  bulkAuthorshipCells,
  bulkPaperCells,
  COPY_PAPERS,
  dropSecondaryIndexes,
  type FirstIds,
  isEmpty,
  loadRows,
} from './bulk.js';
import { CopyBuffer, CopyStream, copyChunks, copyRows, line } from './copy.js';
import type { EventRow, EventVolumeRow } from './extras.js';
import { ownString } from './parse-xml.js';
import type { SigYaml, VenueYaml } from './load-yaml.js';
import {
  COPY_STAGED_PAPERS,
  deleteGoneAuthors,
  MERGE_STAGING,
  type MergeScope,
  mergeStatements,
  prepareMerge,
  stagedAuthorshipCells,
  stagedPaperCells,
  stageRows,
} from './merge.js';
import type { AuthorshipRow, PaperRow, ResolvedPeople, RowSink, VolumeRow } from './resolve.js';
import { SearchVectors } from './search-sessions.js';
import { DELETE_GONE, EVENT_STAGING, MERGE_EVENTS, STAGING, UPSERT_VENUES_SIGS } from './statements.js';
import { loadStoredHashes } from './sync.js';
import { copyInto, copyIntoStaging, encoder, TABLES } from './tables.js';
import { Timings } from './timings.js';

export interface WriterOptions {
  step?: (what: string) => void;
  /** Sessions computing search vectors alongside the bulk load (default: IMPORT_SEARCH_SESSIONS, else 2). */
  searchSessions?: number;
}

const BATCH = 1000;

/** A copy of a row whose strings own their characters (ownString). */
function ownedCopy<T extends object>(row: T): T {
  const copy = { ...row } as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'string') copy[key] = ownString(value);
    else if (Array.isArray(value)) copy[key] = value.map((v: unknown) => (typeof v === 'string' ? ownString(v) : v));
  }
  return copy as T;
}

const personCells = encoder<{ slug: string; file: string; refs: string }>(TABLES.importPerson);

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
  private readonly first: FirstIds = { volume: 0, paper: 0, author: 0, author_name: 0, authorship: 0 };
  private readonly volumeIds = new Map<string, number>();
  private papersCount = 0;
  private search: SearchVectors | undefined;
  private batch: PaperRow[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private failure: unknown;
  private pids: (number | undefined)[] = [];
  /** Merge path: import_source's hashes as the previous import left them. */
  previousSources = new Map<string, string>();
  private scope: MergeScope | undefined;
  private readonly timings: Timings;
  /**
   * The SQL statements the import ran (besides COPY) and the rows they reported (inserted,
   * updated, deleted or created as temp tables): what a sync saves, whatever the machine's load.
   */
  readonly work = { statements: 0, rows: 0 };
  private readonly searchSessions: number;
  private sourceRows: { rows: { name: string; hash: string | null; outline: string | null }[]; replaceAll: boolean } | undefined;
  /** import_person's new rows, and which stored rows they replace (all, or those of these files). */
  private readonly personRows = new CopyBuffer();
  private personReplaces: 'all' | { files: string[]; slugs: string[] } = { files: [], slugs: [] };

  private constructor(
    private readonly client: PoolClient,
    options: WriterOptions,
  ) {
    this.step = options.step ?? (() => {});
    // IMPORT_TIMINGS and IMPORT_SEARCH_SESSIONS, checked before the transaction begins.
    const settings = importSettingsFromEnv();
    this.timings = new Timings(settings.timings);
    this.searchSessions = options.searchSessions ?? settings.searchSessions;
  }

  /** Opens the transaction and decides between the bulk and the merge path. */
  static async begin(
    db: Database,
    client: PoolClient,
    venues: VenueYaml[],
    sigs: SigYaml[],
    options: WriterOptions = {},
  ): Promise<CorpusWriter> {
    const w = new CorpusWriter(client, options);
    await client.query('BEGIN');
    try {
      // Corrections wait (or give up with BUSY) while an import runs: none can slip in between;
      // and two imports never run at once.
      await lockCorrections(client);
      await client.query('SET LOCAL synchronous_commit = off');
      await client.query("SET LOCAL work_mem = '64MB'");
      await client.query("SET LOCAL maintenance_work_mem = '512MB'");
      await w.run(STAGING);
      await copyRows(client, copyIntoStaging(TABLES.venue), venues, encoder(TABLES.venue));
      await copyRows(client, copyIntoStaging(TABLES.sig), sigs, encoder(TABLES.sig));
      await w.run(UPSERT_VENUES_SIGS);
      if (await isEmpty(client)) {
        await client.query(`LOCK TABLE ${BULK_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        if (!(await isEmpty(client))) throw new Error('the database received data while the import started; run it again');
        w.bulk = true;
        w.deferred = await dropSecondaryIndexes(client);
        // Ids: the tables are empty and locked, so the sequences are ours until COMMIT.
        for (const table of Object.keys(w.first) as (keyof FirstIds)[]) {
          const { rows } = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id`, [table]);
          w.first[table] = Number(rows[0]!.id);
        }
        // Without helper sessions (none asked for, or the server refuses more connections), the
        // insert trigger computes each vector in this session instead: slower, same result.
        if (w.searchSessions > 0) w.search = await SearchVectors.open(db.url, w.searchSessions, w.timings).catch(() => undefined);
        w.pids = [await w.timings.backendPid(client), ...(w.search?.pids ?? [])];
        w.papersStream = new CopyStream(client, COPY_PAPERS);
      } else {
        // Read before the papers' COPY takes the connection (sync.ts plans with it).
        w.previousSources = await loadStoredHashes(client);
        await w.run(MERGE_STAGING);
        w.papersStream = new CopyStream(client, COPY_STAGED_PAPERS);
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

  /** Runs statements one by one, each timed under IMPORT_TIMINGS. */
  private async run(statements: string[]): Promise<void> {
    for (const statement of statements) {
      const t = Date.now();
      const result = await this.client.query(statement);
      this.work.statements++;
      this.work.rows += result.rowCount ?? 0;
      this.timings.took(t, `${statement.slice(0, 70).replace(/\s+/g, ' ')} (${result.rowCount ?? 0} rows)`);
    }
  }

  /**
   * A sync (sync.ts): only these collections' volumes and papers are staged (their slugs, as
   * the database has them and as the files do), and authorships either of those or of all.
   */
  limitTo(scope: MergeScope): void {
    if (this.bulk) throw new Error('a sync needs a database that holds an import');
    this.scope = scope;
  }

  /**
   * What import_source will say (sync.ts), given before finish(): `replaceAll` for a full
   * import, else the rows of these names are replaced (a row without hash: the file is gone).
   */
  sources(rows: { name: string; hash: string | null; outline: string | null }[], replaceAll: boolean): void {
    this.sourceRows = { rows, replaceAll };
  }

  /** import_person's rows of a collection file just resolved (sync.ts). */
  personRefs(rows: { slug: string; file: string; refs: string }[]): void {
    for (const r of rows) this.personRows.push(line(personCells(r)));
  }

  /** Which stored import_person rows the new ones replace: all, or those of these files (names in xml/) and of these people. */
  replacePersonRefs(which: 'all' | { files: string[]; slugs: string[] }): void {
    this.personReplaces = which;
  }

  private async writeSources(): Promise<void> {
    if (!this.sourceRows) return;
    const { rows, replaceAll } = this.sourceRows;
    if (replaceAll) await this.client.query('DELETE FROM import_source');
    else await this.client.query('DELETE FROM import_source WHERE name = ANY($1)', [rows.map((r) => r.name)]);
    await copyRows(
      this.client,
      copyInto(TABLES.importSource),
      rows.filter((r) => r.hash !== null),
      encoder(TABLES.importSource),
    );
    const replaces = this.personReplaces;
    if (replaces === 'all') await this.client.query('DELETE FROM import_person');
    else await this.client.query('DELETE FROM import_person WHERE file = ANY($1) OR slug = ANY($2)', [replaces.files, replaces.slugs]);
    this.personRows.flush();
    await copyChunks(this.client, copyInto(TABLES.importPerson), this.personRows.chunks());
  }

  /** The corpus's events (extras.ts), given before finish(). */
  events(rows: { events: EventRow[]; eventVolumes: EventVolumeRow[] }): void {
    this.eventRows = rows;
  }

  collection(slug: string): void {
    this.collections.push(slug);
  }

  volume(row: VolumeRow): void {
    if (this.bulk) this.volumeIds.set(row.anthologyId, this.first.volume + this.volumes.length);
    // Kept until finish(): strings of its own, not slices that keep the collection file's text alive (ownString).
    this.volumes.push(ownedCopy(row));
  }

  paper(row: PaperRow): void {
    if (!this.bulk) {
      this.papersStream!.push(line(stagedPaperCells(row)));
      return;
    }
    this.papersCount++;
    if (!this.search) {
      this.papersStream!.push(this.bulkPaperLine(row, null));
      return;
    }
    this.batch.push(row);
    if (this.batch.length >= BATCH) this.dispatch();
  }

  private bulkPaperLine(p: PaperRow, vector: string | null): string {
    return line(bulkPaperCells(this.first.paper + p.index, p, this.volumeIds.get(p.volume), vector));
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
        line(
          bulkAuthorshipCells(this.first.authorship + this.authorships.rows, a, {
            paperId: a.paperIndex === undefined ? null : this.first.paper + a.paperIndex,
            volumeId: this.volumeIds.get(a.volume),
            authorId: this.first.author + a.authorIndex,
          }),
        ),
      );
    } else {
      this.authorships.push(line(stagedAuthorshipCells(a)));
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
        this.timings.reportCpu('parse (main / search sessions)', this.pids);
        await this.search?.close();
        this.search = undefined;
      }
      await this.papersStream!.end();
      this.papersStream = undefined;
      this.step('papers written');
      this.timings.reportCpu('papers written', this.pids.slice(0, 1));
      this.authorships.flush();
      if (this.bulk) await this.finishBulk(resolved);
      else await this.finishMerge(resolved);
      // Several sources (src/importers/sources.ts): the Anthology's source records, and papers
      // another source brought that share a DOI with an Anthology paper folded into it, and
      // people who share an ORCID with an Anthology author.
      await this.run([...ANTHOLOGY_SOURCE_RECORDS, ...FOLD_SHARED_DOIS, ...FOLD_SHARED_ORCIDS]);
      return await this.commit();
    } catch (err) {
      await this.abort();
      throw err;
    } finally {
      this.authorships.discard();
      this.personRows.discard();
    }
  }

  private async finishBulk(resolved: ResolvedPeople): Promise<void> {
    const rows = {
      collections: this.collections,
      volumes: this.volumes,
      volumeIds: this.volumeIds,
      volumeSigs: this.volumeSigs(resolved),
      authorships: this.authorships,
      first: this.first,
      papers: this.papersCount,
    };
    const { timings } = this;
    await loadRows(this.client, rows, resolved, {
      run: (statements) => this.run(statements),
      writeEvents: () => this.writeEvents(),
      timings,
    });
    await this.run(DELETE_GONE);
    this.step('rows written');
    timings.reportCpu('rows written', this.pids.slice(0, 1));
    await buildDeferred(this.client, this.deferred, timings);
    this.step(`${this.deferred.length} indexes and foreign keys built`);
    timings.reportCpu('indexes', this.pids.slice(0, 1));
    await this.run(ANALYZE_LOADED);
  }

  private async finishMerge(resolved: ResolvedPeople): Promise<void> {
    const rows = {
      collections: this.collections,
      volumes: this.volumes,
      volumeSigs: this.volumeSigs(resolved),
      authorships: this.authorships,
    };
    await stageRows(this.client, rows, resolved);
    this.step('staged');
    await prepareMerge(this.client, this.scope);
    await this.run(mergeStatements(this.scope));
    await this.writeEvents();
    await this.run(deleteGoneAuthors(this.scope));
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
    await this.run(EVENT_STAGING);
    await copyRows(client, copyIntoStaging(TABLES.event), this.eventRows.events, encoder(TABLES.event));
    const eventVolumes = this.eventRows.eventVolumes.map(([eventId, volumeId, inferred]) => ({ eventId, volumeId, inferred }));
    await copyRows(client, copyIntoStaging(TABLES.eventVolume), eventVolumes, encoder(TABLES.eventVolume));
    await this.run(MERGE_EVENTS);
  }

  /** The one place an import commits: corrections replayed over the imported data, then COMMIT. */
  private async commit(): Promise<ReplayReport> {
    let t = Date.now();
    await this.writeSources();
    this.timings.took(t, 'import_source and import_person written');
    this.timings.reportCpu('import_source and import_person', this.pids.slice(0, 1));
    t = Date.now();
    const replay = await replayCorrections(this.client);
    this.timings.took(t, 'corrections replayed');
    t = Date.now();
    // Every response cache evicts everything at COMMIT (docs/performance.md, Response cache).
    await announceInvalidation(this.client, { all: true });
    await this.client.query('COMMIT');
    this.timings.took(t, 'COMMIT');
    return replay;
  }

  /** Rolls everything back (the import failed, here or in the parse). */
  async abort(): Promise<void> {
    this.authorships.discard();
    this.personRows.discard();
    for (const p of this.inFlight) p.catch(() => {});
    await this.papersStream?.abort().catch(() => {});
    this.papersStream = undefined;
    await this.search?.close();
    this.search = undefined;
    await this.client.query('ROLLBACK').catch(() => {});
  }
}
