/**
 * Real articles for `npm run eval:extraction -- --real DIR`: the labels of ../shared/extraction/dev.json (or
 * another file of the same form) joined with the texts recovered into DIR, one `<id>.txt` per article. The texts
 * are third parties' words and are never kept in the repository; an article whose text is not in DIR is left
 * out and named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CompanyRole, CountryCode, IsoDate } from '../src/domain/record.ts';
import type { LabelledArticle } from '../src/extract/evaluate.ts';

export const DEFAULT_REAL_LABELS = new URL('../../shared/extraction/dev.json', import.meta.url).pathname;

const RealLabel = z.object({
  id: z.string().regex(/^[\w-]+$/u, 'expected an id of letters, digits and dashes'),
  url: z.string(),
  relevant: z.boolean(),
  dateReported: IsoDate.nullable(),
  location: CountryCode.nullable(),
  companies: z.array(z.object({ name: z.string(), role: CompanyRole })),
  origins: z.array(CountryCode),
  gender: z.enum(['Women', 'Men']).nullable(),
  count: z.number().int().nonnegative().nullable(),
  issues: z.array(z.string()),
  sector: z.string().nullable(),
});
type RealLabel = z.infer<typeof RealLabel>;

export interface RealArticles {
  articles: LabelledArticle[];
  /** Ids labelled but without a text in the folder. */
  missing: string[];
}

/** The label as the evaluation reads it: the page's text as found, no headline or date given beside it. */
function labelledArticle(label: RealLabel, text: string): LabelledArticle {
  return {
    id: label.id,
    date: label.dateReported,
    text,
    mixedGenderUnstated: true,
    countIsTotal: true,
    expect: {
      relevant: label.relevant,
      ...(label.location ? { country: label.location } : {}),
      origins: label.origins,
      companies: label.companies,
      issues: label.issues,
      ...(label.count !== null ? { count: label.count } : {}),
      ...(label.gender ? { gender: label.gender } : {}),
      ...(label.sector ? { sector: label.sector } : {}),
    },
  };
}

export function loadRealArticles(folder: string, labelsFile = DEFAULT_REAL_LABELS): RealArticles {
  if (!existsSync(folder)) throw new Error(`${folder}: no such folder of article texts`);
  const parsed = z.array(RealLabel).safeParse(JSON.parse(readFileSync(labelsFile, 'utf8')));
  if (!parsed.success) throw new Error(`${labelsFile}: ${z.prettifyError(parsed.error)}`);
  const articles: LabelledArticle[] = [];
  const missing: string[] = [];
  for (const label of parsed.data) {
    const file = join(folder, `${label.id}.txt`);
    if (existsSync(file)) articles.push(labelledArticle(label, readFileSync(file, 'utf8')));
    else missing.push(label.id);
  }
  return { articles, missing };
}
