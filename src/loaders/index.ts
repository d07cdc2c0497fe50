// The per-request loaders (`ctx.loaders`). Most are parts of the combined loader
// (combined.ts: every part asked in the same tick is one statement); the browsing and
// federation lists have DataLoaders of their own, one per distinct set of arguments.
import type { Queryable } from '../queryable.js';
import DataLoader from 'dataloader';
import {
  loadEditedVolumes,
  loadPapersByYear,
  loadVenueStats,
  loadVenueTopAuthors,
  loadVenueVolumes,
  loadVolumePapers,
  type VenueAuthor,
  type VenueStats,
  type YearCount,
} from './browsing.js';
import {
  loadEditedVolumePages,
  loadVenueTopAuthorPages,
  loadVenueVolumePages,
  loadVolumePaperPages,
  type PageWindow,
} from './browsing-pages.js';
import {
  type AuthorSummary,
  type AuthorVenue,
  type Coauthor,
  type CombinedLoader,
  createCombinedLoader,
  type PartKey,
} from './combined.js';
import {
  loadAuthorEntities,
  loadAuthorEntitiesByOrcid,
  loadAuthorEntitiesBySource,
  loadPaperEntities,
  loadPaperEntitiesByDoi,
  loadPaperEntitiesBySource,
  loadVenueEntities,
  loadVolumeEntities,
} from './entities.js';
import type { SortKey } from './keyset.js';
import type { Page, PageKey } from './paging.js';
import type { PaperFilter } from './paper-filter.js';
import { createPaperListLoader, type PaperListLoader } from './paper-list.js';
import { loadSources, type SourceRef } from './sources.js';
import {
  type AuthorCitations,
  loadAuthorCitations,
  loadCitedByPages,
  loadPaperCitations,
  loadReferencePages,
  type PaperCitations,
} from './citation-graph.js';
import { type AuthorInstitution, type InstitutionAuthor, loadAuthorInstitutions, loadInstitutionAuthorPages } from './institutions.js';
import { loadVolumeVenues } from './volumes.js';
import type { Author, Authorship, Paper, Venue, Volume } from '../generated/prisma/client.js';

/** A loader whose loads are parts of the combined loader (its cache and its batches). */
export interface PartLoader<K, V> {
  load(key: K): Promise<V>;
  loadMany(keys: readonly K[]): Promise<(V | Error)[]>;
}

/** A volume as the combined loader returns it: its venues embedded. */
export type VolumeWithVenues = Volume & { _venues?: Venue[] };
/** An authorship as the combined loader returns it: its person embedded. */
export type AuthorshipWithAuthor = Authorship & { _author?: Author };

