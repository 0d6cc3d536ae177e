import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Why a write was refused, with the HTTP status to answer. */
export type TokenRefusal = { status: 401 | 403; code: string; message: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Programmatic writes need `Authorization: Bearer <BHR_API_TOKEN>`. Without the variable set, the API takes no
 * writes at all. (Accounts with scoped tokens come with the editorial workflow.) The token is never logged.
 */
export function checkWriteToken(
  request: FastifyRequest,
  token = process.env.BHR_API_TOKEN,
): TokenRefusal | undefined {
  if (!token) {
    return {
      status: 403,
      code: 'writes_disabled',
      message: 'writes through the API are disabled on this server',
    };
  }
  const header = request.headers.authorization ?? '';
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
  // Compare digests of equal length, in constant time.
  if (!given || !timingSafeEqual(digest(given), digest(token))) {
    return {
      status: 401,
      code: 'unauthorized',
      message: 'a valid API token is required (Authorization: Bearer ...)',
    };
  }
  return undefined;
}
