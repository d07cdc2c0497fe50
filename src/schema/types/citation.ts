// Citations of papers (BibTeX, RIS, CSL-JSON) and a person's BibTeX file. The
// formatting is pure (src/citations); here we gather each paper's authors, volume
// and editors through per-request DataLoaders, so a list of papers costs one
// statement for each of the three, whatever its length.
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { formatBibtex } from '../../citations/bibtex.js';
import { formatCslJson } from '../../citations/csl.js';
import { type CitationRecord, citationRecord } from '../../citations/record.js';
import { formatRis } from '../../citations/ris.js';
import type { Paper as PaperRow, Volume as VolumeRow } from '../../generated/prisma/client.js';
import type { Context } from '../../context.js';
import { loadAuthoredPapers } from '../../loaders/graph.js';
import { loadPaperAuthorships, loadVolumeEditors } from '../../loaders/papers.js';
import { loadVolumesById } from '../../loaders/volumes.js';
import { builder } from '../builder.js';
import { Author } from './author.js';
import { Paper } from './paper.js';

const citationLoaders = createContextCache((ctx: Context) => ({
  authorships: new DataLoader((ids: readonly number[]) => loadPaperAuthorships(ctx.db.pool, ids)),
  volumes: new DataLoader(async (ids: readonly number[]) =>
    (await loadVolumesById(ctx.db.pool, ids)).map((v, i): VolumeRow | Error => v ?? new Error(`volume ${ids[i]} is missing`)),
  ),
  editors: new DataLoader((ids: readonly number[]) => loadVolumeEditors(ctx.db.pool, ids)),
}));

async function recordOf(paper: PaperRow, ctx: Context): Promise<CitationRecord> {
  const loaders = citationLoaders(ctx);
  const [authors, volume, editors] = await Promise.all([
    loaders.authorships.load(paper.id),
    loaders.volumes.load(paper.volumeId),
    loaders.editors.load(paper.volumeId),
  ]);
  return citationRecord(paper, volume, authors, editors);
}

const CitationFormat = builder.enumType('CitationFormat', {
  description: 'A citation format.',
  values: {
    BIBTEX: { description: 'BibTeX, in the ACL Anthology’s style.' },
    RIS: { description: 'RIS tagged format.' },
    CSL_JSON: { description: 'One CSL-JSON item object, as a JSON string.' },
  } as const,
});

const FORMATTERS: Record<'BIBTEX' | 'RIS' | 'CSL_JSON', (r: CitationRecord) => string> = {
  BIBTEX: formatBibtex,
  RIS: formatRis,
  CSL_JSON: formatCslJson,
};

builder.objectFields(Paper, (t) => ({
  bibtex: t.string({
    description: 'The BibTeX entry, as the ACL Anthology formats it (without the abstract).',
    resolve: async (paper, _args, ctx) => formatBibtex(await recordOf(paper, ctx)),
  }),
  citation: t.string({
    description: 'The paper cited in the given format.',
    args: { format: t.arg({ type: CitationFormat, required: true }) },
    resolve: async (paper, args, ctx) => FORMATTERS[args.format](await recordOf(paper, ctx)),
  }),
}));

builder.objectFields(Author, (t) => ({
  bibtex: t.loadable({
    type: 'String',
    description: 'BibTeX entries of every paper the person authored, newest first, separated by blank lines.',
    load: async (ids: number[], ctx) => {
      const papers = await loadAuthoredPapers(ctx.db.pool, ids);
      return Promise.all(
        papers.map(async (list) => {
          const records = await Promise.all(list.map((p) => recordOf(p, ctx)));
          return records.map(formatBibtex).join('\n\n') + (records.length > 0 ? '\n' : '');
        }),
      );
    },
    resolve: (a) => a.id,
  }),
}));
