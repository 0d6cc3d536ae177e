import type { CompanyScreen } from '../matching/screen.ts';
import type { KnownCompanies } from './companies.ts';

/**
 * Known companies through the matcher's screen: a name found in an article is linked to the best company that
 * the matcher calls a match (same threshold as screening), with the article's country as a hint. An article
 * names the same company again and again: each name and country is screened once.
 */
export function knownCompaniesOf(screen: CompanyScreen): KnownCompanies {
  const answers = new Map<string, ReturnType<KnownCompanies['find']>>();
  return {
    find(name, country) {
      const key = `${country ?? ''}\u0000${name}`;
      if (answers.has(key)) return answers.get(key);
      const result = screen.screen({ name, ...(country ? { country } : {}) }, { limit: 1 });
      const best = result.matches[0];
      const answer = best?.match
        ? { companyId: best.companyId, name: best.name, score: best.score }
        : undefined;
      answers.set(key, answer);
      return answer;
    },
  };
}
