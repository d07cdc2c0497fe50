// name_variants.yaml, venues/*.yaml and sigs/*.yaml.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { ImportError } from './errors.js';
import { decodeUtf8 } from './read-text.js';

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

async function readYaml(file: string, display: string): Promise<unknown> {
  let text: string;
  try {
    text = decodeUtf8(await readFile(file), display);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${display}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, display);
  }
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

export async function loadNameVariants(file: string, display: string): Promise<YamlPerson[]> {
  const doc = await readYaml(file, display);
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

export async function loadVenues(dir: string, display: string): Promise<VenueYaml[]> {
  const out: VenueYaml[] = [];
  for (const f of await yamlFiles(dir)) {
    const d = (await readYaml(path.join(dir, f), `${display}/${f}`)) as Record<string, unknown> | null;
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

export async function loadSigs(dir: string, display: string): Promise<SigYaml[]> {
  const out: SigYaml[] = [];
  for (const f of await yamlFiles(dir)) {
    const d = (await readYaml(path.join(dir, f), `${display}/${f}`)) as Record<string, unknown> | null;
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
