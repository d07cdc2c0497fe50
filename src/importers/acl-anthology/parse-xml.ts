// Parse of one collection file: never a DOM, one pass, and the inline markup of
// titles/abstracts serialized back as the XML fragment it was.
//
// Two tokenizers feed the same handler (CollectionBuilder):
// - a fast one written for the Anthology's files (elements, attributes, text and the five
//   predefined entities plus character references), which checks well-formedness as it goes
//   (nesting, names, attribute syntax, entities, stray text, forbidden characters);
// - saxes, a complete XML parser, used for any file the fast one does not take on (comments,
//   CDATA, DOCTYPE, processing instructions, a BOM, whitespace in attribute values …) and for
//   every file it finds malformed, so that errors read exactly as saxes words them.
// Both give the same CollectionData (test/import/parse-xml.test.ts compares them).
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportError } from './errors.js';
import { type ReadRecorder, readUtf8File } from './read-text.js';

/**
 * A copy of `s` that owns its characters. V8 keeps a substring of 13 characters or more as a
 * slice of the string it was cut from: a name the resolver keeps for the whole import would
 * keep its collection file's whole text alive (docs/performance.md, Scale: importer memory).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

export interface PersonRef {
  first: string;
  last: string;
  id?: string;
  orcid?: string;
  /** openreview= (the OpenReview profile id, e.g. `~Jane_Doe1`), printed since 2025. */
  openreview?: string;
  affiliation?: string;
  /** <variant> spellings of the name (another script), e.g. <variant script="hani">. */
  variants?: { first: string; last: string }[];
  line: number;
}

export interface PaperData {
  /** Number within the volume: 0 for the frontmatter. */
  number: string;
  isFrontmatter: boolean;
  type?: string;
  titleMarkup: string;
  abstractMarkup?: string;
  pages?: string;
  doi?: string;
  url?: string;
  bibkey?: string;
  language?: string;
  awards: string[];
  authors: PersonRef[];
  editors: PersonRef[];
  /** Files and notices, as the Anthology's Paper model has them (paper.py). */
  errata: { id: string; file: string; date?: string }[];
  revisions: { id: string; file: string; date?: string; note?: string }[];
  attachments: { type: string; file: string }[];
  videos: { href: string; permission: boolean }[];
  /** <retracted> or <removed> (the library's PaperDeletionNotice). */
  deletion?: { type: 'retracted' | 'removed'; date: string; note?: string };
  note?: string;
  /** <issue> and <journal>: a paper's own journal issue and title (rare; normally the volume's). */
  issue?: string;
  journal?: string;
  /** A <pdf> element (the current format): the PDF is named by the paper's id. */
  pdf?: boolean;
  line: number;
}

export interface VolumeData {
  id: string;
  type: string;
  ingestDate?: string;
  titleMarkup: string;
  shortTitleMarkup?: string;
  year?: string;
  month?: string;
  publisher?: string;
  address?: string;
  doi?: string;
  url?: string;
  isbn?: string;
  /** A journal issue's <journal-volume>, <journal-issue> and <journal-title>. */
  journalVolume?: string;
  journalIssue?: string;
  journalTitle?: string;
  /** A <pdf> element in <meta> (the current format): the PDF is named by the volume's id. */
  pdf?: boolean;
  venues: { slug: string; line: number }[];
  /** <sig> elements of <meta> (the current format). */
  sigs: { slug: string; line: number }[];
  editors: PersonRef[];
  papers: PaperData[];
  line: number;
}

/** A collection's explicit <event> (the library's Event: meta, links, colocated volumes). */
export interface EventData {
  id: string;
  title?: string;
  location?: string;
  dates?: string;
  links: { type: string; url: string }[];
  /** Anthology ids of the volumes the event names in <colocated>. */
  colocated: string[];
  /** <talk>s (keynotes and the like): title as plain text, speakers, links (a video, …). */
  talks: EventTalk[];
  line: number;
}

export interface EventTalk {
  title: string;
  speakers: { first: string; last: string }[];
  links: { type: string; url: string }[];
}

/** Inline markup inside an event's titles: its text is kept, the tags dropped. */
const EVENT_INLINE = new Set(['fixed-case', 'i', 'b', 'tex-math']);

