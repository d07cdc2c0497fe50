// Per-request loaders for paged lists (a person's papers, co-authors). Simple
// by-id loaders are declared on their fields with the Pothos dataloader plugin
// (t.loadable…); these need one DataLoader per distinct set of arguments.
import DataLoader from 'dataloader';
import { type AuthorSummary, loadAuthorSummaries } from './authors.js';
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
    entities: {
      author: new DataLoader<AuthorKey, Author | null, string>((keys) => loadAuthorEntities(db, keys), { cacheKeyFn: entityCacheKey }),
      paper: new DataLoader<PaperKey, Paper | null, string>((keys) => loadPaperEntities(db, keys), { cacheKeyFn: entityCacheKey }),
      venue: new DataLoader((slugs) => loadVenueEntities(db, slugs)),
      volume: new DataLoader((ids) => loadVolumeEntities(db, ids)),
    },
  };
}
