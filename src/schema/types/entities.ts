// Apollo Federation: Author, Paper, Venue and Volume are entities other subgraphs may
// extend or return, keyed by `id` (the Relay global id, "Type:publicKey" in base64), by the
// unique public key other graphs hold (slug, anthology id), by the other sources' keys
// (Paper: openalexId, dblpKey; Author: dblpPid, openalexId) and by the DOI and the ORCID
// where unique: a Paper representation `{ doi }` resolves only when exactly one paper carries
// that DOI (the Anthology prints some DOIs on two papers: 10.18653/v1/W18-6481 on W18-6481 and
// W18-6482), an Author `{ orcid }` only when exactly one person has it as their ORCID (the
// Anthology prints some iDs with two people); otherwise null, as for a key nobody has. A
// malformed key (not a DOI, an ORCID with a wrong check digit, not a string) is null too.
// Every representation goes through a per-request DataLoader (src/loaders/entities.ts), so
// `_entities` runs one statement per entity type and key kind however many representations
// it gets.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { entityKeyOf } from '../lookup-keys.js';
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

/** A representation's value of `field`, when it has a string there. */
function given(ref: object, field: string): string | null {
  const value = (ref as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

builder.asEntity(Author, {
  key: [
    builder.selection<{ id: string }>('id'),
    builder.selection<{ slug: string }>('slug'),
    builder.selection<{ orcid: string }>('orcid'),
    builder.selection<{ dblpPid: string }>('dblpPid'),
    builder.selection<{ openalexId: string }>('openalexId'),
  ],
  resolveReference: (ref, ctx) => {
    const loaders = ctx.loaders.entities;
    if ('slug' in ref || 'id' in ref) {
      const slug = 'slug' in ref ? ref.slug : publicKeyOf(ref.id, 'Author');
      return slug ? loaders.author.load(slug) : null;
    }
    const [field, loader] =
      'orcid' in ref
        ? (['orcid', loaders.authorByOrcid] as const)
        : 'dblpPid' in ref
          ? (['dblpPid', loaders.authorByDblpPid] as const)
          : (['openalexId', loaders.authorByOpenalexId] as const);
    const key = entityKeyOf(field, given(ref, field), 'author');
    return key ? loader.load(key) : null;
  },
});

builder.asEntity(Paper, {
  key: [
    builder.selection<{ id: string }>('id'),
    builder.selection<{ anthologyId: string }>('anthologyId'),
    builder.selection<{ doi: string }>('doi'),
    builder.selection<{ openalexId: string }>('openalexId'),
    builder.selection<{ dblpKey: string }>('dblpKey'),
  ],
  resolveReference: (ref, ctx) => {
    const loaders = ctx.loaders.entities;
    if ('anthologyId' in ref || 'id' in ref) {
      const anthologyId = 'anthologyId' in ref ? ref.anthologyId : publicKeyOf(ref.id, 'Paper');
      return anthologyId ? loaders.paper.load(anthologyId) : null;
    }
    const [field, loader] =
      'doi' in ref
        ? (['doi', loaders.paperByDoi] as const)
        : 'openalexId' in ref
          ? (['openalexId', loaders.paperByOpenalexId] as const)
          : (['dblpKey', loaders.paperByDblpKey] as const);
    const key = entityKeyOf(field, given(ref, field), 'paper');
    return key ? loader.load(key) : null;
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
