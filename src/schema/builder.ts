// The Pothos schema builder: plugins, scalars and root types. Every GraphQL type
// lives in src/schema/types/ and registers itself on this builder.
import SchemaBuilder from '@pothos/core';
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
