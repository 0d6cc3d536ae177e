import { badDate } from '../forms/field-messages.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { createRecord, type EditorialStores } from '../../editorial/records.ts';
import { ArticleInput, MAX_ARTICLE_CHARACTERS, type ExtractionResult } from '../../extract/model.ts';
import type { Stores } from '../../store/store.ts';
import { answerErrors, editorialError } from '../error-replies.tsx';
import { acceptedFormBody, reviewRows } from '../forms/draft-review.ts';
import { readRecordForm } from '../forms/record-form.ts';
import { pageContext } from '../page-context.ts';
import type { PageContext } from '../views/context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { ArticleForm, DraftReview, type ArticleFields } from '../views/article.tsx';
import { recordPath } from '../views/components.tsx';
import { isIdentifier } from './public.ts';
import { formFields, sendPage as html } from './replies.ts';
import { readArticleRequest, refusedUpload } from './article-upload.ts';
import type { Limits } from '../../settings.ts';
import { WorkRefused, type WorkPool } from '../../workers/pool.ts';

/**
 * "New record from article". Reading an article changes nothing (no CSRF token needed, like screening) but is
 * for the roles that write records; saving the reviewed draft is a write. The triage queue is in triage.tsx.
 */

const READ = {
  config: { access: 'records:create' as const, readOnly: true },
  bodyLimit: 8 * MAX_ARTICLE_CHARACTERS,
};

const ARTICLE_FIELDS = ['text', 'headline', 'date', 'url', 'publisher'] as const;

const isArticleField = (name: string): name is (typeof ARTICLE_FIELDS)[number] =>
  ARTICLE_FIELDS.some((field) => field === name);

function articleFields(fields: Record<string, string>): ArticleFields {
  const article: ArticleFields = {};
  for (const name of ARTICLE_FIELDS)
    if (fields[name]?.trim()) article[name] = name === 'text' ? fields[name] : fields[name].trim();
  return article;
}

/** The review of a draft: the article beside its proposals, as extracted or as the researcher posted them. */
function reviewPage(
  reply: FastifyReply,
  context: PageContext,
  article: ArticleFields,
  result: ExtractionResult,
  options: {
    triage?: string | undefined;
    posted?: ReturnType<typeof acceptedFormBody>;
    messages?: string[];
    status?: number;
  },
) {
  const rows = reviewRows(result, context.language, options.posted);
  return html(
    reply,
    <DraftReview
      context={context}
      article={article}
      result={result}
      rows={rows}
      {...(options.messages ? { messages: options.messages } : {})}
      {...(options.triage ? { triageId: options.triage } : {})}
    />,
    options.status ?? 200,
  );
}

/** The article as the extractor takes it, or the refusals of its fields, by field, in the page's words. */
function articleInput(
  article: ArticleFields,
  context: PageContext,
): { input?: ArticleInput; errors: Record<string, string[]> } {
  const parsed = ArticleInput.safeParse({ ...article, text: article.text ?? '' });
  if (parsed.success) return { input: parsed.data, errors: {} };
  const errors: Record<string, string[]> = {};
  for (const issue of zodIssues(parsed.error)) {
    const field = (issue.path ?? '').replace(/^\//, '').split('/')[0] ?? '';
    const value = (isArticleField(field) ? article[field] : undefined) ?? '';
    const message =
      field === 'date'
        ? badDate(value, context)
        : field === 'url'
          ? context.t('form.error.url', { value })
          : issue.message;
    (errors[field] ??= []).push(message);
  }
  return { errors };
}

export type ArticleOptions = EditorialStores &
  Pick<Stores, 'triage'> & { screens: ScreenCache; work: WorkPool; limits: Limits };

/** The article form, the review of the draft read from it, and the draft saved as a new record. */
export const articleRoutes: FastifyPluginAsync<ArticleOptions> = async (app, options) => {
  const { records, revisions, companies, triage: queue, screens, work, limits } = options;
  const stores = { records, revisions, companies };
  answerErrors(app, editorialError);
  // Articles are read on a worker thread: a long one never holds up other requests.
  const extract = async (input: ArticleInput) =>
    work.run('extract', { article: input, companies: await screens.shared() });

  app.get('/records/from-article', { config: { access: 'records:create' } }, async (request, reply) =>
    html(reply, <ArticleForm context={pageContext(request)} />),
  );

  app.post('/records/from-article/read', READ, async (request, reply) => {
    const context = pageContext(request);
    const upload = await readArticleRequest(request, limits).catch(refusedUpload);
    if ('problems' in upload)
      return html(reply, <ArticleForm context={context} errors={{ file: upload.problems }} />, 400);
    const article = articleFields(upload.fields);
    if (upload.file) article.text = upload.file.text;
    if (!article.text?.trim())
      return html(
        reply,
        <ArticleForm context={context} errors={{ text: [context.t('article.noText')] }} article={article} />,
        400,
      );
    const { input, errors } = articleInput(article, context);
    if (!input) return html(reply, <ArticleForm context={context} errors={errors} article={article} />, 400);
    let result: ExtractionResult;
    try {
      result = await extract(input);
    } catch (error) {
      if (!(error instanceof WorkRefused)) throw error;
      return html(
        reply,
        <ArticleForm context={context} errors={{ '': [error.message] }} article={article} />,
        error.status,
      );
    }
    if (result.reason)
      return html(
        reply,
        <ArticleForm
          context={context}
          errors={{ text: [context.t('article.noDraft', { reason: result.reason })] }}
          article={{ ...article, text: article.text.length > 200_000 ? '' : article.text }}
        />,
        422,
      );
    const triage = isIdentifier(upload.fields['triage'] ?? '') ? upload.fields['triage'] : undefined;
    return reviewPage(reply, context, article, result, { triage });
  });

  app.post(
    '/records/from-article',
    { config: { access: 'records:create' }, bodyLimit: 8 * MAX_ARTICLE_CHARACTERS },
    async (request, reply) => {
      const context = pageContext(request);
      const body = formFields(request);
      const fields: Record<string, string> = {};
      for (const name of ARTICLE_FIELDS) {
        const value = body[name];
        if (typeof value === 'string') fields[name] = value;
      }
      const article = articleFields(fields);
      const { input, errors } = articleInput(article, context);
      if (!input)
        return html(reply, <ArticleForm context={context} errors={errors} article={article} />, 400);
      const triage =
        typeof body['triage'] === 'string' && isIdentifier(body['triage']) ? body['triage'] : undefined;
      const posted = acceptedFormBody(
        Object.fromEntries(
          Object.entries(body).filter(
            ([name]) => !isArticleField(name) && name !== '_csrf' && name !== 'triage',
          ),
        ),
      );
      const { state, record } = readRecordForm(posted.form, context);
      const again = async (problems: string[]) =>
        reviewPage(reply, context, article, await extract(input), {
          triage,
          posted,
          messages: problems,
          status: 400,
        });
      if (!record) {
        const problems = Object.entries(state.errors).flatMap(([name, list]) =>
          list.map((message) => (name ? `${name}: ${message}` : message)),
        );
        return again(problems.length > 0 ? problems : [context.t('article.incomplete')]);
      }
      try {
        const note = context.t('article.provenance', { date: new Date().toISOString().slice(0, 10) });
        const saved = await createRecord(stores, request.actor!, {
          ...record,
          internalNotes: [record.internalNotes, note].filter(Boolean).join('\n'),
        });
        // The article came from the triage queue: it is done there.
        if (triage) await queue.setStatus([triage], 'drafted', saved.id);
        return reply.redirect(recordPath(saved), 303);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return again(
          error.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)),
        );
      }
    },
  );
};
