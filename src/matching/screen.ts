import { BOUNDS } from '../settings.ts';
import { z } from 'zod';
import { countryCode } from '../domain/countries.ts';
import type { MatchableCompany } from './matchable.ts';
import { NameIndex } from './name-index.ts';
import { MAX_NAME_LENGTH, normaliseName } from './normalise.ts';
import { DEFAULT_THRESHOLD, REVIEW_THRESHOLD, type Band, type Explanation } from './score.ts';

/**
 * Screening: names from a supplier or portfolio list against the known companies, each with its best matches,
 * their scores and explanations, and the allegations linked to each (directly, and through subsidiaries).
 * The result shape is the contract of DESIGN.md section 5 (`bhr screen --format json`).
 */

export const ScreenInput = z.object({
  name: z.string(),
  country: z.string().optional(),
  id: z.string().optional(),
});
export type ScreenInput = z.infer<typeof ScreenInput>;

/** A batch to screen through the API (`POST /api/v1/match`). */
export const MatchBody = z.object({
  names: z
    .array(ScreenInput)
    .min(1, 'give at least one name')
    .max(BOUNDS.namesPerRequest, `at most ${BOUNDS.namesPerRequest.toLocaleString('en')} names per request`),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(`the score from which a result is a match (default ${DEFAULT_THRESHOLD})`),
  reviewThreshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      `the score from which a result that is not a match is a possible match to review (default ${REVIEW_THRESHOLD}, never above the threshold)`,
    ),
  limit: z.number().int().min(1).max(20).optional().describe('results per name (default 5)'),
});

export interface ScreenMatch {
  companyId: string;
  name: string;
  score: number;
  /** `band` is `match`: the first contract's flag, kept. */
  match: boolean;
  band?: Band;
  explanations: Explanation[];
  allegations: number;
  /** Subsidiaries with allegations of their own, shown when their parent is screened. */
  viaSubsidiaries?: { companyId: string; name: string; allegations: number }[];
}

export interface ScreenResult {
  input: { name: string; country?: string; id?: string };
  matches: ScreenMatch[];
  /** Why the row could not be screened (empty name, only a legal form...); the rest of the list still is. */
  error?: string;
}

export class CompanyScreen {
  private readonly index = new NameIndex();
  private readonly byId = new Map<string, MatchableCompany>();
  private readonly children = new Map<string, MatchableCompany[]>();

  constructor(companies: readonly MatchableCompany[]) {
    for (const company of companies) {
      this.byId.set(company.id, company);
      this.index.add({
        id: company.id,
        name: company.name,
        aliases: company.otherNames,
        country: company.country,
      });
      if (company.parentId) {
        const list = this.children.get(company.parentId);
        if (list) list.push(company);
        else this.children.set(company.parentId, [company]);
      }
    }
  }

  get size(): number {
    return this.index.size;
  }

  /** Every company below one, at any depth, that has allegations. */
  private subsidiariesWithAllegations(id: string): ScreenMatch['viaSubsidiaries'] {
    const found: NonNullable<ScreenMatch['viaSubsidiaries']> = [];
    const seen = new Set<string>();
    // Depth first, in the order of the children, with a stack of its own: an ownership chain can be deep.
    const stack = [(this.children.get(id) ?? []).values()];
    while (stack.length > 0) {
      const next = stack[stack.length - 1]!.next();
      if (next.done) {
        stack.pop();
        continue;
      }
      const child = next.value;
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      if (child.allegations > 0)
        found.push({ companyId: child.id, name: child.name, allegations: child.allegations });
      stack.push((this.children.get(child.id) ?? []).values());
    }
    return found;
  }

  screen(
    input: ScreenInput,
    options: { threshold?: number; reviewThreshold?: number; limit?: number } = {},
  ): ScreenResult {
    const given = {
      name: input.name,
      ...(input.country ? { country: input.country } : {}),
      ...(input.id ? { id: input.id } : {}),
    };
    const country = input.country ? countryCode(input.country) : undefined;
    if (input.country && !country) {
      return {
        input: given,
        matches: [],
        error: `unknown country "${input.country}": expected an ISO code or a name`,
      };
    }
    if (input.name.length > MAX_NAME_LENGTH) {
      return {
        input: given,
        matches: [],
        error: `the name has ${input.name.length} characters; at most ${MAX_NAME_LENGTH} are screened`,
      };
    }
    const form = normaliseName(input.name);
    if (form.problem) return { input: given, matches: [], error: form.problem };
    const matches = this.index
      .search(input.name, {
        threshold: options.threshold ?? DEFAULT_THRESHOLD,
        reviewThreshold: options.reviewThreshold ?? REVIEW_THRESHOLD,
        limit: options.limit ?? 5,
        country: country ?? null,
      })
      .map((found): ScreenMatch => {
        const company = this.byId.get(found.companyId)!;
        const via = this.subsidiariesWithAllegations(company.id) ?? [];
        const explanations =
          found.matchedName !== found.name
            ? [
                ...found.explanations,
                { feature: 'alias', score: 0, detail: `matched the other name "${found.matchedName}"` },
              ]
            : found.explanations;
        return {
          companyId: found.companyId,
          name: found.name,
          score: found.score,
          match: found.match,
          ...(found.band ? { band: found.band } : {}),
          explanations,
          allegations: company.allegations,
          ...(via.length > 0 ? { viaSubsidiaries: via } : {}),
        };
      });
    return { input: given, matches };
  }
}
