import { z } from 'zod';
import responsesFile from './vocabularies/responses.json' with { type: 'json' };

/**
 * Company responses (DESIGN.md section 3): for each (record, company) pair, whether the company was asked to
 * respond, reminded, and what came back. The states and transitions are data (`vocabularies/responses.json`).
 */

const ResponsesFile = z.object({
  statuses: z.array(
    z.object({
      id: z.string(),
      label: z.object({ en: z.string(), ru: z.string().optional(), ko: z.string().optional() }),
    }),
  ),
  transitions: z.array(
    z.object({
      id: z.string(),
      from: z.array(z.string()).min(1),
      to: z.string(),
      by: z.enum(['editor', 'company', 'scheduler']),
    }),
  ),
});
const vocabulary = ResponsesFile.parse(responsesFile);

export const RESPONSE_STATUSES = vocabulary.statuses.map((status) => status.id);
export const ResponseStatus = z.enum(RESPONSE_STATUSES as [string, ...string[]]);
export type ResponseStatus = z.infer<typeof ResponseStatus>;
export const RESPONSE_TRANSITIONS = vocabulary.transitions;
export type ResponseTransition = (typeof RESPONSE_TRANSITIONS)[number];

/** What one request counts as in public figures: a response or a refusal counts once an editor published it. */
export const PUBLIC_OUTCOMES = ['responded', 'declined', 'noResponse', 'awaited'] as const;
export type PublicOutcome = (typeof PUBLIC_OUTCOMES)[number];

export function publicOutcome(status: string, review: string | null): PublicOutcome {
  if (review === 'published' && status === 'responded') return 'responded';
  if (review === 'published' && status === 'declined') return 'declined';
  if (status === 'no_response') return 'noResponse';
  return 'awaited';
}

/**
 * The fewest requests a published response rate rests on: below it, a rate (1 of 1 is "100%") says more
 * than the requests do, so only the counts are shown.
 */
export const MIN_REQUESTS_FOR_RATE = 5;

/** responded / requested, 0 to 1; null below MIN_REQUESTS_FOR_RATE requests. */
export function responseRate(responded: number, requested: number): number | null {
  return requested >= MIN_REQUESTS_FOR_RATE ? responded / requested : null;
}

export function responseStatusLabel(id: string, language: 'en' | 'ru' | 'ko' = 'en'): string {
  const status = vocabulary.statuses.find((candidate) => candidate.id === id);
  return status ? (status.label[language] ?? status.label.en) : id;
}

/** The transition with this id, if it may be taken from this state. */
export function responseTransition(id: string, from: string): ResponseTransition | undefined {
  return RESPONSE_TRANSITIONS.find((transition) => transition.id === id && transition.from.includes(from));
}

const IsoDate = z.iso.date('a date as YYYY-MM-DD');
/** Text people write in a form: trimmed, line ends (CRLF from browsers) as newlines, its paragraphs kept. */
const WrittenText = z
  .string()
  .overwrite((text) => text.replace(/\r\n?/g, '\n'))
  .trim();

/** An editor asks a company named in a record to respond. */
export const ResponseRequestInput = z.object({
  company: z.string().trim().min(1, 'choose a company named in the record'),
  contactEmail: z.email('an e-mail address to send the request to'),
  contactName: z.string().trim().max(200).optional(),
  questions: WrittenText.min(10, 'write the questions the company is asked (10 characters at least)').max(
    10_000,
    'at most 10,000 characters',
  ),
  deadline: IsoDate,
});
export type ResponseRequestInput = z.infer<typeof ResponseRequestInput>;

/** What a company sends back through its private link: a response, or a refusal to respond. */
export const ResponseSubmission = z
  .object({
    kind: z.enum(['respond', 'decline']),
    text: WrittenText.max(20_000, 'at most 20,000 characters').optional(),
    link: z
      .url('a web address starting with https://')
      .startsWith('https://', 'a web address starting with https://')
      .optional(),
    name: z.string().trim().max(200).optional(),
  })
  .superRefine((submission, context) => {
    if (submission.kind === 'respond' && !submission.text && !submission.link) {
      context.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'write the response, or give a link to it',
      });
    }
  });
export type ResponseSubmission = z.infer<typeof ResponseSubmission>;
