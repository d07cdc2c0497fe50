// API tokens: random, shown once when created, stored as their sha256. Sent as
// `Authorization: Bearer <token>`. Curator tokens carry correct/admin/read-audit; a reader
// API key carries only `read`: it buys its holder a rate-limit quota of their own
// (src/http/api-keys.ts, docs/operations.md).
import type { Queryable } from '../queryable.js';
import { createHash, randomBytes } from 'node:crypto';

/**
 * What a token may do: read (a reader API key: nothing more than its own quota), read-audit (the
 * audit trail's values and curator names), correct (the correction mutations), admin (revertCorrection).
 */
export const SCOPES = ['read', 'read-audit', 'correct', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
/** A new token's scopes unless others are asked for. */
export const DEFAULT_SCOPES: readonly Scope[] = ['read-audit', 'correct'];

export interface Curator {
  tokenId: number;
  /** The token's name, recorded on every correction made with it. */
  name: string;
  scopes: readonly Scope[];
}

export type Authentication =
  | { status: 'anonymous' }
  | { status: 'invalid'; reason: string }
  | { status: 'revoked'; name: string; revokedAt: Date }
  | { status: 'expired'; name: string; expiredAt: Date }
  | { status: 'curator'; curator: Curator };

const PREFIX = 'sgc_';
export const TOKEN_NAME = /^[A-Za-z0-9][\w.@-]{0,63}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenError extends Error {}

export interface TokenOptions {
  scopes?: readonly string[];
  /** When it stops working (unset: never). */
  expiresAt?: Date;
}

export async function createToken(db: Queryable, name: string, options: TokenOptions = {}): Promise<{ name: string; token: string }> {
  if (!TOKEN_NAME.test(name)) {
    throw new TokenError(`"${name}" is not a token name: 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.`);
  }
  const scopes = [...new Set(options.scopes ?? DEFAULT_SCOPES)];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length || scopes.length === 0) {
    throw new TokenError(`Scopes must be some of ${SCOPES.join(', ')}; got "${scopes.join(',')}".`);
  }
  if (options.expiresAt && !(options.expiresAt.getTime() > Date.now())) {
    throw new TokenError('The expiry must be a valid time in the future.');
  }
  const token = PREFIX + randomBytes(32).toString('base64url');
  const { rows } = await db.query(
    `INSERT INTO curator_token (name, token_hash, scopes, expires_at) VALUES ($1, $2, $3, $4::timestamptz)
     ON CONFLICT (name) DO NOTHING RETURNING id`,
    [name, hashToken(token), scopes, options.expiresAt?.toISOString() ?? null],
  );
  if (!rows.length) throw new TokenError(`A token named "${name}" already exists (revoked ones keep their name).`);
  return { name, token };
}

export async function revokeToken(db: Queryable, name: string): Promise<void> {
  const { rows } = await db.query<{ revoked_at: Date | null; was: Date | null }>(
    `UPDATE curator_token t SET revoked_at = coalesce(t.revoked_at, now()) FROM curator_token old
     WHERE t.id = old.id AND t.name = $1 RETURNING t.revoked_at, old.revoked_at AS was`,
    [name],
  );
  if (!rows.length) throw new TokenError(`No token named "${name}".`);
  if (rows[0]!.was) throw new TokenError(`The token "${name}" was already revoked on ${rows[0]!.was.toISOString()}.`);
}

export interface TokenListing {
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  expiresAt: Date | null;
  scopes: Scope[];
  corrections: number;
}

export async function listTokens(db: Queryable): Promise<TokenListing[]> {
  const { rows } = await db.query<TokenListing>(
    `SELECT t.name, t.created_at AS "createdAt", t.revoked_at AS "revokedAt", t.expires_at AS "expiresAt", t.scopes,
       (SELECT count(*)::int FROM correction c WHERE c.token_id = t.id) AS corrections
     FROM curator_token t ORDER BY t.created_at, t.id`,
  );
  return rows;
}

/** A token's row, found by the token itself (stored only as its hash). */
export interface TokenRecord {
  id: number;
  name: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  scopes: Scope[];
}

export async function findToken(db: Queryable, token: string): Promise<TokenRecord | null> {
  const { rows } = await db.query<TokenRecord>(
    `SELECT id, name, revoked_at AS "revokedAt", expires_at AS "expiresAt", scopes FROM curator_token WHERE token_hash = $1`,
    [hashToken(token)],
  );
  return rows[0] ?? null;
}

/** The token of an `Authorization: Bearer <token>` header value; null when the header is not of that form. */
export function bearerToken(authorization: string): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
}

export const BEARER_FORM = 'The Authorization header must be "Bearer <token>".';

/** What `record` (found for a token, or null) means at `now`. */
export function authenticationOf(record: TokenRecord | null, now: number = Date.now()): Authentication {
  if (!record) return { status: 'invalid', reason: 'Unknown token.' };
  if (record.revokedAt) return { status: 'revoked', name: record.name, revokedAt: record.revokedAt };
  if (record.expiresAt && record.expiresAt.getTime() <= now) return { status: 'expired', name: record.name, expiredAt: record.expiresAt };
  return { status: 'curator', curator: { tokenId: record.id, name: record.name, scopes: record.scopes } };
}

/** Who sent this `Authorization` header value (null: none sent). */
export async function authenticate(db: Queryable, authorization: string | null): Promise<Authentication> {
  if (authorization === null || authorization === '') return { status: 'anonymous' };
  const token = bearerToken(authorization);
  if (token === null) return { status: 'invalid', reason: BEARER_FORM };
  return authenticationOf(await findToken(db, token));
}
