import { analyseName, type NameForm } from './normalise.ts';
import { skeleton } from './spelling.ts';
import {
  DEFAULT_THRESHOLD,
  REVIEW_THRESHOLD,
  scoreOnly,
  scorePair,
  type Band,
  type Explanation,
  type TokenWeight,
} from './score.ts';

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
  /** Whether the result is in the band `match`: kept for readers of the first contract. */
  match: boolean;
  band: Band;
  explanations: Explanation[];
}

export interface SearchOptions {
  /** The country the name is known in: evidence for its companies, against those of other countries. */
  country?: string | null;
  limit?: number;
  /** The score from which a result is a match (default `DEFAULT_THRESHOLD`). */
  threshold?: number;
  /** The score from which a result is a possible match (default `REVIEW_THRESHOLD`, never above `threshold`). */
  reviewThreshold?: number;
}

/** Keys shared by more than this share of all names say too little to be followed, unless nothing else is. */
const COMMON_KEY_SHARE = 0.002;
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
  // Acronyms made of more than initials ("ZISCO") meet the longer name on their first three letters and the
  // longer name's first three initials, legal forms included.
  if (form.words.length >= 3)
    keys.add(
      `a:${form.words
        .map((word) => word[0])
        .join('')
        .slice(0, 3)}`,
    );
  if (form.core.length === 1 && form.squashed.length >= 3 && form.squashed.length <= 10) {
    keys.add(`a:${form.squashed.slice(0, 3)}`);
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
    this.weights.clear();
    const owner = this.companies.length;
    this.companies.push(company);
    const forms = [company.name, ...(company.aliases ?? [])].flatMap((name) => analyseName(name));
    for (const form of forms) {
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

  /** Scratch space for candidate search: how many keys each name shares with the query. */
  private counts = new Int32Array(0);
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
        const score = scoreOnly(query, form, this.weight, { a: country, b: company.country ?? null });
        const previous = best.get(company.id);
        if (score > 0 && (!previous || previous.score < score))
          best.set(company.id, { query, form, company, score });
      }
    }
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const review = Math.min(options.reviewThreshold ?? REVIEW_THRESHOLD, threshold);
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
        band: match ? 'match' : score >= review ? 'possible' : 'none',
        explanations: scorePair(query, form, this.weight, { a: country, b: company.country ?? null })
          .explanations,
      };
    });
  }

  /**
   * The indexed names worth scoring against a query: those sharing the most keys with it, at most
   * `CANDIDATES`. Also used to find the hard negatives the scoring model is fitted on.
   */
  candidates(query: NameForm): { form: NameForm; company: IndexedCompany }[] {
    if (query.problem || this.forms.length === 0) return [];
    const common = Math.max(50, this.forms.length * COMMON_KEY_SHARE);
    // Key counts per name in a reused array (a Map per query costs more than the scoring it feeds).
    if (this.counts.length < this.forms.length) this.counts = new Int32Array(this.forms.length * 2);
    const counts = this.counts;
    const touched: number[] = [];
    const skipped: number[][] = [];
    for (const key of queryKeys(query)) {
      const list = this.postings.get(key);
      if (!list) continue;
      if (list.length > common) {
        skipped.push(list);
        continue;
      }
      const value = key.startsWith('w:') ? 3 : key.startsWith('k:') || key.startsWith('i:') ? 2 : 1;
      for (const position of list) {
        if (counts[position] === 0) touched.push(position);
        counts[position] = counts[position]! + value;
      }
    }
    // Only common keys: follow the shortest of them rather than find nothing.
    if (touched.length === 0 && skipped.length > 0) {
      const shortest = skipped.reduce((a, b) => (a.length <= b.length ? a : b));
      for (const position of shortest.slice(0, CANDIDATES * 5)) {
        touched.push(position);
        counts[position] = 1;
      }
    }
    // The CANDIDATES names with the highest counts, found through a histogram of the (small) counts.
    let floor = 1;
    if (touched.length > CANDIDATES) {
      const histogram: number[] = [];
      for (const position of touched) histogram[counts[position]!] = (histogram[counts[position]!] ?? 0) + 1;
      let kept = 0;
      for (floor = histogram.length - 1; floor > 1; floor--) {
        kept += histogram[floor] ?? 0;
        if (kept >= CANDIDATES) break;
      }
    }
    const chosen = touched
      .filter((position) => counts[position]! >= floor)
      .sort((a, b) => counts[b]! - counts[a]! || a - b)
      .slice(0, CANDIDATES);
    for (const position of touched) counts[position] = 0;
    return chosen.map((position) => ({
      form: this.forms[position]!,
      company: this.companies[this.owners[position]!]!,
    }));
  }
}
