// The Pothos schema builder: plugins, scalars and root types. Every GraphQL type
// lives in src/schema/types/ and registers itself on this builder.
import SchemaBuilder from '@pothos/core';
import { Kind, print } from 'graphql';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { production } from '../config.js';
import type { Context } from '../context.js';
import type { Scope } from '../corrections/tokens.js';
import { unauthorized } from './auth.js';
import { badInput } from './errors.js';
import { doiOf } from '../text/doi.js';
import { orcidFormOf, orcidOf } from '../text/orcid.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../page-size.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  /**
   * The request carries a valid curator token (not revoked, not expired) with this scope:
   * correct for every mutation, admin also for revertCorrection; readAudit (read-audit) to see
   * the audit trail's values and curator names.
   */
  AuthScopes: { correct: boolean; admin: boolean; readAudit: boolean };
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date };
    ORCID: { Input: string; Output: string };
    DOI: { Input: string; Output: string };
  };
}>({
  // Federation last: it wraps what the others define (see @pothos/plugin-federation).
  // Scope auth runs before the others wrap resolvers (after relay, so scopes see decoded ids).
  plugins: [RelayPlugin, ScopeAuthPlugin, PrismaPlugin, DataloaderPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Mutations and the audit trail's private fields ask for a scope; the token is looked up
    // then, once per request.
    authScopes: (ctx) => {
      const has = (scope: Scope) => async () => {
        const authentication = await ctx.viewer.authenticate();
        return authentication.status === 'curator' && authentication.curator.scopes.includes(scope);
      };
      return { correct: has('correct'), admin: has('admin'), readAudit: has('read-audit') };
    },
    unauthorizedError: (_parent, ctx) => unauthorized(ctx.viewer.authentication),
  },
  prisma: {
    // Each request's context carries the Prisma client of its database.
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    onUnusedQuery: production() ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Federation: other Relay subgraphs define the same PageInfo and node/nodes fields, so
    // they are @shareable (the Node interface needs nothing: interfaces merge as value types).
    pageInfoTypeOptions: { shareable: true },
    nodeQueryOptions: { shareable: true },
    nodesQueryOptions: { shareable: true },
  },
});

builder.queryType({ description: 'Scholarly knowledge: authors, papers, venues and proceedings.' });
builder.mutationType({
  description:
    'Curated corrections ("Fix author"). Every mutation needs a curator token with the `correct` scope: `Authorization: Bearer …`.',
  authScopes: { correct: true },
});
builder.subscriptionType({ description: 'Live updates (Server-Sent Events: send `Accept: text/event-stream`).' });

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc8259',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC.',
  // The GraphQL Scalars project's DateTime (RFC 3339 date-time, offset required).
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' && RFC_3339_DATE_TIME.test(value) ? new Date(value) : null;
    if (date === null || Number.isNaN(date.getTime())) {
      throw new TypeError(`"${String(value)}" is not an RFC 3339 date-time with an offset (e.g. 2026-12-01T12:00:00Z).`);
    }
    return date;
  },
});

/** RFC 3339's date-time (section 5.6), as the DateTime scalar spec requires it: with an offset. */
const RFC_3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

// Identifiers: input is checked and normalized (a bad value is BAD_USER_INPUT, thrown as a
// GraphQLError so graphql-js and graphql-jit keep it typed), output is the bare form the
// Anthology prints. Output does not re-check an ORCID's check digit: the XML prints a few
// that fail it (`0000-0000-0000-0000` in 2024.smm4h.xml), and they are shown as printed.
builder.scalarType('ORCID', {
  description:
    'An ORCID iD, `0000-0002-1825-0097`. Input may also be its URI (`https://orcid.org/0000-0002-1825-0097`) or end in a lowercase `x`; the check digit must be right (ISO 7064 mod 11-2). Output is the bare iD.',
  specifiedByURL: 'https://support.orcid.org/hc/en-us/articles/360006897674-Structure-of-the-ORCID-Identifier',
  serialize: (value) => {
    // name_variants.yaml gives one as its URI (hao-zhang-rochester): shown bare like the others.
    const orcid = orcidFormOf(String(value));
    if (orcid === null) throw new TypeError('An ORCID on record does not have the shape of one.');
    return orcid;
  },
  parseValue: parseOrcid,
  // One parameter: graphql-jit warns on every compile about a parseLiteral that takes variables.
  parseLiteral: (node) => parseOrcid(node.kind === Kind.STRING ? node.value : print(node)),
});

function parseOrcid(value: unknown): string {
  const orcid = typeof value === 'string' ? orcidOf(value) : null;
  if (orcid === null)
    throw badInput(`${JSON.stringify(value)} is not an ORCID iD (expected 0000-0000-0000-000X, with a valid check digit).`);
  return orcid;
}

builder.scalarType('DOI', {
  description:
    'A DOI name, `10.18653/v1/2022.acl-long.1`. Input may also be a resolver URL (`https://doi.org/…`, `http://dx.doi.org/…`) or a `doi:` URI; DOI names are case-insensitive, so lookups ignore ASCII case. Output is the name as the Anthology prints it, without a resolver; what the Anthology prints in its DOI field that is no DOI (a Handle URL) is passed through as printed.',
  // The DOI Handbook, 2 Numbering (2.2 Syntax; 2.4 Case sensitivity).
  specifiedByURL: 'https://www.doi.org/doi_handbook/2_Numbering.html',
  // The XML's <doi> also holds what is no DOI: 524 Handle URLs (`http://hdl.handle.net/2065/11866`)
  // and a few slips (`0.26615/…`, `10.1162/`): shown as printed rather than failing the field.
  serialize: (value) => doiOf(String(value)) ?? String(value),
  parseValue: parseDoi,
  parseLiteral: (node) => parseDoi(node.kind === Kind.STRING ? node.value : print(node)),
});

function parseDoi(value: unknown): string {
  const doi = typeof value === 'string' ? doiOf(value) : null;
  if (doi === null) throw badInput(`${JSON.stringify(value)} is not a DOI (expected 10.xxxx/…, or a doi.org URL).`);
  return doi;
}
