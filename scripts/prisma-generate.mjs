// Runs `prisma generate` without network access. The Prisma 7 CLI wants a
// schema-engine binary it cannot download here; generate never uses it, so any
// existing file satisfies the check (see DEVELOPERS.md). A user who has the real
// engine keeps theirs: we only set the variable when it is unset.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
// The pothos generator is a bin of node_modules; make it findable outside `npm run`.
env.PATH = `${fileURLToPath(new URL('../node_modules/.bin', import.meta.url))}:${env.PATH ?? ''}`;

const bin = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
const result = spawnSync(process.execPath, [bin, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
