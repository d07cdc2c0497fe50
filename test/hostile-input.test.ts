// Hostile input against the real HTTP server (issue 13): over a thousand generated
// documents and requests, from a seeded generator, across every class an attacker
// tries — fragment and alias bombs, deep nests, huge id lists, NUL / lone surrogates /
// invalid UTF-8 in every string argument of the schema (found by walking it), forged
// cursors and ids, huge numbers, wrong methods and content types, broken bodies.
// Half go to a production server, half to a development one. For each: no 5xx; no
// stack trace, file path or internal address; every error has a code, and none is
// INTERNAL_SERVER_ERROR. Meanwhile /health is polled and must keep answering.
import { request as httpRequest } from 'node:http';
import {
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { loadDemoData } from '../src/demo/demo-data.js';
import { DEFAULT_MAX_IDS } from '../src/http/limits.js';
import { schema } from '../src/schema/index.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';

let t: TestDatabase;
let prod: RunningServer;
let dev: RunningServer;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db);
  prod = await listen(t.db, { production: true });
  dev = await listen(t.db, { production: false });
});
afterAll(async () => {
  await prod?.close();
  await dev?.close();
  await t?.drop();
});

// ---- a seeded generator (mulberry32) --------------------------------------------------

function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0x20, 0x7e))).join('');
  return { next, int, pick, text };
}
const rnd = generator(13);

// ---- the cases ------------------------------------------------------------------------

interface Case {
  kind: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The error code every error must carry, when the class decides it. */
  expectCode?: string;
}

const json = (query: string, variables?: unknown, expectCode?: string, kind = 'document'): Case => ({
  kind,
  body: JSON.stringify({ query, variables }),
  expectCode,
});

/** A field path from the query or mutation root to every field that takes a string, with a document per string argument. */
interface Target {
  operation: 'query' | 'mutation';
  steps: { field: GraphQLField<unknown, unknown>; on?: string }[];
  argument: GraphQLArgument;
  /** Wraps the hostile string into the argument's value (a list, an input object). */
  wrap: (value: string) => unknown;
}

function stringPlaces(type: GraphQLInputType, depth = 0): ((value: string) => unknown)[] {
  const inner = getNullableType(type);
  if (isListType(inner)) return stringPlaces(inner.ofType as GraphQLInputType, depth).map((wrap) => (v: string) => [wrap(v)]);
  if (isScalarType(inner)) return inner.name === 'String' || inner.name === 'ID' ? [(v: string) => v] : [];
  if (isInputObjectType(inner) && depth < 3) {
    return Object.values(inner.getFields()).flatMap((f) =>
      stringPlaces(f.type, depth + 1).map((wrap) => (v: string) => ({ ...dummyObject(inner.getFields()), [f.name]: wrap(v) })),
    );
  }
  return [];
}

function dummy(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0]!.value;
  if (isInputObjectType(inner)) return dummyObject(inner.getFields());
  if (isScalarType(inner)) return inner.name === 'Int' || inner.name === 'Float' ? 1 : inner.name === 'Boolean' ? false : 'x';
  return null;
}
function dummyObject(fields: Record<string, { type: GraphQLInputType }>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, f]) => isNonNullType(f.type))
      .map(([name, f]) => [name, dummy(f.type)]),
  );
}

/** Breadth-first from the roots: one shortest path to each object type, then every string argument on the way. */
function stringTargets(): Target[] {
  const targets: Target[] = [];
  for (const operation of ['query', 'mutation'] as const) {
    const root = (operation === 'query' ? schema.getQueryType() : schema.getMutationType())!;
    const paths = new Map<string, Target['steps']>([[root.name, []]]);
    const queue: GraphQLObjectType[] = [root];
    while (queue.length > 0) {
      const type = queue.shift()!;
      const path = paths.get(type.name)!;
      for (const field of Object.values(type.getFields())) {
        for (const argument of field.args) {
          for (const wrap of stringPlaces(argument.type)) targets.push({ operation, steps: [...path, { field }], argument, wrap });
        }
        // Mutation payloads are not walked: their arguments are the query types' again.
        if (operation === 'mutation') continue;
        const named = getNamedType(field.type);
        const next = isAbstractType(named) ? schema.getPossibleTypes(named) : isObjectType(named) ? [named] : [];
        for (const concrete of next) {
          if (paths.has(concrete.name) || concrete.name.startsWith('__')) continue;
          paths.set(concrete.name, [...path, { field, on: isAbstractType(named) ? concrete.name : undefined }]);
          queue.push(concrete);
        }
      }
    }
  }
  return targets;
}

