// Composing a supergraph from running subgraphs (@theguild/federation-composition): shared by
// `npm run supergraph` (scripts/compose-supergraph.ts) and `npm run gateway` (scripts/gateway.ts).
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

/** A subgraph's SDL, from its `_service { sdl }`. */
export async function subgraphSdl(url: string): Promise<string> {
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

/** The supergraph SDL of the subgraphs (each with the URL the gateway routes to); composition errors throw. */
export function composeSupergraph(services: { name: string; url: string; sdl: string }[]): string {
  const result = composeServices(services.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors?.length) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  if (!result.supergraphSdl) throw new Error('composition failed: no supergraph');
  return result.supergraphSdl;
}
