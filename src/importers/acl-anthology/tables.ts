// The tables an import writes, each described once: its columns come from the Prisma datamodel
// (prisma/schema.prisma, in its order; src/db/datamodel.ts), and so do the cells of a row,
// taken from the importer's row by field name. Only a foreign key needs saying: the staging
// tables of the merge hold the public key it points to (a volume's collection slug), and the
// bulk load the id assigned to it.
import { type ModelName, scalarFields, snake } from '../../db/datamodel.js';
import type { Cell } from './copy.js';

export interface Table {
  /** The live table. */
  name: string;
  /** Its columns but `id`, in the datamodel's order: the order of every COPY and merge. */
  columns: string[];
  /** The merge's staging table (s_<name>): the same columns, a foreign key as its public key's text. */
  staging: string;
  stagingColumns: string[];
  /** Field of each column, for encoders. */
  fields: string[];
}

function table(model: ModelName, stagedAs: Record<string, string> = {}, except: string[] = []): Table {
  const fields = scalarFields(model, ['id', ...except]);
  const columns = fields.map(snake);
  return {
    name: snake(model),
    columns,
    staging: `s_${snake(model)}`,
    stagingColumns: columns.map((c) => stagedAs[c] ?? c),
    fields,
  };
}

export const TABLES = {
  venue: table('Venue'),
  sig: table('Sig'),
  collection: table('Collection'),
  volume: table('Volume', { collection_id: 'collection' }),
  paper: table('Paper', { volume_id: 'volume' }),
  // created_by_correction_id: people a split created (curation), never imported.
  author: table('Author', {}, ['createdByCorrectionId']),
  // hidden: a curator's HIDE_NAME_VARIANT (replayed after an import), never imported.
  authorName: table('AuthorName', { author_id: 'slug' }, ['hidden']),
  similarAuthor: table('SimilarAuthor', { author_id: 'a', similar_id: 'b' }),
  authorship: table('Authorship', { paper_id: 'paper', volume_id: 'volume', author_id: 'author' }),
  volumeVenue: table('VolumeVenue', { volume_id: 'volume', venue_id: 'venue' }),
  volumeSig: table('VolumeSig', { volume_id: 'volume', sig_id: 'sig' }),
  event: table('Event'),
  eventVolume: table('EventVolume', { event_id: 'event', volume_id: 'volume' }),
  importSource: table('ImportSource'),
  importPerson: table('ImportPerson'),
} as const;

/** `a, b, c`, or `s.a, s.b, s.c` with an alias. */
export const list = (columns: readonly string[], alias?: string) => columns.map((c) => (alias ? `${alias}.${c}` : c)).join(', ');

/** COPY <table> (<id, >columns) FROM STDIN; `extra` columns after them (paper's search_vector). */
export function copyInto(t: Table, { id = false, extra = [] }: { id?: boolean; extra?: string[] } = {}): string {
  return `COPY ${t.name} (${list([...(id ? ['id'] : []), ...t.columns, ...extra])}) FROM STDIN`;
}

/** COPY into the table's staging table. */
export const copyIntoStaging = (t: Table) => `COPY ${t.staging} (${list(t.stagingColumns)}) FROM STDIN`;

/**
 * The staging table, empty, with the live table's column types (and collations: a paper's
 * sort_key sorts in "C"), each foreign key as text. Dropped at COMMIT.
 */
export function createStaging(t: Table): string {
  const select = t.columns.map((c, i) => (t.stagingColumns[i] === c ? c : `NULL::text AS ${t.stagingColumns[i]}`));
  return `CREATE TEMP TABLE ${t.staging} ON COMMIT DROP AS SELECT ${select.join(', ')} FROM ${t.name} WITH NO DATA`;
}

/**
 * The cells of a row in the table's column order: each field read from the row by name, but
 * those given in `computed` (foreign keys, names taken apart, …), which may also read what the
 * caller passes beside the row (`extra`: ids assigned by the bulk load).
 */
export function encoder<R, X = never>(
  t: Table,
  computed: Record<string, (row: R, extra: X) => Cell> = {},
): (row: R, ...extra: [X] extends [never] ? [] : [X]) => Cell[] {
  const getters = t.fields.map((field) => computed[field] ?? ((row: R) => (row as Record<string, Cell>)[field]));
  return (row, ...extra) => getters.map((get) => get(row, extra[0] as X));
}
