// The DBLP dump (dblp.xml, or dblp.xml.gz read through gunzip) as a stream of records: saxes
// over decoded chunks, one record at a time, never a DOM. The file's bytes are decoded as its
// XML declaration says (ISO-8859-1, as the dump declares, or UTF-8, XML's default); the DTD's
// named character entities (&uuml; …) resolve with or without a DOCTYPE (entities.ts, generated
// from dblp.dtd). Record structure: dblp.dtd (https://dblp.org/xml/dblp.dtd) and "What do I
// find in dblp.xml?" (https://dblp.org/faq/16154937.html).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { doiOf } from '../../text/doi.js';
import { ORCID_PATTERN } from '../../text/orcid.js';
import { ImportError } from '../acl-anthology/errors.js';
import { DBLP_ENTITIES } from './entities.js';

/** The publication records of dblp.dtd (`www` are person records; `person` and `data` are not imported). */
export const PUBLICATION_TYPES = new Set(['article', 'inproceedings', 'proceedings', 'book', 'incollection', 'phdthesis', 'mastersthesis']);

export interface DblpName {
  name: string;
  orcid: string | null;
}

export interface DblpRecord {
  type: string;
  key: string;
  line: number;
  mdate: string | null;
  publtype: string | null;
  authors: DblpName[];
  editors: DblpName[];
  title: string;
  year: number;
  month: string | null;
  pages: string | null;
  journal: string | null;
  booktitle: string | null;
  volume: string | null;
  number: string | null;
  crossref: string | null;
  publisher: string | null;
  school: string | null;
  series: string | null;
  isbn: string | null;
  /** Every <ee> link, in order. */
  ee: string[];
  /** The first DOI among the <ee> links (https://doi.org/…, http://dx.doi.org/…). */
  doi: string | null;
  /** dblp's table-of-contents page (<url>, relative to https://dblp.org/). */
  url: string | null;
}

/** A person record: `<www key="homepages/…">`, its first <author> the person's name, the others aliases. */
export interface DblpPerson {
  pid: string;
  line: number;
  mdate: string | null;
  names: string[];
  orcids: string[];
  affiliations: string[];
  urls: string[];
}

export interface DblpSink {
  record(record: DblpRecord): void;
  person(person: DblpPerson): void;
  /** An element the import does not take (a `www` that is no person page, `person`, `data`). */
  skipped(element: string): void;
}

const ORCID_URL = /^https?:\/\/orcid\.org\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\/?$/i;

