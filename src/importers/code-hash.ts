// What a file-wise importer (DBLP, OpenAlex) stores beside the input's hash: the hash of its own
// code (every file of its folder and the shared src/importers/sources.ts and transaction.ts) and of
// the migrations' names.
// Another version may write other rows from the same input, so a changed importer re-imports.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Modules of src/importers/ every file-wise importer runs. */
const SHARED = ['sources', 'transaction'];

/** The code hash of the importer whose module is `moduleUrl` (its `import.meta.url`), computed once. */
export function importerCodeHash(moduleUrl: string): () => Promise<string> {
  let hash: Promise<string> | undefined;
  return () =>
    (hash ??= (async () => {
      const module = fileURLToPath(moduleUrl);
      const here = path.dirname(module);
      // The shared modules with the importer's own extension (.ts from source, .js from dist/).
      const shared = SHARED.map((name) => path.resolve(here, `../${name}${path.extname(module)}`));
      const files = [...(await readdir(here)).map((f) => path.join(here, f)).sort(), ...shared];
      const h = createHash('sha256');
      for (const f of files) h.update(`${path.basename(f)}\u0000`).update(await readFile(f).catch(() => Buffer.alloc(0)));
      const migrations = await readdir(path.resolve(here, '../../../prisma/migrations')).catch(() => []);
      return h.update(migrations.sort().join('\u0000')).digest('hex');
    })());
}