/** The document reaching `target`, its string argument as $target, every other required argument as a variable. */
function documentFor(target: Target, hostile: string): { query: string; variables: Record<string, unknown> } {
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const argumentsOf = (field: GraphQLField<unknown, unknown>, index: number, isTarget: boolean) => {
    const parts: string[] = [];
    for (const argument of field.args) {
      if (isTarget && argument === target.argument) {
        declarations.push(`$target: ${String(argument.type)}`);
        variables.target = target.wrap(hostile);
        parts.push(`${argument.name}: $target`);
      } else if (isNonNullType(argument.type) && argument.defaultValue === undefined) {
        const name = `a${index}_${argument.name}`;
        declarations.push(`$${name}: ${String(argument.type)}`);
        variables[name] = dummy(argument.type);
        parts.push(`${argument.name}: $${name}`);
      }
    }
    return parts.length ? `(${parts.join(', ')})` : '';
  };
  let selection = '';
  target.steps.forEach((step, i) => {
    const last = i === target.steps.length - 1;
    const named: GraphQLNamedType = getNamedType(step.field.type);
    const inner = last ? (isCompositeType(named) ? ' { __typename }' : '') : '';
    selection += `${step.field.name}${argumentsOf(step.field, i, last)}${inner}`;
    if (!last) selection += step.on ? ` { ... on ${step.on} { ` : ' { ';
  });
  for (let i = target.steps.length - 2; i >= 0; i--) selection += target.steps[i]!.on ? ' } }' : ' }';
  const header = declarations.length ? `(${declarations.join(', ')})` : '';
  return { query: `${target.operation}${header} { ${selection} }`, variables };
}

const PLACEHOLDER = 'HOSTILE_BYTES_HERE';

function stringCases(): Case[] {
  const cases: Case[] = [];
  for (const target of stringTargets()) {
    const nul = `${rnd.text(rnd.int(0, 5))}\u0000${rnd.text(rnd.int(0, 5))}`;
    cases.push({ ...json(documentFor(target, nul).query, documentFor(target, nul).variables, 'BAD_USER_INPUT'), kind: 'NUL' });
    const lone = `${rnd.text(2)}${rnd.pick(['\ud800', '\udfff', '\udbff'])}${rnd.text(2)}`;
    const surrogate = JSON.stringify(documentFor(target, lone));
    cases.push({ kind: 'lone surrogate', body: surrogate, expectCode: 'BAD_USER_INPUT' });
    const { query, variables } = documentFor(target, PLACEHOLDER);
    const text = JSON.stringify({ query, variables });
    const at = text.indexOf(PLACEHOLDER);
    const bad = Buffer.from(
      rnd.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]),
    );
    cases.push({
      kind: 'invalid UTF-8',
      body: Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at + PLACEHOLDER.length))]),
      expectCode: 'BAD_USER_INPUT',
    });
  }
  return cases;
}

