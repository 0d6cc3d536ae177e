import { badDate } from '../forms/field-messages.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { createRecord, type EditorialStores } from '../../editorial/records.ts';
import { ArticleInput, MAX_ARTICLE_CHARACTERS, type ExtractionResult } from '../../extract/model.ts';
import type { Stores } from '../../store/store.ts';
import { answerErrors, editorialError } from '../error-replies.tsx';
import { reviewRows, type PostedReview } from '../forms/draft-review.ts';
import { acceptedForm, readReview } from '../forms/posted-review.ts';
import { provenanceNote, reviewOutcomes, type ExcerptOrigin } from '../forms/review-note.ts';
import { readRecordForm } from '../forms/record-form.ts';
import { pageContext } from '../page-context.ts';
import type { MessageKey } from '../i18n.ts';
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
    posted?: PostedReview;
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

/**
 * A posted review read against the proposals, which are read again from the article: only the fields of
 * proposals are taken from the body. Gives the record of the accepted proposals, or the problems that stop it,
 * and what became of each proposal for the internal note.
 */
function reviewedDraft(result: ExtractionResult, body: Record<string, unknown>, context: PageContext) {
  const proposed = reviewRows(result, context.language);
  const posted = readReview(body, proposed);
  const reviewed = reviewRows(result, context.language, posted);
  const { state, record } = readRecordForm(acceptedForm(reviewed), context);
  // Each problem in the words of its proposal, and a needed proposal left unaccepted said so.
  const problems = Object.entries(state.errors).flatMap(([name, list]) => {
    const row = reviewed.find((item) => item.fields.some((field) => field.name === name));
    const field = row ? `${context.t(row.heading as MessageKey)}${row.number ? ` ${row.number}` : ''}` : name;
    if (row && row.decision !== 'accept') return [context.t('article.notAccepted', { field })];
    return list.map((message) => (name ? `${field}: ${message}` : message));
  });
  const source = reviewed.find((row) => row.key === 'sources.0');
  const excerpt: ExcerptOrigin =
    source?.decision !== 'accept'
      ? 'none'
      : source.fields.find((field) => field.name === 'sources.0.excerpt')?.follows
        ? 'made'
        : 'written';
  return {
    posted,
    ...(record ? { record } : {}),
    problems: problems.length > 0 ? problems : [context.t('article.incomplete')],
    outcomes: reviewOutcomes(proposed, reviewed),
    excerpt,
  };
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

  /** The draft read from the article, or the article's form again saying why there is none (sent). */
  const readDraft = async (
    reply: FastifyReply,
    context: PageContext,
    article: ArticleFields,
    input: ArticleInput,
  ): Promise<{ result: ExtractionResult } | { refused: FastifyReply }> => {
    const refused = (errors: Record<string, string[]>, status: number, text = article.text) => ({
      refused: html(
        reply,
        <ArticleForm context={context} errors={errors} article={{ ...article, text }} />,
        status,
      ),
    });
    try {
      const result = await extract(input);
      if (!result.reason) return { result };
      // A very long article is not sent back to be posted again.
      const text = (article.text ?? '').length > 200_000 ? '' : article.text;
      return refused({ text: [context.t('article.noDraft', { reason: result.reason })] }, 422, text);
    } catch (error) {
      if (!(error instanceof WorkRefused)) throw error;
      return refused({ '': [error.message] }, error.status);
    }
  };

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
    const draft = await readDraft(reply, context, article, input);
    if ('refused' in draft) return draft.refused;
    const triage = isIdentifier(upload.fields['triage'] ?? '') ? upload.fields['triage'] : undefined;
    return reviewPage(reply, context, article, draft.result, { triage });
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
      if (!input || !article.text?.trim())
        return html(
          reply,
          <ArticleForm
            context={context}
            errors={input ? { text: [context.t('article.noText')] } : errors}
            article={article}
          />,
          400,
        );
      const triage =
        typeof body['triage'] === 'string' && isIdentifier(body['triage']) ? body['triage'] : undefined;
      // What was proposed is read again from the article, to compare the review posted with.
      const draft = await readDraft(reply, context, article, input);
      if ('refused' in draft) return draft.refused;
      const { result } = draft;
      const review = reviewedDraft(result, body, context);
      const again = (problems: string[]) =>
        reviewPage(reply, context, article, result, {
          triage,
          posted: review.posted,
          messages: problems,
          status: 400,
        });
      if (!review.record) return again(review.problems);
      try {
        const actor = request.actor!;
        const note = provenanceNote(review.outcomes, {
          who: actor.user.name ? `${actor.user.name} (${actor.user.email})` : actor.user.email,
          when: new Date(),
          excerpt: review.excerpt,
          t: context.t,
        });
        const saved = await createRecord(stores, actor, { ...review.record, internalNotes: note });
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
