import { randomBytes } from 'node:crypto';
import { issueApiToken } from '../src/accounts/tokens.ts';
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
  return (await issueApiToken(accounts, { userId: editor.id, name: 'load test', scopes })).secret;
}
