// The keys root lookups take, read from their arguments: a `by:` input (@oneOf, so
// graphql-js has already checked that exactly one key is set) or, for one release, the
// deprecated arguments it replaces. Keys come back normalized (slug forms, DOI resolver
// URLs) and checked (ORCID and DOI shapes); bad input is BAD_USER_INPUT naming the argument.
import type { AuthorKeyKind, PaperKeyKind } from '../loaders/lookups.js';
import { MAX_BATCH_KEYS } from '../loaders/lookups.js';
import { openalexIdOf } from '../text/openalex-id.js';
import { doiOf } from '../text/doi.js';
import { orcidOf } from '../text/orcid.js';
import { personSlugOf } from '../text/person-id.js';
import { badInput, UserError } from './errors.js';

type Given<K extends string> = Partial<Record<K, string | null | undefined>>;

/**
 * The one key of `by` or of the deprecated arguments (`legacy`), normalized. graphql-js
 * checks `by` alone (@oneOf); mixing it with an old argument, or giving none, is refused here.
 */
function oneKeyOf<K extends string>(by: Given<K> | null | undefined, legacy: Given<K>, kinds: readonly K[]) {
  const given = [by, legacy].flatMap((source) => kinds.flatMap((kind) => (source?.[kind] != null ? [{ kind, value: source[kind] }] : [])));
  if (given.length !== 1) {
    const names = kinds.map((k) => `"${k}"`).join(' or ');
    throw badInput(`Give exactly one key: \`by\` with one of ${names} (or, deprecated, ${names} alone).`, 'by');
  }
  return given[0]!;
}

/** The one list of a batch `by` input (@oneOf), at most MAX_BATCH_KEYS long. */
function batchOf<K extends string>(by: Partial<Record<K, readonly string[] | null | undefined>>, kinds: readonly K[]) {
  const given = kinds.filter((k) => by[k] != null);
  // @oneOf guarantees one; this keeps direct callers honest.
  if (given.length !== 1) throw badInput(`Give exactly one of ${kinds.map((k) => `"${k}"`).join(', ')}.`, 'by');
  const kind = given[0]!;
  const values = by[kind]!;
  if (values.length > MAX_BATCH_KEYS) {
    throw new UserError('BAD_USER_INPUT', `At most ${MAX_BATCH_KEYS} keys in one batch; got ${values.length}. Ask in smaller batches.`, {
      argument: `by.${kind}`,
      limit: MAX_BATCH_KEYS,
    });
  }
  return { kind, values };
}

const AUTHOR_KINDS = ['slug', 'orcid', 'dblpPid', 'openalexId'] as const;
const PAPER_KINDS = ['anthologyId', 'doi', 'dblpKey', 'openalexId'] as const;

/**
 * A dblp person id as dblp gives it: `homepages/…` (the person record's key), the pid alone
 * (`12/3456`) or its page, `https://dblp.org/pid/12/3456(.html)`; null when it is none.
 */
function dblpPidOf(value: string): string | null {
  const s = value
    .trim()
    .replace(/^https?:\/\/dblp\.org\/pid\//i, '')
    .replace(/\.html$/, '');
  const pid = s.startsWith('homepages/') ? s.slice('homepages/'.length) : s;
  return /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)+$/.test(pid) ? `homepages/${pid}` : null;
}

/** One key's normal form; `argument` names it in errors. */
function normalize(kind: AuthorKeyKind | PaperKeyKind, value: string, argument: string, entity: 'author' | 'paper'): string {
  switch (kind) {
    case 'openalexId': {
      const prefix = entity === 'author' ? 'A' : 'W';
      const id = openalexIdOf(value, prefix);
      if (id === null)
        throw badInput(
          `"${value}" is not an OpenAlex ${entity === 'author' ? 'author' : 'work'} id (expected ${prefix}123… or https://openalex.org/${prefix}123…).`,
          argument,
        );
      return id;
    }
    case 'slug':
      return personSlugOf(value);
    case 'orcid': {
      // The ORCID scalar's rule (the deprecated `orcid:` argument is a String).
      const orcid = orcidOf(value);
      if (orcid === null)
        throw badInput(`"${value}" is not an ORCID iD (expected 0000-0000-0000-000X, with a valid check digit).`, argument);
      return orcid;
    }
    case 'doi': {
      const doi = doiOf(value);
      if (doi === null) throw badInput(`"${value}" is not a DOI (expected 10.xxxx/…).`, argument);
      return doi;
    }
    case 'anthologyId':
    case 'dblpKey':
      return value;
    case 'dblpPid': {
      const pid = dblpPidOf(value);
      if (pid === null) throw badInput(`"${value}" is not a dblp person id (expected homepages/…, e.g. homepages/12/3456).`, argument);
      return pid;
    }
  }
}

/**
 * A federation representation's key in its normal form, or null when it is none (missing,
 * malformed): no entity has it, so `_entities` answers null for it, not an error.
 */
export function entityKeyOf(kind: AuthorKeyKind | PaperKeyKind, value: string | null, entity: 'author' | 'paper'): string | null {
  if (value === null) return null;
  try {
    return normalize(kind, value, kind, entity);
  } catch (error) {
    if (error instanceof UserError) return null;
    throw error;
  }
}

export function authorKeyOf(by: Given<AuthorKeyKind> | null | undefined, legacy: Given<AuthorKeyKind>) {
  const key = oneKeyOf(by, legacy, AUTHOR_KINDS);
  return { kind: key.kind, value: normalize(key.kind, key.value, by ? `by.${key.kind}` : key.kind, 'author') };
}

export function paperKeyOf(by: Given<PaperKeyKind> | null | undefined, legacy: Given<PaperKeyKind>) {
  const key = oneKeyOf(by, legacy, PAPER_KINDS);
  return { kind: key.kind, value: normalize(key.kind, key.value, by ? `by.${key.kind}` : key.kind, 'paper') };
}

const PLURAL = { slugs: 'slug', orcids: 'orcid', anthologyIds: 'anthologyId', dois: 'doi' } as const;

export function authorKeysOf(by: { slugs?: readonly string[] | null; orcids?: readonly string[] | null }) {
  const batch = batchOf(by, ['slugs', 'orcids'] as const);
  const kind = PLURAL[batch.kind];
  return { kind, values: batch.values.map((v, i) => normalize(kind, v, `by.${batch.kind}.${i}`, 'author')) };
}

export function paperKeysOf(by: { anthologyIds?: readonly string[] | null; dois?: readonly string[] | null }) {
  const batch = batchOf(by, ['anthologyIds', 'dois'] as const);
  const kind = PLURAL[batch.kind];
  return { kind, values: batch.values.map((v, i) => normalize(kind, v, `by.${batch.kind}.${i}`, 'paper')) };
}
