import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../src/accounts/users.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import {
  TEST_PASSWORD,
  aUser,
  anApiToken,
  cookieHeader,
  csrfOf,
  formBody,
  postSignInForm,
  signIn,
} from './support/accounts.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * Regressions of an outside probe's findings on sign-in, redirects and API tokens, through the real server on
 * both backends. The other findings have files of their own: upload-bounds, csv-injection, merge-and-batch,
 * long-input and health-and-links.
 */

/** The sign-in form of a fresh browser over real HTTP: its cookie and its CSRF token. */
async function signInForm(base: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${base}/sign-in`);
  const cookie = page.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return { cookie, csrf: csrfOf(await page.text()) };
}

/** Signs in through the form of `/sign-in?next=…`, posting that `next`; the answer is the redirect. */
async function signInWithNext(app: FastifyInstance, email: string, next: string) {
  return (await postSignInForm(app, { email, password: TEST_PASSWORD, next })).response;
}

describe.each(STORE_BACKENDS)('sign-in, redirects and tokens on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let base: string;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    app = await buildServer(store);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('checks no more passwords than the lock-out allows when 40 sign-ins for one account arrive at once', async () => {
    await aUser(store, 'researcher', 'parallel@test.invalid');
    const forms = await Promise.all(Array.from({ length: 40 }, () => signInForm(base)));
    // 39 wrong passwords, the right one last, all sent before any answer comes back.
    const answers = await Promise.all(
      forms.map(async (form, index) => {
        const response = await fetch(`${base}/sign-in`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: formBody({
            email: 'parallel@test.invalid',
            password: index === 39 ? TEST_PASSWORD : `wrong password ${index}`,
            _csrf: form.csrf,
          }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const checked = answers.filter((status) => status === 401 || status === 303);
    const refused = answers.filter((status) => status === 429);
    expect(checked.length).toBe(SIGN_IN_LIMITS.failuresPerAccount);
    expect(refused.length).toBe(40 - SIGN_IN_LIMITS.failuresPerAccount);
    // The right password signs in only if it was among the attempts checked, never past the lock-out.
    expect(answers.filter((status) => status === 303).length).toBeLessThanOrEqual(1);
    if (answers[39] === 303)
      expect(answers.slice(0, 39).filter((status) => status === 401).length).toBeLessThan(5);
  });

  it('sends a sign-in only to a path of this site, and never answers 500 for a strange next', async () => {
    await aUser(store, 'viewer', 'redirects@test.invalid');
    const hostile = [
      '/\t/evil.example',
      '/%09/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/.//evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' //evil.example',
      '/records/\u00e9t\u00e9?q=\u4e2d',
      '/records/\u0000',
    ];
    for (const next of hostile) {
      const response = await signInWithNext(app, 'redirects@test.invalid', next);
      expect(response.statusCode, next).toBe(303);
      const location = String(response.headers.location);
      // Only printable ASCII in the header, and a browser resolving it stays on this site.
      expect(location, next).toMatch(/^\/[\x21-\x7e]*$/);
      expect(new URL(location, 'https://bhr.example').origin, next).toBe('https://bhr.example');
    }
  });

  it('keeps a path of this site, with its query, and sends anything else to the worklist', async () => {
    await aUser(store, 'viewer', 'kept@test.invalid');
    const after = async (next: string) => {
      const response = await signInWithNext(app, 'kept@test.invalid', next);
      return response.headers.location;
    };
    expect(await after('/records/new?from=x#top')).toBe('/records/new?from=x#top');
    expect(await after('/search?q=forced%20labour')).toBe('/search?q=forced%20labour');
    // A browser drops the tab and reads `//evil.example`: another host, so the worklist.
    expect(await after('/\t/evil.example')).toBe('/worklist');
    expect(await after('/records\t/new')).toBe('/records/new');
    expect(await after('https://evil.example/worklist')).toBe('/worklist');
    // The sign-in page of a signed-in user redirects the same way, as a header built from the parsed target.
    const session = await signIn(app, 'kept@test.invalid');
    const again = await app.inject({
      url: `/sign-in?next=${encodeURIComponent('/\u00e9\r\nSet-Cookie: x=y')}`,
      headers: { cookie: cookieHeader(session.cookies) },
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.headers.location).toBe('/%C3%A9Set-Cookie:%20x=y');
  });

  it('lets an API token reach only the API: no token management, no account page, no other page', async () => {
    const owner = await aUser(store, 'editor', 'token-owner@test.invalid');
    const reader = await anApiToken(store, owner.id, ['records:read']);
    const writer = await anApiToken(store, owner.id, ['records:read', 'records:write', 'records:publish']);
    // What using a token does not change: which tokens there are, and whether each is revoked.
    const tokensOf = async () =>
      (await store.accounts.listApiTokens(owner.id)).map(({ id, name, scopes, revokedAt }) => ({
        id,
        name,
        scopes,
        revokedAt,
      }));
    const before = await tokensOf();
    const other = before.find((token) => token.scopes.includes('records:write'))!;
    for (const secret of [reader, writer]) {
      const bearer = { authorization: `Bearer ${secret}` };
      const created = await app.inject({
        method: 'POST',
        url: '/account/tokens',
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ name: 'made by a token', scopes: 'records:write' }),
      });
      expect(created.statusCode).toBe(403);
      expect(created.body).toContain('An API token opens only the API');
      const revoked = await app.inject({
        method: 'POST',
        url: `/account/tokens/${other.id}/revoke`,
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({}),
      });
      expect(revoked.statusCode).toBe(403);
      for (const url of ['/account', '/worklist', '/admin/users', '/']) {
        expect((await app.inject({ url, headers: bearer })).statusCode, url).toBe(403);
      }
    }
    // Nothing was written: the same tokens, and the write token still works.
    expect(await tokensOf()).toEqual(before);
    const read = await app.inject({ url: '/api/v1/records', headers: { authorization: `Bearer ${writer}` } });
    expect(read.statusCode).toBe(200);
  });
});
