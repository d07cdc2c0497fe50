// `npm run import -- acl-anthology <dir>`: read, parse and resolve the collection files one
// by one (validating as we go) while their rows are written, in one transaction (write.ts).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { ImportError } from './errors.js';
import { buildId } from './ids.js';
import { type CollectionOutline, EventCollector } from './extras.js';
import { loadNameVariants, loadPeopleYaml, loadSigs, loadVenues, type VerifiedPerson } from './load-yaml.js';
import { parseCollectionXml, readCollectionFile } from './parse-xml.js';
import { peopleAffected, type PersonEntries, personFileOutline } from './person-file.js';
import type { ReadRecorder } from './read-text.js';
import { type AuthorshipRow, CorpusResolver, type ResolvedPeople, type RowSink, type StoredRef } from './resolve.js';
import { formatReplayReport, type ReplayReport } from '../../corrections/replay.js';
import {
  hashSources,
  sha256,
  loadOutlines,
  outlineOf,
  personRows,
  planSync,
  resolveSyncPeople,
  storedPeopleOf,
  correctionPeople,
  type SyncPlan,
} from './sync.js';
import { CorpusWriter } from './write.js';

export { ImportError } from './errors.js';

export interface ImportSummary {
  collections: number;
  volumes: number;
  /** Papers without frontmatter. */
  papers: number;
  frontmatter: number;
  people: number;
  /** Authorship rows with role AUTHOR. */
  authorLinks: number;
  editorLinks: number;
  seconds: number;
  /** What replaying the curated corrections over the imported data did. */
  corrections: ReplayReport;
  /** The statements the import ran and the rows they reported (CorpusWriter.work). */
  work: { statements: number; rows: number };
  /**
   * How much was imported (sync.ts): `first` (an empty database), `full` (a merge of every file),
   * `partial` (only the changed collections parsed; the counts above are theirs, `people` those re-resolved),
   * `unchanged` (nothing to do: every count is 0). `skipped`: collection files not read (unchanged).
   */
  sync: {
    mode: 'first' | 'full' | 'partial' | 'unchanged';
    reason?: string;
    parsed: number;
    removed: number;
    skipped: number;
    personFileChanged: boolean;
  };
}

export interface ImportAclAnthologyOptions {
  quiet?: boolean;
  /** Progress and warnings (default: stderr unless quiet). */
  log?: (line: string) => void;
  /**
   * Merge every file and replay every correction even when the sync finds nothing (or only
   * part) changed (CLI `--full`).
   */
  full?: boolean;
}

/** Accepts the data folder itself (xml/, yaml/) or a checkout of acl-anthology (data/xml, data/yaml). */
async function locateData(dir: string): Promise<string> {
  const candidates = [dir, path.join(dir, 'data')];
  for (const c of candidates) {
    try {
      if ((await stat(path.join(c, 'xml'))).isDirectory()) return c;
    } catch {
      /* try the next */
    }
  }
  try {
    await stat(dir);
  } catch (err) {
    throw new ImportError(`${dir}: cannot read the directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`, dir);
  }
  throw new ImportError(`${dir}: no xml/ folder here (expected the Anthology's data/ folder or a checkout)`, dir);
}

/** The progress line of a sync: what is read, what is skipped, what is gone (a few names of each change). */
function syncLine(plan: Extract<SyncPlan, { kind: 'partial' }>, files: number, personFile: string): string {
  const some = (names: string[]) => (names.length ? ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : '');
  const read = [...plan.parse].sort();
  return (
    `sync: ${read.length} changed or new collection files to read${some(read)}, ${files - read.length} unchanged skipped, ` +
    `${plan.removed.length} gone${some([...plan.removed].sort())}; ${personFile} ${plan.personFileChanged ? 'changed: the people of its changed entries re-resolved' : 'unchanged'}`
  );
}

