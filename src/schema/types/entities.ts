// Apollo Federation: Author, Paper, Venue and Volume are entities other subgraphs may
// extend or return, keyed by `id` (the Relay global id, "Type:publicKey" in base64)
// and by the unique public key other graphs hold (slug, anthology id). An entity key
// must name one entity: ORCID and DOI are no keys, as a person may carry several ORCIDs
// and one ORCID may be on several people, and the Anthology prints some DOIs on two
// papers (10.18653/v1/W18-6481 on W18-6481 and W18-6482). Every representation goes
// through a per-request DataLoader (src/loaders/entities.ts), so `_entities` runs one
// statement per entity type however many representations it gets.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { Author } from './author.js';
import { Paper } from './paper.js';
import { Venue } from './venue.js';
import { Volume } from './volume.js';

/** The public key inside a global id of `typename`, or null for another type or garbage. */
function publicKeyOf(globalId: string, typename: string): string | null {
  try {
    const { typename: found, id } = decodeGlobalID(globalId);
    return found === typename && id !== '' ? id : null;
  } catch {
    return null;
  }
}

builder.asEntity(Author, {
  key: [builder.selection<{ id: string }>('id'), builder.selection<{ slug: string }>('slug')],
  resolveReference: (ref, ctx) => {
    const slug = 'slug' in ref ? ref.slug : publicKeyOf(ref.id, 'Author');
    return slug ? ctx.loaders.entities.author.load(slug) : null;
  },
});

builder.asEntity(Paper, {
  key: [builder.selection<{ id: string }>('id'), builder.selection<{ anthologyId: string }>('anthologyId')],
  resolveReference: (ref, ctx) => {
    const anthologyId = 'anthologyId' in ref ? ref.anthologyId : publicKeyOf(ref.id, 'Paper');
    return anthologyId ? ctx.loaders.entities.paper.load(anthologyId) : null;
  },
});

builder.asEntity(Venue, {
  key: [builder.selection<{ id: string }>('id'), builder.selection<{ slug: string }>('slug')],
  resolveReference: (ref, ctx) => {
    const slug = 'slug' in ref ? ref.slug : publicKeyOf(ref.id, 'Venue');
    return slug ? ctx.loaders.entities.venue.load(slug) : null;
  },
});

builder.asEntity(Volume, {
  key: [builder.selection<{ id: string }>('id'), builder.selection<{ anthologyId: string }>('anthologyId')],
  resolveReference: (ref, ctx) => {
    const anthologyId = 'anthologyId' in ref ? ref.anthologyId : publicKeyOf(ref.id, 'Volume');
    return anthologyId ? ctx.loaders.entities.volume.load(anthologyId) : null;
  },
});
