// `npm run import -- dblp <dblp.xml[.gz]>`: the whole dump in one transaction. The file is
// streamed (parse.ts) into one staging table by COPY; people, volumes, papers, authorships
// and source records are then built from it in SQL (statements.ts), so the importer's memory
// does not grow with the file. DBLP's rows (keys `dblp:…`) are replaced as a whole; the same
// file (and importer) imported again is a no-op (source_import).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { formatReplayReport, type ReplayReport } from '../../corrections/replay.js';
import { line } from '../acl-anthology/copy.js';
import { ImportError } from '../acl-anthology/errors.js';
import { FOLD_SHARED_DOIS, FOLD_SHARED_ORCIDS } from '../sources.js';
import { importerCodeHash } from '../code-hash.js';
import { NO_REPLAY, peakRssMb, withImportTransaction } from '../transaction.js';
import { type DblpPerson, type DblpRecord, parseDblpFile } from './parse.js';
import { BUILD, COPY_STAGE, CREATE_STAGE, DELETE_PREVIOUS, DUPLICATE_KEY, SUMMARY } from './statements.js';

export interface DblpImportSummary {
  unchanged: boolean;
  /** Publication records read. */
  records: number;
  /** Person records (`www` with a `homepages/…` key) read. */
  personRecords: number;
  /** Other elements skipped (`www` that are no person page, `person`, `data`). */
  skipped: number;
  /** Papers this import created (records whose DOI an Anthology paper has are not among them). */
  papers: number;
  /** Records folded into an Anthology paper of the same DOI. */
  folded: number;
  /** People DBLP names (each person record, each name without one). */
  people: number;
  /** Of those, people who are an existing author by ORCID. */
  mergedByOrcid: number;
  authorships: number;
  editorships: number;
  /** What replaying the curated corrections over the imported rows did. */
  corrections: ReplayReport;
  seconds: number;
}

export interface DblpImportOptions {
  quiet?: boolean;
  log?: (line: string) => void;
}

const SOURCE = 'dblp';

/** This importer's code and the migrations' names (src/importers/code-hash.ts). */
const importerHash = importerCodeHash(import.meta.url);

