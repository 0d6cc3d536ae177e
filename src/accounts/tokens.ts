import type { Scope } from '../domain/access.ts';
import type { AccountStore, ApiToken } from '../store/accounts.ts';
import { digest, newApiToken } from './secrets.ts';

/**
 * Issues an API token to a user: a new secret, kept only as its digest; the secret is returned once, for
 * the one who asked to show it. The account page and `bhr token create` both issue tokens here.
 */
export async function issueApiToken(
  accounts: Pick<AccountStore, 'createApiToken'>,
  request: { userId: string; name: string; scopes: Scope[] },
): Promise<{ token: ApiToken; secret: string }> {
  const secret = newApiToken();
  const token = await accounts.createApiToken({ tokenHash: digest(secret), ...request });
  return { token, secret };
}
