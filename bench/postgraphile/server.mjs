// PostGraphile 5 over the bench database, for `npm run bench` (run with the Node 22
// binary of this folder's node_modules). It serves the views and functions of
// schema.sql (schema bench_pgl): DATABASE_URL, PORT, DATABASE_POOL_SIZE (default 10,
// as Scholargraph). PRINT_SCHEMA=1 prints the generated GraphQL schema and exits.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { printSchema } from 'postgraphile/graphql';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['bench_pgl'],
      poolConfig: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), application_name: 'postgraphile' },
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false, maskError: undefined },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
if (process.env.PRINT_SCHEMA) {
  const { schema } = await pgl.getSchemaResult();
  console.log(printSchema(schema));
  await pgl.release();
  process.exit(0);
}
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  console.error(`[postgraphile] ${error.message}`);
  process.exit(1);
});
await serv.addTo(server);
const port = Number(process.env.PORT ?? 5678);
server.listen(port, '127.0.0.1', () => console.log(`[postgraphile] GraphQL ready: http://127.0.0.1:${port}/graphql`));
const stop = () => server.close(() => pgl.release().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
