// Composes a supergraph from Apollo Federation v2 subgraphs (with
// @theguild/federation-composition) and prints it, ready for Hive Gateway or Apollo Router.
//   npm run supergraph -- scholargraph=http://localhost:4000/graphql citations=http://localhost:4001/graphql
// Each argument is name=URL: the subgraph's SDL is read from its `_service { sdl }` and
// the URL becomes its routing address. Composition errors go to stderr; exit code 1.
import { composeSupergraph, subgraphSdl } from './supergraph.js';

async function main(args: string[]) {
  if (args.length === 0 || args.some((a) => !/^[A-Za-z_][\w-]*=https?:\/\/\S+$/.test(a))) {
    throw new Error('usage: npm run supergraph -- <name>=<graphql url> [<name>=<graphql url> …]');
  }
  const services = await Promise.all(
    args.map(async (arg) => {
      const [name, url] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
      return { name, url, sdl: await subgraphSdl(url) };
    }),
  );
  process.stdout.write(`${composeSupergraph(services)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