function progressReporter(total: number, quiet: boolean, log: (line: string) => void) {
  const started = Date.now();
  const tty = !quiet && process.stderr.isTTY;
  let last = 0;
  return {
    tick(done: number, papers: number) {
      if (quiet) return;
      const now = Date.now();
      const elapsed = (now - started) / 1000;
      if (tty) {
        if (now - last < 100 && done < total) return;
        last = now;
        const rate = papers / Math.max(elapsed, 0.001);
        const eta = done ? (elapsed * (total - done)) / done : 0;
        const width = 30;
        const filled = Math.round((width * done) / Math.max(total, 1));
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files ${Math.round(rate)} papers/s ETA ${eta.toFixed(0)}s\x1b[K`,
        );
        if (done === total) process.stderr.write('\n');
      } else if (now - last >= 2000) {
        last = now;
        log(`parsed ${done}/${total} files, ${papers} papers (${Math.round(papers / Math.max(elapsed, 0.001))} papers/s)`);
      }
    },
    step(what: string) {
      if (!quiet && !tty) log(`${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    },
  };
}

export async function importAclAnthology(db: Database, dir: string, options: ImportAclAnthologyOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const quiet = options.quiet ?? false;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const data = await locateData(path.resolve(dir));
  const xmlDir = path.join(data, 'xml');
  const yamlDir = path.join(data, 'yaml');
  const rel = (p: string) => path.relative(data, p) || p;

  let files: string[];
  try {
    files = (await readdir(xmlDir)).filter((f) => f.endsWith('.xml')).sort();
  } catch (err) {
    throw new ImportError(`${xmlDir}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, xmlDir);
  }
  const nameVariantsFile = path.join(yamlDir, 'name_variants.yaml');
  const peopleFile = path.join(yamlDir, 'people.yaml');
  // The era's person file: people.yaml since January 2026 (the library reads only that one
  // then), name_variants.yaml before.
  const newFormat = await stat(peopleFile).then(
    (s) => s.isFile(),
    () => false,
  );
  // The SHA-256 of the bytes of each file parsed (by its name in import_source): what the
  // import stores, whatever hashSources found before (the copy may change meanwhile).
  const parsedHashes = new Map<string, string>();
  const record: ReadRecorder = (name, bytes) => parsedHashes.set(name, sha256(bytes));
  const verifiedPromise: Promise<VerifiedPerson[] | undefined> = newFormat
    ? loadPeopleYaml(
        peopleFile,
        rel(peopleFile),
        (line) => {
          if (!quiet) log(line);
        },
        record,
      )
    : Promise.resolve(undefined);
  const yamlPeoplePromise = newFormat
    ? Promise.resolve([])
    : stat(nameVariantsFile).then(
        () => loadNameVariants(nameVariantsFile, rel(nameVariantsFile), record),
        () => [],
      );
  // Hashes of every file read (sync.ts), while the rest loads.
  const hashesPromise = hashSources(data, files, newFormat ? peopleFile : nameVariantsFile);
  hashesPromise.catch(() => {});
  const venuesPromise = loadVenues(path.join(yamlDir, 'venues'), rel(path.join(yamlDir, 'venues')), record);
  const sigsPromise = loadSigs(path.join(yamlDir, 'sigs'), rel(path.join(yamlDir, 'sigs')), record);
  // Don't leave rejections unobserved while the others load.
  for (const p of [yamlPeoplePromise, verifiedPromise, venuesPromise, sigsPromise]) p.catch(() => {});
  const [venues, sigs] = await Promise.all([venuesPromise, sigsPromise]);

  const progress = progressReporter(files.length, quiet, log);
  const counts = { collections: 0, volumes: 0, papers: 0, frontmatter: 0, authorLinks: 0, editorLinks: 0 };
  const client = await db.pool.connect();
  let writer: CorpusWriter | undefined;
  let failed = false;
  let released = false;
  let corrections: ReplayReport;
  let people: number;
  let work: ImportSummary['work'];
  let plan: SyncPlan = { kind: 'full', reason: 'empty database' };
  try {
    // The transaction opens now (while name_variants.yaml is still being read): rows are
    // written while the files are parsed.
    const beginning = CorpusWriter.begin(db, client, venues, sigs, { step: (what) => progress.step(what) });
    beginning.catch(() => {});
    let yamlPeople: Awaited<typeof yamlPeoplePromise>;
    let verified: VerifiedPerson[] | undefined;
    try {
      yamlPeople = await yamlPeoplePromise;
      verified = await verifiedPromise;
    } finally {
      writer = await beginning;
    }
    const personEntries: PersonEntries = verified
      ? { format: 'people', entries: verified }
      : { format: 'name_variants', entries: yamlPeople };
    const hashes = await hashesPromise;
    // The yaml files are parsed by now: the plan (and import_source) go by the bytes parsed.
    for (const [name, hash] of parsedHashes) hashes.hashes.set(name, hash);
    if (!writer.isBulk) plan = options.full ? { kind: 'full', reason: 'asked for (--full)' } : planSync(writer.previousSources, hashes);
    if (plan.kind === 'unchanged') {
      await writer.abort();
      client.release();
      released = true;
      if (!quiet) log(`unchanged: the ${files.length} collection files and the yaml files are those of the last import; nothing to do`);
      return {
        collections: 0,
        volumes: 0,
        papers: 0,
        frontmatter: 0,
        people: 0,
        authorLinks: 0,
        editorLinks: 0,
        seconds: (Date.now() - started) / 1000,
        corrections: { applied: 0, alreadyUpstream: 0, notApplied: [] },
        work: writer.work,
        sync: { mode: 'unchanged', parsed: 0, removed: 0, skipped: files.length, personFileChanged: false },
      };
    }
    const partial = plan.kind === 'partial' ? plan : undefined;
    /** A sync: the outlines of every collection file the last import read (sync.ts). */
    let outlines: Map<string, CollectionOutline> | undefined;
    /** A sync: whether every person is re-resolved and every authorship restaged. */
    let allPeople = false;
    /** A sync: the people the changed and removed files named at the last import. */
    let touched: string[] = [];
    /** A sync: the people the curated corrections concern (undefined: there are none). */
    let corrected: string[] | undefined;
    /** A sync: the collections whose volumes and papers are replaced (as they were, and as they are). */
    const scope = new Set<string>();
    const replaced = partial ? [...partial.parse, ...partial.removed] : [];
    if (partial) {
      // Read on another connection (our transaction holds the import lock: nothing changes them).
      const other = await db.pool.connect();
      try {
        const stored = [...writer.previousSources.keys()].filter((n) => n.startsWith('xml/')).map((n) => n.slice(4));
        outlines = await loadOutlines(other, stored);
        // The people the corrections concern: re-resolved, their authorships restaged, so the
        // replay starts from what a full import gives it (correctionPeople).
        corrected = await correctionPeople(other);
        // A changed person file: the people its changed entries can move names between.
        let fromPersonFile: string[] | undefined = [];
        if (partial.personFileChanged) {
          const previous = await other.query<{ outline: string | null }>('SELECT outline FROM import_source WHERE name = $1', [
            hashes.personFile,
          ]);
          fromPersonFile = peopleAffected(previous.rows[0]?.outline, personEntries);
        }
        allPeople = fromPersonFile === undefined;
        if (!allPeople) touched = [...(await storedPeopleOf(other, replaced)), ...fromPersonFile!, ...(corrected ?? [])];
      } finally {
        other.release();
      }
      for (const f of replaced) {
        const old = outlines.get(f);
        if (old) scope.add(old.id);
      }
      progress.step(syncLine(partial, files.length, hashes.personFile));
    } else if (plan.kind === 'full' && !writer.isBulk) {
      progress.step(`full merge: ${plan.reason}`);
    }
    const newResolver = () =>
      new CorpusResolver(yamlPeople, venues, sigs, { nameVariants: rel(nameVariantsFile), people: rel(peopleFile) }, verified);
    const resolver = newResolver();
    const w = writer;
    const events = new EventCollector(venues);
    const volumeIds = new Set<string>();
    const sink: RowSink = {
      collection(slug) {
        counts.collections++;
        w.collection(slug);
      },
      volume(row) {
        counts.volumes++;
        volumeIds.add(row.anthologyId);
        w.volume(row);
      },
      paper(row) {
        if (row.isFrontmatter) counts.frontmatter++;
        else counts.papers++;
        w.paper(row);
      },
      authorship(row) {
        if (row.role === 'AUTHOR') counts.authorLinks++;
        else counts.editorLinks++;
        w.authorship(row);
      },
    };
    const sources: { name: string; hash: string | null; outline: string | null }[] = [];
    const toParse = partial ? files.filter((f) => partial.parse.has(f)) : files;
    /** A sync: the names of each file parsed, by person. */
    const parsedRefs = new Map<string, Map<string, StoredRef[]>>();
    if (partial) {
      for (const f of files) {
        const outline = partial.parse.has(f) ? undefined : outlines!.get(f);
        if (outline) resolver.reserveCollection(outline.id);
      }
    }
    const read = (i: number) => {
      const f = toParse[i]!;
      const p = readCollectionFile(path.join(xmlDir, f), rel(path.join(xmlDir, f)), record);
      p.catch(() => {});
      return p;
    };
    let next = toParse.length ? read(0) : undefined;
    let parsed = 0;
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      if (partial && !partial.parse.has(file)) {
        // Unchanged since the last import: its outline (collection, volumes, events) only.
        const outline = outlines!.get(file);
        if (!outline) throw new Error(`sync: no stored record of xml/${file}`);
        sink.collection(outline.id);
        events.addCollection(outline);
        for (const v of outline.volumes) {
          const id = buildId(outline.id, v.id);
          if (id !== undefined) volumeIds.add(id);
        }
        continue;
      }
      const text = await next!;
      // Read the next file while this one is parsed.
      next = parsed + 1 < toParse.length ? read(parsed + 1) : undefined;
      parsed++;
      const collection = parseCollectionXml(text, rel(path.join(xmlDir, file)));
      const refs = new Map<string, StoredRef[]>();
      resolver.addCollection(collection, sink, refs);
      writer.personRefs(personRows(file, refs));
      if (partial) parsedRefs.set(file, refs);
      events.addCollection(collection);
      scope.add(collection.id);
      sources.push({ name: `xml/${file}`, hash: parsedHashes.get(`xml/${file}`)!, outline: JSON.stringify(outlineOf(collection)) });
      progress.tick(partial ? parsed : i + 1, counts.papers + counts.frontmatter);
      await writer.drain();
    }
    let resolved: ResolvedPeople;
    let similarNotFound = resolver.similarNotFound;
    if (partial) {
      for (const f of partial.removed) sources.push({ name: `xml/${f}`, hash: null, outline: null });
      // People: re-resolved from their names on every file (the parsed ones, and those kept in
      // import_person for the others), all of them or only those the changed files name.
      const people = newResolver();
      const other = await db.pool.connect();
      let only: string[] | undefined;
      try {
        ({ resolved, people: only } = await resolveSyncPeople(other, people, {
          files,
          parsed: parsedRefs,
          except: replaced,
          touched: allPeople ? undefined : touched,
          // Their authorships too where a name may have moved (all of them, or those of the people
          // re-resolved); else those of the people the corrections concern, whose slots the replay moves.
          restage: allPeople || partial.personFileChanged ? sink.authorship : corrected && restageOf(new Set(corrected), sink.authorship),
          rewrite: partial.personFileChanged ? (file, refs) => writer!.personRefs(personRows(file, refs)) : undefined,
        }));
      } finally {
        other.release();
      }
      similarNotFound = people.similarNotFound;
      const main = resolver.finish();
      resolved = { ...resolved, volumeSigs: main.volumeSigs, urlMismatches: main.urlMismatches };
      writer.limitTo({
        collections: [...scope],
        allAuthorships: allPeople,
        people: only,
        peopleAuthorships: partial.personFileChanged || corrected !== undefined,
      });
      writer.replacePersonRefs(
        partial.personFileChanged ? (only ? { files: replaced, slugs: only } : 'all') : { files: replaced, slugs: [] },
      );
    } else {
      resolved = resolver.finish();
      writer.replacePersonRefs('all');
    }
    for (const [name, hash] of hashes.hashes) {
      if (!name.startsWith('xml/') && (!partial || writer.previousSources.get(name) !== hash))
        sources.push({ name, hash, outline: name === hashes.personFile ? personFileOutline(personEntries) : null });
    }
    writer.sources(sources, !partial);
    people = resolved.people.length;
    progress.step('parsed and resolved');
    if (!quiet && resolved.urlMismatches.length) {
      // Upstream typos (the id is build_id's; the <url> names the PDF): each named.
      log(`warning: ${resolved.urlMismatches.length} papers have a <url> that differs from their id:`);
      for (const m of resolved.urlMismatches.slice(0, 20)) log(`  ${m}`);
    }
    if (!quiet && similarNotFound.length) {
      log(`note: ${similarNotFound.length} similar: entries name nobody in this corpus, e.g. ${similarNotFound[0]}`);
    }
    const eventRows = events.finish(volumeIds);
    if (!quiet && eventRows.unknownVolumes.length) {
      log(`warning: ${eventRows.unknownVolumes.length} <colocated> volumes are not in the corpus, e.g. ${eventRows.unknownVolumes[0]}`);
    }
    writer.events(eventRows);
    corrections = await writer.finish(resolved);
    work = writer.work;
  } catch (err) {
    failed = true;
    await writer?.abort();
    throw err;
  } finally {
    // A connection that failed mid-COPY is not given back to the pool.
    if (!released) client.release(failed);
  }
  // A correction that no longer applies is always reported, even with --quiet.
  for (const line of formatReplayReport(corrections)) log(line);

  return {
    ...counts,
    people,
    seconds: (Date.now() - started) / 1000,
    corrections,
    work,
    sync:
      plan.kind === 'partial'
        ? {
            mode: 'partial',
            parsed: plan.parse.size,
            removed: plan.removed.length,
            skipped: files.length - plan.parse.size,
            personFileChanged: plan.personFileChanged,
          }
        : {
            mode: plan.reason === 'empty database' ? 'first' : 'full',
            reason: plan.reason,
            parsed: files.length,
            removed: 0,
            skipped: 0,
            personFileChanged: false,
          },
  };
}

export function formatSummary(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (s.sync.mode === 'unchanged') return `unchanged since the last import: nothing imported (${s.seconds.toFixed(1)}s)`;
  const how =
    s.sync.mode === 'partial'
      ? ` (sync: ${n(s.sync.parsed)} collection files read, ${n(s.sync.skipped)} unchanged skipped, ${n(s.sync.removed)} removed${s.sync.personFileChanged ? ', people re-resolved' : ''})`
      : s.sync.mode === 'full'
        ? ` (full merge: ${s.sync.reason})`
        : '';
  return (
    `imported ${n(s.collections)} collections, ${n(s.volumes)} volumes, ${n(s.papers)} papers ` +
    `(+${n(s.frontmatter)} frontmatter), ${n(s.people)} people, ${n(s.authorLinks)} author links in ${s.seconds.toFixed(1)}s${how}`
  );
}

export async function runAclAnthologyImport(db: Database, dir: string, options: ImportAclAnthologyOptions): Promise<void> {
  const summary = await importAclAnthology(db, dir, options);
  process.stdout.write(`${formatSummary(summary)}\n`);
}

/** A sink for the authorships of these people only (the rest are passed over). */
function restageOf(people: Set<string>, authorship: (row: AuthorshipRow) => void): (row: AuthorshipRow) => void {
  return (row) => {
    if (people.has(row.author)) authorship(row);
  };
}
