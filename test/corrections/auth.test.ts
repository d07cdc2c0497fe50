// Who may correct: every mutation needs an unrevoked curator token; queries stay
// public. Refused requests write nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { lockCorrections } from '../../src/corrections/replay.js';
import { revokeToken } from '../../src/corrections/tokens.js';
import { curationServer, dataState, newToken } from '../helpers/corrections.js';
import { databaseWithCollections } from '../helpers/corpus.js';

const f = curationServer(() => databaseWithCollections(['2024.emnlp']));

const ADD_VARIANT = /* GraphQL */ `mutation ($input: AddNameVariantInput!) {
  addNameVariant(input: $input) { correction { number curator } errors { code message } }
}`;
const input = { input: { author: 'lei-li', name: { first: 'L.', last: 'Li' } } };

async function corrections(): Promise<number> {
  return (await f.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM correction')).rows[0]!.n;
}

test('without a token a mutation is UNAUTHENTICATED and writes nothing', async () => {
  const before = await dataState(f.t.db);
  const response = await f.gql(ADD_VARIANT, input);
  expect(response.data).toBeNull();
  expect(response.errors).toEqual([
    expect.objectContaining({
      message: 'Mutations need a curator token: send Authorization: Bearer <token>.',
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    }),
  ]);
  expect(await dataState(f.t.db)).toEqual(before);
  expect(await corrections()).toBe(0);
});

test('an unknown token or a malformed header is UNAUTHENTICATED', async () => {
  for (const header of ['Bearer sgc_not-a-real-token', 'Basic YWxpY2U6c2VjcmV0']) {
    const response = await f.gql(ADD_VARIANT, input, header);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.errors?.[0]?.message).toMatch(header.startsWith('Bearer') ? /^Unknown token\./ : /must be "Bearer <token>"/);
  }
  expect(await corrections()).toBe(0);
});

test('a revoked token is FORBIDDEN; a valid one works and is recorded as the curator', async () => {
  const bob = await newToken(f.t.db, 'bob');
  await revokeToken(f.t.db.pool, 'bob');
  const refused = await f.gql(ADD_VARIANT, input, bob);
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(refused.errors?.[0]?.message).toMatch(/^The curator token "bob" was revoked on \d{4}-/);
  expect(await corrections()).toBe(0);

  const accepted = await f.gql<{ addNameVariant: { correction: { curator: string }; errors: unknown[] } }>(ADD_VARIANT, input, f.token);
  expect(accepted.errors).toBeUndefined();
  expect(accepted.data!.addNameVariant).toEqual({ correction: { number: expect.any(Number), curator: 'alice' }, errors: [] });
});

test('queries need no token', async () => {
  const response = await f.gql<{ author: { slug: string } }>('{ author(slug: "lei-li") { slug } }');
  expect(response.data).toEqual({ author: { slug: 'lei-li' } });
});

test('tokens are stored hashed, never in clear', async () => {
  const { rows } = await f.t.db.pool.query<{ token_hash: string }>(`SELECT token_hash FROM curator_token WHERE name = 'alice'`);
  expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(rows[0]!.token_hash).not.toContain(f.token);
});

test('the token CLI creates, lists and revokes, with clear errors', async () => {
  const run = promisify(execFile);
  const env = { ...process.env, DATABASE_URL: f.t.url, NODE_OPTIONS: '' };
  const created = await run('npx', ['tsx', 'src/cli.ts', 'token', 'create', 'carol'], { env });
  expect(created.stdout.trim()).toMatch(/^sgc_[A-Za-z0-9_-]{43}$/);
  const listed = await run('npx', ['tsx', 'src/cli.ts', 'token', 'list'], { env });
  expect(listed.stdout).toMatch(/^carol\tactive\tcreated /m);
  await run('npx', ['tsx', 'src/cli.ts', 'token', 'revoke', 'carol'], { env });
  await expect(run('npx', ['tsx', 'src/cli.ts', 'token', 'revoke', 'carol'], { env })).rejects.toMatchObject({
    stderr: expect.stringMatching(/^error: The token "carol" was already revoked on /m),
  });
  await expect(run('npx', ['tsx', 'src/cli.ts', 'token', 'create', 'alice'], { env })).rejects.toMatchObject({
    stderr: expect.stringMatching(/^error: A token named "alice" already exists/m),
  });
}, 60_000);

