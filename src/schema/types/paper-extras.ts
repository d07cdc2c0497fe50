// What the Anthology's pages show of a paper beyond title and authors: its retraction or
// removal, errata, revisions, attachments, videos and note (the XML's elements, shaped as
// the Anthology's Python library models them: python/acl_anthology/collections/paper.py).
import type { PaperExtra } from '../../importers/acl-anthology/extras.js';
import { loadVolumeEvents } from '../../loaders/events.js';
import { builder } from '../builder.js';
import { Event } from './event.js';
import { Paper } from './paper.js';

const ANTHOLOGY = 'https://aclanthology.org';
const isAbsolute = (url: string) => /^[a-z]+:\/\//i.test(url);
/** The library's FileReference.url: a name with "://" as is, else the template's URL. */
const pdfUrl = (name: string) => (isAbsolute(name) ? name : `${ANTHOLOGY}/${name}.pdf`);
const attachmentUrl = (name: string) => (isAbsolute(name) ? name : `${ANTHOLOGY}/attachments/${name}`);
/** Videos: the library's config.video_location_template (and the site's VIDEO_LOCATION_TEMPLATE), `{prefix}/{}`. */
const videoUrl = (name: string) => (isAbsolute(name) ? name : `${ANTHOLOGY}/${name}`);

const DeletionKind = builder.enumType('DeletionKind', {
  values: {
    RETRACTED: { description: 'Retracted (<retracted>): the paper stays listed, marked as retracted.' },
    REMOVED: { description: 'Removed (<removed>) from the Anthology.' },
  } as const,
});

type Deletion = { kind: 'RETRACTED' | 'REMOVED'; date: string; note: string | null };

const PaperRetraction = builder.objectRef<Deletion>('PaperRetraction').implement({
  description: 'The notice of a paper’s retraction or removal.',
  fields: (t) => ({
    kind: t.field({ type: DeletionKind, resolve: (d) => d.kind }),
    date: t.exposeString('date', { description: 'YYYY-MM-DD.' }),
    note: t.exposeString('note', { nullable: true, description: 'Why, as the notice says.' }),
  }),
});

type Erratum = NonNullable<PaperExtra['errata']>[number];
const PaperErratum = builder.objectRef<Erratum>('PaperErratum').implement({
  description: 'An erratum published for a paper.',
  fields: (t) => ({
    number: t.int({ resolve: (e) => Number(e.id) }),
    date: t.string({ nullable: true, description: 'YYYY-MM-DD, when known.', resolve: (e) => e.date ?? null }),
    pdfUrl: t.string({ resolve: (e) => pdfUrl(e.file) }),
  }),
});

type Revision = NonNullable<PaperExtra['revisions']>[number];
const PaperRevision = builder.objectRef<Revision>('PaperRevision').implement({
  description: 'A version of a paper (version 1 is the original).',
  fields: (t) => ({
    number: t.int({ resolve: (r) => Number(r.id) }),
    date: t.string({ nullable: true, description: 'YYYY-MM-DD, when known.', resolve: (r) => r.date ?? null }),
    note: t.string({ nullable: true, description: 'What the revision changed.', resolve: (r) => r.note ?? null }),
    pdfUrl: t.string({ resolve: (r) => pdfUrl(r.file) }),
  }),
});

type Attachment = NonNullable<PaperExtra['attachments']>[number];
const PaperAttachment = builder.objectRef<Attachment>('PaperAttachment').implement({
  description: 'A file attached to a paper (software, data, slides, …).',
  fields: (t) => ({
    type: t.string({
      nullable: true,
      description: 'As the XML names it, e.g. `Software`, `presentation`; null when untyped.',
      resolve: (a) => a.type || null,
    }),
    fileName: t.string({ resolve: (a) => a.file }),
    url: t.string({ resolve: (a) => attachmentUrl(a.file) }),
  }),
});

type Video = NonNullable<PaperExtra['videos']>[number];
const PaperVideo = builder.objectRef<Video>('PaperVideo').implement({
  description: 'A recording of the paper’s presentation.',
  fields: (t) => ({
    url: t.string({ resolve: (v) => videoUrl(v.href) }),
    permission: t.boolean({ description: 'False where the XML says the video may not be shown.', resolve: (v) => v.permission }),
  }),
});

const extraOf = (p: { extra: unknown }) => (p.extra ?? {}) as PaperExtra;

builder.objectFields(Paper, (t) => ({
  retracted: t.boolean({
    description: 'True when the paper was retracted or removed (see `retraction`).',
    resolve: (p) => p.deletionType != null,
  }),
  retraction: t.field({
    type: PaperRetraction,
    nullable: true,
    description: 'The retraction or removal notice; null for a paper in good standing.',
    resolve: (p): Deletion | null =>
      p.deletionType == null
        ? null
        : { kind: p.deletionType === 'removed' ? 'REMOVED' : 'RETRACTED', date: p.deletionDate ?? '', note: p.deletionNote },
  }),
  errata: t.field({ type: [PaperErratum], resolve: (p) => extraOf(p).errata ?? [] }),
  revisions: t.field({ type: [PaperRevision], resolve: (p) => extraOf(p).revisions ?? [] }),
  attachments: t.field({ type: [PaperAttachment], resolve: (p) => extraOf(p).attachments ?? [] }),
  videos: t.field({ type: [PaperVideo], resolve: (p) => extraOf(p).videos ?? [] }),
  note: t.string({ nullable: true, description: 'A note the XML attaches to the paper (rare).', resolve: (p) => extraOf(p).note ?? null }),
  issue: t.string({
    nullable: true,
    description: 'The paper’s own journal issue (`<issue>`, rare: normally `volume.journalIssue`).',
    resolve: (p) => extraOf(p).issue ?? null,
  }),
  journal: t.string({
    nullable: true,
    description: 'The paper’s own journal title (`<journal>`, rare: normally the volume’s).',
    resolve: (p) => extraOf(p).journal ?? null,
  }),
  events: t.loadableList({
    type: Event,
    description: 'The events the paper was presented at: those of its volume.',
    load: (ids: number[], ctx) => loadVolumeEvents(ctx.db.pool, ids),
    resolve: (p) => p.volumeId,
  }),
}));