export interface Loaders {
  /** Every part below asked in the same tick: one statement (see combined.ts). */
  combined: CombinedLoader;
  authorVariants: PartLoader<number, string[]>;
  authorHiddenVariants: PartLoader<number, string[]>;
  similarAuthors: PartLoader<number, Author[]>;
  authorVenues: PartLoader<number, AuthorVenue[]>;
  authorById: PartLoader<number, Author | null>;
  /** A paper's authors in printed order, each with its person (`_author`). */
  paperAuthorships: PartLoader<number, AuthorshipWithAuthor[]>;
  /** The same, brief: only the fields an authors line prints (combined.ts BRIEF_AUTHORSHIP_FIELDS). */
  paperAuthorshipsBrief: PartLoader<number, AuthorshipWithAuthor[]>;
  /** A volume by id, with its venues (`_venues`). */
  volumeById: PartLoader<number, VolumeWithVenues | null>;
  /** A volume's venues, for volumes loaded without them. */
  volumeVenues: DataLoader<number, Venue[]>;
  /** A volume's editors in printed order, each with its person (`_author`). */
  volumeEditors: PartLoader<number, AuthorshipWithAuthor[]>;
  /** Every paper a person authored (frontmatter excluded), newest first (their BibTeX file). */
  authoredPapers: PartLoader<number, Paper[]>;
  /** Volumes a person edited, newest year first. */
  editedVolumes: DataLoader<number, Volume[]>;
  /** A person's authored papers per year, newest first. */
  papersByYear: DataLoader<number, YearCount[]>;
  /** `withoutMarkup`: the papers without their markup fields (the selection asks for neither). */
  /** `order`: sort keys of the `authored` rows (year, sort_key), the unique sort key last; default newest first. */
  authorPapers(filter: PaperFilter, withoutMarkup?: boolean, order?: readonly SortKey[]): PartLoader<PageKey, Page<Paper>>;
  coauthors: PartLoader<PageKey, Page<Coauthor>>;
  /** Paper count, latest affiliation and active years: one statement for all people asked. */
  authorSummary: PartLoader<number, AuthorSummary>;
  /** A venue's paper count, volume count and years: one statement for all venues asked. */
  venueStats: DataLoader<number, VenueStats>;
  /** A venue's volumes (optionally of one year): one loader per year asked. */
  venueVolumes(year: number | null): DataLoader<number, Volume[]>;
  /** A venue's `first` most frequent authors: one loader per `first`. */
  venueTopAuthors(first: number): DataLoader<number, VenueAuthor[]>;
  /** A volume's papers in order, with or without frontmatter. */
  volumePapers(includeFrontmatter: boolean): DataLoader<number, Paper[]>;
  /** The root `papers` list: its page and total in one statement (see paper-list.ts). */
  paperList: PaperListLoader;
  /** Pages of the long browsing lists (browsing-pages.ts): one loader per set of arguments. */
  pages: {
    venueVolumes(year: number | null, window: PageWindow): DataLoader<number, Page<Volume>>;
    editedVolumes(window: PageWindow): DataLoader<number, Page<Volume>>;
    volumePapers(includeFrontmatter: boolean, filter: PaperFilter | null | undefined, window: PageWindow): DataLoader<number, Page<Paper>>;
    venueTopAuthors(window: PageWindow): DataLoader<number, Page<VenueAuthor>>;
    /** A paper's references in the graph, and the papers citing it (citation-graph.ts). */
    references(window: PageWindow): DataLoader<number, Page<Paper>>;
    citedBy(window: PageWindow): DataLoader<number, Page<Paper>>;
    /** An institution's people (institutions.ts). */
    institutionAuthors(window: PageWindow): DataLoader<number, Page<InstitutionAuthor>>;
  };
  /** A person's institutions (OpenAlex's authorships), with years. */
  authorInstitutions: DataLoader<number, AuthorInstitution[]>;
  /** A paper's citation counts and unresolved references; a person's citation count and h-index. */
  paperCitations: DataLoader<number, PaperCitations>;
  authorCitations: DataLoader<number, AuthorCitations>;
  /** The sources describing a paper or a person (source_record), each by its key. */
  paperSources: DataLoader<number, SourceRef[]>;
  authorSources: DataLoader<number, SourceRef[]>;
  /** Federation `_entities`: one loader (so one statement) per entity type and key (entities.ts). */
  entities: {
    author: DataLoader<string, Author | null>;
    authorByOrcid: DataLoader<string, Author | null>;
    authorByDblpPid: DataLoader<string, Author | null>;
    authorByOpenalexId: DataLoader<string, Author | null>;
    paper: DataLoader<string, Paper | null>;
    paperByDoi: DataLoader<string, Paper | null>;
    paperByDblpKey: DataLoader<string, Paper | null>;
    paperByOpenalexId: DataLoader<string, Paper | null>;
    venue: DataLoader<string, Venue | null>;
    volume: DataLoader<string, Volume | null>;
  };
}

