// What a file-wise importer (DBLP, OpenAlex) stores beside the input's hash: the hash of its own
// code (every file of its folder and src/importers/sources.ts) and of the migrations' names.
// Another version may write other rows from the same input, so a changed importer re-imports.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The code hash of the importer whose module is `moduleUrl` (its `import.meta.url`), computed once. */
export function importerCodeHash(moduleUrl: string): () => Promise<string> {
  let hash: Promise<string> | undefined;
  return () =>
    (hash ??= (async () => {
      const here = path.dirname(fileURLToPath(moduleUrl));
      const files = [...(await readdir(here)).map((f) => path.join(here, f)).sort(), path.resolve(here, '../sources.ts')];
      const h = createHash('sha256');
      for (const f of files) h.update(`${path.basename(f)}\u0000`).update(await readFile(f).catch(() => Buffer.alloc(0)));
      const migrations = await readdir(path.resolve(here, '../../../prisma/migrations')).catch(() => []);
      return h.update(migrations.sort().join('\u0000')).digest('hex');
    })());
}
