// Source records: which sources describe a paper or a person, each by its own key
// (docs/import.md, "Several sources"), and the other sources' keys as fields (federation keys:
// entities.ts).
import { firstSourceKey } from '../../loaders/sources.js';
import { builder } from '../builder.js';
import { Author } from './author.js';
import { Paper } from './paper.js';

const SourceRecord = builder.objectRef<{ source: string; key: string; url: string | null }>('SourceRecord').implement({
  description: 'One source describing a paper or a person, by that source’s own key.',
  fields: (t) => ({
    source: t.exposeString('source', { description: '`acl-anthology`, `dblp` or `openalex`.' }),
    key: t.exposeString('key', {
      description:
        'The source’s key: an Anthology id or person slug; a dblp record key (`conf/acl/X20`) or person id (`homepages/12/3456`), or for a person dblp names without a person record, the name; an OpenAlex work or author id (`W2100301546`, `A5035075703`).',
    }),
    url: t.exposeString('url', { nullable: true, description: 'The source’s page for it, when there is one.' }),
  }),
});

builder.objectFields(Paper, (t) => ({
  sources: t.field({
    type: [SourceRecord],
    description: 'The sources describing this paper, the Anthology first.',
    resolve: (p, _args, ctx) => ctx.loaders.paperSources.load(p.id),
  }),
  openalexId: t.string({
    nullable: true,
    description:
      'The OpenAlex work id describing this paper (`W2100301546`; the first in key order when several works were folded into it: each resolves to this paper), or null.',
    resolve: async (p, _args, ctx) => firstSourceKey(await ctx.loaders.paperSources.load(p.id), 'openalex'),
  }),
  dblpKey: t.string({
    nullable: true,
    description: 'The dblp record key describing this paper (`conf/inlg/DusekK20`; the first when several), or null.',
    resolve: async (p, _args, ctx) => firstSourceKey(await ctx.loaders.paperSources.load(p.id), 'dblp'),
  }),
}));

builder.objectFields(Author, (t) => ({
  sources: t.field({
    type: [SourceRecord],
    description: 'The sources naming this person, the Anthology first.',
    resolve: (a, _args, ctx) => ctx.loaders.authorSources.load(a.id),
  }),
  dblpPid: t.string({
    nullable: true,
    description:
      'The dblp person record of this person (`homepages/12/3456`, as `AuthorBy.dblpPid` takes it; the first when several), or null (also for a name dblp lists without a person record).',
    resolve: async (a, _args, ctx) => firstSourceKey(await ctx.loaders.authorSources.load(a.id), 'dblp', 'homepages/'),
  }),
  openalexId: t.string({
    nullable: true,
    description:
      'An OpenAlex author id of this person (`A5035075703`; the first in key order when OpenAlex has several for one ORCID: each resolves to this person), or null.',
    resolve: async (a, _args, ctx) => firstSourceKey(await ctx.loaders.authorSources.load(a.id), 'openalex'),
  }),
}));
