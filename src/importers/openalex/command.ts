// `npm run import -- openalex <file.jsonl[.gz] | directory | api-page.json>`: OpenAlex works
// in one transaction. Each file is streamed (parse.ts) into one staging table by COPY; papers,
// people, authorships, source records and references are then built from it in SQL
// (statements.ts), so the importer's memory does not grow with the input. The works read are
// added or replaced (by OpenAlex id); the same input (and importer) imported again is a no-op
// (source_file_import).
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
import { inputFiles, type OpenAlexWork, parseOpenAlexFile } from './parse.js';
import { BUILD, COPY_STAGE, CREATE_STAGE, DROP_ORPHAN_PEOPLE, DUPLICATE_WORK, SUMMARY } from './statements.js';

export interface OpenAlexImportSummary {
  unchanged: boolean;
  files: number;
  /** Works read (a work in two files of a directory counts once). */
  works: number;
  /** Works whose paper is another source's (the Anthology's or DBLP's) by DOI. */
  folded: number;
  /** People the works name (by ORCID, else by OpenAlex author id, else one per authorship). */
  people: number;
  /** Of those, people who are another source's author by ORCID. */
  mergedByOrcid: number;
  authorships: number;
  /** OpenAlex institutions the authorships name. */
  institutions: number;
  references: number;
  /** References of these works whose cited work is in the graph. */
  resolved: number;
  /** What replaying the curated corrections over the imported rows did. */
  corrections: ReplayReport;
  seconds: number;
}

export interface OpenAlexImportOptions {
  quiet?: boolean;
  log?: (line: string) => void;
}

const SOURCE = 'openalex';

/** This importer's code and the migrations' names (src/importers/code-hash.ts). */
const importerHash = importerCodeHash(import.meta.url);

async function hashFiles(files: string[], root: string): Promise<string> {
  const h = createHash('sha256');
  for (const file of files) {
    h.update(`${path.relative(root, file)}\u0000`);
    try {
      for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
    } catch (err) {
      throw new ImportError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, file);
    }
  }
  return h.update(await importerHash()).digest('hex');
}

const json = (value: object) => JSON.stringify(value);

/** The staging rows of one work: the work, its authorships in order, its references in order. */
function workLines(file: number, w: OpenAlexWork): string {
  const { authorships, references, line: at, id, ...fields } = w;
  let out = line([file, 'work', id, at, null, null, json(fields)]);
  authorships.forEach((a, i) => {
    const { name, orcid, ...rest } = a;
    out += line([file, 'authorship', id, i, name, orcid, json(rest)]);
  });
  references.forEach((r, i) => (out += line([file, 'reference', id, i, r, null, null])));
  return out;
}

export async function importOpenAlex(db: Database, input: string, options: OpenAlexImportOptions = {}): Promise<OpenAlexImportSummary> {
  const started = Date.now();
  const quiet = options.quiet ?? false;
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const files = await inputFiles(input);
  const root = files.length === 1 && files[0] === input ? path.dirname(input) : input;
  const display = (file: string) => path.relative(root, file) || path.basename(file);
  const hash = await hashFiles(files, root);
  const empty = { folded: 0, people: 0, mergedByOrcid: 0, authorships: 0, institutions: 0, references: 0, resolved: 0 };

  return withImportTransaction(db, async (tx) => {
    const { client } = tx;
    const previous = await client.query('SELECT 1 FROM source_file_import WHERE source = $1 AND hash = $2', [SOURCE, hash]);
    if (previous.rowCount) {
      await tx.rollback();
      if (!quiet) log(`unchanged: ${path.basename(input)} was imported before; nothing to do`);
      return { unchanged: true, files: files.length, works: 0, ...empty, corrections: NO_REPLAY, seconds: (Date.now() - started) / 1000 };
    }
    await client.query("SET LOCAL work_mem = '64MB'");
    await client.query(CREATE_STAGE);
    const stream = tx.copy(COPY_STAGE);
    let read = 0;
    let lastReport = Date.now();
    const report = () => {
      if (quiet || Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      const seconds = (Date.now() - started) / 1000;
      log(`parsed ${read} works (${Math.round(read / seconds)} works/s, RSS ${Math.round(process.memoryUsage.rss() / 1048576)} MB)`);
    };
    for (const [index, file] of files.entries()) {
      await parseOpenAlexFile(
        file,
        display(file),
        (w) => {
          read++;
          stream.push(workLines(index, w));
        },
        async () => {
          report();
          await stream.drain();
        },
      );
    }
    await stream.end();
    if (!quiet) log(`parsed ${read} works from ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)}s; writing`);
    const duplicate = await client.query<{ key: string; file: number; line: number }>(DUPLICATE_WORK);
    if (duplicate.rows[0]) {
      const d = duplicate.rows[0];
      throw ImportError.at(display(files[d.file]!), d.line, undefined, `work ${d.key} is in this file twice`);
    }
    const statements = [...BUILD, ...FOLD_SHARED_DOIS, ...FOLD_SHARED_ORCIDS, ...DROP_ORPHAN_PEOPLE];
    for (const [i, statement] of statements.entries()) {
      const t = Date.now();
      await client.query(statement);
      if (!quiet && Date.now() - t >= 1000) {
        log(`step ${i + 1}/${statements.length} ${statement.replace(/\s+/g, ' ').slice(0, 60)}… ${((Date.now() - t) / 1000).toFixed(1)}s`);
      }
    }
    const { rows } = await client.query<Omit<OpenAlexImportSummary, 'unchanged' | 'files' | 'corrections' | 'seconds'>>(SUMMARY);
    await client.query('INSERT INTO source_file_import (source, hash, file) VALUES ($1, $2, $3)', [SOURCE, hash, path.basename(input)]);
    // Corrections replayed over the works' new rows; every server's response cache empties at COMMIT.
    const corrections = await tx.commit();
    return { unchanged: false, files: files.length, ...rows[0]!, corrections, seconds: (Date.now() - started) / 1000 };
  });
}

export function formatOpenAlexSummary(s: OpenAlexImportSummary): string {
  if (s.unchanged) return `unchanged since it was imported: nothing imported (${s.seconds.toFixed(1)}s)`;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `imported ${n(s.works)} openalex works from ${n(s.files)} file(s) (${n(s.folded)} folded into other sources' papers by DOI), ` +
    `${n(s.people)} people (${n(s.mergedByOrcid)} other sources' authors by ORCID), ${n(s.authorships)} author links, ${n(s.institutions)} institutions, ` +
    `${n(s.references)} references (${n(s.resolved)} in the graph) in ${s.seconds.toFixed(1)}s ` +
    `(${n(Math.round(s.works / Math.max(s.seconds, 0.001)))} works/s; importer peak RSS ${peakRssMb()} MB)` +
    formatReplayReport(s.corrections)
      .map((l) => `\n${l}`)
      .join('')
  );
}

export async function runOpenAlexImport(db: Database, input: string, options: OpenAlexImportOptions): Promise<void> {
  const summary = await importOpenAlex(db, input, options);
  process.stdout.write(`${formatOpenAlexSummary(summary)}\n`);
}
