import type { FastifyPluginAsync } from 'fastify';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { Source } from '../../domain/record.ts';
import { addSources, type EditorialStores } from '../../editorial/records.ts';
import { MAX_ARTICLE_CHARACTERS } from '../../extract/model.ts';
import type { Stores } from '../../store/store.ts';
import type { QueuedArticle } from '../../store/triage.ts';
import { recordPath } from '../views/components.tsx';
import { isIdentifier } from './public.ts';
import { formFields } from './replies.ts';

/**
 * The articles of an incident triage found already recorded: added as sources of the record where the
 * researcher may edit it, else proposed as its sources, for an editor to add or decline on the record's page.
 */

export type ProposedSourceOptions = EditorialStores & Pick<Stores, 'triage' | 'accounts'>;

export const proposedSourceRoutes: FastifyPluginAsync<ProposedSourceOptions> = async (app, options) => {
  const { records, triage, accounts } = options;
  const stores = { records, revisions: options.revisions, companies: options.companies };
  // An incident triage found already recorded: its articles become sources of that record (an edit, with
  // the same rights as editing the record in its status).
  app.post<{ Params: { id: string } }>(
    '/records/:id/sources',
    { config: { access: 'records:edit-draft' }, bodyLimit: 8 * MAX_ARTICLE_CHARACTERS },
    async (request, reply) => {
      const body = formFields(request);
      const sources: Source[] = [];
      const issues = [];
      for (let index = 0; index < 100 && typeof body[`sources.${index}.headline`] === 'string'; index++) {
        const field = (name: string) => String(body[`sources.${index}.${name}`] ?? '').trim();
        const parsed = Source.safeParse({
          companies: field('companies')
            ? field('companies')
                .split('\n')
                .map((name) => name.trim())
                .filter(Boolean)
            : [],
          headline: field('headline'),
          excerpt: field('excerpt'),
          ...(field('url') ? { url: field('url') } : {}),
          ...(field('publisher') ? { publisher: field('publisher') } : {}),
          ...(field('published') ? { published: field('published') } : {}),
        });
        if (parsed.success) sources.push(parsed.data);
        else
          for (const issue of zodIssues(parsed.error))
            issues.push({ ...issue, path: `/sources/${index}${issue.path ?? ''}` });
      }
      if (issues.length > 0 || sources.length === 0)
        throw new InputError(
          'invalid_sources',
          issues.length > 0 ? issues : [{ code: 'invalid_sources', message: 'no source to add' }],
        );
      if (!isIdentifier(request.params.id))
        throw new InputError('invalid_id', [{ code: 'invalid_id', message: 'not a record id' }]);
      const { record } = await addSources(stores, request.actor!, request.params.id, sources);
      await triage.setStatus(triageIdsOf(body), 'added', record.id);
      return reply.redirect(recordPath(record), 303);
    },
  );

  // An incident triage found in a record the researcher may not change (a published one): its articles are
  // proposed as sources, and an editor adds them or declines on the record's page.
  app.post('/triage/propose', { config: { access: 'records:create' } }, async (request, reply) => {
    const body = formFields(request);
    const recordId = String(body['record'] ?? '');
    const ids = triageIdsOf(body);
    if (!isIdentifier(recordId) || ids.length === 0)
      throw new InputError('invalid_proposal', [
        { code: 'invalid_proposal', message: 'expected a record and the articles proposed as its sources' },
      ]);
    const record = await records.getRecord(recordId, { confidential: true });
    if (!record || record.status === 'retracted')
      throw new InputError('not_found', [
        { code: 'not_found', message: 'no record may take sources with this id' },
      ]);
    await triage.propose(ids, record.id, request.actor!.user.id);
    return reply.redirect('/triage', 303);
  });

  app.post<{ Params: { id: string } }>(
    '/records/:id/proposed-sources',
    { config: { access: 'records:review' } },
    async (request, reply) => {
      const body = formFields(request);
      const decision = String(body['decision'] ?? '');
      if (!isIdentifier(request.params.id) || (decision !== 'accept' && decision !== 'decline'))
        throw new InputError('invalid_decision', [
          { code: 'invalid_decision', path: '/decision', message: 'expected accept or decline' },
        ]);
      const chosen = new Set(triageIdsOf(body));
      const proposed = (await triage.proposedFor(request.params.id)).filter((article) =>
        chosen.has(article.id),
      );
      if (proposed.length === 0)
        throw new InputError('not_found', [
          { code: 'not_found', message: 'no source waits for a decision here' },
        ]);
      if (decision === 'decline') {
        await triage.setStatus(
          proposed.map((article) => article.id),
          'dismissed',
        );
        const record = await records.getRecord(request.params.id, { confidential: true });
        return reply.redirect(record ? recordPath(record) : '/worklist', 303);
      }
      const proposers = [...new Set(proposed.map((article) => article.proposedBy ?? ''))];
      const names = await Promise.all(
        proposers.map(async (id) => {
          const user = id ? await accounts.getUser(id) : undefined;
          return user?.name ?? user?.email ?? 'a researcher';
        }),
      );
      const { record } = await addSources(
        stores,
        request.actor!,
        request.params.id,
        proposed.map(sourceOfArticle),
        `triage, proposed by ${names.join(', ')}`,
      );
      await triage.setStatus(
        proposed.map((article) => article.id),
        'added',
        record.id,
      );
      return reply.redirect(recordPath(record), 303);
    },
  );
};

/** The triage article ids a form names (one `triage` field per article). */
function triageIdsOf(body: Record<string, unknown>): string[] {
  return [body['triage'] ?? []]
    .flat()
    .map(String)
    .filter((id) => isIdentifier(id));
}

/** A queued article as a source of the record it was proposed for, validated as any source is. */
function sourceOfArticle(article: QueuedArticle): Source {
  const parsed = Source.safeParse({
    companies: [],
    headline: article.headline ?? article.url ?? article.fileName,
    ...(article.url ? { url: article.url } : {}),
    ...(article.publisher ? { publisher: article.publisher } : {}),
    ...(article.published ? { published: article.published } : {}),
    excerpt: article.summary.excerpt ?? '',
  });
  if (!parsed.success)
    throw new InputError(
      'invalid_sources',
      zodIssues(parsed.error, { line: article.line, file: article.fileName }),
    );
  return parsed.data;
}
