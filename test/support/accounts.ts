import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { issueApiToken } from '../../src/accounts/tokens.ts';
import { addUser } from '../../src/accounts/users.ts';
import type { Role, Scope } from '../../src/domain/access.ts';
import type { Stores } from '../../src/store/store.ts';

/** Accounts for tests: users of each role, API tokens, and browser-like sessions signed in through the app. */

export const TEST_PASSWORD = 'a long test password 1';

export async function aUser(store: Pick<Stores, 'accounts'>, role: Role, email = `${role}@test.invalid`) {
  return addUser(store.accounts, { email, role, password: TEST_PASSWORD, name: `Test ${role}` });
}

export async function anApiToken(
  store: Pick<Stores, 'accounts'>,
  userId: string,
  scopes: Scope[],
): Promise<string> {
  return (await issueApiToken(store.accounts, { userId, name: 'test', scopes })).secret;
}

/** The cookies a response sets, as a Cookie header value merged over the ones given. */
export function cookiesAfter(response: LightMyRequestResponse, before: Record<string, string> = {}) {
  const jar = { ...before };
  for (const cookie of response.cookies as {
    name: string;
    value: string;
    maxAge?: number;
    expires?: Date;
  }[]) {
    const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
    if (expired || cookie.value === '') delete jar[cookie.name];
    else jar[cookie.name] = cookie.value;
  }
  return jar;
}

export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF field on the page');
  return token;
}

/** A browser session of one user: cookies and the CSRF token, as the sign-in form gives them. */
export interface TestSession {
  cookies: Record<string, string>;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

export function formBody(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  }
  return params.toString();
}

/**
 * Opens the sign-in page (with `?next=` when given) and posts its form as a browser would, with the page's
 * cookies and CSRF token; the answer and the cookies after it.
 */
export async function postSignInForm(
  app: FastifyInstance,
  form: { email: string; password: string; next?: string },
): Promise<{ response: LightMyRequestResponse; cookies: Record<string, string> }> {
  const page = await app.inject(
    form.next === undefined ? '/sign-in' : `/sign-in?next=${encodeURIComponent(form.next)}`,
  );
  const before = cookiesAfter(page);
  const fields: Record<string, string> = {
    email: form.email,
    password: form.password,
    _csrf: csrfOf(page.body),
  };
  if (form.next !== undefined) fields.next = form.next;
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: cookieHeader(before), 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody(fields),
  });
  return { response, cookies: cookiesAfter(response, before) };
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
): Promise<TestSession> {
  const { response, cookies } = await postSignInForm(app, { email, password, next: '/' });
  if (response.statusCode !== 303) throw new Error(`sign-in failed with ${response.statusCode}`);
  const home = await app.inject({ url: '/', headers: { cookie: cookieHeader(cookies) } });
  const session: TestSession = {
    cookies,
    csrf: csrfOf(home.body),
    get: (url) => app.inject({ url, headers: { cookie: cookieHeader(session.cookies) } }),
    post: (url, form) =>
      app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: cookieHeader(session.cookies),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: formBody({ _csrf: session.csrf, ...form }),
      }),
  };
  return session;
}
