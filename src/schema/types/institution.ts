// Institutions as OpenAlex names them on authorships (docs/import.md, "Import OpenAlex"): a
// person's institutions with years, an institution's people, a lookup by OpenAlex or ROR id.
import type { Institution as InstitutionRow } from '../../generated/prisma/client.js';
import { findInstitution, type InstitutionAuthor } from '../../loaders/institutions.js';
import { openalexIdOf } from '../../text/openalex-id.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { offsetWindow, pageToConnection, totalCountOf } from '../paging.js';
import { Author } from './author.js';

export const Institution = builder.objectRef<InstitutionRow>('Institution').implement({
  description: 'An institution OpenAlex names on authorships.',
  fields: (t) => ({
    openalexId: t.exposeString('openalexId', { description: 'OpenAlex’s id, e.g. `I1288051870`.' }),
    ror: t.exposeString('ror', { nullable: true, description: 'The ROR id as a URL, e.g. `https://ror.org/0438wbg98`.' }),
    name: t.exposeString('name'),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 country code, as OpenAlex gives it.' }),
  }),
});

const AuthorInstitution = builder
  .objectRef<{ institution: InstitutionRow; firstYear: number; lastYear: number; paperCount: number }>('AuthorInstitution')
  .implement({
    description: 'An institution printed with the person’s name on their papers, and those papers’ years.',
    fields: (t) => ({
      institution: t.field({ type: Institution, resolve: (a) => a.institution }),
      firstYear: t.exposeInt('firstYear'),
      lastYear: t.exposeInt('lastYear'),
      paperCount: t.exposeInt('paperCount'),
    }),
  });

builder.objectFields(Author, (t) => ({
  institutions: t.field({
    type: [AuthorInstitution],
    description: 'Institutions printed with the person’s name (OpenAlex’s authorships), the latest first.',
    resolve: (a, _args, ctx) => ctx.loaders.authorInstitutions.load(a.id),
  }),
}));

builder.objectFields(Institution, (t) => ({
  authors: t.connection(
    {
      type: Author,
      description: 'People whose papers print this institution with their name: most papers first.',
      resolve: async (institution, args, ctx) => {
        const window = offsetWindow(args);
        const page = await ctx.loaders.pages.institutionAuthors(window).load(institution.id);
        return pageToConnection(window, page, (m: InstitutionAuthor) => ({
          node: m.author,
          firstYear: m.firstYear,
          lastYear: m.lastYear,
          paperCount: m.paperCount,
        }));
      },
    },
    { name: 'InstitutionAuthorsConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => totalCountOf(p) }) }) },
    {
      name: 'InstitutionAuthorEdge',
      fields: (e) => {
        const of = (edge: object) => edge as InstitutionAuthor;
        return {
          firstYear: e.int({ resolve: (edge) => of(edge).firstYear }),
          lastYear: e.int({ resolve: (edge) => of(edge).lastYear }),
          paperCount: e.int({ resolve: (edge) => of(edge).paperCount }),
        };
      },
    },
  ),
}));

const InstitutionBy = builder.inputType('InstitutionBy', {
  isOneOf: true,
  description: 'One key of an institution: exactly one of these.',
  fields: (t) => ({
    openalexId: t.string({ description: 'OpenAlex’s id, `I1288051870` or `https://openalex.org/I1288051870`.' }),
    ror: t.string({ description: 'A ROR id, `0438wbg98` or `https://ror.org/0438wbg98`.' }),
  }),
});

/** ROR ids: `0`, six characters of Crockford base32, two check digits (https://ror.readme.io/docs/identifier). */
const ROR = /^(?:https?:\/\/ror\.org\/)?(0[0-9a-hjkmnp-tv-z]{6}[0-9]{2})$/i;

builder.queryFields((t) => ({
  institution: t.field({
    type: Institution,
    nullable: true,
    description: 'An institution by OpenAlex id or ROR id; null when none has it.',
    args: { by: t.arg({ type: InstitutionBy, required: true }) },
    resolve: (_root, { by }, ctx) => {
      if (by.ror != null) {
        const id = ROR.exec(by.ror.trim())?.[1];
        if (!id) throw badInput(`"${by.ror}" is not a ROR id (expected 0xxxxxx00 or https://ror.org/0xxxxxx00).`, 'by.ror');
        return findInstitution(ctx.db.pool, { kind: 'ror', value: `https://ror.org/${id.toLowerCase()}` });
      }
      const id = openalexIdOf(by.openalexId ?? '', 'I');
      if (!id) throw badInput(`"${by.openalexId}" is not an OpenAlex institution id (expected I123…).`, 'by.openalexId');
      return findInstitution(ctx.db.pool, { kind: 'openalexId', value: id });
    },
  }),
}));