async function fileHash(file: string, display: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  } catch (err) {
    throw new ImportError(`${display}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, display);
  }
  return h.digest('hex');
}

const json = (value: object) => JSON.stringify(value);

/** The staging rows of one record: the record, then its authors and editors in order. */
function recordLines(r: DblpRecord): string {
  const { authors, editors, line: at, ...fields } = r;
  let out = line(['record', r.key, at, null, null, json(fields)]);
  authors.forEach((a, i) => (out += line(['author', r.key, i, a.name, a.orcid, null])));
  editors.forEach((e, i) => (out += line(['editor', r.key, i, e.name, e.orcid, null])));
  return out;
}

function personLines(p: DblpPerson): string {
  let out = line([
    'person',
    p.pid,
    p.line,
    null,
    null,
    json({ mdate: p.mdate, orcids: p.orcids, affiliations: p.affiliations, urls: p.urls }),
  ]);
  p.names.forEach((n, i) => (out += line(['alias', p.pid, i, n, null, null])));
  return out;
}

export async function importDblp(db: Database, file: string, options: DblpImportOptions = {}): Promise<DblpImportSummary> {
  const started = Date.now();
  const quiet = options.quiet ?? false;
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const display = path.basename(file);
  const hash = createHash('sha256')
    .update(await fileHash(file, display))
    .update(await importerHash())
    .digest('hex');
  const counts = { records: 0, personRecords: 0, skipped: 0 };
  const empty = { papers: 0, folded: 0, people: 0, mergedByOrcid: 0, authorships: 0, editorships: 0 };

  return withImportTransaction(db, async (tx) => {
    const { client } = tx;
    const previous = await client.query<{ hash: string }>('SELECT hash FROM source_import WHERE source = $1', [SOURCE]);
    if (previous.rows[0]?.hash === hash) {
      await tx.rollback();
      if (!quiet) log(`unchanged: ${display} is the file of the last dblp import; nothing to do`);
      return { unchanged: true, ...counts, ...empty, corrections: NO_REPLAY, seconds: (Date.now() - started) / 1000 };
    }
    await client.query("SET LOCAL work_mem = '64MB'");
    await client.query(CREATE_STAGE);
    const stream = tx.copy(COPY_STAGE);
    let lastReport = Date.now();
    const report = () => {
      if (quiet || Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      const seconds = (Date.now() - started) / 1000;
      log(
        `parsed ${counts.records} records, ${counts.personRecords} person records (${Math.round(counts.records / seconds)} records/s, RSS ${Math.round(process.memoryUsage.rss() / 1048576)} MB)`,
      );
    };
    await parseDblpFile(
      file,
      display,
      {
        record(r) {
          counts.records++;
          stream.push(recordLines(r));
        },
        person(p) {
          counts.personRecords++;
          stream.push(personLines(p));
        },
        skipped() {
          counts.skipped++;
        },
      },
      async () => {
        report();
        await stream.drain();
      },
    );
    await stream.end();
    if (!quiet)
      log(
        `parsed ${counts.records} records, ${counts.personRecords} person records in ${((Date.now() - started) / 1000).toFixed(1)}s; writing`,
      );
    const duplicate = await client.query<{ key: string; line: number }>(DUPLICATE_KEY);
    if (duplicate.rows[0]) {
      const d = duplicate.rows[0];
      throw ImportError.at(display, d.line, undefined, `key "${d.key}" is used by more than one record`);
    }
    const statements = [...DELETE_PREVIOUS, ...BUILD, ...FOLD_SHARED_DOIS, ...FOLD_SHARED_ORCIDS];
    for (const [i, statement] of statements.entries()) {
      const t = Date.now();
      await client.query(statement);
      // Progress: each statement that took a while, named by its first words.
      if (!quiet && Date.now() - t >= 1000) {
        log(`step ${i + 1}/${statements.length} ${statement.replace(/\s+/g, ' ').slice(0, 60)}… ${((Date.now() - t) / 1000).toFixed(1)}s`);
      }
    }
    const { rows } =
      await client.query<Omit<DblpImportSummary, 'unchanged' | 'records' | 'personRecords' | 'skipped' | 'corrections' | 'seconds'>>(
        SUMMARY,
      );
    await client.query(
      `INSERT INTO source_import (source, hash, file) VALUES ($1, $2, $3)
       ON CONFLICT (source) DO UPDATE SET hash = EXCLUDED.hash, file = EXCLUDED.file, imported_at = now()`,
      [SOURCE, hash, display],
    );
    // Corrections replayed over DBLP's new rows; every server's response cache empties at COMMIT.
    const corrections = await tx.commit();
    return { unchanged: false, ...counts, ...rows[0]!, corrections, seconds: (Date.now() - started) / 1000 };
  });
}

export function formatDblpSummary(s: DblpImportSummary): string {
  if (s.unchanged) return `unchanged since the last dblp import: nothing imported (${s.seconds.toFixed(1)}s)`;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `imported ${n(s.records)} dblp records (${n(s.papers)} papers, ${n(s.folded)} folded into Anthology papers by DOI), ` +
    `${n(s.people)} people (${n(s.personRecords)} person records, ${n(s.mergedByOrcid)} Anthology authors by ORCID), ` +
    `${n(s.authorships)} author links, ${n(s.editorships)} editor links in ${s.seconds.toFixed(1)}s ` +
    `(${n(Math.round(s.records / Math.max(s.seconds, 0.001)))} records/s; importer peak RSS ${peakRssMb()} MB)` +
    formatReplayReport(s.corrections)
      .map((l) => `\n${l}`)
      .join('')
  );
}

export async function runDblpImport(db: Database, file: string, options: DblpImportOptions): Promise<void> {
  const summary = await importDblp(db, file, options);
  process.stdout.write(`${formatDblpSummary(summary)}\n`);
}
