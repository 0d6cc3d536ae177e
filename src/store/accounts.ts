import type { Kysely, Selectable } from 'kysely';
import { ulid } from 'ulid';
import { Role, Scope } from '../domain/access.ts';
import { InputError } from '../domain/errors.ts';
import type { Database, UsersTable } from './schema.ts';
import {
  admitSignIn,
  countFailedSignIns,
  markSignInSucceeded,
  type Admission,
  type SignInAttempt,
  type SignInLimits,
} from './sign-in-attempts.ts';

export type { Admission, SignInAttempt, SignInLimits } from './sign-in-attempts.ts';

/** Accounts, sessions, API tokens and sign-in attempts, in the same database as the records. */

export interface User {
  id: string;
  email: string;
  name?: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AccountStore {
  createUser(user: { email: string; role: Role; passwordHash: string; name?: string }): Promise<User>;
  findUserByEmail(email: string): Promise<UserWithPassword | undefined>;
  getUser(id: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  /** Changes a user; disabling or a new password also ends the user's sessions. */
  updateUser(id: string, change: { role?: Role; disabled?: boolean; passwordHash?: string }): Promise<void>;

  createSession(session: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: string;
  }): Promise<void>;
  /** A live session of an enabled user, by the hash of its cookie. */
  findSession(tokenHash: string, now: string): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  createApiToken(token: {
    tokenHash: string;
    userId: string;
    name: string;
    scopes: Scope[];
  }): Promise<ApiToken>;
  /** An unrevoked token of an enabled user, by its hash; marks it used. */
  useApiToken(tokenHash: string, now: string): Promise<{ token: ApiToken; user: User } | undefined>;
  listApiTokens(userId: string): Promise<ApiToken[]>;
  revokeApiToken(id: string, userId: string): Promise<boolean>;

  /**
   * Counts and records a sign-in attempt in one step, before its password is checked: recorded as failed
   * unless the failures already counted within the limits lock it out (then nothing is recorded). Attempts for
   * one e-mail or from one address are admitted one at a time, across connections and processes.
   */
  admitSignIn(attempt: SignInAttempt, limits: SignInLimits): Promise<Admission>;
  /** Marks an admitted attempt whose password was right as succeeded. */
  markSignInSucceeded(attempt: SignInAttempt): Promise<void>;
  /** Forgets sign-in attempts and sessions that ended before a moment. */
  prune(before: string): Promise<void>;
  /** Failed sign-ins since a moment, for an e-mail address and for a network address. */
  countFailedSignIns(options: { email: string; address: string; since: string }): Promise<{
    email: number;
    address: number;
  }>;
}

const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  email: row.email,
  ...(row.name !== null ? { name: row.name } : {}),
  role: Role.parse(row.role),
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

const toToken = (row: {
  id: string;
  name: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiToken => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes
    .split(' ')
    .filter(Boolean)
    .map((scope) => Scope.parse(scope)),
  createdAt: row.created_at,
  ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
  ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
});

/** E-mail addresses are compared without regard to case. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export class KyselyAccountStore implements AccountStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly backend: 'sqlite' | 'postgres',
  ) {}

  async createUser(user: { email: string; role: Role; passwordHash: string; name?: string }): Promise<User> {
    const email = normaliseEmail(user.email);
    const now = new Date().toISOString();
    const row = {
      id: ulid(),
      email,
      name: user.name ?? null,
      role: user.role,
      password_hash: user.passwordHash,
      disabled: 0,
      created_at: now,
      password_changed_at: now,
    };
    const inserted = await this.db
      .insertInto('users')
      .values(row)
      .onConflict((conflict) => conflict.column('email').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      throw new InputError('user_exists', [
        { code: 'user_exists', path: '/email', message: `a user with the e-mail ${email} already exists` },
      ]);
    }
    return toUser(row);
  }

  async findUserByEmail(email: string): Promise<UserWithPassword | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async listUsers(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser);
  }

  async updateUser(
    id: string,
    change: { role?: Role; disabled?: boolean; passwordHash?: string },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('users')
        .set({
          ...(change.role ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
          ...(change.passwordHash
            ? { password_hash: change.passwordHash, password_changed_at: new Date().toISOString() }
            : {}),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        throw new InputError('unknown_user', [{ code: 'unknown_user', message: `no user has the id ${id}` }]);
      }
      if (change.disabled || change.passwordHash || change.role) {
        await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      }
    });
  }

  async createSession(session: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: string;
  }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: new Date().toISOString(),
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findSession(tokenHash: string, now: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    if (!row) return undefined;
    return { user: toUser(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async createApiToken(token: {
    tokenHash: string;
    userId: string;
    name: string;
    scopes: Scope[];
  }): Promise<ApiToken> {
    const row = {
      id: ulid(),
      token_hash: token.tokenHash,
      user_id: token.userId,
      name: token.name,
      scopes: token.scopes.join(' '),
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('api_tokens').values(row).execute();
    return toToken(row);
  }

  async useApiToken(tokenHash: string, now: string): Promise<{ token: ApiToken; user: User } | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select([
        'api_tokens.id as token_id',
        'api_tokens.name as token_name',
        'api_tokens.scopes',
        'api_tokens.created_at as token_created_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
      ])
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    if (!row) return undefined;
    // "Last used" to the minute: a busy program's every request need not be a write.
    if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.token_id)
        .execute();
    }
    return {
      user: toUser(row),
      token: toToken({
        id: row.token_id,
        name: row.token_name,
        scopes: row.scopes,
        created_at: row.token_created_at,
        last_used_at: now,
        revoked_at: null,
      }),
    };
  }

  async listApiTokens(userId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map(toToken);
  }

  async revokeApiToken(id: string, userId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  admitSignIn(attempt: SignInAttempt, limits: SignInLimits): Promise<Admission> {
    return admitSignIn(this.db, this.backend, attempt, limits);
  }

  markSignInSucceeded(attempt: SignInAttempt): Promise<void> {
    return markSignInSucceeded(this.db, this.backend, attempt);
  }

  async prune(before: string): Promise<void> {
    await this.db.deleteFrom('sign_in_attempts').where('at', '<', before).execute();
    await this.db.deleteFrom('sessions').where('expires_at', '<', before).execute();
  }

  countFailedSignIns(options: {
    email: string;
    address: string;
    since: string;
  }): Promise<{ email: number; address: number }> {
    return countFailedSignIns(this.db, options);
  }
}
