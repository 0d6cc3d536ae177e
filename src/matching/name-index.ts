import { nameVariants, normaliseName, skeleton, type NameForm } from './normalise.ts';
import { DEFAULT_THRESHOLD, scorePair, type Explanation, type TokenWeight } from './score.ts';

/**
 * An in-memory index of company names for candidate search: every name (canonical, alias, previous) is
 * analysed once, and found again through its tokens, their sound keys, the sound key of the whole name, its
 * opening letters and its initials. A query scores only the names that share a key with it, never every one.
 */

export interface IndexedCompany {
  id: string;
  name: string;
  aliases?: string[];
  country?: string | null;
}

export interface NameMatch {
  companyId: string;
  name: string;
  /** The name of the company that matched, when it is an alias rather than the canonical name. */
  matchedName: string;
  score: number;
  match: boolean;
  explanations: Explanation[];
}

/** Keys shared by more than this share of all names say too little to be followed, unless nothing else is. */
const COMMON_KEY_SHARE = 0.005;
const CANDIDATES = 30;
/** How far below the best a result may score and still be flagged as a match. */
const RUNNER_UP_MARGIN = 0.1;

function keysOf(form: NameForm): string[] {
  const keys = new Set<string>();
  for (const token of form.core) {
    if (token.ascii.length >= 2) keys.add(`w:${token.ascii}`);
    const sound = skeleton(token.ascii);
    if (sound.length >= 2) keys.add(`s:${sound}`);
  }
  if (form.skeleton.length >= 2) keys.add(`k:${form.skeleton}`);
  // Short names have few consonants: their first letter, vowel or not, joins the sound key.
  if (form.skeleton.length < 3 && form.squashed) keys.add(`f:${form.squashed[0]}${form.skeleton}`);
  const soft = form.skeleton.replace(/r/g, '');
  if (soft.length >= 2) keys.add(`kr:${soft}`);
  if (form.skeleton.length >= 3) keys.add(`k3:${form.skeleton.slice(0, 3)}`);
  if (form.squashed.length >= 4) keys.add(`p:${form.squashed.slice(0, 4)}`);
  if (form.initials.length >= 2 && form.initials.length <= 8) keys.add(`i:${form.initials}`);
  // A one-word name may be someone's initials: found by the initials of a longer query.
  if (form.core.length === 1 && form.core[0]!.ascii.length >= 2 && form.core[0]!.ascii.length <= 8) {
    keys.add(`i:${form.core[0]!.ascii}`);
  }
  return [...keys];
}

/** The keys a query looks up: the same as a name is filed under. */
const queryKeys = keysOf;

export class NameIndex {
  private readonly forms: NameForm[] = [];
  private readonly owners: number[] = [];
  private readonly companies: IndexedCompany[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly documentFrequency = new Map<string, number>();

  get size(): number {
    return this.companies.length;
  }

  add(company: IndexedCompany): void {
    const owner = this.companies.length;
    this.companies.push(company);
    const names = [company.name, ...(company.aliases ?? [])].flatMap((name) =>
      nameVariants(name).map((variant) => ({ name, variant })),
    );
    for (const { name, variant } of names) {
      const form = normaliseName(variant);
      form.original = name;
      if (form.problem) continue;
      const position = this.forms.length;
      this.forms.push(form);
      this.owners.push(owner);
      for (const key of keysOf(form)) {
        const list = this.postings.get(key);
        if (list) list.push(position);
        else this.postings.set(key, [position]);
      }
      for (const token of new Set(form.core.map((t) => t.ascii))) {
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      }
    }
  }

  /** Rare words weigh more: a smoothed inverse document frequency, 1 for a word seen once. */
  readonly weight: TokenWeight = (ascii) => {
    const frequency = this.documentFrequency.get(ascii) ?? 1;
    const total = Math.max(this.forms.length, 2);
    return Math.max(0.1, Math.log(1 + total / frequency) / Math.log(1 + total));
  };

  /** The best matches of a name (and of its variants: bracketed, each script's part), best first, one per company. */
  search(
    name: string,
    options: { country?: string | null; limit?: number; threshold?: number } = {},
  ): NameMatch[] {
    const best = new Map<string, NameMatch>();
    for (const variant of nameVariants(name)) {
      for (const match of this.searchForm(normaliseName(variant), options)) {
        const previous = best.get(match.companyId);
        if (!previous || previous.score < match.score) best.set(match.companyId, match);
      }
    }
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const ranked = [...best.values()]
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
      .slice(0, options.limit ?? 5);
    // A match is a result at the threshold that is also (nearly) the best: a close neighbour of a clear winner
    // is shown, with its score, but not flagged.
    const top = ranked[0]?.score ?? 0;
    for (const match of ranked)
      match.match = match.score >= threshold && match.score >= top - RUNNER_UP_MARGIN;
    return ranked;
  }

  private searchForm(
    query: NameForm,
    options: { country?: string | null; limit?: number; threshold?: number },
  ): NameMatch[] {
    if (query.problem || this.forms.length === 0) return [];
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const common = Math.max(50, this.forms.length * COMMON_KEY_SHARE);
    const hits = new Map<number, number>();
    const skipped: number[][] = [];
    for (const key of queryKeys(query)) {
      const list = this.postings.get(key);
      if (!list) continue;
      if (list.length > common) {
        skipped.push(list);
        continue;
      }
      const value = key.startsWith('w:') ? 3 : key.startsWith('k:') || key.startsWith('i:') ? 2 : 1;
      for (const position of list) hits.set(position, (hits.get(position) ?? 0) + value);
    }
    // Only common keys: follow the shortest of them rather than find nothing.
    if (hits.size === 0 && skipped.length > 0) {
      const shortest = skipped.reduce((a, b) => (a.length <= b.length ? a : b));
      for (const position of shortest.slice(0, CANDIDATES * 5)) hits.set(position, 1);
    }
    const candidates = [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES);
    const best = new Map<number, NameMatch>();
    for (const [position] of candidates) {
      const owner = this.owners[position]!;
      const company = this.companies[owner]!;
      const form = this.forms[position]!;
      const { score, explanations } = scorePair(query, form, this.weight, {
        a: options.country ?? null,
        b: company.country ?? null,
      });
      const previous = best.get(owner);
      if (previous && previous.score >= score) continue;
      best.set(owner, {
        companyId: company.id,
        name: company.name,
        matchedName: form.original,
        score,
        match: score >= threshold,
        explanations,
      });
    }
    return [...best.values()].filter((match) => match.score > 0);
  }
}
