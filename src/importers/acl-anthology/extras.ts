// What the Anthology's XML carries beyond titles and people, shaped as its Python library
// models it (acl-org/acl-anthology, python/acl_anthology/collections/paper.py and
// eventindex.py): a paper's errata, revisions, attachments, videos and note, and events.
import type { VenueYaml } from './load-yaml.js';
import { buildId } from './ids.js';
import type { CollectionData, PaperData } from './parse-xml.js';

/** The `paper.extra` column: errata, revisions, attachments, videos, note; null when none. */
export interface PaperExtra {
  errata?: { id: string; file: string; date?: string }[];
  revisions?: { id: string; file: string; date?: string; note?: string }[];
  attachments?: { type: string; file: string }[];
  videos?: { href: string; permission: boolean }[];
  note?: string;
  /** The paper's own <issue> and <journal> (normally given on the volume). */
  issue?: string;
  journal?: string;
}

/** The paper's extras as the JSON text of `paper.extra`, or null. */
export function paperExtra(p: PaperData): string | null {
  if (
    !p.errata.length &&
    !p.revisions.length &&
    !p.attachments.length &&
    !p.videos.length &&
    p.note === undefined &&
    p.issue === undefined &&
    p.journal === undefined
  ) {
    return null;
  }
  const extra: PaperExtra = {};
  if (p.errata.length) extra.errata = p.errata;
  if (p.revisions.length) extra.revisions = p.revisions;
  if (p.attachments.length) extra.attachments = p.attachments;
  if (p.videos.length) extra.videos = p.videos;
  if (p.note !== undefined) extra.note = p.note;
  if (p.issue !== undefined) extra.issue = p.issue;
  if (p.journal !== undefined) extra.journal = p.journal;
  return JSON.stringify(extra);
}

export interface EventRow {
  slug: string;
  title: string;
  location: string | null;
  dates: string | null;
  explicit: boolean;
  /** JSON text of [{ type, url }], or null. */
  links: string | null;
  /** JSON text of [{ title, speakers: [{ first, last }], links: [{ type, url }] }], or null. */
  talks: string | null;
}

/** (event slug, volume anthology id, inferred). */
export type EventVolumeRow = [string, string, boolean];

/** What events need of a collection (a parsed one, or the outline a sync keeps of it, sync.ts). */
export interface CollectionOutline {
  id: string;
  file: string;
  event?: CollectionData['event'];
  volumes: Pick<CollectionData['volumes'][number], 'id' | 'year' | 'venues'>[];
}

/**
 * Events as the library's EventIndex.load() builds them: a collection's explicit <event>
 * gathers every volume of its collection and the volumes its <colocated> names; each
 * volume also belongs to the event `{venue}-{year}` of each of its venues, created (titled
 * "{venue name} ({year})") where no explicit event of that id exists.
 */
export class EventCollector {
  private readonly venueNames: Map<string, string>;
  private readonly events = new Map<string, EventRow>();
  /** event slug → volume id → inferred. */
  private readonly links = new Map<string, Map<string, boolean>>();

  constructor(venues: VenueYaml[]) {
    this.venueNames = new Map(venues.map((v) => [v.slug, v.name]));
  }

  private link(event: string, volume: string, inferred: boolean): void {
    let volumes = this.links.get(event);
    if (!volumes) this.links.set(event, (volumes = new Map()));
    // An explicit link wins over an inferred one.
    volumes.set(volume, inferred && (volumes.get(volume) ?? true));
  }

  addCollection(c: CollectionOutline): void {
    const explicit = c.event;
    if (explicit) {
      // An explicit event replaces an implicit one of the same id (keeping its volumes).
      this.events.set(explicit.id, {
        slug: explicit.id,
        title: explicit.title ?? explicit.id,
        location: explicit.location ?? null,
        dates: explicit.dates ?? null,
        explicit: true,
        links: explicit.links.length ? JSON.stringify(explicit.links) : null,
        talks: explicit.talks.length ? JSON.stringify(explicit.talks) : null,
      });
      for (const volume of explicit.colocated) this.link(explicit.id, volume, false);
    }
    for (const v of c.volumes) {
      const volumeId = buildId(c.id, v.id);
      if (volumeId === undefined) continue;
      if (explicit) this.link(explicit.id, volumeId, false);
      for (const { slug } of v.venues) {
        const id = `${slug}-${v.year}`;
        if (!this.events.has(id)) {
          this.events.set(id, {
            slug: id,
            title: `${this.venueNames.get(slug) ?? slug} (${v.year})`,
            location: null,
            dates: null,
            explicit: false,
            links: null,
            talks: null,
          });
        }
        this.link(id, volumeId, true);
      }
    }
  }

  /** The events and their volumes; links to volumes the corpus does not have are left out. */
  finish(volumes: ReadonlySet<string>): { events: EventRow[]; eventVolumes: EventVolumeRow[]; unknownVolumes: string[] } {
    const eventVolumes: EventVolumeRow[] = [];
    const unknownVolumes: string[] = [];
    for (const [event, map] of this.links) {
      for (const [volume, inferred] of map) {
        if (volumes.has(volume)) eventVolumes.push([event, volume, inferred]);
        else unknownVolumes.push(`${event}: ${volume}`);
      }
    }
    return { events: [...this.events.values()], eventVolumes, unknownVolumes };
  }
}
