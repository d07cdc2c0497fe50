// OpenAlex works, one at a time, from what OpenAlex gives out: a snapshot's JSONL files (gzipped
// or not: https://docs.openalex.org/download-all-data/snapshot-data-format), a directory of them
// (the snapshot's `works/updated_date=…/part_000.gz`), or one page of the API
// (`{"meta": …, "results": [works]}`, https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities).
// Both shapes of the Work object are read: the 2022 one (`host_venue`, `alternate_host_venues`)
// and the current one (`primary_location.source`, `locations`, `topics`, authorships with
// `raw_author_name` and `raw_affiliation_strings`); https://docs.openalex.org/api-entities/works/work-object.
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync, createGunzip } from 'node:zlib';
import { doiOf } from '../../text/doi.js';
import { openalexIdOf } from '../../text/openalex-id.js';
import { orcidOf } from '../../text/orcid.js';
import { ImportError } from '../acl-anthology/errors.js';

export interface OpenAlexInstitution {
  id: string | null;
  name: string | null;
  ror: string | null;
  country: string | null;
}

export interface OpenAlexAuthorship {
  /** The OpenAlex author id (`A5035075703`); null when OpenAlex names no author. */
  authorId: string | null;
  /** The name as printed (`raw_author_name`), else OpenAlex's display name. */
  name: string;
  displayName: string | null;
  /** The ORCID iD (bare, check digit checked), or null. */
  orcid: string | null;
  /** `first`, `middle` or `last`. */
  authorPosition: string | null;
  affiliations: string[];
  institutions: OpenAlexInstitution[];
}

export interface OpenAlexVenue {
  /** The source's id: `S…` (current schema) or `V…` (2022's host_venue); null when it has none. */
  id: string | null;
  name: string | null;
  type: string | null;
  issn: string | null;
  publisher: string | null;
}

export interface OpenAlexWork {
  id: string;
  /** Where the work starts: its line in a JSONL file, its index in an API page's results. */
  line: number;
  schema: '2022' | 'current';
  title: string;
  year: number;
  publicationDate: string | null;
  doi: string | null;
  abstract: string | null;
  pages: string | null;
  type: string | null;
  language: string | null;
  venue: OpenAlexVenue | null;
  citedByCount: number | null;
  updatedDate: string | null;
  biblio: unknown;
  authorships: OpenAlexAuthorship[];
  /** `referenced_works`, as OpenAlex ids, in order, each once. */
  references: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * The abstract OpenAlex keeps as an inverted index (word → positions): each word put back at
 * its positions, joined by single spaces. Null when there is none or it is not of that shape.
 */
export function abstractOf(index: unknown): string | null {
  if (!isObject(index)) return null;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) return null;
    for (const p of positions) {
      if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > 1_000_000) return null;
      words[p as number] = word;
    }
  }
  const text = words.filter((w) => w !== undefined).join(' ');
  return text === '' ? null : text;
}

function venueOf(work: Json): OpenAlexVenue | null {
  const primary = isObject(work.primary_location) ? work.primary_location : null;
  const source = primary && isObject(primary.source) ? primary.source : isObject(work.host_venue) ? work.host_venue : null;
  if (!source) return null;
  const id = str(source.id);
  return {
    id: id ? openalexIdOf(id) : null,
    name: str(source.display_name),
    type: str(source.type),
    issn: str(source.issn_l),
    publisher: str(source.host_organization_name) ?? str(source.publisher),
  };
}

function authorshipOf(a: unknown, where: () => string): OpenAlexAuthorship {
  if (!isObject(a)) throw new Error(`${where()} is not an object`);
  const author = isObject(a.author) ? a.author : {};
  const rawId = str(author.id);
  const authorId = rawId ? openalexIdOf(rawId, 'A') : null;
  if (rawId && !authorId) throw new Error(`${where()}: author id ${JSON.stringify(rawId)} is not an OpenAlex author id`);
  const displayName = str(author.display_name);
  const name = str(a.raw_author_name) ?? displayName ?? '';
  const rawOrcid = str(author.orcid);
  const institutions = (Array.isArray(a.institutions) ? a.institutions : []).filter(isObject).map((i) => ({
    id: str(i.id) ? openalexIdOf(str(i.id)!, 'I') : null,
    name: str(i.display_name),
    ror: str(i.ror),
    country: str(i.country_code),
  }));
  const raw = Array.isArray(a.raw_affiliation_strings)
    ? a.raw_affiliation_strings.map(str).filter((s): s is string => s !== null)
    : str(a.raw_affiliation_string)
      ? [str(a.raw_affiliation_string)!]
      : [];
  return {
    authorId,
    name,
    displayName,
    orcid: rawOrcid ? orcidOf(rawOrcid) : null,
    authorPosition: str(a.author_position),
    // 2022's authorships have no raw strings: the institutions' names are what was printed.
    affiliations: raw.length ? raw : institutions.flatMap((i) => (i.id === null && i.name ? [i.name] : [])),
    institutions,
  };
}

