import { randomBytes } from 'node:crypto';
import { digest, newApiToken } from '../src/accounts/secrets.ts';
import { addUser } from '../src/accounts/users.ts';
import type { Scope } from '../src/domain/access.ts';
import type { AccountStore } from '../src/store/accounts.ts';

/** An editor with a random password and an API token of the given scopes, for a load test's writes. */
export async function editorToken(accounts: AccountStore, email: string, scopes: Scope[]): Promise<string> {
  const editor = await addUser(accounts, {
    email,
    role: 'editor',
    password: randomBytes(12).toString('hex'),
  });
  const token = newApiToken();
  await accounts.createApiToken({ tokenHash: digest(token), userId: editor.id, name: 'load test', scopes });
  return token;
}