function fragmentBomb(levels: number, aliased: boolean): string {
  const leaf = rnd.pick(['slug', 'name', 'orcid', 'paperCount']);
  const fragments = [`fragment F0 on Author { ${aliased ? 'x: ' : ''}${leaf} }`];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Author { ...F${i - 1} ...F${i - 1} }`);
  return `{ author(slug: "lei-gao-usc") { ...F${levels} } } ${fragments.join(' ')}`;
}

const ROOT_LISTS = [
  'search(query: "a") { totalCount }',
  'search(query: "translation", first: 100) { edges { node { __typename } } }',
  'authors(first: 100) { edges { node { slug } } }',
  'papers(first: 100) { totalCount }',
  'collaborationPath(from: "lei-gao-usc", to: "lei-gao-usc") { length }',
  'suggest(prefix: "a") { label }',
  'venues { totalCount }',
];

/** Author > papers > edges > node > authorships > author, repeated: a real field chain of any depth. */
function deepChain(levels: number): string {
  const open = ['papers { edges { node {', 'authorships { author {'];
  let q = '';
  let closes = 0;
  for (let i = 0; i < levels; i++) {
    q += ` ${open[i % 2]}`;
    closes += i % 2 === 0 ? 3 : 2;
  }
  return `{ author(slug: "lei-gao-usc") {${q} __typename ${'}'.repeat(closes)} }`;
}

function documentCases(): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < 60; i++) cases.push({ ...json(fragmentBomb(rnd.int(8, 60), rnd.next() < 0.5)), kind: 'fragment bomb' });
  for (let i = 0; i < 60; i++) {
    const n = rnd.int(31, 400);
    const aliases = Array.from({ length: n }, (_, k) => `a${k}: ${rnd.pick(ROOT_LISTS)}`).join(' ');
    cases.push({ ...json(`{ ${aliases} }`), kind: 'alias bomb' });
  }
  for (let i = 0; i < 30; i++) {
    const n = rnd.int(6, 30);
    cases.push({
      ...json(
        `{ ${Array.from({ length: n }, (_, k) => `s${k}: search(query: "${rnd.pick(['a', 'e', 'translation', 'the'])}") { totalCount }`).join(' ')} }`,
      ),
      kind: 'search aliases',
      expectCode: 'QUERY_TOO_COSTLY',
    });
  }
  for (let i = 0; i < 40; i++) cases.push({ ...json(deepChain(rnd.int(5, 400))), kind: 'deep chain' });
  for (let i = 0; i < 30; i++) {
    const depth = rnd.int(1_000, 300_000);
    cases.push({ ...json(`{ nodes(ids: ${'['.repeat(depth)}${']'.repeat(depth)}) { id } }`), kind: 'deep list' });
  }
  for (let i = 0; i < 20; i++) {
    const depth = rnd.int(1_000, 100_000);
    cases.push({ ...json(`${'{a'.repeat(depth)}${'}'.repeat(depth)}`), kind: 'deep braces' });
  }
  for (let i = 0; i < 20; i++) {
    const depth = rnd.int(1_000, 100_000);
    cases.push({
      kind: 'deep JSON variables',
      body: `{"query":"query($s: String) { author(slug: $s) { name } }","variables":{"s":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    });
  }
  for (let i = 0; i < 20; i++) {
    const n = rnd.int(51, 500);
    cases.push({
      ...json(`{ author(slug: "lei-gao-usc") { ${Array.from({ length: n }, () => `slug @include(if: true)`).join(' ')} } }`),
      kind: 'directives',
    });
  }
  return cases;
}

const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');

