import { analyseName, type NameForm } from './normalise.ts';
import { KEY_FACTOR, keyKind, nameKeys } from './name-keys.ts';
import {
  FITTED_MODEL,
  scoreOnly,
  scorePair,
  type Band,
  type Explanation,
  type ScoringModel,
  type TokenWeight,
} from './score.ts';

/**
 * An in-memory index of company names for candidate search: every name (canonical, alias, previous) is
 * analysed once, and found again through its keys (name-keys.ts: its words, their consonant skeletons and
 * those skeletons with a consonant left out, its descriptors, opening letters and initials). A query scores
 * only the names that share the most telling keys with it, never every one.
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
  /** Whether the result is in the band `match`: kept for readers of the first contract. */
  match: boolean;
  /** Absent for a result in neither band. */
  band?: Band;
  explanations: Explanation[];
}

export interface SearchOptions {
  /** The country the name is known in: evidence for its companies, against those of other countries. */
  country?: string | null;
  limit?: number;
  /** The score from which a result is a match (default: the scoring model's). */
  threshold?: number;
  /** The score from which a result is a possible match (default: the model's review one; at most `threshold`). */
  reviewThreshold?: number;
}

/** Keys shared by more than this share of all names say too little to be followed, unless nothing else is. */
const COMMON_KEY_SHARE = 0.002;
const CANDIDATES = 30;
/** How far below the best a result may score and still be flagged as a match. */
const RUNNER_UP_MARGIN = 0.1;

/**
 * The `count` positions with the most evidence, most first (ties by position): a threshold found by selection
 * in linear time, then only the few above it sorted (thousands of names may share some key with a query).
 */
function strongest(positions: number[], evidence: Float64Array, count: number): number[] {
  if (positions.length > count) {
    const values = Float64Array.from(positions, (position) => evidence[position]!);
    const floor = kthLargest(values, count);
    const above = positions.filter((position) => evidence[position]! > floor);
    for (const position of positions) {
      if (above.length >= count) break;
      if (evidence[position] === floor) above.push(position);
    }
    positions = above;
  }
  return positions.sort((a, b) => evidence[b]! - evidence[a]! || a - b);
}

/** The k-th largest of `values` (which it reorders), by Hoare's selection. */
function kthLargest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target]!;
}

