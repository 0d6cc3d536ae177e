import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_TOKEN_PREFIX, digest, randomSecret, sameSecret } from '../accounts/secrets.ts';
import { permissionsOfRole, permissionsOfToken, type Permission } from '../domain/access.ts';
import type { Actor } from '../editorial/records.ts';
import type { AccountStore, User } from '../store/accounts.ts';

/**
 * Who is asking, and may they: sessions (a database row per sign-in, an http-only cookie holding a random
 * secret of which only the digest is stored), API tokens (Authorization: Bearer), CSRF tokens on every
 * state-changing request made with a cookie, and the access rule every route must declare.
 */

/** What a route requires: anyone, any signed-in user, or a permission. */
export type Access = 'public' | 'signed-in' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use the route; a route without it cannot be registered. */
    access?: Access;
    /** Anonymous posts (the sign-in form) are checked against the pre-session CSRF cookie. */
    anonymousCsrf?: boolean;
    /** A POST that changes nothing (a computation on public data, such as screening): no CSRF token needed. */
    readOnly?: boolean;
    /**
     * A multipart form that changes something: its CSRF field can only be read once the body is, so the route
     * itself must check it with `formCsrfRefusal` before it writes.
     */
    csrfInMultipart?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its access rule, as registered: what the authorisation tests walk through. */
    accessTable: { method: string; url: string; access: Access; reachableByToken: boolean }[];
  }
  interface FastifyRequest {
    actor: (Actor & { via: 'session' | 'token'; csrfToken?: string; sessionHash?: string }) | null;
  }
}

export const SESSION_COOKIE = 'bhr_session';
/** A random value that ties the sign-in form to the browser that loaded it (double-submit). */
export const PRE_SESSION_COOKIE = 'bhr_csrf';
export const SESSION_HOURS = 12;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * An API token reaches the API and nothing else: pages, forms, the account and its tokens, and administration
 * are for sessions, so that a token leaked from a script can neither make tokens nor reach what a person does.
 * Within the API its scopes decide, as the route's access rule says.
 */
export const reachableByToken = (url: string): boolean => url.startsWith('/api/');

export interface AuthOptions {
  /** Cookies carry the Secure flag unless this is false (plain-HTTP deployments on a trusted network only). */
  secureCookies?: boolean;
}

export type Refusal = { status: 401 | 403; code: string; message: string };

function cookieOptions(options: AuthOptions, maxAge?: number) {
  return {
    path: '/',
    httpOnly: true,
    secure: options.secureCookies ?? true,
    sameSite: 'lax' as const,
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
}

export async function registerAuth(
  app: FastifyInstance,
  accounts: Pick<AccountStore, 'useApiToken' | 'findSession'>,
  options: AuthOptions,
  refuse: (request: FastifyRequest, reply: FastifyReply, refusal: Refusal) => unknown,
): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 4 * 1024 * 1024 });
  app.decorateRequest('actor', null);
  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);

  // Every route states who may use it, so that a route added without a decision cannot exist.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/static/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    const tokens = reachableByToken(route.url);
    for (const method of [route.method].flat()) {
      table.push({ method, url: route.url, access, reachableByToken: tokens });
    }
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (secret?.startsWith(API_TOKEN_PREFIX)) {
        const found = await accounts.useApiToken(digest(secret), new Date().toISOString());
        if (found) {
          request.actor = {
            user: found.user,
            permissions: permissionsOfToken(found.user.role, found.token.scopes),
            via: 'token',
          };
        }
      }
      return;
    }
    const cookieValue = request.cookies[SESSION_COOKIE];
    if (!cookieValue) return;
    const sessionHash = digest(cookieValue);
    const session = await accounts.findSession(sessionHash, new Date().toISOString());
    if (session) {
      request.actor = {
        user: session.user,
        permissions: permissionsOfRole(session.user.role),
        via: 'session',
        csrfToken: session.csrfToken,
        sessionHash,
      };
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config;
    const access = config?.access;
    if (!access) return; // not-found and framework handlers
    if (/^Bearer\s/i.test(request.headers.authorization ?? '') && !request.actor) {
      return refuse(request, reply, {
        status: 401,
        code: 'unauthorized',
        message: 'the API token is unknown, revoked, or its user is disabled',
      });
    }
    if (request.actor?.via === 'token' && !reachableByToken(request.routeOptions.url ?? '')) {
      return refuse(request, reply, {
        status: 403,
        code: 'token_not_accepted',
        message: 'an API token reaches only the API (/api/...): sign in to use this page',
      });
    }
    if (access !== 'public') {
      if (!request.actor) {
        return refuse(request, reply, { status: 401, code: 'unauthorized', message: 'sign in first' });
      }
      if (access !== 'signed-in' && !request.actor.permissions.has(access)) {
        return refuse(request, reply, {
          status: 403,
          code: 'forbidden',
          message: `your role (${request.actor.user.role}) may not do this`,
        });
      }
    }
    if (
      UNSAFE.has(request.method) &&
      !config.readOnly &&
      !(config.csrfInMultipart && request.isMultipart())
    ) {
      const refusal = csrfRefusal(request, config.anonymousCsrf === true);
      if (refusal) return refuse(request, reply, refusal);
    }
  });

  // Pages for a signed-in user are theirs alone: no shared cache may keep them.
  app.addHook('onSend', async (request, reply) => {
    if (request.actor || request.cookies[SESSION_COOKIE]) {
      reply.header('cache-control', 'no-store');
      reply.header('vary', 'Cookie');
    }
  });
}

