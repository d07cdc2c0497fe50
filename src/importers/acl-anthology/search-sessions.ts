// The papers' search vectors, computed in sessions of their own while the bulk load streams
// the papers: pure function calls (paper_search_vector), outside the import's transaction.
import pg from 'pg';
import type { PaperRow } from './resolve.js';
import type { Timings } from './timings.js';

/** The search vector, computed as the column's definition says (migration 20261128180000). */
const SEARCH_VECTORS =
  'SELECT paper_search_vector(t, a)::text FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, a, n) ORDER BY n';

/** Computes papers' search vectors in sessions of their own, in order, a batch at a time. */
export class SearchVectors {
  private readonly clients: pg.Client[] = [];
  readonly pids: (number | undefined)[] = [];
  private readonly busy: Promise<void>[] = [];
  private next = 0;
  private constructor() {}

  static async open(url: string, sessions: number, timings: Timings): Promise<SearchVectors> {
    const s = new SearchVectors();
    try {
      for (let i = 0; i < sessions; i++) {
        const client = new pg.Client({ connectionString: url, application_name: 'scholargraph import: search vectors' });
        client.on('error', () => {});
        s.clients.push(client);
        s.busy.push(Promise.resolve());
        await client.connect();
        s.pids.push(await timings.backendPid(client));
      }
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  async compute(papers: PaperRow[]): Promise<string[]> {
    // Round robin; each session runs one query at a time (queries wait their turn here, not
    // queued inside pg).
    const i = this.next++ % this.clients.length;
    const client = this.clients[i]!;
    const run = this.busy[i]!.then(() =>
      client.query<string[]>({
        text: SEARCH_VECTORS,
        values: [papers.map((p) => p.title), papers.map((p) => p.abstract)],
        rowMode: 'array',
      }),
    );
    this.busy[i] = run.then(
      () => {},
      () => {},
    );
    const { rows } = await run;
    return rows.map((r) => r[0]!);
  }

  get size(): number {
    return this.clients.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end().catch(() => {})));
    this.clients.length = 0;
  }
}
