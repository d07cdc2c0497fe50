// name_variants.yaml (until 2025) or people.yaml (since 2026), venues/*.yaml and sigs/*.yaml.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import jsYaml from 'js-yaml';
import { parse, YAMLParseError } from 'yaml';
import { ImportError } from './errors.js';
import { decodeUtf8, type ReadRecorder } from './read-text.js';

export interface YamlName {
  first: string;
  last: string;
}

export interface YamlPerson {
  id?: string;
  canonical: YamlName;
  variants: YamlName[];
  similar: string[];
  orcid?: string;
  comment?: string;
  institution?: string;
  degree?: string;
  /** 1-based index of the entry, for error messages. */
  index: number;
}

export interface VenueYaml {
  slug: string;
  acronym: string;
  name: string;
  isAcl: boolean;
  isToplevel: boolean;
  oldstyleLetter?: string;
  url?: string;
}

export interface SigYaml {
  slug: string;
  acronym: string;
  name: string;
  url?: string;
  /** Volume anthology ids listed under Meetings. */
  volumes: string[];
}

async function readYaml(file: string, display: string, record?: ReadRecorder): Promise<unknown> {
  let text: string;
  try {
    const bytes = await readFile(file);
    record?.(display, bytes);
    text = decodeUtf8(bytes, display);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${display}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, display);
  }
  return readYamlText(text, display);
}

function readYamlText(text: string, display: string): unknown {
  try {
    // strict: false, like PyYAML (the Anthology's own reader), accepts `'…'# comment`.
    return parse(text, { strict: false });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const line = err.linePos?.[0]?.line;
      throw ImportError.at(display, line, undefined, `malformed YAML: ${err.message.split('\n')[0]}`);
    }
    throw err;
  }
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v).trim());

function toName(v: unknown, display: string, index: number): YamlName {
  if (!v || typeof v !== 'object') throw new ImportError(`${display}: entry ${index}: a name is not a {first, last} mapping`, display);
  const o = v as Record<string, unknown>;
  const last = str(o.last);
  if (!last) throw new ImportError(`${display}: entry ${index}: a name has no last name`, display);
  return { first: str(o.first) ?? '', last };
}

export async function loadNameVariants(file: string, display: string, record?: ReadRecorder): Promise<YamlPerson[]> {
  const doc = await readYaml(file, display, record);
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new ImportError(`${display}: expected a list of people`, display);
  return doc.map((entry: Record<string, unknown>, i) => {
    const index = i + 1;
    const variants = Array.isArray(entry.variants) ? entry.variants.map((v) => toName(v, display, index)) : [];
    return {
      id: str(entry.id),
      canonical: toName(entry.canonical, display, index),
      variants,
      similar: Array.isArray(entry.similar) ? entry.similar.map(String) : [],
      orcid: str(entry.orcid),
      comment: str(entry.comment),
      institution: str(entry.institution),
      degree: str(entry.degree),
      index,
    };
  });
}

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
}

export async function loadVenues(dir: string, display: string, record?: ReadRecorder): Promise<VenueYaml[]> {
  const out: VenueYaml[] = [];
  for (const f of await yamlFiles(dir)) {
    const d = (await readYaml(path.join(dir, f), `${display}/${f}`, record)) as Record<string, unknown> | null;
    const slug = f.slice(0, -'.yaml'.length);
    if (!d || typeof d !== 'object') throw new ImportError(`${display}/${f}: not a mapping`);
    out.push({
      slug,
      acronym: str(d.acronym) ?? slug,
      name: str(d.name) ?? str(d.acronym) ?? slug,
      isAcl: d.is_acl === true,
      isToplevel: d.is_toplevel === true,
      oldstyleLetter: str(d.oldstyle_letter),
      url: str(d.url),
    });
  }
  return out;
}

export async function loadSigs(dir: string, display: string, record?: ReadRecorder): Promise<SigYaml[]> {
  const out: SigYaml[] = [];
  for (const f of await yamlFiles(dir)) {
    const d = (await readYaml(path.join(dir, f), `${display}/${f}`, record)) as Record<string, unknown> | null;
    if (!d || typeof d !== 'object') throw new ImportError(`${display}/${f}: not a mapping`);
    const slug = f.slice(0, -'.yaml'.length);
    const volumes: string[] = [];
    for (const meeting of Array.isArray(d.Meetings) ? d.Meetings : []) {
      if (!meeting || typeof meeting !== 'object') continue;
      for (const list of Object.values(meeting as Record<string, unknown>)) {
        if (!Array.isArray(list)) continue;
        for (const item of list) if (typeof item === 'string') volumes.push(item.trim());
      }
    }
    out.push({ slug, acronym: str(d.ShortName) ?? slug, name: str(d.Name) ?? slug, url: str(d.URL), volumes });
  }
  return out;
}

