import type { FastifyInstance } from 'fastify';
import { ArticleInput, ExtractionResult, MAX_ARTICLE_CHARACTERS } from '../../../extract/model.ts';
import { MatchBody } from '../../../matching/screen.ts';
import { DEFAULT_THRESHOLD, MATCHER, REVIEW_THRESHOLD } from '../../../matching/score.ts';
import type { WorkPool } from '../../../workers/pool.ts';
import { Matches } from '../../openapi/answers.ts';
import { INVALID_INPUT, WORK_REFUSED } from '../../openapi/route-doc.ts';
import type { ScreenCache } from '../../screen-cache.ts';
import { parsedOrRefused } from './input.ts';

/**
 * Work on the worker threads that changes nothing: screening names against the companies of published
 * records, and reading an article into a draft record.
 */
export async function screeningWork(
  app: FastifyInstance,
  { screens, work }: { screens: ScreenCache; work: WorkPool },
): Promise<void> {
  app.post(
    '/api/v1/match',
    {
      bodyLimit: 4 * 1024 * 1024,
      config: {
        access: 'public',
        readOnly: true,
        openapi: {
          summary:
            'Screen up to 1,000 names against the known companies (the result of `bhr screen --format json`).',
          description:
            'Each result has the input, its best matches sorted by score (`match` = score >= threshold) with their `band` (`match`, or `review`: a possible match at or above the review threshold, chosen for recall, that a reviewer should look at; absent for neither; with a country, companies of that country rank first among close scores) and the features that fired, the number of published records naming each company, and those of its subsidiaries (`viaSubsidiaries`); or an `error` saying why the row could not be screened. Changes nothing: no token needed.',
          body: MatchBody,
          responses: {
            '200': { description: '`{matcher, threshold, reviewThreshold, results}`', schema: Matches },
            '400': INVALID_INPUT,
            ...WORK_REFUSED,
          },
        },
      },
    },
    async (request) => {
      const {
        names,
        threshold = DEFAULT_THRESHOLD,
        limit = 5,
        ...given
      } = parsedOrRefused(MatchBody, request.body, 'invalid_body');
      const reviewThreshold = Math.min(given.reviewThreshold ?? REVIEW_THRESHOLD, threshold);
      // Up to 1,000 names: screened on a worker thread.
      const results = await work.run('screen-names', {
        names,
        threshold,
        reviewThreshold,
        limit,
        companies: await screens.shared(),
      });
      return { matcher: MATCHER, threshold, reviewThreshold, results };
    },
  );

  // Extraction changes nothing, but it reads unpublished research: researchers and editors only. The body may
  // be larger than an article is read, so that a too long article is answered with a reason, not refused.
  app.post(
    '/api/v1/extract',
    {
      bodyLimit: 8 * MAX_ARTICLE_CHARACTERS + 64 * 1024,
      config: {
        access: 'records:create',
        readOnly: true,
        openapi: {
          summary:
            'Read a news article (text or HTML) and propose a draft record, each value with its evidence.',
          description:
            'The result of `bhr extract --json`: `relevance` (how likely the article reports an allegation of abuse linked to a business), the draft `record` (fields the article does not give are absent; companies are linked to known companies), and `evidence`: for every proposed value its JSON-pointer `path`, a `confidence` and the `start`/`end` offsets and `sentence` in `text`. An empty, binary, too long (over 1 million characters) or non-English article gives an empty draft and a `reason`. Changes nothing; needs a token with `records:create`.',
          body: ArticleInput,
          responses: {
            // The draft as the extraction writes it, every object closed.
            '200': { description: 'the draft', schema: ExtractionResult, side: 'output' },
            '400': INVALID_INPUT,
            ...WORK_REFUSED,
          },
        },
      },
    },
    async (request) => {
      const article = parsedOrRefused(ArticleInput, request.body, 'invalid_body');
      return work.run('extract', { article, companies: await screens.shared() });
    },
  );
}
