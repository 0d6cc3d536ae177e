import { Option, type Command } from 'commander';
import { ROLES, Role, SCOPES, Scope, type Role as RoleId } from '../../domain/access.ts';
import { InputError } from '../../domain/errors.ts';
import { randomSecret } from '../../accounts/secrets.ts';
import { issueApiToken } from '../../accounts/tokens.ts';
import { addUser, setPassword } from '../../accounts/users.ts';
import type { AccountStore } from '../../store/accounts.ts';
import { writeOut } from '../io.ts';
import { dbOption, withStore } from '../options.ts';

/** `bhr user ...` and `bhr token ...`: accounts and API tokens, for the operator of the server. */

/** The first line of stdin, for passwords: never an argument, which other users of the machine can see. */
async function readPasswordFromStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

async function userByEmail(accounts: Pick<AccountStore, 'findUserByEmail'>, email: string) {
  const user = await accounts.findUserByEmail(email);
  if (!user) {
    throw new InputError('unknown_user', [
      { code: 'unknown_user', message: `no user has the e-mail ${email}` },
    ]);
  }
  return user;
}

/** A password given on stdin, or a new random one that is printed once. */
async function chosenPassword(options: {
  passwordStdin?: boolean;
}): Promise<{ password: string; generated: boolean }> {
  if (options.passwordStdin) return { password: await readPasswordFromStdin(), generated: false };
  return { password: randomSecret(18), generated: true };
}

const roleOption = () =>
  new Option('--role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory();
const passwordOption = () =>
  new Option(
    '--password-stdin',
    'read the password from the first line of stdin (else one is generated and printed)',
  );

export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .description('accounts: add, list, disable, change role, reset password');

  user
    .command('add')
    .description('add an account; prints the generated password once unless --password-stdin')
    .argument('<email>', 'the e-mail address the user signs in with')
    .addOption(roleOption())
    .option('--name <name>', 'the name shown in the history')
    .addOption(passwordOption())
    .addOption(dbOption())
    .action(
      async (
        email: string,
        options: { role: RoleId; name?: string; passwordStdin?: boolean; db?: string },
      ) => {
        const { password, generated } = await chosenPassword(options);
        await withStore(options.db, async ({ accounts }) => {
          const created = await addUser(accounts, {
            email,
            role: options.role,
            password,
            ...(options.name ? { name: options.name } : {}),
          });
          await writeOut(
            `added ${created.email} as ${created.role}` + (generated ? `\npassword: ${password}\n` : '\n'),
          );
        });
      },
    );

  user
    .command('list')
    .description('list the accounts')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (options: { json?: boolean; db?: string }) => {
      await withStore(options.db, async ({ accounts }) => {
        const users = await accounts.listUsers();
        if (options.json) return writeOut(JSON.stringify(users, null, 2) + '\n');
        const lines = users.map(
          (entry) =>
            `${entry.email}\t${entry.role}\t${entry.disabled ? 'disabled' : 'active'}\t${entry.createdAt}`,
        );
        await writeOut(lines.join('\n') + (lines.length ? '\n' : ''));
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .description(
        disabled
          ? 'stop an account signing in; ends its sessions and API tokens'
          : 'let an account sign in again',
      )
      .argument('<email>')
      .addOption(dbOption())
      .action(async (email: string, options: { db?: string }) => {
        await withStore(options.db, async ({ accounts }) => {
          const found = await userByEmail(accounts, email);
          await accounts.updateUser(found.id, { disabled });
          await writeOut(`${found.email} ${disabled ? 'disabled' : 'enabled'}\n`);
        });
      });
  }

  user
    .command('set-role')
    .description("change an account's role; ends its sessions")
    .argument('<email>')
    .argument('<role>', ROLES.join(' | '))
    .addOption(dbOption())
    .action(async (email: string, role: string, options: { db?: string }) => {
      const parsed = Role.safeParse(role);
      if (!parsed.success) {
        throw new InputError('invalid_role', [
          { code: 'invalid_role', message: `unknown role ${role}: expected one of ${ROLES.join(', ')}` },
        ]);
      }
      await withStore(options.db, async ({ accounts }) => {
        const found = await userByEmail(accounts, email);
        await accounts.updateUser(found.id, { role: parsed.data });
        await writeOut(`${found.email} is now ${parsed.data}\n`);
      });
    });

  user
    .command('reset-password')
    .description('set a new password (ends the sessions); prints a generated one unless --password-stdin')
    .argument('<email>')
    .addOption(passwordOption())
    .addOption(dbOption())
    .action(async (email: string, options: { passwordStdin?: boolean; db?: string }) => {
      const { password, generated } = await chosenPassword(options);
      await withStore(options.db, async ({ accounts }) => {
        const found = await userByEmail(accounts, email);
        await setPassword(accounts, found.id, password);
        await writeOut(
          `new password set for ${found.email}` + (generated ? `\npassword: ${password}\n` : '\n'),
        );
      });
    });
}

/** `bhr token create | list | revoke`: API tokens, issued through accounts/tokens.ts. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('API tokens for programmatic writes');
  token
    .command('create')
    .description('create an API token for a user; the token is printed once and stored only as a digest')
    .argument('<email>')
    .requiredOption('--name <name>', 'what the token is for')
    .addOption(
      new Option('--scope <scope...>', `what the token may do: ${SCOPES.join(', ')}`)
        .choices(SCOPES)
        .makeOptionMandatory(),
    )
    .addOption(dbOption())
    .action(async (email: string, options: { name: string; scope: string[]; db?: string }) => {
      const scopes = options.scope.map((scope) => Scope.parse(scope));
      await withStore(options.db, async ({ accounts }) => {
        const found = await userByEmail(accounts, email);
        const { token: created, secret } = await issueApiToken(accounts, {
          userId: found.id,
          name: options.name,
          scopes,
        });
        await writeOut(`token ${created.id} for ${found.email} (${scopes.join(' ')}):\n${secret}\n`);
      });
    });
  token
    .command('list')
    .description("a user's API tokens (never the secrets)")
    .argument('<email>')
    .addOption(dbOption())
    .action(async (email: string, options: { db?: string }) => {
      await withStore(options.db, async ({ accounts }) => {
        const found = await userByEmail(accounts, email);
        const tokens = await accounts.listApiTokens(found.id);
        await writeOut(
          tokens
            .map(
              (entry) =>
                `${entry.id}\t${entry.name}\t${entry.scopes.join(' ')}\t${entry.revokedAt ? 'revoked' : 'active'}\t${entry.lastUsedAt ?? 'never used'}\n`,
            )
            .join(''),
        );
      });
    });
  token
    .command('revoke')
    .description('revoke an API token')
    .argument('<email>')
    .argument('<id>')
    .addOption(dbOption())
    .action(async (email: string, id: string, options: { db?: string }) => {
      await withStore(options.db, async ({ accounts }) => {
        const found = await userByEmail(accounts, email);
        if (!(await accounts.revokeApiToken(id, found.id))) {
          throw new InputError('unknown_token', [
            { code: 'unknown_token', message: `${found.email} has no active token ${id}` },
          ]);
        }
        await writeOut(`token ${id} revoked\n`);
      });
    });
}
