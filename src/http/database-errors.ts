// Database trouble as typed errors: a request that could not get a pooled connection in
// time, whose statement ran past statement_timeout, or that found the database down is
// answered 503 with Retry-After and an `extensions.code`, never "Unexpected error." / 500.
import { type ExecutionResult, GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ACQUIRE_TIMEOUT_MESSAGE } from '../db/pool.js';

export type DatabaseErrorCode = 'DATABASE_BUSY' | 'STATEMENT_TIMEOUT' | 'DATABASE_UNAVAILABLE';

/** Seconds a client is asked to wait before retrying (Retry-After). */
export const RETRY_AFTER_SECONDS = 1;

const MESSAGES: Record<DatabaseErrorCode, string> = {
  DATABASE_BUSY: 'The server is busy: no database connection came free in time. Retry shortly.',
  STATEMENT_TIMEOUT: 'The query took too long and was stopped. Ask for less (smaller pages, fewer aliases).',
  DATABASE_UNAVAILABLE: 'The database is unavailable. Retry shortly.',
};

/** SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
function codeOfSqlState(state: string): DatabaseErrorCode | undefined {
  if (state === '57014') return 'STATEMENT_TIMEOUT'; // query_canceled: statement_timeout or a cancel
  if (state === '57P01' || state === '57P02' || state === '57P03') return 'DATABASE_UNAVAILABLE'; // shutdown, crash, cannot connect now
  if (state.startsWith('08')) return 'DATABASE_UNAVAILABLE'; // connection exception
  if (state === '53300') return 'DATABASE_BUSY'; // too_many_connections
  return undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/** What kind of database trouble `error` (or anything it wraps) is, if any. */
export function databaseErrorCode(error: unknown): DatabaseErrorCode | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { message?: unknown; code?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
    if (e.message === ACQUIRE_TIMEOUT_MESSAGE) return 'DATABASE_BUSY';
    if (typeof e.code === 'string') {
      if (NETWORK_CODES.has(e.code)) return 'DATABASE_UNAVAILABLE';
      if (/^[0-9A-Z]{5}$/.test(e.code)) {
        const found = codeOfSqlState(e.code);
        if (found) return found;
      }
      // Prisma's: P1001 can't reach the server, P1017 server closed the connection,
      // P2024 timed out fetching a connection (https://www.prisma.io/docs/orm/reference/error-reference).
      if (e.code === 'P1001' || e.code === 'P1017') return 'DATABASE_UNAVAILABLE';
      if (e.code === 'P2024') return 'DATABASE_BUSY';
    }
    if (
      typeof e.message === 'string' &&
      /Connection terminated|connection terminated|Client has encountered a connection error/.test(e.message)
    ) {
      return 'DATABASE_UNAVAILABLE';
    }
    // AggregateError (net's connect to several addresses) holds the causes in `errors`.
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      const inner = e.errors.map(databaseErrorCode).find((c) => c !== undefined);
      if (inner) return inner;
    }
    current = e.originalError ?? e.cause;
  }
  return undefined;
}

export function databaseError(code: DatabaseErrorCode, path?: readonly (string | number)[]): GraphQLError {
  return createGraphQLError(MESSAGES[code], {
    path,
    extensions: { code, http: { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } } },
  });
}

/**
 * Replaces each error that is database trouble by its typed error (before Yoga's masking,
 * which runs after the application's plugins, sees it).
 */
export function useDatabaseErrors(): Plugin {
  const mapResult = (result: ExecutionResult): ExecutionResult | undefined => {
    if (!result.errors?.some((e) => databaseErrorCode(e) !== undefined)) return undefined;
    return {
      ...result,
      errors: result.errors.map((e) => {
        const code = databaseErrorCode(e);
        return code ? databaseError(code, e.path) : e;
      }),
    };
  };
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const mapped = mapResult(result as ExecutionResult);
          if (mapped) setResult(mapped);
        },
      };
    },
  };
}
