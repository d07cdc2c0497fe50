// The sources the graph is built from, as a filter names them (issue 16 part 6): `sources:` on
// PaperFilter, AuthorFilter and `search` (src/loaders/source-filter.ts).
import type { SourceName } from '../../loaders/source-filter.js';
import { builder } from '../builder.js';

export const DataSource = builder.enumType('DataSource', {
  description:
    'A source of the graph, as `SourceRecord.source` names it. A filter `sources: [...]` keeps the papers or people one of them describes (a paper the Anthology and DBLP both have is found with either).',
  values: {
    ACL_ANTHOLOGY: { value: 'acl-anthology' as SourceName, description: 'The ACL Anthology (`acl-anthology`): its own papers and people.' },
    DBLP: { value: 'dblp' as SourceName, description: 'dblp (`dblp`): its own rows and those its records were folded into.' },
    OPENALEX: {
      value: 'openalex' as SourceName,
      description: 'OpenAlex (`openalex`): its own rows and those its works and authors were folded into.',
    },
  } as const,
});