/** The ORCID iD in an <author orcid=…> value or an https://orcid.org/… link, or null. */
export function orcidOf(value: string): string | null {
  const bare = value.trim();
  if (ORCID_PATTERN.test(bare)) return bare;
  return ORCID_URL.exec(bare)?.[1]?.toUpperCase() ?? null;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

type Attributes = Record<string, string>;

/** What the parser is inside: a record (publication or person) and one of its fields. */
class RecordBuilder {
  private kind: 'publication' | 'person' | 'skip' | undefined;
  private attrs: Attributes = {};
  private line = 0;
  private fields: { name: string; attrs: Attributes; text: string; line: number }[] = [];
  private field: { name: string; attrs: Attributes; text: string; line: number } | undefined;
  private depth = 0;

  constructor(
    private readonly file: string,
    private readonly lineOf: () => number,
    private readonly sink: DblpSink,
  ) {}

  open(name: string, attrs: Attributes): void {
    this.depth++;
    if (this.depth === 1) {
      if (name !== 'dblp') ImportError.throwAt(this.file, this.lineOf(), name, 'is not <dblp>: not a dblp XML file');
    } else if (this.depth === 2) {
      this.attrs = attrs;
      this.line = this.lineOf();
      this.fields = [];
      if (PUBLICATION_TYPES.has(name)) this.kind = 'publication';
      else if (name === 'www' && attrs.key?.startsWith('homepages/')) this.kind = 'person';
      else this.kind = 'skip';
      if (this.kind !== 'skip' && !attrs.key) ImportError.throwAt(this.file, this.line, name, 'has no key attribute');
    } else if (this.depth === 3) {
      this.field = { name, attrs, text: '', line: this.lineOf() };
    }
    // Deeper: markup inside a title (<i>, <sub>, <sup>, <tt>, <ref>): its text counts.
  }

  text(t: string): void {
    if (this.field) this.field.text += t;
  }

  close(name: string): void {
    if (this.depth === 3 && this.field) {
      this.fields.push(this.field);
      this.field = undefined;
    } else if (this.depth === 2) {
      if (this.kind === 'publication') this.sink.record(this.publication(name));
      else if (this.kind === 'person') this.sink.person(this.person());
      else this.sink.skipped(name);
      this.kind = undefined;
      this.fields = [];
    }
    this.depth--;
  }

  current(): string | undefined {
    return this.field?.name;
  }

  private first(name: string): string | null {
    const f = this.fields.find((x) => x.name === name);
    return f ? collapse(f.text) || null : null;
  }

  private names(element: string): DblpName[] {
    return this.fields
      .filter((f) => f.name === element)
      .map((f) => ({ name: collapse(f.text), orcid: f.attrs.orcid ? orcidOf(f.attrs.orcid) : null }));
  }

  private publication(type: string): DblpRecord {
    const key = this.attrs.key!;
    const yearField = this.fields.find((f) => f.name === 'year');
    if (!yearField) ImportError.throwAt(this.file, this.line, type, `${key} has no <year>`);
    const yearText = yearField.text.trim();
    // A year is four digits (the dump's records all have one). Anything else is refused, not
    // repaired: a hand-edited record like <year>" "</year> says nothing we could keep.
    if (!/^\d{4}$/.test(yearText)) {
      ImportError.throwAt(this.file, yearField.line, 'year', `${JSON.stringify(yearField.text)} in ${key} is not a year (four digits)`);
    }
    const ee = this.fields.filter((f) => f.name === 'ee').map((f) => f.text.trim());
    let doi: string | null = null;
    for (const link of ee) {
      if (!/^https?:\/\/(dx\.)?doi\.org\//i.test(link)) continue;
      doi = doiOf(link);
      if (doi) break;
    }
    return {
      type,
      key,
      line: this.line,
      mdate: this.attrs.mdate ?? null,
      publtype: this.attrs.publtype ?? null,
      authors: this.names('author'),
      editors: this.names('editor'),
      title: this.first('title') ?? '',
      year: Number(yearText),
      month: this.first('month'),
      pages: this.first('pages'),
      journal: this.first('journal'),
      booktitle: this.first('booktitle'),
      volume: this.first('volume'),
      number: this.first('number'),
      crossref: this.first('crossref'),
      publisher: this.first('publisher'),
      school: this.first('school'),
      series: this.first('series'),
      isbn: this.first('isbn'),
      ee,
      doi,
      url: this.first('url'),
    };
  }

  private person(): DblpPerson {
    const names = this.names('author');
    const urls = this.fields.filter((f) => f.name === 'url').map((f) => f.text.trim());
    const orcids = [...names.map((n) => n.orcid), ...urls.map(orcidOf)].filter((o): o is string => o !== null);
    return {
      pid: this.attrs.key!,
      line: this.line,
      mdate: this.attrs.mdate ?? null,
      names: names.map((n) => n.name),
      orcids: [...new Set(orcids)],
      affiliations: this.fields.filter((f) => f.name === 'note' && f.attrs.type === 'affiliation').map((f) => collapse(f.text)),
      urls,
    };
  }
}

/** The encoding the XML declaration names (XML 1.0 §4.3.3: UTF-8 without one). */
function encodingOf(head: Buffer, file: string): 'latin1' | 'utf8' {
  const decl = /^(?:\uFEFF)?<\?xml[^?]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString('latin1', 0, 200));
  const name = decl?.[1]?.toLowerCase();
  if (!name || name === 'utf-8' || name === 'utf8') return 'utf8';
  if (name === 'iso-8859-1' || name === 'latin1' || name === 'iso_8859-1') return 'latin1';
  throw new ImportError(`${file}: encoding "${decl![1]}" is not supported (ISO-8859-1 or UTF-8)`, file);
}

/**
 * Streams the file through the sink. `afterChunk` runs after each chunk is parsed (the writer's
 * backpressure): memory holds one chunk and one record, whatever the file's size.
 */
export async function parseDblpFile(path: string, file: string, sink: DblpSink, afterChunk: () => Promise<void>): Promise<void> {
  let magic: Buffer;
  try {
    const handle = await open(path);
    try {
      magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      magic = magic.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new ImportError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, file);
  }
  const raw = createReadStream(path);
  const gzip = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (err) => input.destroy(err));

  const parser = new SaxesParser({ position: true });
  Object.assign(parser.ENTITIES, DBLP_ENTITIES);
  const builder = new RecordBuilder(file, () => parser.line, sink);
  let failure: Error | undefined;
  parser.on('opentag', (tag) => builder.open(tag.name, (tag as SaxesTagPlain).attributes as Attributes));
  parser.on('text', (t: string) => builder.text(t));
  parser.on('closetag', (tag) => builder.close(tag.name));
  parser.on('error', (err: Error) => {
    // saxes' messages start with "file:line:column: "; ours name the file and line alone.
    failure ??= ImportError.at(file, parser.line, builder.current(), err.message.replace(/^\d+:\d+: /, ''));
  });
  let decode: ((chunk: Buffer) => string) | undefined;
  const utf8 = new StringDecoder('utf8');
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      decode ??= encodingOf(chunk, file) === 'latin1' ? (c) => c.toString('latin1') : (c) => utf8.write(c);
      parser.write(decode(chunk));
      if (failure) throw failure;
      await afterChunk();
    }
    parser.close();
    if (failure) throw failure;
  } catch (err) {
    raw.destroy();
    // saxes reports malformed XML first, then may emit what it makes of it: its word counts.
    if (failure) throw failure;
    if (err instanceof ImportError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') throw new ImportError(`${file}: not a valid gzip file (${e.message})`, file);
    throw ImportError.at(file, parser.line, builder.current(), e.message);
  }
}
