import type { FastifyPluginAsync } from 'fastify';
import type { Stores } from '../../store/store.ts';
import type { AuthOptions } from '../auth.ts';
import { accountRoutes } from './accounts.tsx';
import { companyDecisionRoutes } from './company-decisions.tsx';
import { recordEditingRoutes } from './record-workflow.tsx';
import { signInRoutes } from './sign-in.tsx';

export type EditorialOptions = Pick<
  Stores,
  'records' | 'revisions' | 'companies' | 'accounts' | 'responses'
> & { auth: AuthOptions };

/** The pages researchers and editors work in, one plugin a job, each given only the stores it uses. */
export const editorialRoutes: FastifyPluginAsync<EditorialOptions> = async (app, options) => {
  const { records, revisions, companies, accounts, responses } = options;
  await app.register(signInRoutes, { accounts, auth: options.auth });
  await app.register(recordEditingRoutes, { records, revisions, companies, responses });
  await app.register(companyDecisionRoutes, { companies });
  await app.register(accountRoutes, { accounts });
};
