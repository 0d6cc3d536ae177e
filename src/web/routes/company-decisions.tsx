import type { FastifyPluginAsync } from 'fastify';
import { InputError } from '../../domain/errors.ts';
import { authorOf } from '../../editorial/records.ts';
import type { Author } from '../../store/record-history.ts';
import type { CompanyStore } from '../../store/store.ts';
import { isIdentifier } from './public.ts';
import { formField as field, actorOf } from './replies.ts';

/** Company identities: merge, "not the same", split; each a decision kept with who and when. */
export const companyDecisionRoutes: FastifyPluginAsync<{ companies: CompanyStore }> = async (
  app,
  { companies },
) => {
  const companyIdOf = (value: string, name: string) => {
    if (isIdentifier(value)) return value;
    throw new InputError('invalid_company', [
      { code: 'invalid_company', path: `/${name}`, message: 'expected a company id' },
    ]);
  };
  // Company identities: merge, "not the same", split. Each is a decision kept with who and when.
  const companyAction = (
    path: string,
    act: (id: string, value: string, author: Author) => Promise<string>,
    field_: string,
  ) =>
    app.post<{ Params: { id: string } }>(
      path,
      { config: { access: 'records:merge' } },
      async (request, reply) => {
        const value = field(request, field_);
        if (!isIdentifier(request.params.id) || !value || value.length > 300) {
          throw new InputError('invalid_company_action', [
            { code: 'invalid_company_action', path: `/${field_}`, message: `expected ${field_}` },
          ]);
        }
        const target = await act(request.params.id, value, authorOf(actorOf(request)));
        return reply.redirect(`/companies/${encodeURIComponent(target)}`, 303);
      },
    );
  companyAction(
    '/companies/:id/merge',
    async (id, into, author) => {
      await companies.mergeCompanies(id, companyIdOf(into, 'into'), author);
      return into;
    },
    'into',
  );
  companyAction(
    '/companies/:id/not-same',
    async (id, other, author) => {
      await companies.markCompaniesNotSame(id, companyIdOf(other, 'other'), author);
      return id;
    },
    'other',
  );
  companyAction(
    '/companies/:id/split',
    (id, name, author) => companies.splitCompany(id, name, author),
    'name',
  );
};
