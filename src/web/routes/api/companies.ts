import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PUBLIC_STATUSES } from '../../../domain/record.ts';
import type { CompanyDetail, Stores } from '../../../store/store.ts';
import { CompanyAnswer, CompanyPage, Responses } from '../../openapi/answers.ts';
import { ID_PARAMS, INVALID_INPUT, NOT_FOUND } from '../../openapi/route-doc.ts';
import { publicResponse } from '../../views/responses.tsx';
import { isIdentifier } from '../public.ts';
import { PageLimit, parsedOrRefused } from './input.ts';

const CompanyListQuery = z.object({
  q: z.string().trim().max(200).optional().meta({ description: 'part of the name' }),
  cursor: z.string().max(400).optional().meta({ description: 'the `next` value of the previous page' }),
  limit: PageLimit,
});

/** A company as the API gives it: its names, identity, group, and the published records naming it. */
function companyAnswer(company: CompanyDetail): z.input<typeof CompanyAnswer> {
  return {
    id: company.id,
    name: company.name,
    namesInRecords: company.namesInRecords,
    otherNames: company.otherNames,
    country: company.country,
    website: company.website,
    identifiers: company.identifiers,
    parent: company.parent,
    subsidiaries: company.subsidiaries,
    records: company.records.map(({ record, roles }) => ({
      id: record.id,
      slug: record.slug,
      title: record.title,
      dateReported: record.dateReported,
      country: record.location.country,
      issues: record.issues,
      roles,
    })),
  };
}

/** Companies named in published records, and the companies asked to respond about a record. */
export async function companyReads(
  app: FastifyInstance,
  { records, companies, responses }: Pick<Stores, 'records' | 'companies' | 'responses'>,
): Promise<void> {
  const statuses = PUBLIC_STATUSES;

  app.get(
    '/api/v1/companies',
    {
      config: {
        access: 'public',
        openapi: {
          summary: 'Companies named in published records, by name.',
          query: CompanyListQuery,
          responses: {
            '200': { description: 'a page of companies with their number of records', schema: CompanyPage },
            '400': INVALID_INPUT,
          },
        },
      },
    },
    async (request) => {
      const { q, cursor, limit } = parsedOrRefused(CompanyListQuery, request.query, 'invalid_query');
      const page = await companies.listCompanies({
        statuses,
        limit,
        ...(q ? { q } : {}),
        ...(cursor ? { after: cursor } : {}),
      });
      return { data: page.companies, ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/companies/:id',
    {
      config: {
        access: 'public',
        openapi: {
          summary: 'One company and the published records that name it, with its roles.',
          params: ID_PARAMS,
          responses: { '200': { description: 'the company', schema: CompanyAnswer }, '404': NOT_FOUND },
        },
      },
    },
    async (request, reply) => {
      const company = await companies.getCompany(request.params.id, { statuses });
      if (!company || company.records.length === 0) {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'no company with published records has this id' } });
      }
      return companyAnswer(company);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id/responses',
    {
      config: {
        access: 'public',
        openapi: {
          summary:
            "The companies asked to respond about a published record: each one's status and, once an editor published it, its response.",
          params: ID_PARAMS,
          responses: {
            '200': {
              description: '`{data: [{company, status, requestedAt, deadline, respondedAt?, text?, link?}]}`',
              schema: Responses,
            },
            '404': NOT_FOUND,
          },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = isIdentifier(id) ? await records.getRecord(id) : undefined;
      if (!record || !statuses.includes(record.status)) {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'no published record with this id or slug' } });
      }
      const requests = await responses.requestsOfRecord(record.id);
      return { data: requests.map(publicResponse) };
    },
  );
}
