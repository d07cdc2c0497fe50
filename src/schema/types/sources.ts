// Source records: which sources describe a paper or a person, each by its own key
// (docs/import.md, "Several sources").
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
}));

builder.objectFields(Author, (t) => ({
  sources: t.field({
    type: [SourceRecord],
    description: 'The sources naming this person, the Anthology first.',
    resolve: (a, _args, ctx) => ctx.loaders.authorSources.load(a.id),
  }),
}));
