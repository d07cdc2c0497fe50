// Per-request loaders for paged lists (a person's papers, co-authors). Simple
// by-id loaders are declared on their fields with the Pothos dataloader plugin
// (t.loadable…); these need one DataLoader per distinct set of arguments.
import DataLoader from 'dataloader';
import { type AuthorSummary, loadAuthorSummaries } from './authors.js';
import {
  loadVenueStats,
  loadVenueTopAuthors,
  loadVenueVolumes,
  loadVolumePapers,
  type VenueAuthor,
  type VenueStats,
} from './browsing.js';
import { type Coauthor, loadCoauthors } from './coauthors.js';
import {
  type AuthorKey,
  entityCacheKey,
  loadAuthorEntities,
  loadPaperEntities,
  loadVenueEntities,
  loadVolumeEntities,
  type PaperKey,
} from './entities.js';
import { type Page, type PageKey, type PaperFilter, pageKey } from './paging.js';
import { loadAuthorPapers } from './papers.js';
import type { Queryable } from './sql.js';
import type { Author, Paper, Venue, Volume } from '../generated/prisma/client.js';

export interface Loaders {
  authorPapers(filter: PaperFilter): DataLoader<PageKey, Page<Paper>, string>;
  coauthors: DataLoader<PageKey, Page<Coauthor>, string>;
  /** Paper count, latest affiliation and active years: one statement for all people asked. */
  authorSummary: DataLoader<number, AuthorSummary>;
  /** A venue's paper count, volume count and years: one statement for all venues asked. */
  venueStats: DataLoader<number, VenueStats>;
  /** A venue's volumes (optionally of one year): one loader per year asked. */
  venueVolumes(year: number | null): DataLoader<number, Volume[]>;
  /** A venue's `first` most frequent authors: one loader per `first`. */
  venueTopAuthors(first: number): DataLoader<number, VenueAuthor[]>;
  /** A volume's papers in order, with or without frontmatter. */
  volumePapers(includeFrontmatter: boolean): DataLoader<number, Paper[]>;
  /** Federation `_entities`: one loader (so one statement) per entity type, whatever the key. */
  entities: {
    author: DataLoader<AuthorKey, Author | null, string>;
    paper: DataLoader<PaperKey, Paper | null, string>;
    venue: DataLoader<string, Venue | null>;
    volume: DataLoader<string, Volume | null>;
  };
}

export function createLoaders(db: Queryable): Loaders {
  const papersByFilter = new Map<string, DataLoader<PageKey, Page<Paper>, string>>();
  const venueVolumes = new Map<number | null, DataLoader<number, Volume[]>>();
  const venueTopAuthors = new Map<number, DataLoader<number, VenueAuthor[]>>();
  const volumePapers = new Map<boolean, DataLoader<number, Paper[]>>();
  return {
    authorPapers(filter) {
      const id = JSON.stringify([filter.year, filter.yearFrom, filter.yearTo, filter.venue]);
      let loader = papersByFilter.get(id);
      if (!loader) {
        loader = new DataLoader((keys) => loadAuthorPapers(db, keys, filter), { cacheKeyFn: pageKey });
        papersByFilter.set(id, loader);
      }
      return loader;
    },
    coauthors: new DataLoader((keys) => loadCoauthors(db, keys), { cacheKeyFn: pageKey }),
    authorSummary: new DataLoader((ids) => loadAuthorSummaries(db, ids)),
    venueStats: new DataLoader((ids) => loadVenueStats(db, ids)),
    venueVolumes: (year) => memo(venueVolumes, year, () => new DataLoader((ids) => loadVenueVolumes(db, ids, year))),
    venueTopAuthors: (first) =>
      memo(venueTopAuthors, first, () => new DataLoader((ids) => loadVenueTopAuthors(db, ids, first))),
    volumePapers: (all) => memo(volumePapers, all, () => new DataLoader((ids) => loadVolumePapers(db, ids, all))),
    entities: {
      author: new DataLoader<AuthorKey, Author | null, string>((keys) => loadAuthorEntities(db, keys), { cacheKeyFn: entityCacheKey }),
      paper: new DataLoader<PaperKey, Paper | null, string>((keys) => loadPaperEntities(db, keys), { cacheKeyFn: entityCacheKey }),
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