/** One entry of people.yaml (the 2026 author system): a verified person. */
export interface VerifiedPerson {
  id: string;
  /** The first is canonical. */
  names: YamlName[];
  orcid?: string;
  degree?: string;
  comment?: string;
  similar: string[];
  disableNameMatching: boolean;
  /** Line of the entry's key in people.yaml, for error messages. */
  line: number;
}

// The library's RE_VERIFIED_PERSON_ID and RE_ORCID (python/acl_anthology/constants.py).
export const VERIFIED_PERSON_ID = /^[a-z][-a-z0-9]+$/;
export const ORCID = /^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$/;
const PEOPLE_KEYS = new Set(['names', 'orcid', 'degree', 'comment', 'similar', 'disable_name_matching']);

/**
 * yaml/people.yaml, as PersonIndex._load_people_index reads it
 * (python/acl_anthology/people/index.py): a mapping from person id to its entry. A malformed
 * id, an entry without names, an ORCID used twice are errors there and here; unknown keys
 * are a warning there and here.
 */
export async function loadPeopleYaml(
  file: string,
  display: string,
  warn: (line: string) => void,
  record?: ReadRecorder,
): Promise<VerifiedPerson[]> {
  let text: string;
  try {
    const bytes = await readFile(file);
    record?.(display, bytes);
    text = bytes.toString('utf8');
  } catch (err) {
    throw new ImportError(`${display}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, display);
  }
  // js-yaml, not `yaml`: 2 MB of people.yaml parse in about 1 s instead of 15–60 s (measured on
  // this machine under load). people.yaml is written by PyYAML's dumper, plain YAML that both
  // read alike (identical trees); a duplicated key is an error in both.
  let doc: unknown;
  try {
    doc = jsYaml.load(text, { filename: display });
  } catch (err) {
    if (err instanceof jsYaml.YAMLException) {
      throw ImportError.at(display, err.mark ? err.mark.line + 1 : undefined, undefined, `malformed YAML: ${err.reason}`);
    }
    throw err;
  }
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw ImportError.at(display, 1, undefined, 'expected a mapping from person id to entry');
  // Lines of the top-level keys (entries start at column 0), for the messages below.
  const lines = new Map<string, number>();
  let lineNo = 0;
  for (const l of text.split('\n')) {
    lineNo++;
    const m = /^([^\s#'"][^:]*):/.exec(l);
    if (m) lines.set(m[1]!, lineNo);
  }
  const out: VerifiedPerson[] = [];
  const byOrcid = new Map<string, string>();
  for (const [id, value] of Object.entries(doc as Record<string, unknown>)) {
    const line = lines.get(id);
    const fail = (what: string): never => {
      throw ImportError.at(display, line, undefined, `person "${id}": ${what}`);
    };
    if (!VERIFIED_PERSON_ID.test(id)) fail('not a valid person id (lowercase letters, digits and hyphens, starting with a letter)');
    if (!value || typeof value !== 'object' || Array.isArray(value)) fail('the entry is not a mapping');
    const entry = value as Record<string, unknown>;
    if (!Array.isArray(entry.names) || entry.names.length === 0) fail('has no names');
    const names = (entry.names as unknown[]).map((n) => {
      if (!n || typeof n !== 'object') fail('a name is not a {first, last} mapping');
      const o = n as Record<string, unknown>;
      const last = str(o.last);
      if (!last) fail('a name has no last name');
      return { first: str(o.first) ?? '', last: last! };
    });
    const orcid = str(entry.orcid);
    if (orcid !== undefined) {
      if (!ORCID.test(orcid)) fail(`"${orcid}" is not an ORCID`);
      const other = byOrcid.get(orcid);
      if (other !== undefined) fail(`ORCID ${orcid} is already assigned to person "${other}" (ORCIDs are unique)`);
      byOrcid.set(orcid, id);
    }
    const unknown = Object.keys(entry).filter((k) => !PEOPLE_KEYS.has(k));
    if (unknown.length) warn(`warning: ${display}:${line}: entry "${id}" has unknown keys: ${unknown.join(', ')}`);
    out.push({
      id,
      names,
      orcid,
      degree: str(entry.degree),
      comment: str(entry.comment),
      similar: Array.isArray(entry.similar) ? entry.similar.map(String) : [],
      disableNameMatching: entry.disable_name_matching === true,
      line: line ?? 1,
    });
  }
  return out;
}
