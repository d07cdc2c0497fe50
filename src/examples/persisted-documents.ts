// The persisted (trusted) documents: the operations GraphiQL opens with, each under its
// id, `sha256:` and the SHA-256 of the document's text as UTF-8 in lowercase hex (the
// GraphQL-over-HTTP "persisted documents" convention; graphql/graphql-over-http,
// rfcs/PersistedDocuments.md). persisted-documents.json is this manifest, printed:
// `{ "<id>": "<document>" }` (npm run -s persisted:print; test/persisted-documents.test.ts
// checks it is current).
import { createHash } from 'node:crypto';
import { GRAPHIQL_TABS } from './graphiql-tabs.js';

/** A document's id: `sha256:` and the hex SHA-256 of its text. */
export const documentIdOf = (document: string) => `sha256:${createHash('sha256').update(document, 'utf8').digest('hex')}`;

/** id → document, in GraphiQL's tab order. */
export const PERSISTED_DOCUMENTS: ReadonlyMap<string, string> = new Map(GRAPHIQL_TABS.map((tab) => [documentIdOf(tab.query), tab.query]));

/** The manifest file's text. */
export const printManifest = () => `${JSON.stringify(Object.fromEntries(PERSISTED_DOCUMENTS), null, 2)}\n`;