function idCases(): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < 40; i++) {
    const n = rnd.pick([DEFAULT_MAX_IDS + 1, rnd.int(101, 1_000), rnd.int(1_000, 50_000)]);
    const ids = Array.from({ length: n }, (_, k) => globalId('Author', `x${k}`));
    cases.push({ ...json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, 'TOO_MANY_IDS'), kind: 'huge id list' });
  }
  for (let i = 0; i < 10; i++) {
    const ids = Array.from({ length: rnd.int(2_000, 10_000) }, (_, k) => `"${k}"`).join(',');
    cases.push({ ...json(`{ nodes(ids: [${ids}]) { id } }`, undefined, 'QUERY_TOO_LONG'), kind: 'huge inline id list' });
  }
  const types = ['Author', 'Paper', 'Venue', 'Volume', 'Correction', 'Nope', 'Query', ''];
  for (let i = 0; i < 100; i++) {
    const id = rnd.pick([
      () => globalId(rnd.pick(types), rnd.text(rnd.int(0, 30))),
      () => globalId(rnd.pick(types), String(rnd.int(-1e9, 1e9) * 1e12)),
      () => rnd.text(rnd.int(0, 40)),
      () => Buffer.from(rnd.text(rnd.int(1, 40))).toString('base64'),
    ])();
    cases.push({ ...json('query($id: ID!) { node(id: $id) { id __typename } }', { id }), kind: 'forged id' });
  }
  // Batch lookups by public keys: past 100 keys refused; 30 aliases of 100 random keys each answered or priced.
  const batches = [
    ['authorsBy', 'slugs', 'slug'],
    ['authorsBy', 'orcids', 'slug'],
    ['papersBy', 'anthologyIds', 'anthologyId'],
    ['papersBy', 'dois', 'anthologyId'],
  ] as const;
  for (let i = 0; i < 20; i++) {
    const [field, keys, selection] = rnd.pick([...batches]);
    const type = field === 'authorsBy' ? 'AuthorKeys' : 'PaperKeys';
    const many = Array.from({ length: rnd.int(101, 20_000) }, () => rnd.text(rnd.int(0, 30)));
    const document = `query($by: ${type}!) { ${field}(by: $by) { ${selection} } }`;
    cases.push({ ...json(document, { by: { [keys]: many } }, 'TOO_MANY_IDS'), kind: 'huge batch lookup' });
    const aliases = Array.from({ length: 30 }, (_, k) => `a${k}: ${field}(by: $by) { ${selection} }`).join(' ');
    const hundred = Array.from({ length: 100 }, () => rnd.text(rnd.int(0, 30)));
    cases.push({ ...json(`query($by: ${type}!) { ${aliases} }`, { by: { [keys]: hundred } }), kind: 'aliased batch lookups' });
  }
  return cases;
}

/** Every connection field's cursor arguments, with forged cursors; every Int argument, with huge numbers. */
function cursorAndNumberCases(): Case[] {
  const cases: Case[] = [];
  const cursorFields = ['authors', 'papers', 'venues', 'corrections'];
  for (let i = 0; i < 80; i++) {
    const field = rnd.pick(cursorFields);
    const cursor = rnd.pick([
      () => rnd.text(rnd.int(0, 60)),
      () => Buffer.from(rnd.text(rnd.int(1, 60))).toString('base64'),
      () => Buffer.from(`arrayconnection:${rnd.int(-1e6, 1e12)}`).toString('base64'),
      () => Buffer.from(`${rnd.pick(['S', 'N', 'D', 'J'])}:${rnd.text(10)}`).toString('base64'),
    ])();
    cases.push({
      ...json(`query($c: String) { ${field}(${rnd.pick(['after', 'before'])}: $c, first: ${rnd.int(0, 100)}) { totalCount } }`, {
        c: cursor,
      }),
      kind: 'forged cursor',
    });
  }
  for (let i = 0; i < 30; i++) {
    const cursor = Buffer.from(rnd.text(rnd.int(1, 40))).toString('base64');
    cases.push({
      ...json('query($c: String) { search(query: "gao", after: $c) { totalCount } }', { c: cursor }),
      kind: 'forged search cursor',
    });
  }
  const huge = [2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e300, -1e300, 1.5, '12', true, [1], { n: 1 }];
  const intArguments = [
    ['authors', 'first'],
    ['authors', 'last'],
    ['papers', 'first'],
    ['suggest', 'first'],
    ['correction', 'number'],
  ] as const;
  for (let i = 0; i < 60; i++) {
    const [field, argument] = rnd.pick(intArguments);
    const value = rnd.pick(huge);
    const selection =
      field === 'suggest'
        ? '(prefix: "a", first: $n) { label }'
        : field === 'correction'
          ? '(number: $n) { id }'
          : `(${argument}: $n) { totalCount }`;
    cases.push({
      ...json(`query($n: Int${field === 'correction' ? '!' : ''}) { ${field}${selection} }`, { n: value }),
      kind: 'huge number variable',
    });
  }
  // The same through graphql-js (a document of two operations is not compiled by graphql-jit), enum typos included.
  for (let i = 0; i < 30; i++) {
    const [variable, value] = rnd.pick([
      ['$n: Int', rnd.pick(huge)],
      ['$k: [SearchKind!]', [rnd.pick(['AUTHORS', 'paper', '', 'VENUE ', '\u00c9'])]],
    ] as const);
    const use = variable.startsWith('$n') ? 'authors(first: $n) { totalCount }' : 'search(query: "a", kinds: $k) { totalCount }';
    cases.push({
      kind: 'bad variable (graphql-js)',
      body: JSON.stringify({
        query: `query A(${variable}) { ${use} } query B { __typename }`,
        variables: { [variable.slice(1, 2)]: value },
        operationName: 'A',
      }),
      expectCode: 'BAD_USER_INPUT',
    });
  }
  for (let i = 0; i < 30; i++) {
    const literal = rnd.pick(['2147483648', '-2147483649', '99999999999999999999999', '1e400', '1.5', '-0.0']);
    cases.push({
      ...json(`{ ${rnd.pick(['authors', 'papers', 'venues'])}(first: ${literal}) { totalCount } }`),
      kind: 'huge number literal',
    });
  }
  for (let i = 0; i < 20; i++) {
    const year = rnd.pick([-2147483648, 2147483647, 0, -1, 99999]);
    cases.push({
      ...json(`{ search(query: "translation", year: ${year}, yearFrom: ${year}, yearTo: ${-year}) { totalCount } }`),
      kind: 'out-of-range year',
    });
  }
  for (let i = 0; i < 20; i++) {
    cases.push({
      ...json(
        `{ collaborationPath(from: "lei-gao-usc", to: "x", maxLength: ${rnd.pick([-1, 9, 2147483647, -2147483648])}) { length } }`,
        undefined,
        'BAD_USER_INPUT',
      ),
      kind: 'out-of-range maxLength',
    });
  }
  return cases;
}