/** One work object, checked; throws a plain Error whose message says what is wrong. */
export function workOf(value: unknown, line: number): OpenAlexWork {
  if (!isObject(value)) throw new Error('is not a JSON object (an OpenAlex work)');
  const rawId = str(value.id);
  const id = rawId ? openalexIdOf(rawId, 'W') : null;
  if (!id) throw new Error(`id ${JSON.stringify(value.id ?? null)} is not an OpenAlex work id (https://openalex.org/W…)`);
  const year = value.publication_year;
  if (!Number.isInteger(year) || (year as number) < 1000 || (year as number) > 9999) {
    throw new Error(`${id}: publication_year ${JSON.stringify(year ?? null)} is not a year`);
  }
  const authorships = Array.isArray(value.authorships) ? value.authorships : [];
  const references = Array.isArray(value.referenced_works) ? value.referenced_works : [];
  const refs = new Set<string>();
  for (const r of references) {
    const ref = typeof r === 'string' ? openalexIdOf(r, 'W') : null;
    if (!ref) throw new Error(`${id}: referenced work ${JSON.stringify(r)} is not an OpenAlex work id`);
    refs.add(ref);
  }
  const biblio = isObject(value.biblio) ? value.biblio : {};
  const first = str(biblio.first_page);
  const last = str(biblio.last_page);
  const cited = value.cited_by_count;
  return {
    id,
    line,
    schema: 'host_venue' in value && !('primary_location' in value) ? '2022' : 'current',
    title: str(value.title) ?? str(value.display_name) ?? '',
    year: year as number,
    publicationDate: str(value.publication_date),
    doi: str(value.doi) ? doiOf(str(value.doi)!) : null,
    abstract: abstractOf(value.abstract_inverted_index),
    pages: first && last && first !== last ? `${first}–${last}` : first,
    type: str(value.type),
    language: str(value.language),
    venue: venueOf(value),
    citedByCount: Number.isInteger(cited) ? (cited as number) : null,
    updatedDate: str(value.updated_date),
    biblio: value.biblio ?? null,
    authorships: authorships.map((a, i) => authorshipOf(a, () => `${id}: authorships[${i}]`)),
    references: [...refs],
  };
}

/** The files an import argument names: a file, or a directory's .jsonl/.json/.gz files (recursively), by path. */
export async function inputFiles(input: string): Promise<string[]> {
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw new ImportError(`${input}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, input);
  }
  if (!info.isDirectory()) return [input];
  const entries = await readdir(input, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && /\.(jsonl|json|gz)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  if (!files.length) throw new ImportError(`${input}: no .jsonl, .json or .gz files in this directory`, input);
  return files;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

const gzipError = (err: unknown, display: string) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR')
    return new ImportError(`${display}: not a valid gzip file (${e.message})`, display);
  return undefined;
};

/**
 * Streams one file's works through `work`. A `.json` file is an API page (its `results`), a
 * single work or an array of works, read whole (an API page has at most 200 works); anything
 * else is JSONL (one work per line; blank lines skipped), streamed. `afterBatch` runs every
 * few hundred works (the writer's backpressure).
 */
export async function parseOpenAlexFile(
  file: string,
  display: string,
  work: (w: OpenAlexWork) => void,
  afterBatch: () => Promise<void>,
): Promise<void> {
  let gzip: boolean;
  try {
    gzip = await isGzip(file);
  } catch (err) {
    throw new ImportError(`${display}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, display);
  }
  const name = file.replace(/\.gz$/i, '');
  if (/\.json$/i.test(name)) {
    let text: string;
    try {
      const bytes = await readFile(file);
      text = (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
    } catch (err) {
      throw (
        gzipError(err, display) ?? new ImportError(`${display}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, display)
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw ImportError.at(display, undefined, undefined, `not JSON (${(err as Error).message})`);
    }
    const works = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.results) ? value.results : [value];
    const label = Array.isArray(value) ? '' : isObject(value) && Array.isArray(value.results) ? 'results' : null;
    for (const [i, w] of works.entries()) {
      try {
        work(workOf(w, i));
      } catch (err) {
        throw ImportError.at(display, undefined, undefined, `${label === null ? '' : `${label}[${i}]: `}${(err as Error).message}`);
      }
    }
    await afterBatch();
    return;
  }
  const raw = createReadStream(file);
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (err) => input.destroy(err));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw ImportError.at(display, n, undefined, `not JSON (${(err as Error).message})`);
      }
      try {
        work(workOf(value, n));
      } catch (err) {
        throw ImportError.at(display, n, undefined, (err as Error).message);
      }
      if (n % 500 === 0) await afterBatch();
    }
    await afterBatch();
  } catch (err) {
    raw.destroy();
    if (err instanceof ImportError) throw err;
    throw gzipError(err, display) ?? ImportError.at(display, n || undefined, undefined, (err as Error).message);
  }
}
