// Command line: `tsx src/cli.ts <command>`; npm scripts wrap each command.
//   migrate                      apply prisma/migrations to DATABASE_URL (or the embedded database)
//   print-schema [--check]       write schema.graphql from the code (--check: fail if it is stale)
//   import acl-anthology <dir>   import the ACL Anthology's data folder
//   import dblp <dblp.xml[.gz]>  import the DBLP dump
//   import openalex <input>      import OpenAlex works (.jsonl[.gz], a directory of them, an API page .json)
//   token create|revoke|list     API tokens: curators' (the correction mutations) and readers' keys (--scopes read)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { importSettingsFromEnv } from './config.js';
import { connectDatabase } from './db/database.js';
import { locateDatabase, PROJECT_ROOT } from './db/local.js';
import { migrate } from './db/migrate.js';

const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema.graphql');

async function printSchemaCommand(args: string[]) {
  const { printSchemaFile } = await import('./schema/index.js');
  const printed = printSchemaFile();
  if (args.includes('--check')) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current !== printed) throw new Error('schema.graphql is stale: run `npm run schema:print` and commit it');
    console.log('schema.graphql is up to date');
    return;
  }
  await writeFile(SCHEMA_FILE, printed);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

async function withDatabase<T>(run: (db: ReturnType<typeof connectDatabase>) => Promise<T>): Promise<T> {
  const location = await locateDatabase((line) => console.error(line));
  // Imports, migrations and tokens on PostgreSQL itself (a session: advisory locks, COPY, one long transaction).
  const db = connectDatabase(location.directUrl);
  // Interrupted: stop the embedded server we started (an open import transaction rolls back).
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping`);
    void db.close().finally(() => location.stop().finally(() => process.exit(130)));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await run(db);
  } finally {
    await db.close();
    await location.stop();
  }
}

async function migrateCommand() {
  await withDatabase(async (db) => {
    const { applied, alreadyApplied } = await migrate(db.pool, { log: console.log });
    console.log(`${applied.length} migration(s) applied, ${alreadyApplied} already applied`);
  });
}

async function importCommand(args: string[]) {
  if (args[0] === 'dblp') return importDblpCommand(args.slice(1));
  if (args[0] === 'openalex') return importOpenAlexCommand(args.slice(1));
  const [source, dir, ...flags] = args;
  const unknown = flags.filter((flag) => flag !== '--quiet' && flag !== '--full');
  if (source !== 'acl-anthology' || !dir || unknown.length) {
    throw new Error(
      `usage: npm run import -- acl-anthology <dir> [--quiet] [--full] | dblp <dblp.xml[.gz]> [--quiet] | openalex <works.jsonl[.gz]|dir|page.json> [--quiet]${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`,
    );
  }
  // IMPORT_TIMINGS and IMPORT_SEARCH_SESSIONS: a bad value stops before a database is started.
  importSettingsFromEnv();
  // The import's live data grows for its whole run (the people, resolved at the end); V8 lets
  // the heap grow to up to 4 times what was live at its last full collection before the next
  // one. Growing it by 30 % at most keeps the process near its live size, for a few more full
  // collections (docs/performance.md, Importer memory). This process runs nothing else.
  setFlagsFromString('--heap-growing-percent=30');
  const { runAclAnthologyImport } = await import('./importers/acl-anthology/command.js');
  await withDatabase(async (db) => {
    // A fresh database gets its tables first, as docs/import.md promises.
    await migrate(db.pool, { log: (line) => console.error(line) });
    await runAclAnthologyImport(db, dir, { quiet: flags.includes('--quiet'), full: flags.includes('--full') });
  });
}

async function importDblpCommand(args: string[]) {
  const [file, ...flags] = args;
  const unknown = flags.filter((flag) => flag !== '--quiet');
  if (!file || unknown.length) {
    throw new Error(`usage: npm run import -- dblp <dblp.xml[.gz]> [--quiet]${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`);
  }
  const { runDblpImport } = await import('./importers/dblp/command.js');
  await withDatabase(async (db) => {
    await migrate(db.pool, { log: (line) => console.error(line) });
    await runDblpImport(db, file, { quiet: flags.includes('--quiet') });
  });
}

async function importOpenAlexCommand(args: string[]) {
  const [input, ...flags] = args;
  const unknown = flags.filter((flag) => flag !== '--quiet');
  if (!input || unknown.length) {
    throw new Error(
      `usage: npm run import -- openalex <works.jsonl[.gz] | directory | api-page.json> [--quiet]${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`,
    );
  }
  const { runOpenAlexImport } = await import('./importers/openalex/command.js');
  await withDatabase(async (db) => {
    await migrate(db.pool, { log: (line) => console.error(line) });
    await runOpenAlexImport(db, input, { quiet: flags.includes('--quiet') });
  });
}

/** "30d", "12h" from now, or an ISO date/time. */
function parseExpiry(value: string): Date {
  const relative = /^(\d+)([dh])$/.exec(value);
  const date = relative ? new Date(Date.now() + Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--expires takes "30d", "12h" or a date like 2027-06-30, got "${value}"`);
  return date;
}

async function tokenCommand(args: string[]) {
  const [action, name, ...flags] = args;
  const usage =
    'usage: npm run token -- create <name> [--scopes read|read-audit,correct,admin] [--expires 30d|<date>] | revoke <name> | list';
  if (!(action === 'list' || ((action === 'create' || action === 'revoke') && name))) throw new Error(usage);
  const options = new Map<string, string>();
  for (let i = 0; i < flags.length; i += 2) {
    const [flag, value] = [flags[i]!, flags[i + 1]];
    if (flag !== '--scopes' && flag !== '--expires') throw new Error(`unknown option ${flag}\n${usage}`);
    if (value === undefined) throw new Error(`${flag} needs a value\n${usage}`);
    options.set(flag, value);
  }
  const tokens = await import('./corrections/tokens.js');
  const scopes = options
    .get('--scopes')
    ?.split(',')
    .map((s) => s.trim());
  const expires = options.get('--expires');
  const expiresAt = expires === undefined ? undefined : parseExpiry(expires);
  await withDatabase(async (db) => {
    await migrate(db.pool, { log: (line) => console.error(line) });
    if (action === 'create') {
      const { token } = await tokens.createToken(db.pool, name!, { scopes, expiresAt });
      console.error(
        `created curator token "${name}" (scopes ${(scopes ?? tokens.DEFAULT_SCOPES).join(', ')}` +
          `${expiresAt ? `; expires ${expiresAt.toISOString()}` : ''}); it is shown once, keep it secret:`,
      );
      console.log(token);
    } else if (action === 'revoke') {
      await tokens.revokeToken(db.pool, name!);
      console.log(`revoked curator token "${name}"`);
    } else {
      const list = await tokens.listTokens(db.pool);
      if (!list.length) console.log('no curator tokens');
      for (const t of list) {
        const expired = t.expiresAt && t.expiresAt.getTime() <= Date.now();
        const state = t.revokedAt
          ? `revoked ${t.revokedAt.toISOString()}`
          : expired
            ? `expired ${t.expiresAt!.toISOString()}`
            : t.expiresAt
              ? `active until ${t.expiresAt.toISOString()}`
              : 'active';
        console.log(
          `${t.name}\t${state}\tcreated ${t.createdAt.toISOString()}\t${t.corrections} correction(s)\tscopes ${t.scopes.join(',')}`,
        );
      }
    }
  });
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  token: tokenCommand,
  migrate: migrateCommand,
  'print-schema': printSchemaCommand,
  import: importCommand,
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(`usage: tsx src/cli.ts <${Object.keys(commands).join('|')}> …`);
  process.exit(2);
}
command(rest).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
