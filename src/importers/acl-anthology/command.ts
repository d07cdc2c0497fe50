// `npm run import -- acl-anthology <dir>`: parse and resolve everything in memory
// (validating as we go), then write it in one transaction (see write.ts).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { ImportError } from './errors.js';
import { loadNameVariants, loadSigs, loadVenues } from './load-yaml.js';
import { parseCollectionFile, type CollectionData } from './parse-xml.js';
import { resolveCorpus } from './resolve.js';
import { writeCorpus } from './write.js';

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
  const yamlPeoplePromise = stat(nameVariantsFile).then(
    () => loadNameVariants(nameVariantsFile, rel(nameVariantsFile)),
    () => [],
  );
  const venuesPromise = loadVenues(path.join(yamlDir, 'venues'), rel(path.join(yamlDir, 'venues')));
  const sigsPromise = loadSigs(path.join(yamlDir, 'sigs'), rel(path.join(yamlDir, 'sigs')));
  // Don't leave rejections unobserved while XML parsing runs.
  for (const p of [yamlPeoplePromise, venuesPromise, sigsPromise]) p.catch(() => {});

  const progress = progressReporter(files.length, quiet, log);
  const collections: CollectionData[] = [];
  let papers = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const c = await parseCollectionFile(path.join(xmlDir, f), rel(path.join(xmlDir, f)));
    collections.push(c);
    for (const v of c.volumes) papers += v.papers.length;
    progress.tick(i + 1, papers);
  }
  const corpus = resolveCorpus(collections, await yamlPeoplePromise, await venuesPromise, await sigsPromise, {
    nameVariants: rel(nameVariantsFile),
  });
  collections.length = 0;
  progress.step('resolved');
  if (!quiet && corpus.urlMismatches.length) {
    log(`warning: ${corpus.urlMismatches.length} papers have a <url> that differs from their id, e.g. ${corpus.urlMismatches[0]}`);
  }

  const client = await db.pool.connect();
  try {
    await writeCorpus(client, corpus, (what) => progress.step(what));
  } finally {
    client.release();
  }

  let authorLinks = 0;
  for (const a of corpus.authorships) if (a.role === 'AUTHOR') authorLinks++;
  const frontmatter = corpus.papers.filter((p) => p.isFrontmatter).length;
  return {
    collections: corpus.collections.length,
    volumes: corpus.volumes.length,
    papers: corpus.papers.length - frontmatter,
    frontmatter,
    people: corpus.people.length,
    authorLinks,
    editorLinks: corpus.authorships.length - authorLinks,
    seconds: (Date.now() - started) / 1000,
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
