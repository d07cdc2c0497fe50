// Composes a supergraph from Apollo Federation v2 subgraphs (with
// @theguild/federation-composition) and prints it, ready for Hive Gateway or Apollo Router.
//   npm run supergraph -- scholargraph=http://localhost:4000/graphql citations=http://localhost:4001/graphql
// Each argument is name=URL: the subgraph's SDL is read from its `_service { sdl }` and
// the URL becomes its routing address. Composition errors go to stderr; exit code 1.
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

async function subgraphSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url}: no _service { sdl } (${body.errors?.[0]?.message ?? `HTTP ${response.status}`})`);
  return sdl;
}

async function main(args: string[]) {
  if (args.length === 0 || args.some((a) => !/^[A-Za-z_][\w-]*=https?:\/\/\S+$/.test(a))) {
    throw new Error('usage: npm run supergraph -- <name>=<graphql url> [<name>=<graphql url> …]');
  }
  const services = await Promise.all(
    args.map(async (arg) => {
      const [name, url] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
      return { name, url, typeDefs: parse(await subgraphSdl(url)) };
    }),
  );
  const result = composeServices(services);
  if (result.errors?.length) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  process.stdout.write(`${result.supergraphSdl}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