export interface CollectionData {
  id: string;
  file: string;
  volumes: VolumeData[];
  event?: EventData;
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

const MARKUP_PARENTS = new Set(['title', 'abstract', 'booktitle', 'shortbooktitle']);

const XML_SPECIAL = /[&<>]/;

export function escapeXmlText(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;');
}

type Attributes = Record<string, string>;
const NO_ATTRIBUTES: Attributes = Object.freeze({}) as Attributes;

/** The importer's view of a collection file, fed by either tokenizer. */
class CollectionBuilder {
  readonly collection: CollectionData;
  private readonly stack: string[] = [];
  private volume: VolumeData | undefined;
  private paper: PaperData | undefined;
  private person: PersonRef | undefined;
  private inEvent = 0;
  private talk: EventTalk | undefined;
  private speaker: { first: string; last: string } | undefined;
  private inVariant = false;
  // Markup capture (title, abstract, booktitle).
  private markup: string | undefined;
  private markupDepth = 0;
  // Plain text capture for leaf elements, and their attributes.
  private text = '';
  private attributes: Attributes = NO_ATTRIBUTES;

  constructor(
    private readonly displayName: string,
    /** The current line (of the end of the tag just read). */
    private readonly line: () => number,
  ) {
    this.collection = { id: '', file: displayName, volumes: [] };
  }

  private fail(element: string | undefined, what: string): never {
    throw ImportError.at(this.displayName, this.line(), element, what);
  }

  open(name: string, attributes: Attributes): void {
    const stack = this.stack;
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (this.markup !== undefined) {
      this.markupDepth++;
      let attrs = '';
      for (const k in attributes) attrs += ` ${k}="${escapeAttr(attributes[k]!)}"`;
      this.markup += `<${name}${attrs}>`;
      return;
    }
    if (this.inEvent) {
      if (EVENT_INLINE.has(name)) return;
      this.text = '';
      this.attributes = attributes;
      if (name === 'event') this.inEvent++;
      return;
    }
    this.text = '';
    this.attributes = attributes;
    switch (name) {
      case 'collection':
        this.collection.id = ownString(attributes.id ?? this.fail(name, 'has no id attribute'));
        return;
      case 'event':
        this.inEvent = 1;
        if (parent === 'collection') {
          if (this.collection.event) this.fail(name, 'appears twice in the collection');
          const id = attributes.id ?? this.fail(name, 'has no id attribute');
          this.collection.event = { id, links: [], colocated: [], talks: [], line: this.line() };
        }
        return;
      case 'volume':
        if (parent !== 'collection') return;
        this.volume = {
          id: attributes.id ?? this.fail(name, 'has no id attribute'),
          type: attributes.type ?? 'proceedings',
          ingestDate: attributes['ingest-date'],
          titleMarkup: '',
          venues: [],
          sigs: [],
          editors: [],
          papers: [],
          line: this.line(),
        };
        this.collection.volumes.push(this.volume);
        return;
      case 'paper':
      case 'frontmatter': {
        if (!this.volume) this.fail(name, 'outside a <volume>');
        const paper: PaperData = {
          number: name === 'frontmatter' ? '0' : (attributes.id ?? this.fail(name, 'has no id attribute')),
          isFrontmatter: name === 'frontmatter',
          type: attributes.type,
          titleMarkup: '',
          awards: [],
          authors: [],
          editors: [],
          errata: [],
          revisions: [],
          attachments: [],
          videos: [],
          line: this.line(),
        };
        if (!/^\d+$/.test(paper.number)) this.fail(name, `has a non-numeric id "${paper.number}"`);
        this.volume!.papers.push(paper);
        this.paper = paper;
        return;
      }
      case 'author':
      case 'editor':
        if (!this.volume) return;
        this.person = {
          first: '',
          last: '',
          line: this.line(),
          id: attributes.id === undefined ? undefined : ownString(attributes.id),
          orcid: attributes.orcid === undefined ? undefined : ownString(attributes.orcid),
          openreview: attributes.openreview === undefined ? undefined : ownString(attributes.openreview),
        };
        return;
      case 'variant':
        this.inVariant = true;
        if (this.person) (this.person.variants ??= []).push({ first: '', last: '' });
        return;
    }
    if (MARKUP_PARENTS.has(name) && (parent === 'paper' || parent === 'meta')) {
      this.markup = '';
      this.markupDepth = 0;
    }
  }

  onText(t: string): void {
    if (this.markup !== undefined) this.markup += escapeXmlText(t);
    else this.text += t;
  }

