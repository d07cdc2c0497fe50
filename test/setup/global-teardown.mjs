// Stops the embedded PostgreSQL that global-setup started, or drops the template
// database it made on a server we do not own (DATABASE_URL).
import pg from 'pg';

export default async function globalTeardown() {
  const server = globalThis.__embeddedPostgres;
  if (server) {
    await server.stop();
    return;
  }
  const adminUrl = process.env.SCHOLARGRAPH_TEST_ADMIN_URL;
  const template = process.env.SCHOLARGRAPH_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new pg.Client(adminUrl);
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
