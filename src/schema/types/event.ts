// Events (explicit <event>s and the inferred `{venue}-{year}` ones) and SIGs, with the
// volumes they gather; a volume's events, SIGs and links.
import { loadEventVolumes, loadSigVolumes, loadVenueEvents, loadVolumeEvents, loadVolumeSigs } from '../../loaders/events.js';
import { builder } from '../builder.js';
import { Venue } from './venue.js';
import { Volume } from './volume.js';

const ANTHOLOGY = 'https://aclanthology.org';

const EventLink = builder.objectRef<{ type: string; url: string }>('EventLink').implement({
  description: 'A link of an event (its website, handbook, …).',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'E.g. `website`, `handbook`.' }),
    url: t.string({
      description: 'Absolute URL (a file name in the XML is a file on the Anthology).',
      resolve: (l) => (/^[a-z]+:\/\//i.test(l.url) ? l.url : `${ANTHOLOGY}/${l.url}`),
    }),
  }),
});

type Talk = { title: string; speakers: { first: string; last: string }[]; links: { type: string; url: string }[] };

const EventSpeaker = builder.objectRef<{ first: string; last: string }>('EventSpeaker').implement({
  description: 'A speaker of a talk, as printed (speakers are not linked to people).',
  fields: (t) => ({
    first: t.exposeString('first'),
    last: t.exposeString('last'),
    name: t.string({ resolve: (s) => [s.first, s.last].filter(Boolean).join(' ') }),
  }),
});

const EventTalk = builder.objectRef<Talk>('EventTalk').implement({
  description: 'A talk of an event (a keynote, a panel, …).',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Plain text.' }),
    speakers: t.field({ type: [EventSpeaker], resolve: (talk) => talk.speakers }),
    links: t.field({ type: [EventLink], description: 'E.g. its `video`.', resolve: (talk) => talk.links }),
  }),
});

export const Event = builder.prismaNode('Event', {
  description:
    'An event, as the Anthology groups volumes: explicit (declared in a collection file, e.g. `acl-2022`, with its colocated workshops) or inferred from a volume’s venue and year (`{venue}-{year}`).',
  id: { field: 'slug' },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Public id, e.g. `acl-2022`.' }),
    title: t.exposeString('title'),
    location: t.exposeString('location', { nullable: true }),
    dates: t.exposeString('dates', { nullable: true, description: 'As printed, e.g. "May 22–27, 2022".' }),
    explicit: t.exposeBoolean('explicit', { description: 'Declared by an <event> in the XML (else inferred from venue and year).' }),
    url: t.string({ description: 'The event’s page on the Anthology.', resolve: (e) => `${ANTHOLOGY}/events/${e.slug}/` }),
    links: t.field({
      type: [EventLink],
      resolve: (e) => (e.links as { type: string; url: string }[] | null) ?? [],
    }),
    talks: t.field({ type: [EventTalk], resolve: (e) => (e.talks as Talk[] | null) ?? [] }),
    volumes: t.loadableList({
      type: Volume,
      description: 'The event’s volumes, by anthology id.',
      load: (ids: number[], ctx) => loadEventVolumes(ctx.db.pool, ids),
      resolve: (e) => e.id,
    }),
  }),
});

export const Sig = builder.prismaNode('Sig', {
  description: 'A Special Interest Group of the ACL, e.g. `sigdat`.',
  id: { field: 'slug' },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Public id, e.g. `sigdat`.' }),
    acronym: t.exposeString('acronym'),
    name: t.exposeString('name'),
    url: t.exposeString('url', { nullable: true }),
    volumes: t.loadableList({
      type: Volume,
      description: 'The volumes of the SIG’s meetings (its yaml file, and volumes naming it), newest first.',
      load: (ids: number[], ctx) => loadSigVolumes(ctx.db.pool, ids),
      resolve: (s) => s.id,
    }),
  }),
});

builder.objectFields(Volume, (t) => ({
  events: t.loadableList({
    type: Event,
    description: 'The events the volume belongs to (explicit ones first).',
    load: (ids: number[], ctx) => loadVolumeEvents(ctx.db.pool, ids),
    resolve: (v) => v.id,
  }),
  sigs: t.loadableList({
    type: Sig,
    description: 'The SIGs the volume belongs to.',
    load: (ids: number[], ctx) => loadVolumeSigs(ctx.db.pool, ids),
    resolve: (v) => v.id,
  }),
  url: t.string({ description: 'The volume’s page on the Anthology.', resolve: (v) => `${ANTHOLOGY}/volumes/${v.anthologyId}/` }),
  pdfUrl: t.string({
    nullable: true,
    description: 'The whole volume’s PDF, when the Anthology has one.',
    resolve: (v) => (v.url == null ? null : /^[a-z]+:\/\//i.test(v.url) ? v.url : `${ANTHOLOGY}/${v.url}.pdf`),
  }),
  ingestDate: t.exposeString('ingestDate', { nullable: true, description: 'When the volume was added to the Anthology (YYYY-MM-DD).' }),
}));

builder.objectFields(Venue, (t) => ({
  events: t.loadableList({
    type: Event,
    description: 'The events of the venue’s volumes, newest first.',
    load: (ids: number[], ctx) => loadVenueEvents(ctx.db.pool, ids),
    resolve: (v) => v.id,
  }),
}));

builder.queryFields((t) => ({
  event: t.prismaField({
    type: 'Event',
    nullable: true,
    description: 'An event by id, e.g. `acl-2022` or `mwe-2021`; null when no event has it.',
    args: { id: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.event.findUnique({ ...query, where: { slug: args.id } }),
  }),
  sig: t.prismaField({
    type: 'Sig',
    nullable: true,
    description: 'A SIG by slug, e.g. `sigdat`; null when no SIG has it.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.sig.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  sigs: t.prismaField({
    type: ['Sig'],
    description: 'Every SIG, by slug.',
    resolve: (query, _root, _args, ctx) => ctx.db.prisma.sig.findMany({ ...query, orderBy: { slug: 'asc' } }),
  }),
}));
