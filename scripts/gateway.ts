// A Hive Gateway (@graphql-hive/gateway-runtime) in front of running subgraphs, served over Node
// HTTP: one or several Scholargraph server processes (and any other subgraph) behind one endpoint.
//   npm run gateway -- --port=4000 scholargraph=http://127.0.0.1:4001/graphql,http://127.0.0.1:4002/graphql
// Each argument is name=URL[,URL…]: the subgraph's SDL is read from its `_service { sdl }` (every
// URL of a subgraph must serve the same SDL) and composed into a supergraph; a subgraph with several
// URLs is spread over them, least busy first, with failover (scripts/upstreams.ts). SIGTERM/SIGINT
// stop accepting requests, let those in flight finish, and exit 0. Upstream requests carry the
// client's address in X-Forwarded-For (scripts/forwarded-for.ts; the servers need TRUST_PROXY=true).
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useForwardedFor } from './forwarded-for.js';
import { composeSupergraph, subgraphSdl } from './supergraph.js';
import { UpstreamGroup, useUpstreamGroups } from './upstreams.js';

const USAGE = 'usage: npm run gateway -- [--port=<port>] <name>=<graphql url>[,<graphql url>…] [<name>=…]';

function parseArgs(args: string[]): { port: number; subgraphs: { name: string; urls: string[] }[] } {
  let port = 4000;
  const subgraphs: { name: string; urls: string[] }[] = [];
  for (const arg of args) {
    const portArg = /^--port=(\d{1,5})$/.exec(arg);
    if (portArg && Number(portArg[1]) <= 65_535) {
      port = Number(portArg[1]);
      continue;
    }
    const subgraph = /^([A-Za-z_][\w-]*)=(https?:\/\/[^\s,]+(?:,https?:\/\/[^\s,]+)*)$/.exec(arg);
    if (!subgraph || subgraphs.some((s) => s.name === subgraph[1])) throw new Error(USAGE);
    subgraphs.push({ name: subgraph[1]!, urls: subgraph[2]!.split(',') });
  }
  if (subgraphs.length === 0) throw new Error(USAGE);
  return { port, subgraphs };
}

async function main(args: string[]) {
  const { port, subgraphs } = parseArgs(args);
  const services = await Promise.all(
    subgraphs.map(async ({ name, urls }) => {
      // A process that is down at start does not stop the gateway (it fails over to the others);
      // every process that answered must serve the same schema.
      const settled = await Promise.allSettled(urls.map(subgraphSdl));
      const sdls = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (sdls.length === 0) throw new Error(`${name}: none of its URLs answered`);
      if (sdls.some((sdl) => sdl !== sdls[0])) throw new Error(`${name}: its URLs serve different schemas`);
      return { name, url: urls[0]!, sdl: sdls[0]! };
    }),
  );
  // Every subgraph, one URL or several: the retries of a reset query apply to both.
  const groups = subgraphs.map((s) => new UpstreamGroup(s.name, s.urls));
  const gateway = createGatewayRuntime({
    supergraph: composeSupergraph(services),
    logging: 'warn',
    plugins: () => [useForwardedFor(), useUpstreamGroups(groups)],
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const spread = subgraphs.map((s) => `${s.name}: ${s.urls.length} URL${s.urls.length === 1 ? '' : 's'}`).join(', ');
  console.log(`gateway ready: http://localhost:${(server.address() as AddressInfo).port}/graphql (${spread})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, then closing`);
    server.close(() => {
      void gateway[Symbol.asyncDispose]().then(() => {
        console.log('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