export class NameIndex {
  private readonly forms: NameForm[] = [];
  private readonly owners: number[] = [];
  /** How many keys each name is filed under: evidence is weighed against it (see `candidates`). */
  private readonly keyCounts: number[] = [];
  private readonly companies: IndexedCompany[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly documentFrequency = new Map<string, number>();

  /** `scoring`: the fitted model unless another is given (the evaluation's folds fit their own). */
  constructor(private readonly scoring: ScoringModel = FITTED_MODEL) {}

  get size(): number {
    return this.companies.length;
  }

  /** The score from which a result that is not a match is a possible match, for review. */
  get reviewThreshold(): number {
    return this.scoring.reviewThreshold;
  }

  add(company: IndexedCompany): void {
    this.weights.clear();
    const owner = this.companies.length;
    this.companies.push(company);
    const forms = [company.name, ...(company.aliases ?? [])].flatMap((name) => analyseName(name));
    for (const form of forms) {
      if (form.problem) continue;
      const position = this.forms.length;
      this.forms.push(form);
      this.owners.push(owner);
      const keys = nameKeys(form);
      this.keyCounts.push(Math.sqrt(keys.length));
      for (const key of keys) {
        const list = this.postings.get(key);
        if (list) list.push(position);
        else this.postings.set(key, [position]);
      }
      for (const token of new Set(form.core.map((t) => t.ascii))) {
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      }
    }
  }

  /** Scratch space for candidate search: how much key evidence each name shares with the query. */
  private evidence = new Float64Array(0);
  /** Weights computed since the last name was added (they change with every name). */
  private readonly weights = new Map<string, number>();

  /** Rare words weigh more: a smoothed inverse document frequency, 1 for a word seen once. */
  readonly weight: TokenWeight = (ascii) => {
    let known = this.weights.get(ascii);
    if (known === undefined) {
      const frequency = this.documentFrequency.get(ascii) ?? 1;
      const total = Math.max(this.forms.length, 2);
      known = Math.max(0.1, Math.log(1 + total / frequency) / Math.log(1 + total));
      this.weights.set(ascii, known);
    }
    return known;
  };

  /**
   * The best matches of a name (and of its variants: bracketed, each script's part), best first, one per
   * company, each in its band: a match, a possible match for review, or neither.
   */
  search(name: string, options: SearchOptions = {}): NameMatch[] {
    const country = options.country ?? null;
    // The best pair of forms per company, scored without explanations: only the results shown are explained.
    const best = new Map<
      string,
      { query: NameForm; form: NameForm; company: IndexedCompany; score: number }
    >();
    for (const query of analyseName(name)) {
      if (query.problem) continue;
      for (const { form, company } of this.candidates(query)) {
        const score = scoreOnly(
          query,
          form,
          this.weight,
          { a: country, b: company.country ?? null },
          this.scoring,
        );
        const previous = best.get(company.id);
        if (score > 0 && (!previous || previous.score < score))
          best.set(company.id, { query, form, company, score });
      }
    }
    const threshold = options.threshold ?? this.scoring.threshold;
    const review = Math.min(options.reviewThreshold ?? this.scoring.reviewThreshold, threshold);
    // With a country, the scores carry it (score.ts): its companies come first among close scores.
    const ranked = [...best.values()]
      .sort((a, b) => b.score - a.score || a.company.name.localeCompare(b.company.name))
      .slice(0, options.limit ?? 5);
    // A match is a result at the threshold that is also close to the best: two companies of the same name
    // are both flagged, and a reviewer decides between them; a near neighbour of a clear winner is shown,
    // with its score, as a possible match.
    const top = ranked[0]?.score ?? 0;
    return ranked.map(({ query, form, company, score }) => {
      const match = score >= threshold && score >= top - RUNNER_UP_MARGIN;
      return {
        companyId: company.id,
        name: company.name,
        matchedName: form.original,
        score,
        match,
        ...(match ? { band: 'match' as const } : score >= review ? { band: 'review' as const } : {}),
        explanations: scorePair(
          query,
          form,
          this.weight,
          { a: country, b: company.country ?? null },
          this.scoring,
        ).explanations,
      };
    });
  }

  /**
   * The indexed names worth scoring against a query: those with the most key evidence in common with it, at
   * most `CANDIDATES`. A shared key counts for its kind's factor times its rarity (the log of how many names
   * per name filed under it), so one rare key outweighs many common ones. Also used to find the hard
   * negatives the scoring model is fitted on.
   */
  candidates(query: NameForm): { form: NameForm; company: IndexedCompany }[] {
    if (query.problem || this.forms.length === 0) return [];
    const total = this.forms.length;
    const common = Math.max(50, total * COMMON_KEY_SHARE);
    // Evidence per name in a reused array (a Map per query costs more than the scoring it feeds).
    if (this.evidence.length < total) this.evidence = new Float64Array(total * 2);
    const evidence = this.evidence;
    const touched: number[] = [];
    let shortestCommon: number[] | undefined;
    for (const key of nameKeys(query)) {
      const list = this.postings.get(key);
      if (!list) continue;
      if (list.length > common) {
        if (!shortestCommon || list.length < shortestCommon.length) shortestCommon = list;
        continue;
      }
      const value = KEY_FACTOR[keyKind(key)] * Math.log(1 + total / list.length);
      for (const position of list) {
        if (evidence[position] === 0) touched.push(position);
        evidence[position] = evidence[position]! + value;
      }
    }
    // Only common keys: follow the shortest of them rather than find nothing.
    if (touched.length === 0 && shortestCommon) {
      for (const position of shortestCommon.slice(0, CANDIDATES * 5)) {
        touched.push(position);
        evidence[position] = 1;
      }
    }
    // A long name shares some key with many queries: its evidence is weighed against how many it has.
    for (const position of touched) evidence[position] = evidence[position]! / this.keyCounts[position]!;
    const chosen = strongest(touched, evidence, CANDIDATES);
    for (const position of touched) evidence[position] = 0;
    return chosen.map((position) => ({
      form: this.forms[position]!,
      company: this.companies[this.owners[position]!]!,
    }));
  }
}
