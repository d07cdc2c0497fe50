// RIS (Research Information Systems) tagged format: `TAG  - value` lines, ending `ER  - `. Pure.
import { type CitationRecord, type CitedPerson, pageRange } from './record.js';

const person = (p: CitedPerson) => (p.first ? `${p.last}, ${p.first}` : p.last);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function formatRis(r: CitationRecord): string {
  const lines: string[] = [];
  const add = (tag: string, value: string | null | undefined) => {
    if (value != null && value !== '') lines.push(`${tag}  - ${oneLine(value)}`);
  };
  add('TY', r.kind === 'article' ? 'JOUR' : r.kind === 'proceedings' ? 'CONF' : 'CPAPER');
  add('ID', r.key);
  add('TI', r.kind === 'proceedings' ? r.container : r.title);
  for (const a of r.authors) add('AU', person(a));
  for (const e of r.editors) add('ED', person(e));
  if (r.kind === 'article') {
    add('JO', r.journal ?? r.container);
    add('VL', r.journalVolume);
    add('IS', r.journalNumber);
  } else if (r.kind === 'inproceedings') {
    add('T2', r.container);
  }
  add('PY', String(r.year));
  add('DA', r.month != null ? `${r.year}/${String(r.month).padStart(2, '0')}` : null);
  add('CY', r.address);
  add('PB', r.publisher);
  const range = pageRange(r.pages);
  if (range) {
    add('SP', range[0]);
    add('EP', range[1]);
  }
  add('DO', r.doi);
  add('UR', r.url);
  add('LA', r.language);
  lines.push('ER  - ');
  return lines.join('\n');
}
