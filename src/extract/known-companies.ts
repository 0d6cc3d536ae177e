import type { CompanyScreen } from '../matching/screen.ts';
import type { KnownCompanies } from './companies.ts';

/**
 * Known companies through the matcher's screen: a name found in an article is linked to the best company that
 * the matcher calls a match (same threshold as screening), with the article's country as a hint.
 */
export function knownCompaniesOf(screen: CompanyScreen): KnownCompanies {
  return {
    find(name, country) {
      const result = screen.screen({ name, ...(country ? { country } : {}) }, { limit: 1 });
      const best = result.matches[0];
      return best?.match ? { companyId: best.companyId, name: best.name, score: best.score } : undefined;
    },
  };
}