  close(name: string): void {
    this.stack.pop();
    if (this.markup !== undefined) {
      if (this.markupDepth > 0) {
        this.markupDepth--;
        this.markup += `</${name}>`;
        return;
      }
      const value = this.markup.trim();
      this.markup = undefined;
      const { paper, volume } = this;
      if (paper && name === 'title') paper.titleMarkup = value;
      else if (paper && name === 'abstract') paper.abstractMarkup = value;
      else if (volume && !paper && name === 'booktitle') volume.titleMarkup = value;
      else if (volume && !paper && name === 'shortbooktitle') volume.shortTitleMarkup = value;
      return;
    }
    if (this.inEvent) {
      if (name === 'event') this.inEvent--;
      else if (this.inEvent === 1) this.eventElement(name);
      return;
    }
    const value = this.text.trim();
    this.text = '';
    if (this.inVariant) {
      const variant = this.person?.variants?.[this.person.variants.length - 1];
      if (variant && name === 'first') variant.first = ownString(value);
      else if (variant && name === 'last') variant.last = ownString(value);
      else if (name === 'variant') this.inVariant = false;
      return;
    }
    const person = this.person;
    if (person) {
      switch (name) {
        // The resolver keeps names (and ids) for the whole import: copies, not slices of the file.
        case 'first':
          person.first = ownString(value);
          return;
        case 'last':
          person.last = ownString(value);
          return;
        case 'affiliation':
          person.affiliation = value;
          return;
        case 'author':
        case 'editor':
          if (!person.last && !person.first) this.fail(name, 'has no name');
          if (this.paper) (name === 'author' ? this.paper.authors : this.paper.editors).push(person);
          else if (this.volume && name === 'editor') this.volume.editors.push(person);
          this.person = undefined;
          return;
      }
      return;
    }
    const paper = this.paper;
    if (paper) {
      switch (name) {
        case 'pages':
          paper.pages = value;
          return;
        case 'doi':
          paper.doi = value;
          return;
        case 'url':
          paper.url = value;
          return;
        case 'bibkey':
          paper.bibkey = value;
          return;
        case 'language':
          paper.language = value;
          return;
        case 'award':
          paper.awards.push(value);
          return;
        case 'note':
          paper.note = value;
          return;
        case 'issue':
          paper.issue = value;
          return;
        case 'journal':
          paper.journal = value;
          return;
        case 'pdf':
          paper.pdf = true;
          return;
        case 'erratum':
          paper.errata.push({
            id: this.required(name, 'id'),
            file: value || this.fail(name, 'names no file'),
            date: this.date(name, false),
          });
          return;
        case 'revision':
          paper.revisions.push({
            id: this.required(name, 'id'),
            file: this.required(name, 'href'),
            date: this.date(name, false),
            note: value || undefined,
          });
          return;
        case 'attachment':
        case 'mrf':
          // <mrf> is an attachment of type "mrf" (the library's Paper.from_xml).
          paper.attachments.push({
            type: name === 'mrf' ? 'mrf' : (this.attributes.type ?? ''),
            file: value || this.fail(name, 'names no file'),
          });
          return;
        case 'video':
          paper.videos.push({ href: this.required(name, 'href'), permission: this.attributes.permission !== 'false' });
          return;
        case 'retracted':
        case 'removed':
          if (paper.deletion) this.fail(name, `follows a <${paper.deletion.type}> of the same paper`);
          paper.deletion = { type: name, date: this.date(name, true)!, note: value || undefined };
          return;
        case 'paper':
        case 'frontmatter':
          if (!paper.isFrontmatter && !paper.titleMarkup) {
            throw ImportError.at(this.displayName, paper.line, name, `${paper.number} has no <title>`);
          }
          this.paper = undefined;
          return;
      }
      return;
    }
    const volume = this.volume;
    if (volume) {
      switch (name) {
        case 'year':
          volume.year = value;
          return;
        case 'month':
          volume.month = value;
          return;
        case 'publisher':
          volume.publisher = value;
          return;
        case 'address':
          volume.address = value;
          return;
        case 'doi':
          volume.doi = value;
          return;
        case 'url':
          volume.url = value;
          return;
        case 'isbn':
          volume.isbn = value;
          return;
        case 'venue':
          volume.venues.push({ slug: value, line: this.line() });
          return;
        case 'sig':
          volume.sigs.push({ slug: value, line: this.line() });
          return;
        case 'journal-volume':
          volume.journalVolume = value;
          return;
        case 'journal-issue':
          volume.journalIssue = value;
          return;
        case 'journal-title':
          volume.journalTitle = value;
          return;
        case 'pdf':
          volume.pdf = true;
          return;
        case 'volume':
          if (!volume.year || !/^\d{4}$/.test(volume.year)) {
            throw ImportError.at(this.displayName, volume.line, 'volume', `${volume.id} has no valid <year>`);
          }
          this.volume = undefined;
          return;
      }
    }
  }

