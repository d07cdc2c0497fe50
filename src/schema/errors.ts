// Expected errors: typed by `extensions.code` so clients can branch on them. Yoga
// passes GraphQLErrors through and masks anything else in production.
import { GraphQLError } from 'graphql';

export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export class UserError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export const badInput = (message: string, argument?: string) => new UserError('BAD_USER_INPUT', message, argument ? { argument } : {});