function transportCases(): Case[] {
  const cases: Case[] = [];
  const types = [
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/xml',
    'application/graphql',
    'application/json; charset=latin1',
    'image/png',
    '',
    'application/json',
    'application/jsonx',
  ];
  const bodies = [
    '{"query": ',
    'query=%7B__typename%7D',
    '{"query":"{ __typename }"}',
    '<a/>',
    '[]',
    '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
    '{"query": 1}',
    '{"query":"{ __typename }","variables":"x"}',
    '{"query":"{ __typename }","extensions":[1]}',
    '{"query":"{ __typename }","operationName":{"a":1}}',
    'null',
    '',
    '\u0000\u0000',
  ];
  for (let i = 0; i < 120; i++) {
    const type = rnd.pick(types);
    cases.push({
      kind: 'content type',
      method: rnd.pick(['POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE']),
      headers: type ? { 'content-type': type } : {},
      body: rnd.pick(bodies),
    });
  }
  for (let i = 0; i < 40; i++) {
    const query = rnd.pick([
      '%FF',
      '%C3%28',
      '%E2%82',
      '%',
      '%zz',
      encodeURIComponent('{ __typename }'),
      encodeURIComponent('mutation { __typename }'),
      '',
    ]);
    cases.push({
      kind: 'GET query string',
      method: 'GET',
      path: `/graphql?query=${query}&variables=${rnd.pick(['', '%7B', 'null', '%FF'])}`,
    });
  }
  for (let i = 0; i < 20; i++) {
    cases.push({
      kind: 'GET path',
      method: 'GET',
      path: rnd.pick([
        '/graphql/../../etc/passwd',
        '/%00',
        '/graphql%00',
        '/ready?x=%FF',
        '/metrics',
        '/graphql?query=' + 'a'.repeat(rnd.int(1, 8000)),
      ]),
    });
  }
  return cases;
}

