// `npm run import -- acl-anthology <dir>`: read, parse and resolve the collection files one
// by one (validating as we go) while their rows are written, in one transaction (write.ts).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { ImportError } from './errors.js';
import { EventCollector } from './extras.js';
import { loadNameVariants, loadPeopleYaml, loadSigs, loadVenues, type VerifiedPerson } from './load-yaml.js';
import { parseCollectionXml, readCollectionFile } from './parse-xml.js';
import { CorpusResolver, type RowSink } from './resolve.js';
import { formatReplayReport, type ReplayReport } from '../../corrections/replay.js';
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
}

export interface ImportAclAnthologyOptions {
  quiet?: boolean;
  /** Progress and warnings (default: stderr unless quiet). */
  log?: (line: string) => void;
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
  const verifiedPromise: Promise<VerifiedPerson[] | undefined> = newFormat
    ? loadPeopleYaml(peopleFile, rel(peopleFile), (line) => {
        if (!quiet) log(line);
      })
    : Promise.resolve(undefined);
  const yamlPeoplePromise = newFormat
    ? Promise.resolve([])
    : stat(nameVariantsFile).then(
        () => loadNameVariants(nameVariantsFile, rel(nameVariantsFile)),
        () => [],
      );
  const venuesPromise = loadVenues(path.join(yamlDir, 'venues'), rel(path.join(yamlDir, 'venues')));
  const sigsPromise = loadSigs(path.join(yamlDir, 'sigs'), rel(path.join(yamlDir, 'sigs')));
  // Don't leave rejections unobserved while the others load.
  for (const p of [yamlPeoplePromise, verifiedPromise, venuesPromise, sigsPromise]) p.catch(() => {});
  const [venues, sigs] = await Promise.all([venuesPromise, sigsPromise]);

  const progress = progressReporter(files.length, quiet, log);
  const counts = { collections: 0, volumes: 0, papers: 0, frontmatter: 0, authorLinks: 0, editorLinks: 0 };
  const client = await db.pool.connect();
  let writer: CorpusWriter | undefined;
  let failed = false;
  let corrections: ReplayReport;
  let people: number;
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
    const resolver = new CorpusResolver(
      yamlPeople,
      venues,
      sigs,
      { nameVariants: rel(nameVariantsFile), people: rel(peopleFile) },
      verified,
    );
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
    const read = (i: number) => {
      const f = files[i]!;
      const p = readCollectionFile(path.join(xmlDir, f), rel(path.join(xmlDir, f)));
      p.catch(() => {});
      return p;
    };
    let next = files.length ? read(0) : undefined;
    for (let i = 0; i < files.length; i++) {
      const text = await next!;
      // Read the next file while this one is parsed.
      next = i + 1 < files.length ? read(i + 1) : undefined;
      const collection = parseCollectionXml(text, rel(path.join(xmlDir, files[i]!)));
      resolver.addCollection(collection, sink);
      events.addCollection(collection);
      progress.tick(i + 1, counts.papers + counts.frontmatter);
      await writer.drain();
    }
    const resolved = resolver.finish();
    people = resolved.people.length;
    progress.step('parsed and resolved');
    if (!quiet && resolved.urlMismatches.length) {
      // Upstream typos (the id is build_id's; the <url> names the PDF): each named.
      log(`warning: ${resolved.urlMismatches.length} papers have a <url> that differs from their id:`);
      for (const m of resolved.urlMismatches.slice(0, 20)) log(`  ${m}`);
    }
    if (!quiet && resolver.similarNotFound.length) {
      log(`note: ${resolver.similarNotFound.length} similar: entries name nobody in this corpus, e.g. ${resolver.similarNotFound[0]}`);
    }
    const eventRows = events.finish(volumeIds);
    if (!quiet && eventRows.unknownVolumes.length) {
      log(`warning: ${eventRows.unknownVolumes.length} <colocated> volumes are not in the corpus, e.g. ${eventRows.unknownVolumes[0]}`);
    }
    writer.events(eventRows);
    corrections = await writer.finish(resolved);
  } catch (err) {
    failed = true;
    await writer?.abort();
    throw err;
  } finally {
    // A connection that failed mid-COPY is not given back to the pool.
    client.release(failed);
  }
  // A correction that no longer applies is always reported, even with --quiet.
  for (const line of formatReplayReport(corrections)) log(line);

  return {
    ...counts,
    people,
    seconds: (Date.now() - started) / 1000,
    corrections,
  };
}

export function formatSummary(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `imported ${n(s.collections)} collections, ${n(s.volumes)} volumes, ${n(s.papers)} papers ` +
    `(+${n(s.frontmatter)} frontmatter), ${n(s.people)} people, ${n(s.authorLinks)} author links in ${s.seconds.toFixed(1)}s`
  );
}

export async function runAclAnthologyImport(db: Database, dir: string, options: ImportAclAnthologyOptions): Promise<void> {
  const summary = await importAclAnthology(db, dir, options);
  process.stdout.write(`${formatSummary(summary)}\n`);
}
