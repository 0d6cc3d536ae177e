import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Sign-in attempts, counted and recorded in one step so that parallel attempts cannot all pass the count
 * before any is recorded: on SQLite one statement, which holds the database's write lock from its first read
 * to its write; on PostgreSQL the same statement after advisory locks on the e-mail and the address, which
 * every connection of every process waits for (READ COMMITTED statements do not see each other's uncommitted
 * rows, so the statement alone would not do).
 */

export interface SignInAttempt {
  email: string;
  address: string;
  /** When it was made (ISO 8601); with the e-mail and address it names the attempt. */
  at: string;
}

export interface SignInLimits {
  /** Failures after this moment count. */
  since: string;
  perEmail: number;
  perAddress: number;
}

export type Admission =
  { admitted: true } | { admitted: false; failures: { email: number; address: number } };

/** Keys of the advisory locks (the first half of the two-key form): one space for e-mails, one for addresses. */
const LOCK_SPACE = { email: 0x62687201, address: 0x62687202 } as const;

const attemptEmail = (email: string) => email.trim().toLowerCase().slice(0, 320);

type Backend = 'sqlite' | 'postgres';

/**
 * Records an attempt as failed unless the failures already counted lock it out. The caller checks the password
 * only when the attempt was admitted, and marks it succeeded if it was right.
 */
export async function admitSignIn(
  db: Kysely<Database>,
  backend: Backend,
  attempt: SignInAttempt,
  limits: SignInLimits,
): Promise<Admission> {
  const email = attemptEmail(attempt.email);
  const insert = (target: Kysely<Database>) =>
    target
      .insertInto('sign_in_attempts')
      .columns(['email', 'address', 'at', 'succeeded'])
      .expression(
        target
          .selectNoFrom([
            sql<string>`cast(${email} as text)`.as('email'),
            sql<string>`cast(${attempt.address} as text)`.as('address'),
            sql<string>`cast(${attempt.at} as text)`.as('at'),
            sql<number>`0`.as('succeeded'),
          ])
          .where(failuresSince(target, 'email', email, limits.since), '<', limits.perEmail)
          .where(failuresSince(target, 'address', attempt.address, limits.since), '<', limits.perAddress),
      )
      .executeTakeFirst();
  const inserted =
    backend === 'postgres'
      ? await db.transaction().execute(async (trx) => {
          // Always the e-mail first, then the address: two attempts never wait for each other in a circle.
          await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE.email}::int, hashtext(${email}))`.execute(trx);
          await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE.address}::int, hashtext(${attempt.address}))`.execute(
            trx,
          );
          return insert(trx);
        })
      : await insert(db);
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { admitted: true };
  return {
    admitted: false,
    failures: await countFailedSignIns(db, { email, address: attempt.address, since: limits.since }),
  };
}

/** Marks an admitted attempt as succeeded: exactly one row, even if another attempt was identical. */
export async function markSignInSucceeded(
  db: Kysely<Database>,
  backend: Backend,
  attempt: SignInAttempt,
): Promise<void> {
  // The table has no key of its own; within one statement the row's physical id names it.
  const rowId = backend === 'postgres' ? sql<string>`ctid` : sql<string>`rowid`;
  await db
    .updateTable('sign_in_attempts')
    .set({ succeeded: 1 })
    .where(rowId, '=', (eb) =>
      eb
        .selectFrom('sign_in_attempts')
        .select(rowId.as('row_id'))
        .where('email', '=', attemptEmail(attempt.email))
        .where('address', '=', attempt.address)
        .where('at', '=', attempt.at)
        .where('succeeded', '=', 0)
        .limit(1),
    )
    .execute();
}

/** Failed sign-ins since a moment, for an e-mail address and for a network address. */
export async function countFailedSignIns(
  db: Kysely<Database>,
  options: { email: string; address: string; since: string },
): Promise<{ email: number; address: number }> {
  const count = async (column: 'email' | 'address', value: string) => {
    const row = await failuresSince(db, column, value, options.since).executeTakeFirstOrThrow();
    return Number(row.count);
  };
  return {
    email: await count('email', attemptEmail(options.email)),
    address: await count('address', options.address),
  };
}

function failuresSince(db: Kysely<Database>, column: 'email' | 'address', value: string, since: string) {
  return db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(column, '=', value)
    .where('at', '>', since)
    .where('succeeded', '=', 0);
}
