// A subscription lives for hours; the token that opened it may be revoked meanwhile. The
// audit trail's private values (curator, input, before, after) must not keep flowing to a
// token that no longer has the right to them: the token is checked again at each event, and
// the stream ends with the same typed error a request with that token would get.
import { Repeater } from 'graphql-yoga';
import type { Viewer } from '../../src/context.js';
import { revokeToken } from '../../src/corrections/tokens.js';
import { whileAuthorized } from '../../src/schema/auth.js';
import { curationServer, newToken } from '../helpers/corrections.js';
import { databaseWithCollections } from '../helpers/corpus.js';

const f = curationServer(() => databaseWithCollections(['2024.emnlp']));

const SUBSCRIPTION = 'subscription { correctionApplied(author: "lei-li") { authorSlugs correction { kind curator } } }';

async function addVariant(first: string) {
  const { errors } = await f.gql(
    `mutation($first: String!) { addNameVariant(input: { author: "lei-li", name: { first: $first, last: "Li" } }) { errors { code } } }`,
    { first },
    f.token,
  );
  expect(errors).toBeUndefined();
}

/** The data events of a Server-Sent Events stream: `next(n)` reads until `n` have arrived or the stream ends. */
function eventsOf(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const parsed = () =>
    text
      .split('\n\n')
      .map((block) => block.split('\n').find((line) => line.startsWith('data: ')))
      .filter((line) => line !== undefined)
      .map((line) => JSON.parse(line.slice('data: '.length)) as unknown);
  return {
    async next(count: number): Promise<unknown[]> {
      while (!ended && parsed().length < count) {
        const { value, done } = await reader.read();
        if (done) ended = true;
        else text += decoder.decode(value, { stream: true });
      }
      return parsed();
    },
    get ended() {
      return ended;
    },
  };
}

test('a subscription opened with a read-audit token ends at the first event after the token is revoked', async () => {
  const auditor = await newToken(f.t.db, 'auditor', { scopes: ['read-audit'] });
  const controller = new AbortController();
  const response = await fetch(f.server.url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${auditor}` },
    body: JSON.stringify({ query: SUBSCRIPTION }),
  });
  expect(response.status).toBe(200);
  const events = eventsOf(response);
  // Let the subscription register before anything is published.
  await new Promise((resolve) => setTimeout(resolve, 200));
  try {
    await addVariant('L.');
    const [first] = await events.next(1);
    expect(first).toEqual({
      data: { correctionApplied: { authorSlugs: ['lei-li'], correction: { kind: 'ADD_NAME_VARIANT', curator: 'alice' } } },
    });

    await revokeToken(f.t.db.pool, 'auditor');
    await addVariant('L. X.');
    const [, second] = await events.next(2);
    expect(second).toMatchObject({
      errors: [{ message: expect.stringMatching(/^The curator token "auditor" was revoked on \d{4}-/), extensions: { code: 'FORBIDDEN' } }],
    });
    expect(JSON.stringify(second)).not.toContain('alice');
    // Nothing more: the server ended the stream.
    await addVariant('L. Y.');
    expect(await events.next(3)).toHaveLength(2);
    expect(events.ended).toBe(true);
  } finally {
    controller.abort();
  }
});

test('an anonymous subscription is not affected: it keeps receiving events without the private values', async () => {
  const controller = new AbortController();
  const response = await fetch(f.server.url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: SUBSCRIPTION }),
  });
  const events = eventsOf(response);
  await new Promise((resolve) => setTimeout(resolve, 200));
  try {
    await addVariant('L. Z.');
    await addVariant('L. W.');
    expect(await events.next(2)).toEqual([
      { data: { correctionApplied: { authorSlugs: ['lei-li'], correction: { kind: 'ADD_NAME_VARIANT', curator: null } } } },
      { data: { correctionApplied: { authorSlugs: ['lei-li'], correction: { kind: 'ADD_NAME_VARIANT', curator: null } } } },
    ]);
  } finally {
    controller.abort();
  }
});

test('a client that goes away releases the source at once, without waiting for another event', async () => {
  let released = false;
  // A source that never yields (no correction comes): what a quiet author's subscription sees.
  const quiet = new Repeater<number>(async (_push, stop) => {
    await stop;
    released = true;
  });
  const viewer: Viewer = {
    authentication: { status: 'anonymous' },
    authenticate: async () => ({ status: 'anonymous' }),
    recheck: async () => ({ status: 'anonymous' }),
  };
  const events = whileAuthorized(viewer, quiet);
  const pending = events.next();
  await events.return(undefined);
  expect(await pending).toEqual({ done: true, value: undefined });
  expect(released).toBe(true);
});
