// Citations of papers (BibTeX, RIS, CSL-JSON) and a person's BibTeX file. The
// formatting is pure (src/citations); a paper's authors, volume and editors come from
// the request's loaders (ctx.loaders), the ones the `authorships`, `volume` and
// `editors` fields read, so a list of papers costs no statement of its own.
import { formatBibtex, formatBibtexFile } from '../../citations/bibtex.js';
import { formatCslJson } from '../../citations/csl.js';
import { type CitationRecord, citationRecord } from '../../citations/record.js';
import { formatRis } from '../../citations/ris.js';
import type { Paper as PaperRow } from '../../generated/prisma/client.js';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { Author } from './author.js';
import { Paper } from './paper.js';
import { Venue } from './venue.js';
import { Volume } from './volume.js';

async function recordOf(paper: PaperRow, ctx: Context): Promise<CitationRecord> {
  const [authors, volume, editors] = await Promise.all([
    // (Brief: a citation prints only the role and the printed names.)
    ctx.loaders.paperAuthorshipsBrief.load(paper.id),
    ctx.loaders.volumeById.load(paper.volumeId),
    ctx.loaders.volumeEditors.load(paper.volumeId),
  ]);
  if (volume == null) throw new Error(`volume ${paper.volumeId} is missing`);
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
    description:
      'The BibTeX entry, as the ACL Anthology formats it. With `abstract: true`, the abstract last, as in the paper’s own `.bib` file on aclanthology.org.',
    args: { abstract: t.arg.boolean({ defaultValue: false, required: true, description: 'Add the `abstract` field.' }) },
    resolve: async (paper, args, ctx) => formatBibtex(await recordOf(paper, ctx), { abstract: args.abstract }),
  }),
  citation: t.string({
    description: 'The paper cited in the given format.',
    args: { format: t.arg({ type: CitationFormat, required: true }) },
    resolve: async (paper, args, ctx) => FORMATTERS[args.format](await recordOf(paper, ctx)),
  }),
}));

/** The `.bib` file of these volumes: each volume's papers in order, its frontmatter first. */
async function volumesBibtex(volumeIds: readonly number[], abstracts: boolean, ctx: Context): Promise<string> {
  const papers = (await Promise.all(volumeIds.map((id) => ctx.loaders.volumePapers(true).load(id)))).flat();
  return formatBibtexFile(await Promise.all(papers.map((p) => recordOf(p, ctx))), { abstract: abstracts });
}

const ABSTRACTS = {
  defaultValue: false,
  required: true,
  description: 'Add each paper’s abstract (as `anthology+abstracts.bib`).',
} as const;

builder.objectFields(Volume, (t) => ({
  bibtex: t.string({
    description:
      'The volume’s `.bib` file, as the Anthology publishes it (`https://aclanthology.org/volumes/{id}.bib`): the frontmatter’s `@proceedings` entry, then every paper’s entry in order.',
    args: { abstracts: t.arg.boolean(ABSTRACTS) },
    resolve: (volume, args, ctx) => volumesBibtex([volume.id], args.abstracts, ctx),
  }),
}));

builder.objectFields(Venue, (t) => ({
  bibtex: t.string({
    description:
      'The `.bib` files of the venue’s volumes of one year, one after another (by anthology id): a venue-year’s proceedings in one file.',
    args: { year: t.arg.int({ required: true }), abstracts: t.arg.boolean(ABSTRACTS) },
    resolve: async (venue, args, ctx) => {
      const volumes = await ctx.loaders.venueVolumes(args.year).load(venue.id);
      return volumesBibtex(
        volumes.map((v) => v.id),
        args.abstracts,
        ctx,
      );
    },
  }),
}));

builder.objectFields(Author, (t) => ({
  bibtex: t.string({
    description: 'BibTeX entries of every paper the person authored, newest first, separated by blank lines.',
    resolve: async (a, _args, ctx) => {
      const papers = await ctx.loaders.authoredPapers.load(a.id);
      const records = await Promise.all(papers.map((p) => recordOf(p, ctx)));
      return records.map((r) => formatBibtex(r)).join('\n\n') + (records.length > 0 ? '\n' : '');
    },
  }),
}));
