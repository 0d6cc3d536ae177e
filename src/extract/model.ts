import { BOUNDS } from '../settings.ts';
import { z } from 'zod';
import { IsoDate, RecordInput } from '../domain/record.ts';

/**
 * The shapes of assisted extraction (DESIGN.md section 5, `bhr extract --json`): an article in, a draft record
 * out, with every proposed value backed by evidence in the article's text.
 */

/** At most this many characters of article text are read; a longer input gets an empty draft and a reason. */
export const MAX_ARTICLE_CHARACTERS = BOUNDS.articleCharacters;

export const ArticleInput = z.object({
  text: z.string().describe('the article: plain text, or an HTML page (its boilerplate is stripped)'),
  headline: z.string().trim().min(1).max(1000).optional(),
  date: IsoDate.optional().describe("the article's publication date; relative dates are resolved against it"),
  url: z.url({ protocol: /^https?$/ }).optional(),
  publisher: z.string().trim().min(1).max(300).optional(),
});
export type ArticleInput = z.infer<typeof ArticleInput>;

/**
 * The `sentence` of evidence for a value told by the article's metadata rather than its words (`start = end`);
 * pages show each in their reader's language.
 */
export const METADATA_EVIDENCE = {
  dateGiven: 'the date given with the article',
  dateMetadata: "the date of the page's metadata",
  noPublisher: 'no publisher given: a news outlet is assumed',
} as const;

export const Evidence = z.object({
  /** JSON pointer into the draft record, e.g. `/location/country` or `/companies/0/name`. */
  path: z.string(),
  value: z.unknown(),
  confidence: z.number().min(0).max(1),
  /** Character offsets of the supporting words in `text`. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  sentence: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

/** A draft: a record as far as the article tells it; a field the article does not give is absent. */
export const DraftRecord = RecordInput.partial();
export type DraftRecord = z.infer<typeof DraftRecord>;

export const ExtractionResult = z.object({
  /** How likely the article reports an allegation of abuse linked to a business (0 to 1). */
  relevance: z.number().min(0).max(1),
  record: DraftRecord,
  evidence: z.array(Evidence),
  /** The article's text as read (HTML stripped): the evidence offsets point into it. */
  text: z.string(),
  language: z.string().optional(),
  /** Why the draft is empty: the input was empty, binary, too long or in a language not handled. */
  reason: z.string().optional(),
});
export type ExtractionResult = z.infer<typeof ExtractionResult>;