  /** The attribute `name` of the element just closed, which must have it. */
  private required(element: string, name: string): string {
    return this.attributes[name] || this.fail(element, `has no ${name} attribute`);
  }

  /** The `date` attribute of the element just closed: an ISO date (YYYY-MM-DD), as the library requires. */
  private date(element: string, required: boolean): string | undefined {
    const date = this.attributes.date;
    if (date === undefined) return required ? this.fail(element, 'has no date attribute') : undefined;
    if (!ISO_DATE.test(date)) this.fail(element, `has date="${date}", not a date (YYYY-MM-DD)`);
    return date;
  }

  /** An element closed directly inside the collection's <event>. */
  private eventElement(name: string): void {
    const event = this.collection.event;
    if (!event) return;
    const parent = this.stack[this.stack.length - 1];
    const value = this.text.trim();
    if (parent === 'meta') {
      if (name === 'title') event.title = value;
      else if (name === 'location') event.location = value;
      else if (name === 'dates') event.dates = value;
    } else if (parent === 'links' && name === 'url') {
      event.links.push({ type: this.attributes.type ?? '', url: value });
    } else if (parent === 'colocated' && name === 'volume-id') {
      event.colocated.push(value);
    } else if (parent === 'speaker' && (name === 'first' || name === 'last')) {
      (this.speaker ??= { first: '', last: '' })[name] = value;
    } else if (parent === 'talk') {
      const talk = (this.talk ??= { title: '', speakers: [], links: [] });
      if (name === 'title') talk.title = value.replace(/\s+/g, ' ');
      else if (name === 'url') talk.links.push({ type: this.attributes.type ?? '', url: value });
      else if (name === 'speaker') {
        if (this.speaker) talk.speakers.push(this.speaker);
        this.speaker = undefined;
      }
    } else if (parent === 'event' && name === 'talk') {
      if (this.talk) event.talks.push(this.talk);
      this.talk = undefined;
    }
  }

  /** The innermost open element (for error messages). */
  current(): string | undefined {
    return this.stack[this.stack.length - 1];
  }

  finish(): CollectionData {
    if (!this.collection.id) throw ImportError.at(this.displayName, 1, 'collection', 'missing');
    return this.collection;
  }
}

/** The fast tokenizer met something it leaves to saxes. */
class Bail extends Error {}
const BAIL = new Bail('not for the fast tokenizer');

// Characters XML 1.0 forbids (C0 controls but tab and LF, U+FFFE, U+FFFF) and carriage
// returns (end-of-line normalization) are left to saxes, as are comments, CDATA, DOCTYPE,
// processing instructions and ']]>' in text.
// eslint-disable-next-line no-control-regex -- finding those characters is the point
const LEAVE_TO_SAXES = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/;
const PROLOG =
  /^<\?xml\s+version\s*=\s*(['"])1\.[0-9]\1(\s+encoding\s*=\s*(['"])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(['"])(yes|no)\5)?\s*\?>/;
const NAME = /^[A-Za-z_:][\w.:-]*$/;
// One attribute (after at least one blank), sticky at the current position.
const ATTRIBUTE = /[ \t\r\n]+([A-Za-z_:][\w.:-]*)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /[ \t\r\n]*(\/?)>/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

function decodeText(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    out += raw.slice(from, amp);
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(raw);
    if (!m) throw BAIL;
    if (m[1]) out += PREDEFINED[m[1]];
    else {
      const code = m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3]!, 16);
      // Only characters XML allows (saxes words every other case).
      if (
        !(
          code === 0x9 ||
          code === 0xa ||
          code === 0xd ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) ||
          (code >= 0x10000 && code <= 0x10ffff)
        )
      ) {
        throw BAIL;
      }
      out += String.fromCodePoint(code);
    }
    from = ENTITY.lastIndex;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

