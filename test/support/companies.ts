import spread from '../../src/demo/spread.json' with { type: 'json' };
import { inventCompany, seededRandom } from '../../src/demo/synthetic.ts';
import type { MatchableCompany } from '../../src/matching/matchable.ts';

/**
 * A realistic set of known companies for screening tests: names built the way companies of each country are
 * named (stems of the country's usual shape, a trade word, the country's legal form), beside the demo's
 * invented names, deterministic for a seed. Names are generated, never taken from a list of real companies;
 * a test adds the companies it looks for, and `avoid` keeps generated names off them.
 */

/** Name stems by country, in the romanised form the country's companies use in English. */
const STEMS: Record<string, readonly string[]> = {
  RU: ['volga', 'sibir', 'ural', 'prom', 'neft', 'stroi', 'tekh', 'energo', 'avto', 'mash', 'trans', 'gaz'],
  KR: ['han', 'dong', 'sung', 'il', 'jin', 'kwang', 'hyun', 'dae', 'young', 'woo', 'seo', 'chang', 'hwa'],
  JP: ['yama', 'kawa', 'naka', 'fuji', 'shima', 'moto', 'hira', 'mori', 'ishi', 'matsu', 'taka', 'kita'],
  MY: ['sri', 'jaya', 'maju', 'bina', 'mega', 'perdana', 'setia', 'kemas', 'indah', 'murni', 'cahaya'],
  AE: ['noor', 'falcon', 'gulf', 'najd', 'qasr', 'dar', 'bayt', 'zahra', 'rashid', 'sahara', 'khaleej'],
  CN: ['hua', 'xin', 'zhong', 'tian', 'long', 'jin', 'hong', 'sheng', 'guang', 'feng', 'yuan', 'heng'],
  GB: ['north', 'bridge', 'stone', 'oak', 'river', 'wood', 'field', 'brook', 'hill', 'crest', 'park'],
};

const FORMS: Record<string, readonly string[]> = {
  ...(spread.legalForms as Record<string, string[]>),
  CN: ['Co., Ltd.', 'Group Co., Ltd.'],
};

const TRADES = Object.values(spread.tradeWords as Record<string, string[]>).flat();

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export interface RealisticOptions {
  count: number;
  seed?: number;
  /** Names a generated company must not have (compared without case): the companies a test looks for. */
  avoid?: readonly string[];
}

/** `count` companies, a quarter with the demo's invented names and the rest named as in their country. */
export function realisticCompanies(options: RealisticOptions): MatchableCompany[] {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const countries = Object.keys(STEMS);
  const avoid = new Set((options.avoid ?? []).map((name) => name.toLowerCase()));
  const seen = new Set<string>();
  const companies: MatchableCompany[] = [];
  while (companies.length < options.count) {
    const country = pick(countries);
    let name: string;
    if (random() < 0.25) name = inventCompany(random, country, null);
    else {
      const stem = pick(STEMS[country]!) + pick(STEMS[country]!);
      name = `${capitalise(stem)} ${pick(TRADES)} ${pick(FORMS[country] ?? FORMS.default!)}`;
    }
    const key = name.toLowerCase();
    if (seen.has(key) || [...avoid].some((avoided) => key.startsWith(avoided))) continue;
    seen.add(key);
    companies.push({
      id: `c${companies.length + 1}`,
      name,
      otherNames: [],
      // One company in ten is known without its country, as imports often are.
      country: random() < 0.1 ? null : country,
      parentId: null,
      allegations: 1,
    });
  }
  return companies;
}
