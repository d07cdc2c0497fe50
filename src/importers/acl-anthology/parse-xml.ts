// Streaming parse of one collection file (saxes): never a DOM, one pass, and the
// inline markup of titles/abstracts serialized back as the XML fragment it was.
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportError } from './errors.js';

export interface PersonRef {
  first: string;
  last: string;
  id?: string;
  orcid?: string;
  affiliation?: string;
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
  venues: { slug: string; line: number }[];
  editors: PersonRef[];
  papers: PaperData[];
  line: number;
}

export interface CollectionData {
  id: string;
  file: string;
  volumes: VolumeData[];
}

const MARKUP_PARENTS = new Set(['title', 'abstract', 'booktitle', 'shortbooktitle']);

export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;');
}

export async function parseCollectionFile(file: string, displayName: string): Promise<CollectionData> {
  const parser = new SaxesParser({ position: true });
  const collection: CollectionData = { id: '', file: displayName, volumes: [] };

  const stack: string[] = [];
  let volume: VolumeData | undefined;
  let paper: PaperData | undefined;
  let person: PersonRef | undefined;
  let inEvent = 0;
  let inVariant = false;
  // Markup capture (title, abstract, booktitle).
  let markup: string | undefined;
  let markupDepth = 0;
  // Plain text capture for leaf elements.
  let text = '';
  let failure: ImportError | undefined;

  const fail = (element: string | undefined, what: string): never => {
    throw ImportError.at(displayName, parser.line, element, what);
  };

  parser.on('opentag', (openTag) => {
    const tag = openTag as SaxesTagPlain;
    const name = tag.name;
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (markup !== undefined) {
      markupDepth++;
      let attrs = '';
      for (const [k, v] of Object.entries(tag.attributes)) attrs += ` ${k}="${escapeAttr(String(v))}"`;
      markup += `<${name}${attrs}>`;
      return;
    }
    text = '';
    if (inEvent) {
      if (name === 'event') inEvent++;
      return;
    }
    const attr = (key: string) => {
      const v = tag.attributes[key];
      return v === undefined ? undefined : String(v);
    };
    switch (name) {
      case 'collection':
        collection.id = attr('id') ?? fail(name, 'has no id attribute');
        return;
      case 'event':
        inEvent = 1;
        return;
      case 'volume':
        if (parent !== 'collection') return;
        volume = {
          id: attr('id') ?? fail(name, 'has no id attribute'),
          type: attr('type') ?? 'proceedings',
          ingestDate: attr('ingest-date'),
          titleMarkup: '',
          venues: [],
          editors: [],
          papers: [],
          line: parser.line,
        };
        collection.volumes.push(volume);
        return;
      case 'paper':
      case 'frontmatter':
        if (!volume) fail(name, 'outside a <volume>');
        paper = {
          number: name === 'frontmatter' ? '0' : (attr('id') ?? fail(name, 'has no id attribute')),
          isFrontmatter: name === 'frontmatter',
          type: attr('type'),
          titleMarkup: '',
          awards: [],
          authors: [],
          editors: [],
          line: parser.line,
        };
        if (!/^\d+$/.test(paper.number)) fail(name, `has a non-numeric id "${paper.number}"`);
        volume!.papers.push(paper);
        return;
      case 'author':
      case 'editor':
        if (!volume) return;
        person = { first: '', last: '', line: parser.line, id: attr('id'), orcid: attr('orcid') };
        return;
      case 'variant':
        inVariant = true;
        return;
    }
    if (MARKUP_PARENTS.has(name) && (parent === 'paper' || parent === 'meta')) {
      markup = '';
      markupDepth = 0;
    }
  });

  parser.on('text', (t: string) => {
    if (markup !== undefined) markup += escapeXmlText(t);
    else text += t;
  });

  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    if (markup !== undefined) {
      if (markupDepth > 0) {
        markupDepth--;
        markup += `</${name}>`;
        return;
      }
      const value = markup.trim();
      markup = undefined;
      if (paper && name === 'title') paper.titleMarkup = value;
      else if (paper && name === 'abstract') paper.abstractMarkup = value;
      else if (volume && !paper && name === 'booktitle') volume.titleMarkup = value;
      else if (volume && !paper && name === 'shortbooktitle') volume.shortTitleMarkup = value;
      return;
    }
    if (inEvent) {
      if (name === 'event') inEvent--;
      return;
    }
    const value = text.trim();
    text = '';
    if (inVariant) {
      if (name === 'variant') inVariant = false;
      return;
    }
    if (person) {
      switch (name) {
        case 'first':
          person.first = value;
          return;
        case 'last':
          person.last = value;
          return;
        case 'affiliation':
          person.affiliation = value;
          return;
        case 'author':
        case 'editor':
          if (!person.last && !person.first) fail(name, 'has no name');
          if (paper) (name === 'author' ? paper.authors : paper.editors).push(person);
          else if (volume && name === 'editor') volume.editors.push(person);
          person = undefined;
          return;
      }
      return;
    }
    if (paper) {
      switch (name) {
        case 'pages': paper.pages = value; return;
        case 'doi': paper.doi = value; return;
        case 'url': paper.url = value; return;
        case 'bibkey': paper.bibkey = value; return;
        case 'language': paper.language = value; return;
        case 'award': paper.awards.push(value); return;
        case 'paper':
        case 'frontmatter':
          if (!paper.isFrontmatter && !paper.titleMarkup) {
            throw ImportError.at(displayName, paper.line, name, `${paper.number} has no <title>`);
          }
          paper = undefined;
          return;
      }
      return;
    }
    if (volume) {
      switch (name) {
        case 'year': volume.year = value; return;
        case 'month': volume.month = value; return;
        case 'publisher': volume.publisher = value; return;
        case 'address': volume.address = value; return;
        case 'doi': volume.doi = value; return;
        case 'url': volume.url = value; return;
        case 'isbn': volume.isbn = value; return;
        case 'venue': volume.venues.push({ slug: value, line: parser.line }); return;
        case 'volume':
          if (!volume.year || !/^\d{4}$/.test(volume.year)) {
            throw ImportError.at(displayName, volume.line, 'volume', `${volume.id} has no valid <year>`);
          }
          volume = undefined;
          return;
      }
    }
  });

  parser.on('error', (err: Error) => {
    failure ??= ImportError.at(displayName, parser.line, stack[stack.length - 1], `malformed XML: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  });

  // Collection files are small (a few MiB at most): read each in one go, parse it
  // incrementally, and let it go — memory is bounded by the largest file.
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (failure) throw failure;
    }
    parser.close();
    if (failure) throw failure;
  } catch (err) {
    stream.destroy();
    if (err instanceof ImportError) throw err;
    throw ImportError.at(displayName, parser.line, stack[stack.length - 1], (err as Error).message);
  }
  if (!collection.id) throw ImportError.at(displayName, 1, 'collection', 'missing');
  return collection;
}