export function createLoaders(db: Queryable): Loaders {
  const papersByFilter = new Map<string, PartLoader<PageKey, Page<Paper>>>();
  const venueVolumes = new Map<number | null, DataLoader<number, Volume[]>>();
  const venueTopAuthors = new Map<number, DataLoader<number, VenueAuthor[]>>();
  const volumePapers = new Map<boolean, DataLoader<number, Paper[]>>();
  /** Page loaders by list and arguments (JSON of both). */
  const pageLoaders = new Map<string, DataLoader<number, Page<never>>>();
  const paged = <T>(key: unknown[], load: (ids: readonly number[]) => Promise<Page<T>[]>) =>
    memo(pageLoaders, JSON.stringify(key), () => new DataLoader(load)) as unknown as DataLoader<number, Page<T>>;
  const combined = createCombinedLoader(db);
  /** Loads through the combined loader (so they share its statement and its cache). */
  const throughCombined = <K, V>(toPart: (key: K) => PartKey): PartLoader<K, V> => ({
    load: (key) => combined.load(toPart(key)) as Promise<V>,
    loadMany: (keys) => combined.loadMany(keys.map(toPart)) as Promise<(V | Error)[]>,
  });
  return {
    combined,
    authorVariants: throughCombined((id) => ({ part: 'variants', id })),
    authorHiddenVariants: throughCombined((id) => ({ part: 'hiddenVariants', id })),
    similarAuthors: throughCombined((id) => ({ part: 'similar', id })),
    authorVenues: throughCombined((id) => ({ part: 'venues', id })),
    authorById: throughCombined((id) => ({ part: 'author', id })),
    paperAuthorships: throughCombined((id) => ({ part: 'paperAuthorships', id })),
    paperAuthorshipsBrief: throughCombined((id) => ({ part: 'paperAuthorshipsBrief', id })),
    volumeById: throughCombined((id) => ({ part: 'volume', id })),
    volumeVenues: new DataLoader((ids) => loadVolumeVenues(db, ids)),
    volumeEditors: throughCombined((id) => ({ part: 'volumeEditors', id })),
    authoredPapers: throughCombined((id) => ({ part: 'authoredPapers', id })),
    editedVolumes: new DataLoader((ids) => loadEditedVolumes(db, ids)),
    papersByYear: new DataLoader((ids) => loadPapersByYear(db, ids)),
    authorPapers(filter, withoutMarkup = false, order) {
      const args = {
        year: filter.year,
        yearFrom: filter.yearFrom,
        yearTo: filter.yearTo,
        venue: filter.venue,
        volume: filter.volume,
        hasAbstract: filter.hasAbstract,
        retracted: filter.retracted,
        sources: filter.sources,
        withoutMarkup,
        order,
      };
      const id = JSON.stringify(args);
      let loader = papersByFilter.get(id);
      if (!loader) {
        loader = throughCombined((k: PageKey) => ({
          part: 'papers',
          id: k.parentId,
          args: { ...args, offset: k.offset, limit: k.limit },
          argsKey: `${id}:${k.offset}:${k.limit}`,
        }));
        papersByFilter.set(id, loader);
      }
      return loader;
    },
    coauthors: throughCombined((k: PageKey) => ({
      part: 'coauthors',
      id: k.parentId,
      args: { offset: k.offset, limit: k.limit },
      argsKey: `${k.offset}:${k.limit}`,
    })),
    authorSummary: throughCombined((id) => ({ part: 'summary', id })),
    venueStats: new DataLoader((ids) => loadVenueStats(db, ids)),
    venueVolumes: (year) => memo(venueVolumes, year, () => new DataLoader((ids) => loadVenueVolumes(db, ids, year))),
    venueTopAuthors: (first) => memo(venueTopAuthors, first, () => new DataLoader((ids) => loadVenueTopAuthors(db, ids, first))),
    volumePapers: (all) => memo(volumePapers, all, () => new DataLoader((ids) => loadVolumePapers(db, ids, all))),
    paperList: createPaperListLoader(db, combined),
    pages: {
      venueVolumes: (year, w) => paged(['venueVolumes', year, w.offset, w.limit], (ids) => loadVenueVolumePages(db, ids, year, w)),
      editedVolumes: (w) => paged(['editedVolumes', w.offset, w.limit], (ids) => loadEditedVolumePages(db, ids, w)),
      volumePapers: (all, filter, w) =>
        paged(['volumePapers', all, filter ?? null, w.offset, w.limit], (ids) => loadVolumePaperPages(db, ids, all, filter, w)),
      venueTopAuthors: (w) => paged(['venueTopAuthors', w.offset, w.limit], (ids) => loadVenueTopAuthorPages(db, ids, w)),
      references: (w) => paged(['references', w.offset, w.limit], (ids) => loadReferencePages(db, ids, w)),
      citedBy: (w) => paged(['citedBy', w.offset, w.limit], (ids) => loadCitedByPages(db, ids, w)),
      institutionAuthors: (w) => paged(['institutionAuthors', w.offset, w.limit], (ids) => loadInstitutionAuthorPages(db, ids, w)),
    },
    authorInstitutions: new DataLoader((ids) => loadAuthorInstitutions(db, ids)),
    paperCitations: new DataLoader((ids) => loadPaperCitations(db, ids)),
    authorCitations: new DataLoader((ids) => loadAuthorCitations(db, ids)),
    paperSources: new DataLoader((ids) => loadSources(db, 'paper', ids)),
    authorSources: new DataLoader((ids) => loadSources(db, 'author', ids)),
    entities: {
      author: new DataLoader((slugs) => loadAuthorEntities(db, slugs)),
      authorByOrcid: new DataLoader((orcids) => loadAuthorEntitiesByOrcid(db, orcids)),
      authorByDblpPid: new DataLoader((pids) => loadAuthorEntitiesBySource(db, 'dblpPid', pids)),
      authorByOpenalexId: new DataLoader((ids) => loadAuthorEntitiesBySource(db, 'openalexId', ids)),
      paper: new DataLoader((ids) => loadPaperEntities(db, ids)),
      paperByDoi: new DataLoader((dois) => loadPaperEntitiesByDoi(db, dois)),
      paperByDblpKey: new DataLoader((keys) => loadPaperEntitiesBySource(db, 'dblpKey', keys)),
      paperByOpenalexId: new DataLoader((ids) => loadPaperEntitiesBySource(db, 'openalexId', ids)),
      venue: new DataLoader((slugs) => loadVenueEntities(db, slugs)),
      volume: new DataLoader((ids) => loadVolumeEntities(db, ids)),
    },
  };
}

/** The loader for one set of arguments, made on first use (so equal arguments share a batch). */
function memo<K, L>(map: Map<K, L>, key: K, make: () => L): L {
  let loader = map.get(key);
  if (!loader) {
    loader = make();
    map.set(key, loader);
  }
  return loader;
}
