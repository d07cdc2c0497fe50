// The data every citation format needs, gathered from a paper, its volume, its
// authors and the volume's editors. Pure: no database access here.
import type { Authorship, Paper, Volume } from '../generated/prisma/client.js';
import { toPlainText } from '../text/markup.js';

export interface CitedPerson {
  first: string;
  last: string;
}

export interface CitationRecord {
  /** The citation key: the Anthology's bibkey, else the anthology id. */
  key: string;
  anthologyId: string;
  kind: 'inproceedings' | 'article' | 'proceedings';
  /** Title as Anthology markup (fixed-case, tex-math, …) and as plain text. */
  titleMarkup: string;
  title: string;
  authors: CitedPerson[];
  editors: CitedPerson[];
  /** The volume's title (booktitle, or the journal issue's title). */
  containerMarkup: string;
  container: string;
  /** For journals: the journal's name, volume and issue, parsed from the issue title. */
  journal: string | null;
  journalVolume: string | null;
  journalNumber: string | null;
  year: number;
  /** 1–12, or null when unknown. */
  month: number | null;
  address: string | null;
  publisher: string | null;
  url: string;
  doi: string | null;
  /** As printed, e.g. `260–266`. */
  pages: string | null;
  abstract: string | null;
  /** The abstract as Anthology markup (what the Anthology's BibTeX prints, LaTeX-encoded). */
  abstractMarkup: string | null;
  language: string | null;
}

const ANTHOLOGY = 'https://aclanthology.org';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `September`, `Sept.`, `9`, `August-September` (first month wins) → 9; anything else → null. */
export function monthNumber(month: string | null | undefined): number | null {
  if (!month) return null;
  const text = month.trim().toLowerCase();
  const numeric = /^(\d{1,2})\b/.exec(text);
  if (numeric) {
    const n = Number(numeric[1]);
    return n >= 1 && n <= 12 ? n : null;
  }
  const i = MONTHS.indexOf(text.slice(0, 3));
  return i >= 0 ? i + 1 : null;
}

/** The bare BibTeX month macro (`sep`) of a month number. */
export const monthMacro = (month: number) => MONTHS[month - 1]!;

/** "Transactions of the ACL, Volume 5" → journal, volume; "…, Volume 43, Issue 1 - April 2017" → and number. */
export function parseJournalTitle(title: string): { journal: string; volume: string | null; number: string | null } {
  const volume = /\bVolume\s+(\d+)/i.exec(title);
  const number = /\b(?:Issue|Number)\s+(\d+)/i.exec(title);
  const cut = /,?\s*\b(?:Volume|Issue|Number)\s+\d+/i.exec(title);
  const journal = (cut ? title.slice(0, cut.index) : title).trim();
  return { journal, volume: volume ? volume[1]! : null, number: number ? number[1]! : null };
}

export function citationRecord(
  paper: Paper,
  volume: Volume,
  authors: readonly Authorship[],
  editors: readonly Authorship[],
): CitationRecord {
  const isJournal = volume.type === 'journal';
  const journal = isJournal ? parseJournalTitle(volume.title) : null;
  const person = (a: Authorship): CitedPerson => ({ first: a.firstName, last: a.lastName });
  return {
    key: paper.bibkey ?? paper.anthologyId,
    anthologyId: paper.anthologyId,
    kind: paper.isFrontmatter ? 'proceedings' : isJournal ? 'article' : 'inproceedings',
    titleMarkup: paper.titleMarkup,
    title: paper.title || toPlainText(paper.titleMarkup),
    authors: authors.filter((a) => a.role === 'AUTHOR').map(person),
    editors: editors.filter((a) => a.role === 'EDITOR').map(person),
    containerMarkup: volume.titleMarkup,
    container: volume.title,
    journal: journal?.journal ?? null,
    journalVolume: journal?.volume ?? null,
    journalNumber: journal?.number ?? null,
    year: paper.year,
    month: monthNumber(paper.month ?? volume.month),
    address: volume.address,
    publisher: volume.publisher,
    url: `${ANTHOLOGY}/${paper.anthologyId}/`,
    doi: paper.doi,
    pages: paper.pages,
    abstract: paper.abstract,
    abstractMarkup: paper.abstractMarkup,
    language: paper.language,
  };
}

/** `260–266` → [`260`, `266`]; a single page → [`12`, null]. */
export function pageRange(pages: string | null): [string, string | null] | null {
  if (!pages) return null;
  const parts = pages.split(/\s*(?:–|—|-{1,3})\s*/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  return [parts[0]!, parts.length > 1 ? parts[parts.length - 1]! : null];
}
