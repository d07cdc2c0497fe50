// CSL-JSON (the Citation Style Language's input format): one item object. Pure.
import { type CitationRecord, type CitedPerson, pageRange } from './record.js';

export interface CslName {
  family: string;
  given?: string;
}

export interface CslItem {
  id: string;
  type: 'paper-conference' | 'article-journal' | 'book';
  title: string;
  author?: CslName[];
  editor?: CslName[];
  'container-title'?: string;
  volume?: string;
  issue?: string;
  publisher?: string;
  'publisher-place'?: string;
  issued: { 'date-parts': number[][] };
  page?: string;
  DOI?: string;
  URL: string;
  language?: string;
}

const name = (p: CitedPerson): CslName => (p.first ? { family: p.last, given: p.first } : { family: p.last });

export function cslItem(r: CitationRecord): CslItem {
  const item: CslItem = {
    id: r.key,
    type: r.kind === 'article' ? 'article-journal' : r.kind === 'proceedings' ? 'book' : 'paper-conference',
    title: r.kind === 'proceedings' ? r.container : r.title,
    issued: { 'date-parts': [r.month != null ? [r.year, r.month] : [r.year]] },
    URL: r.url,
  };
  if (r.authors.length > 0 && r.kind !== 'proceedings') item.author = r.authors.map(name);
  if (r.editors.length > 0 && r.kind !== 'article') item.editor = r.editors.map(name);
  if (r.kind === 'article') {
    item['container-title'] = r.journal ?? r.container;
    if (r.journalVolume) item.volume = r.journalVolume;
    if (r.journalNumber) item.issue = r.journalNumber;
  } else if (r.kind === 'inproceedings') {
    item['container-title'] = r.container;
  }
  if (r.publisher) item.publisher = r.publisher;
  if (r.address) item['publisher-place'] = r.address;
  const range = pageRange(r.pages);
  if (range) item.page = range[1] ? `${range[0]}-${range[1]}` : range[0];
  if (r.doi) item.DOI = r.doi;
  if (r.language) item.language = r.language;
  return item;
}

/** The item as a JSON string (one CSL-JSON item object, not an array). */
export const formatCslJson = (r: CitationRecord): string => JSON.stringify(cslItem(r));
