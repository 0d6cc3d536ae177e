import { z } from 'zod';
import { Role } from '../domain/access.ts';
import { InputError, zodIssues } from '../domain/errors.ts';
import type { AccountStore, User } from '../store/accounts.ts';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  decoyHash,
  hashPassword,
  verifyPassword,
} from './secrets.ts';

/** Creating accounts, changing them, and signing in with throttling and lock-out. */

export const Email = z.email({ error: 'expected an e-mail address' }).max(320);
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `a password may have at most ${MAX_PASSWORD_LENGTH} characters`);

export const NewUser = z.object({
  email: Email,
  role: Role,
  password: Password,
  name: z.string().trim().min(1).max(200).optional(),
});

export async function addUser(accounts: AccountStore, input: z.input<typeof NewUser>): Promise<User> {
  const parsed = NewUser.safeParse(input);
  if (!parsed.success) throw new InputError('invalid_user', zodIssues(parsed.error));
  const { password, ...user } = parsed.data;
  return accounts.createUser({ ...user, passwordHash: await hashPassword(password) });
}

export async function setPassword(accounts: AccountStore, userId: string, password: string): Promise<void> {
  const parsed = Password.safeParse(password);
  if (!parsed.success) throw new InputError('invalid_password', zodIssues(parsed.error));
  await accounts.updateUser(userId, { passwordHash: await hashPassword(parsed.data) });
}

/** How many failures lock an account, and a network address, for how long. */
export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  failuresPerAccount: 5,
  failuresPerAddress: 30,
} as const;

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number; failures: number };

/**
 * Checks a password. After 5 failures for an account, or 30 from one address, within 15 minutes, every try
 * is refused without looking at the password until the window has passed. An attempt is counted and recorded
 * as a failure before its password is checked, in one step that parallel attempts take one at a time, so that
 * no more passwords are checked than the limits allow; a right one is then marked as succeeded.
 */
export async function signIn(
  accounts: AccountStore,
  attempt: { email: string; password: string; address: string },
  now = new Date(),
): Promise<SignInResult> {
  const recorded = { email: attempt.email.slice(0, 320), address: attempt.address, at: now.toISOString() };
  const admission = await accounts.admitSignIn(recorded, {
    since: new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000).toISOString(),
    perEmail: SIGN_IN_LIMITS.failuresPerAccount,
    perAddress: SIGN_IN_LIMITS.failuresPerAddress,
  });
  if (!admission.admitted) {
    return {
      ok: false,
      reason: 'locked',
      retryAfterSeconds: SIGN_IN_LIMITS.windowMinutes * 60,
      failures: Math.max(admission.failures.email, admission.failures.address),
    };
  }
  const user = await accounts.findUserByEmail(recorded.email);
  const password = attempt.password.slice(0, MAX_PASSWORD_LENGTH);
  // Verify against a decoy when there is no such user, so that the answer takes as long either way.
  const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !matches || user.disabled) return { ok: false, reason: 'invalid' };
  await accounts.markSignInSucceeded(recorded);
  // Attempts older than a day and ended sessions are of no more use: each sign-in clears them away.
  await accounts.prune(new Date(now.getTime() - 86_400_000).toISOString());
  const { passwordHash: _hash, ...signedIn } = user;
  return { ok: true, user: signedIn };
}