function parseFast(src: string, displayName: string): CollectionData {
  if (src.charCodeAt(0) === 0xfeff || LEAVE_TO_SAXES.test(src)) throw BAIL;
  let pos = 0;
  if (src.startsWith('<?')) {
    const m = PROLOG.exec(src);
    if (!m) throw BAIL;
    pos = m[0].length;
  }

  // Line numbers on demand, for positions that only grow.
  let lineNo = 1;
  let lineScan = 0;
  let linePos = 0;
  const lineAt = (p: number) => {
    for (let nl = src.indexOf('\n', lineScan); nl !== -1 && nl < p; nl = src.indexOf('\n', lineScan)) {
      lineNo++;
      lineScan = nl + 1;
    }
    return lineNo;
  };
  const builder = new CollectionBuilder(displayName, () => lineAt(linePos));
  const open: string[] = [];
  let roots = 0;
  const length = src.length;

  while (pos < length) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > pos) {
      const raw = src.slice(pos, textEnd);
      if (raw.indexOf(']]>') !== -1) throw BAIL;
      if (open.length === 0) {
        if (!WHITESPACE_ONLY.test(raw)) throw BAIL;
      } else {
        builder.onText(decodeText(raw));
      }
    }
    if (lt === -1) break;
    const next = src.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) throw BAIL;
    if (next === 0x2f /* / */) {
      const gt = src.indexOf('>', lt + 2);
      if (gt === -1) throw BAIL;
      let name = src.slice(lt + 2, gt);
      const last = name.charCodeAt(name.length - 1);
      if (last === 0x20 || last === 0x09 || last === 0x0a || last === 0x0d) name = name.trimEnd();
      if (open.length === 0 || open[open.length - 1] !== name) throw BAIL;
      open.pop();
      linePos = gt;
      builder.close(name);
      pos = gt + 1;
      continue;
    }
    // Start tag: the name, then attributes, then '>' or '/>'.
    let end = lt + 1;
    for (; end < length; end++) {
      const c = src.charCodeAt(end);
      if (c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
    }
    const name = src.slice(lt + 1, end);
    if (!NAME.test(name)) throw BAIL;
    let attributes = NO_ATTRIBUTES;
    let cursor = end;
    const c = src.charCodeAt(end);
    if (c !== 0x3e && c !== 0x2f) {
      ATTRIBUTE.lastIndex = end;
      for (let m = ATTRIBUTE.exec(src); m; m = ATTRIBUTE.exec(src)) {
        if (attributes === NO_ATTRIBUTES) attributes = {};
        const key = m[1]!;
        const value = m[2] ?? m[3]!;
        if (key in attributes) throw BAIL;
        // Attribute-value normalization (blanks inside values) is saxes' business.
        if (/[\t\n\r]/.test(value)) throw BAIL;
        attributes[key] = value.indexOf('&') === -1 ? value : decodeText(value);
        cursor = ATTRIBUTE.lastIndex;
      }
    }
    TAG_END.lastIndex = cursor;
    const tagEnd = TAG_END.exec(src);
    if (!tagEnd) throw BAIL;
    const gt = TAG_END.lastIndex - 1;
    if (open.length === 0) {
      if (++roots > 1) throw BAIL;
    }
    linePos = gt;
    builder.open(name, attributes);
    if (tagEnd[1]) builder.close(name);
    else open.push(name);
    pos = gt + 1;
  }
  if (open.length !== 0 || roots !== 1) throw BAIL;
  return builder.finish();
}

function parseStrict(src: string, displayName: string): CollectionData {
  const parser = new SaxesParser({ position: true });
  const builder = new CollectionBuilder(displayName, () => parser.line);
  let failure: ImportError | undefined;
  parser.on('opentag', (tag) => builder.open(tag.name, (tag as SaxesTagPlain).attributes as Attributes));
  parser.on('text', (t: string) => builder.onText(t));
  parser.on('closetag', (tag) => builder.close(tag.name));
  parser.on('error', (err: Error) => {
    failure ??= ImportError.at(
      displayName,
      parser.line,
      builder.current(),
      `malformed XML: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`,
    );
  });
  try {
    parser.write(src);
    if (failure) throw failure;
    parser.close();
    if (failure) throw failure;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw ImportError.at(displayName, parser.line, builder.current(), (err as Error).message);
  }
  return builder.finish();
}

/** The fast tokenizer alone: undefined where it would step back to saxes (for tests). */
export function parseCollectionXmlFast(src: string, displayName: string): CollectionData | undefined {
  try {
    return parseFast(src, displayName);
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}

/** Parses one collection file's text (fast tokenizer, saxes where it steps back). */
export function parseCollectionXml(src: string, displayName: string, options: { strict?: boolean } = {}): CollectionData {
  if (!options.strict) {
    try {
      return parseFast(src, displayName);
    } catch (err) {
      if (!(err instanceof Bail)) throw err;
    }
  }
  return parseStrict(src, displayName);
}

/** The file's text; an ImportError if it cannot be read or is not UTF-8 (read-text.ts). */
export function readCollectionFile(file: string, displayName: string, record?: ReadRecorder): Promise<string> {
  return readUtf8File(file, displayName, record);
}
