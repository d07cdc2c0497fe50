// COPY … FROM STDIN in PostgreSQL's text format: rows encoded as the import makes them,
// spilled to a temporary file until their COPY runs, or streamed with backpressure.
// Format: https://www.postgresql.org/docs/current/sql-copy.html (Text Format).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
 * COPY text of the whole corpus (authorship's and import_person's rows: hundreds of bytes per
 * paper), written to a temporary file as it is made and read back once, by chunks, when its
 * COPY runs: memory stays flat in the corpus's size. The file is unlinked as soon as it is
 * opened (nothing is left behind, even by a crash); `discard()` closes it.
 */
export class CopyBuffer {
  private text = '';
  private fd: number | undefined;
  private bytes = 0;
  rows = 0;
  push(row: string): void {
    this.text += row;
    this.rows++;
    if (this.text.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (!this.text) return;
    const chunk = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.fd ??= openUnlinkedTemp();
    for (let at = 0; at < chunk.length; ) at += writeSync(this.fd, chunk, at, chunk.length - at, this.bytes + at);
    this.bytes += chunk.length;
  }
  /** The text written so far, in chunks of at most 1 MiB. */
  *chunks(): Generator<Buffer> {
    this.flush();
    for (let at = 0; at < this.bytes; ) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, this.bytes - at));
      let got = 0;
      while (got < chunk.length) {
        const n = readSync(this.fd!, chunk, got, chunk.length - got, at + got);
        if (n === 0) throw new Error('COPY buffer: the temporary file is shorter than what was written');
        got += n;
      }
      at += got;
      yield chunk;
    }
  }
  /** Closes the file (idempotent); the buffer is empty after. */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.text = '';
    this.bytes = 0;
  }
}

/** A new file in the system's temporary folder (TMPDIR), already unlinked: only the fd reaches it. */
function openUnlinkedTemp(): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scholargraph-copy-'));
  const file = path.join(dir, 'rows');
  try {
    return openSync(file, 'wx+', 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

  /** Whether PostgreSQL is behind: the caller should drain() before pushing more. */
  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
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

export async function copyChunks(client: PoolClient, sql: string, chunks: Iterable<Buffer>): Promise<void> {
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

/** Rows encoded and sent as they come, with backpressure (nothing of the whole held in memory). */
export async function copyRows<T>(client: PoolClient, sql: string, rows: Iterable<T>, toCells: (row: T) => Cell[]): Promise<void> {
  const stream = new CopyStream(client, sql);
  try {
    for (const row of rows) {
      stream.push(line(toCells(row)));
      if (stream.needsDrain) await stream.drain();
    }
    await stream.end();
  } catch (err) {
    await stream.abort().catch(() => {});
    throw err;
  }
}