const CASES = [...documentCases(), ...stringCases(), ...idCases(), ...cursorAndNumberCases(), ...transportCases()];

// ---- sending and checking ---------------------------------------------------------------

/** node:http, so that malformed bodies and paths go out byte for byte. */
function send(origin: string, c: Case): Promise<{ status: number; body: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: c.method ?? 'POST',
        path: c.path ?? '/graphql',
        headers: {
          accept: 'application/graphql-response+json, application/json',
          ...(c.method || c.headers ? c.headers : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (c.body !== undefined && c.method !== 'GET') req.end(c.body);
    else req.end();
  });
}

/** A stack frame, a source or module path, an IP address with a port, a Prisma excerpt. */
const LEAK =
  /\n\s+at |\bat \S+ \(|\.[tj]s:\d+|node_modules|\/work\/|\/home\/|\b\d{1,3}(\.\d{1,3}){3}:\d+|ECONNREFUSED|invocation in|prisma\./i;

interface Failure {
  kind: string;
  server: string;
  problem: string;
  status: number;
  body: string;
}

function check(c: Case, server: string, status: number, body: string): string | null {
  if (status >= 500) return 'a 5xx';
  if (LEAK.test(body)) return `a leak: ${LEAK.exec(body)![0]}`;
  // Development may say what the JSON parser said; production says nothing of the kind.
  if (server === 'production' && body.includes('originalError')) return 'originalError in production';
  if (body.trim() === '') return null; // 415, 405 and 304 answers without a body
  let parsed: { errors?: { extensions?: { code?: unknown } }[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return 'a body that is not JSON';
  }
  for (const error of parsed.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') return 'an error without a code';
    if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
    if (c.expectCode && code !== c.expectCode) return `${code}, not ${c.expectCode}`;
  }
  if (c.expectCode && !parsed.errors?.length) return `no error, expected ${c.expectCode}`;
  return null;
}

test(`${CASES.length} hostile requests: no 5xx, no leaks, every error typed, /health answering throughout`, async () => {
  expect(CASES.length).toBeGreaterThanOrEqual(1_000);
  const kinds = new Map<string, number>();
  for (const c of CASES) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  // Every class is there, and every string argument of the schema (query and mutation) was hit.
  expect([...kinds.keys()]).toEqual(
    expect.arrayContaining([
      'fragment bomb',
      'alias bomb',
      'deep chain',
      'deep list',
      'huge id list',
      'NUL',
      'invalid UTF-8',
      'forged cursor',
      'forged id',
      'huge number variable',
      'content type',
    ]),
  );
  expect(kinds.get('NUL')).toBeGreaterThanOrEqual(40);

  // /health, polled one request at a time while the attack runs.
  let running = true;
  const health = { answered: 0, failed: 0 };
  const poll = (async () => {
    while (running) {
      try {
        const r = await send(prod.origin, { kind: 'health', method: 'GET', path: '/health' });
        if (r.status === 200) health.answered++;
        else health.failed++;
      } catch {
        health.failed++;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  const failures: Failure[] = [];
  const concurrency = 8;
  let next = 0;
  const worker = async () => {
    while (next < CASES.length) {
      const index = next++;
      const c = CASES[index]!;
      const server = index % 2 === 0 ? prod : dev;
      const name = server === prod ? 'production' : 'development';
      const { status, body } = await send(server.origin, c);
      const problem = check(c, name, status, body);
      if (problem) failures.push({ kind: c.kind, server: name, problem, status, body: body.slice(0, 300) });
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    running = false;
    await poll;
  }
  const summary = new Map<string, number>();
  for (const f of failures)
    summary.set(`${f.kind} / ${f.server} / ${f.problem}`, (summary.get(`${f.kind} / ${f.server} / ${f.problem}`) ?? 0) + 1);
  expect({ summary: Object.fromEntries(summary), first: failures.slice(0, 5) }).toEqual({ summary: {}, first: [] });
  expect(health.failed).toBe(0);
  expect(health.answered).toBeGreaterThan(0);
}, 600_000);