/** The CSRF check of a multipart form, with the `_csrf` field its route has read; undefined when it passes. */
export function formCsrfRefusal(request: FastifyRequest, token: string | undefined): Refusal | undefined {
  return csrfRefusal(request, false, token ?? '');
}

function csrfRefusal(
  request: FastifyRequest,
  anonymousCsrf: boolean,
  formToken?: string,
): Refusal | undefined {
  const actor = request.actor;
  if (actor?.via === 'token') return undefined; // no ambient credential: a token cannot be sent by another site
  const refusal: Refusal = {
    status: 403,
    code: 'csrf',
    message: 'the form is out of date or came from another site: reload the page and try again',
  };
  // Defence in depth: a browser names the page a request comes from; another site is refused outright.
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    try {
      if (new URL(origin).host !== request.headers.host) return refusal;
    } catch {
      return refusal;
    }
  }
  const given = String(request.headers['x-csrf-token'] ?? formToken ?? bodyCsrf(request.body));
  if (!given) return refusal;
  if (actor?.csrfToken && sameSecret(given, actor.csrfToken)) return undefined;
  const preSession = request.cookies[PRE_SESSION_COOKIE];
  if (anonymousCsrf && preSession && sameSecret(given, preSession)) return undefined;
  return refusal;
}

/** The `_csrf` field of a parsed form body, or '' when there is none. */
function bodyCsrf(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('_csrf' in body)) return '';
  return typeof body._csrf === 'string' ? body._csrf : '';
}

/** The token the sign-in form carries; the same value sits in an http-only cookie of this browser. */
export function preSessionToken(request: FastifyRequest, reply: FastifyReply, options: AuthOptions): string {
  const existing = request.cookies[PRE_SESSION_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomSecret();
  reply.setCookie(PRE_SESSION_COOKIE, token, cookieOptions(options, 3600));
  return token;
}

/**
 * Starts a new session: a fresh secret every time (a session id set before sign-in is never promoted), and
 * any session the browser held before is ended.
 */
export async function startSession(
  accounts: Pick<AccountStore, 'createSession' | 'deleteSession'>,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
  options: AuthOptions,
): Promise<void> {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) await accounts.deleteSession(digest(previous));
  const secret = randomSecret();
  await accounts.createSession({
    tokenHash: digest(secret),
    userId: user.id,
    csrfToken: randomSecret(),
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000).toISOString(),
  });
  reply.setCookie(SESSION_COOKIE, secret, cookieOptions(options, SESSION_HOURS * 3600));
  reply.clearCookie(PRE_SESSION_COOKIE, cookieOptions(options));
}

export async function endSession(
  accounts: Pick<AccountStore, 'deleteSession'>,
  request: FastifyRequest,
  reply: FastifyReply,
  options: AuthOptions,
): Promise<void> {
  const current = request.cookies[SESSION_COOKIE];
  if (current) await accounts.deleteSession(digest(current));
  reply.clearCookie(SESSION_COOKIE, cookieOptions(options));
}

/** The origin redirect targets are read against: only a URL on it is a path of this site. */
const OWN_ORIGIN = 'http://bhr.invalid';
const MAX_NEXT_LENGTH = 2000;
const FALLBACK = '/worklist';

/**
 * A path on this site to go back to after signing in; anything else goes to the worklist. The value is parsed
 * as a browser parses a Location (the WHATWG URL parser drops tabs and newlines and reads `\` as `/`), and only
 * the path, query and fragment of a URL on this site are kept, percent-encoded as the parser gives them, so that
 * the header holds no control or non-ASCII character.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_NEXT_LENGTH) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return FALLBACK;
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  // A path of `//host` (from `/.//host`) would name another site again once it stands alone.
  if (url.origin !== OWN_ORIGIN || !target.startsWith('/') || target.startsWith('//')) return FALLBACK;
  return target.length > MAX_NEXT_LENGTH ? FALLBACK : target;
}
