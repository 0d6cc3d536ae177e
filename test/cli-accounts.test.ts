import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digest } from '../src/accounts/secrets.ts';
import { openStores } from '../src/store/open.ts';
import { bhr } from './support/cli.ts';

/** `bhr user` and `bhr token`: what an operator does on a fresh database, through the real command. */
describe('bhr user and bhr token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bhr-cli-accounts-'));
  const db = join(dir, 'accounts.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a user, issues a token printed once and kept only as its digest, and lists it without it', async () => {
    const added = await bhr(['user', 'add', 'ops@test.invalid', '--role', 'editor', '--db', db]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/password: \S{12,}/);

    const created = await bhr([
      'token',
      'create',
      'ops@test.invalid',
      '--name',
      'nightly import',
      '--scope',
      'records:read',
      'records:write',
      '--db',
      db,
    ]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim().split('\n').at(-1)!;
    expect(created.stdout).toContain('for ops@test.invalid (records:read records:write)');

    const store = await openStores(db);
    try {
      const used = await store.accounts.useApiToken(digest(secret), new Date().toISOString());
      expect(used?.user.email).toBe('ops@test.invalid');
      expect(used?.token.scopes).toEqual(['records:read', 'records:write']);
      expect(await store.accounts.useApiToken(secret, new Date().toISOString())).toBeUndefined();
    } finally {
      await store.close();
    }

    const listed = await bhr(['token', 'list', 'ops@test.invalid', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('nightly import');
    expect(listed.stdout).not.toContain(secret);
  });
});
