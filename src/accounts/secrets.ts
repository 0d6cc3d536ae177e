import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Passwords, session cookies and API tokens. Passwords are hashed with argon2id (the OWASP minimum of
 * 19 MiB memory, 2 passes); cookies and tokens are 256-bit random secrets stored only as SHA-256 digests.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so that timing does not tell which e-mails exist. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** API tokens carry a recognisable prefix, so that secret scanners and people can tell them apart. */
export const API_TOKEN_PREFIX = 'bhr_';

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomSecret();
}