test('while an import holds the data, a correction waits a little, then answers BUSY and writes nothing', async () => {
  const importer = await f.t.db.pool.connect();
  try {
    await importer.query('BEGIN');
    await lockCorrections(importer);
    const response = await f.gql<{ addNameVariant: { correction: null; errors: { code: string; message: string }[] } }>(
      ADD_VARIANT.replace('correction { number curator }', 'correction { number }'),
      { input: { author: 'lei-li', name: { first: 'Lei', last: 'LI' } } },
      f.token,
    );
    expect(response.data!.addNameVariant).toEqual({
      correction: null,
      errors: [{ code: 'BUSY', message: 'An import or another correction is in progress; try again shortly.' }],
    });
  } finally {
    await importer.query('ROLLBACK');
    importer.release();
  }
  const { rows } = await f.t.db.pool.query(`SELECT 1 FROM author_name WHERE first_name = 'Lei' AND last_name = 'LI'`);
  expect(rows).toHaveLength(0);
}, 20_000);

describe('scopes and expiry', () => {
  const REVERT = /* GraphQL */ `mutation ($input: RevertCorrectionInput!) {
    revertCorrection(input: $input) { dryRun errors { code } }
  }`;

  test('a token without the correct scope is FORBIDDEN and writes nothing', async () => {
    const reader = await newToken(f.t.db, 'reader', { scopes: ['read-audit'] });
    const before = await corrections();
    const response = await f.gql(ADD_VARIANT, { input: { author: 'lei-li', name: { first: 'Le', last: 'Li' } } }, reader);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toBe('The curator token "reader" lacks the "correct" scope.');
    expect(await corrections()).toBe(before);
  });

  test('revertCorrection needs the admin scope as well', async () => {
    const editor = await newToken(f.t.db, 'editor', { scopes: ['correct'] });
    const made = await f.gql<{ addNameVariant: { correction: { number: number } } }>(
      ADD_VARIANT,
      { input: { author: 'lei-li', name: { first: 'Lei', last: 'L.' } } },
      editor,
    );
    const number = made.data!.addNameVariant.correction.number;
    const refused = await f.gql(REVERT, { input: { correction: String(number), dryRun: true } }, editor);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toBe('The curator token "editor" lacks the "admin" scope.');
    const admin = await newToken(f.t.db, 'admin', { scopes: ['correct', 'admin'] });
    const allowed = await f.gql(REVERT, { input: { correction: String(number), dryRun: true } }, admin);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toEqual({ revertCorrection: { dryRun: true, errors: [] } });
  });

  test('an expired token is FORBIDDEN', async () => {
    const soon = await newToken(f.t.db, 'temporary', { scopes: ['correct'], expiresAt: new Date(Date.now() + 3_600_000) });
    // An hour later, as the database sees it.
    await f.t.db.pool.query(`UPDATE curator_token SET expires_at = now() - interval '1 minute' WHERE name = 'temporary'`);
    const response = await f.gql(ADD_VARIANT, input, soon);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toMatch(/^The curator token "temporary" expired on \d{4}-/);
  });

  test('the CLI issues scoped, expiring tokens and reader keys, and refuses unknown scopes', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: f.t.url, NODE_OPTIONS: '' };
    await run('npx', ['tsx', 'src/cli.ts', 'token', 'create', 'dave', '--scopes', 'correct,admin', '--expires', '30d'], { env });
    const key = await run('npx', ['tsx', 'src/cli.ts', 'token', 'create', 'frank-app', '--scopes', 'read'], { env });
    expect(key.stdout.trim()).toMatch(/^sgc_[A-Za-z0-9_-]{43}$/);
    const listed = await run('npx', ['tsx', 'src/cli.ts', 'token', 'list'], { env });
    expect(listed.stdout).toMatch(/^dave\tactive until \d{4}-.*\tscopes correct,admin$/m);
    expect(listed.stdout).toMatch(/^frank-app\tactive\t.*\tscopes read$/m);
    // A reader key corrects nothing.
    const refused = await f.gql(ADD_VARIANT, input, key.stdout.trim());
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expect(run('npx', ['tsx', 'src/cli.ts', 'token', 'create', 'erin', '--scopes', 'root'], { env })).rejects.toMatchObject({
      stderr: expect.stringMatching(/^error: Scopes must be some of read, read-audit, correct, admin/m),
    });
  }, 60_000);
});
