import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ResponseStore } from '../store/responses.ts';

/**
 * The private link by which a company responds without an account: the request's id, a nonce and an expiry,
 * signed with a secret kept in the database (so that every app process signs alike). Changing the request's
 * nonce (on publication) or passing the expiry makes the link refuse.
 */

const SECRET_KEY = 'response-link-secret';

/** The secret never changes once created: read once per store, not on every link. */
const secrets = new WeakMap<ResponseStore, Promise<Buffer>>();

export function linkSecret(store: ResponseStore): Promise<Buffer> {
  let secret = secrets.get(store);
  if (!secret) {
    secret = store
      .setting(SECRET_KEY, () => randomBytes(32).toString('base64url'))
      .then((value) => Buffer.from(value, 'base64url'));
    secret.catch(() => secrets.delete(store));
    secrets.set(store, secret);
  }
  return secret;
}

export const newNonce = () => randomBytes(16).toString('base64url');

const sign = (secret: Buffer, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

export function responseToken(secret: Buffer, requestId: string, nonce: string, expiresAt: string): string {
  const payload = `${requestId}.${nonce}.${Date.parse(expiresAt) / 1000}`;
  return `${payload}.${sign(secret, payload)}`;
}

export type TokenCheck =
  { ok: true; requestId: string; nonce: string } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Checks a token's form, signature and expiry (the request itself is checked against the database). */
export function checkResponseToken(secret: Buffer, token: string, now = new Date()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^[\w-]+$/.test(part)))
    return { ok: false, reason: 'malformed' };
  const [requestId, nonce, expiry, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(secret, `${requestId}.${nonce}.${expiry}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'forged' };
  if (Number(expiry) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, requestId, nonce };
}
