import { ROLES, SCOPES, roleLabel, scopeDescription } from '../../domain/access.ts';
import type { ApiToken, User } from '../../store/accounts.ts';
import type { PageContext } from './context.ts';
import { TableHead, when } from './components.tsx';
import { ActionForm, Checkbox, Field, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/** The signed-in person's own account: their API tokens, to create and revoke. */
export function AccountPage(props: {
  context: PageContext;
  tokens: ApiToken[];
  newToken?: string;
  message?: string;
}) {
  const { context } = props;
  const { t } = context;
  const viewer = context.viewer!;
  return (
    <Layout context={context} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <p>{t('nav.signedInAs', { email: viewer.email, role: roleLabel(viewer.role, context.language) })}</p>
      <h2>{t('account.tokens')}</h2>
      <p>{t('account.tokensExplain')}</p>
      {props.newToken && (
        <p class="notice" role="status">
          {t('account.newToken')} <code>{props.newToken}</code>
        </p>
      )}
      <FormErrors title={t('form.problems')} messages={props.message ? [props.message] : []} />
      {props.tokens.length > 0 && (
        <table>
          <TableHead
            columns={[t('account.tokenName'), t('account.scopes'), t('account.lastUsed'), t('account.state')]}
          />
          <tbody>
            {props.tokens.map((token) => (
              <tr>
                <td>{token.name}</td>
                <td>{token.scopes.join(', ')}</td>
                <td>{token.lastUsedAt ? when(token.lastUsedAt) : '—'}</td>
                <td>
                  {token.revokedAt ? (
                    t('account.revoked')
                  ) : (
                    <ActionForm
                      context={context}
                      action={`/account/tokens/${encodeURIComponent(token.id)}/revoke`}
                      class="inline"
                    >
                      <button type="submit" class="secondary">
                        {t('account.revoke')}
                      </button>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ActionForm context={context} action="/account/tokens" class="narrow">
        <Field name="name" label={t('account.tokenName')} required />
        <fieldset>
          <legend>{t('account.scopes')}</legend>
          {SCOPES.map((scope) => (
            <Checkbox
              name="scopes"
              value={scope}
              label={`${scope}: ${scopeDescription(scope, context.language)}`}
              checked={false}
            />
          ))}
        </fieldset>
        <button type="submit">{t('account.create')}</button>
      </ActionForm>
    </Layout>
  );
}

/** The administrator's list of users: roles to change, accounts to disable, and a form to add one. */
export function UsersPage(props: {
  context: PageContext;
  users: User[];
  selfId: string;
  created?: { email: string; password: string };
  message?: string;
}) {
  const { context } = props;
  const { t } = context;
  const roleOptions = ROLES.map((role) => ({ value: role, label: roleLabel(role, context.language) }));
  return (
    <Layout context={context} title={t('users.title')}>
      <h1>{t('users.title')}</h1>
      {props.created && (
        <p class="notice" role="status">
          {t('users.created', { email: props.created.email })} <code>{props.created.password}</code>
        </p>
      )}
      <FormErrors title={t('form.problems')} messages={props.message ? [props.message] : []} />
      <table>
        <TableHead columns={[t('signIn.email'), t('users.role'), t('account.state'), t('users.change')]} />
        <tbody>
          {props.users.map((user) => (
            <tr>
              <td>
                {user.email}
                {user.name && ` (${user.name})`}
              </td>
              <td>{roleLabel(user.role, context.language)}</td>
              <td>{user.disabled ? t('users.disabled') : t('users.active')}</td>
              <td>
                {user.id === props.selfId ? (
                  t('users.you')
                ) : (
                  <ActionForm
                    context={context}
                    action={`/admin/users/${encodeURIComponent(user.id)}`}
                    class="inline"
                  >
                    <label class="visually-hidden" for={`role-${user.id}`}>
                      {t('users.role')}
                    </label>
                    <select id={`role-${user.id}`} name="role">
                      {roleOptions.map((option) => (
                        <option value={option.value} selected={option.value === user.role}>
                          {option.label}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit" name="action" value="role" class="secondary">
                      {t('users.setRole')}
                    </button>{' '}
                    <button
                      type="submit"
                      name="action"
                      value={user.disabled ? 'enable' : 'disable'}
                      class="secondary"
                    >
                      {user.disabled ? t('users.enable') : t('users.disable')}
                    </button>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('users.add')}</h2>
      <ActionForm context={context} action="/admin/users" class="narrow">
        <Field name="email" label={t('signIn.email')} type="email" required />
        <Field name="name" label={t('users.name')} />
        <div class="field">
          <label for="new-role">{t('users.role')}</label>
          <select id="new-role" name="role">
            {roleOptions.map((option) => (
              <option value={option.value} selected={option.value === 'researcher'}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('users.add')}</button>
      </ActionForm>
    </Layout>
  );
}
