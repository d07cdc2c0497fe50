// COPY … FROM STDIN in PostgreSQL's text format: rows encoded as the import makes them,
// buffered off the V8 heap or streamed with backpressure.
// Format: https://www.postgresql.org/docs/current/sql-copy.html (Text Format).
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null | undefined | string[];

const COPY_SPECIAL = /[\\\n\r\t]/;

function escapeCopy(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeCopy(v);
  if (Array.isArray(v)) return escapeCopy(arrayLiteral(v));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

export function line(cells: Cell[]): string {
  let out = cell(cells[0]);
  for (let i = 1; i < cells.length; i++) out += '\t' + cell(cells[i]);
  return out + '\n';
}

/**
 * COPY text accumulated off the V8 heap (Buffers): compact, and it keeps none of the
 * parsed files' strings alive.
 */
export class CopyBuffer {
  private text = '';
  readonly chunks: Buffer[] = [];
  rows = 0;
  push(row: string): void {
    this.text += row;
    this.rows++;
    if (this.text.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.text) this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}

/** A COPY … FROM STDIN fed as rows arrive, with backpressure. */
export class CopyStream {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly done: Promise<void>;
  private text = '';
  private failure: Error | undefined;

  constructor(
    private readonly client: PoolClient,
    sql: string,
  ) {
    this.stream = client.query(copyFrom(sql));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (err) => {
        this.failure ??= err;
        reject(err);
      });
    });
    this.done.catch(() => {});
  }

  push(row: string): void {
    this.text += row;
    if (this.text.length > 1 << 16) this.send();
  }

  private send(): void {
    if (!this.text) return;
    this.stream.write(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }

  /** Writes a ready chunk; false when the caller should drain() first. */
  write(chunk: Buffer): boolean {
    this.send();
    return this.stream.write(chunk);
  }

  /** Resolves once PostgreSQL has taken what was written so far (or fails with its error). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.writableNeedDrain) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        this.stream.off('drain', onDrain);
        reject(err);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async end(): Promise<void> {
    this.send();
    this.stream.end();
    await this.done;
  }

  /** Aborts the COPY (CopyFail), so the connection can roll back. */
  async abort(): Promise<void> {
    if (!this.stream.writableFinished && !this.stream.destroyed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', () => resolve());
        this.stream.destroy(new Error('import aborted'));
      });
    }
    // The server's ReadyForQuery follows the error that ends the COPY: wait for it, so the
    // ROLLBACK that follows is not queued behind a query still in progress.
    const client = this.client as unknown as { readyForQuery: boolean };
    for (let i = 0; i < 200 && !client.readyForQuery; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function copyChunks(client: PoolClient, sql: string, chunks: Buffer[]): Promise<void> {
  const stream = new CopyStream(client, sql);
  try {
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await stream.drain();
    }
    await stream.end();
  } catch (err) {
    await stream.abort().catch(() => {});
    throw err;
  }
}

export async function copyRows<T>(client: PoolClient, sql: string, rows: Iterable<T>, toCells: (row: T) => Cell[]): Promise<void> {
  const buffer = new CopyBuffer();
  for (const row of rows) buffer.push(line(toCells(row)));
  buffer.flush();
  await copyChunks(client, sql, buffer.chunks);
}
