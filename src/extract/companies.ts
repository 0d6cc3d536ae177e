import { CompanyRole, type CompanyLink } from '../domain/record.ts';
import { legalFormAtStart, MAX_FORM_TOKENS } from '../matching/legal-forms.ts';
import { normaliseName } from '../matching/normalise.ts';
import { cues } from './cues.ts';
import type { Evidence } from './model.ts';
import { coveredBy, evidenceAt, inHeadline, leftContext, rightContext, type Reading } from './reading.ts';
import { isCapitalised, type Token } from './tokens.ts';

/** Known companies, for linking a name found in an article to the company record (the matcher behind it). */
export interface KnownCompanies {
  find(name: string, country?: string): { companyId: string; name: string; score: number } | undefined;
}

export interface CompanyProposal {
  name: string;
  role: CompanyLink['role'];
  companyId?: string;
  score: number;
  /** The mention that best shows the name is a business, and the one that gave the role. */
  nameEvidence: { start: number; end: number };
  roleEvidence?: { start: number; end: number; role: string };
  /** Where the article first names the company. */
  firstMention: number;
}

interface Candidate {
  start: number;
  end: number;
  first: number;
  last: number;
  name: string;
}

/** Runs of capitalised words ("Top Glove Corporation Bhd", "Marks & Spencer", "Bank of America"). */
function capitalisedRuns(reading: Reading): Candidate[] {
  const { tokens, text } = reading;
  const runs: Candidate[] = [];
  // Whether the words from a token on make a legal form ("Ltd", "Sdn Bhd"): the tables of src/matching/data/.
  const legalFormAt = (index: number) =>
    legalFormAtStart(tokens.slice(index, index + MAX_FORM_TOKENS).map((token) => token.text)) > 0;
  const joined = (a: Token, b: Token, bIndex: number) => {
    const gap = text.slice(a.end, b.start);
    if (/^ $/.test(gap) || /^\s?&\s?$/.test(gap) || /^-$/.test(gap)) return true;
    // "Co., Ltd.", "Corp. Bhd": a legal form may follow after a comma or an abbreviation's full stop.
    if (/^\.? $/.test(gap) && cues.nameAbbreviation.test(a.text)) return legalFormAt(bIndex);
    return /^, $/.test(gap) && legalFormAt(bIndex);
  };
  for (let index = 0; index < tokens.length; index++) {
    if (!isCapitalised(tokens[index]!.text)) continue;
    let last = index;
    while (last + 1 < tokens.length) {
      const next = tokens[last + 1]!;
      if (isCapitalised(next.text) && joined(tokens[last]!, next, last + 1)) {
        last++;
        continue;
      }
      const after = tokens[last + 2];
      if (
        cues.connector.test(next.text) &&
        after &&
        isCapitalised(after.text) &&
        joined(tokens[last]!, next, last + 1) &&
        joined(next, after, last + 2)
      ) {
        last += 2;
        continue;
      }
      break;
    }
    let first = index;
    // Sentence openers and common words written with a capital are not part of a name.
    while (
      first <= last &&
      (cues.leadingWord.test(tokens[first]!.text) ||
        (reading.lowerWords.has(tokens[first]!.text.toLowerCase()) &&
          first === index &&
          atSentenceStart(reading, tokens[first]!)))
    )
      first++;
    if (first <= last) {
      const start = tokens[first]!.start;
      const end = tokens[last]!.end;
      runs.push({ start, end, first, last, name: text.slice(start, end) });
    }
    index = last;
  }
  return runs;
}

function atSentenceStart(reading: Reading, token: Token): boolean {
  const before = reading.text.slice(Math.max(0, token.start - 3), token.start);
  return token.start === 0 || /(?:^|[.!?:"“”]\s*|\n\s*)$/u.test(before);
}

function isNotCompany(reading: Reading, candidate: Candidate): boolean {
  const { tokens } = reading;
  const words = tokens.slice(candidate.first, candidate.last + 1);
  // "Al Waha Recruitment Office" is a business though "Office" often is not: the name's own words decide.
  const businessName = cues.nameRoles.some(
    ({ pattern }) => ((pattern.lastIndex = 0), pattern.test(candidate.name)),
  );
  if (!businessName && words.some((word) => cues.notCompanyWord.test(word.text))) return true;
  if (words.every((word) => cues.placeWord.test(word.text))) return true;
  // Wholly a known city or region ("Leamington", "St Petersburg").
  if (coveredBy(reading.places, candidate.start, candidate.end)) return true;
  // Wholly a country or nationality ("North Korea", "Nepali").
  const countryCovered = coveredBy(reading.countries, candidate.start, candidate.end);
  if (countryCovered) return true;
  if (words.length === 1 && words[0]!.text.length < 2) return true;
  if (reading.article.publisher && candidate.name === reading.article.publisher) return true;
  return cues.personBefore.test(leftContext(reading, candidate.start, 30));
}

interface Group {
  key: string;
  mentions: Candidate[];
  score: number;
  cueCount: number;
  roles: Map<string, { weight: number; start: number; end: number }>;
  bestCue?: { start: number; end: number; weight: number };
  legalForm: boolean;
  /** Called a rights group, union, newspaper... somewhere in the article. */
  body?: boolean;
}

const OTHER = 'Other';
const isCompanyRole = (value: string): value is CompanyLink['role'] => CompanyRole.safeParse(value).success;
/** How much a name must be shown to be a business: one clear cue ("the firm X", "workers at X") is enough. */
const MIN_SCORE = 1.5;

/**
 * Businesses the article names, each with a role: a capitalised name counts as a business when the article
 * says so (a legal form, "e-commerce giant X", "X, a supplier", "X's factory", "workers at X", "X denied"), or
 * when it is a known company; the role comes from the phrase that says what the business did.
 */
export function proposeCompanies(
  reading: Reading,
  options: { known?: KnownCompanies; country?: string; places?: string[] } = {},
): CompanyProposal[] {
  const { known, country } = options;
  const places = new Set(options.places ?? []);
  const groups = new Map<string, Group>();
  let previous: { candidate: Candidate; before: string } | undefined;
  for (const candidate of capitalisedRuns(reading)) {
    if (places.has(candidate.name) || isNotCompany(reading, candidate)) continue;
    const form = normaliseName(candidate.name);
    if (form.problem || !form.squashed) continue;
    const key = form.squashed;
    let group = groups.get(key);
    if (!group) {
      group = { key, mentions: [], score: 0, cueCount: 0, roles: new Map(), legalForm: false };
      groups.set(key, group);
    }
    group.mentions.push(candidate);
    const lastWord = reading.tokens[candidate.last]!.text;
    if (form.legalForms.length > 0 && candidate.last > candidate.first && !cues.legalFormGuard.test(lastWord))
      group.legalForm = true;
    // In a list ("supplies Daikin, Panasonic and Sony") every name has the words before the first.
    const listed = previous && cues.listGap.test(reading.text.slice(previous.candidate.end, candidate.start));
    const before = listed && previous ? previous.before : leftContext(reading, candidate.start, 60);
    previous = { candidate, before };
    const after = rightContext(reading, candidate.end, 60);
    // Named as a rights group, a union, a newspaper: not a business, whatever else the article says of it.
    if (cues.bodyBefore.test(before) || cues.bodyAfter.test(after)) group.body = true;
    const cue = (weight: number, role?: string) => {
      group.score += weight;
      group.cueCount++;
      if (!group.bestCue || weight > group.bestCue.weight)
        group.bestCue = { start: candidate.start, end: candidate.end, weight };
      if (role) {
        const entry = group.roles.get(role);
        if (entry) entry.weight += weight;
        else group.roles.set(role, { weight, start: candidate.start, end: candidate.end });
      }
    };
    if (cues.companyNoun.test(before)) cue(1.5);
    if (cues.companyApposition.test(after)) cue(1.5);
    // "workers at e-commerce giant X": the role phrase stands before the business noun.
    const beforeNoun = before.replace(cues.companyNounPhrase, '');
    for (const { role, before: beforeCue, after: afterCue } of cues.roles) {
      const weight = role === OTHER ? 0.75 : role === 'Employer' ? 1.6 : 1.5;
      if (beforeCue?.test(before) || (beforeNoun !== before && beforeCue?.test(beforeNoun)))
        cue(weight, role);
      if (afterCue?.test(after)) cue(weight, role);
    }
  }
  mergeShortNames(groups);
  const proposals: CompanyProposal[] = [];
  for (const group of groups.values()) {
    const inBody = group.mentions.filter((mention) => !inHeadline(reading, mention.start));
    // A capitalised headline ("Workers Say Glove Maker...") names things only if the article repeats them.
    if (inBody.length === 0) continue;
    const surface = mostCommonName(group.mentions);
    const match = known?.find(surface, country);
    let score = group.score + Math.min(1.5, 0.3 * (group.mentions.length - 1));
    if (group.legalForm) score += 2;
    if (match) score += 1.5;
    if (group.mentions.some((mention) => inHeadline(reading, mention.start))) score += 0.5;
    const evidenced = group.cueCount > 0 || group.legalForm || match !== undefined;
    if (!evidenced || score < MIN_SCORE || (group.body && !group.legalForm && !match)) continue;
    for (const { role, pattern } of cues.nameRoles) {
      pattern.lastIndex = 0;
      if (pattern.test(surface) && !group.roles.has(role)) {
        const first = group.mentions[0]!;
        group.roles.set(role, { weight: 0.8, start: first.start, end: first.end });
      }
    }
    const ranked = [...group.roles.entries()]
      .filter(([role]) => role !== OTHER)
      .sort((a, b) => b[1].weight - a[1].weight);
    const role = ranked[0]?.[0] ?? 'Employer';
    const cueAt = group.bestCue ?? group.mentions[0]!;
    proposals.push({
      name: surface,
      role: isCompanyRole(role) ? role : 'Other',
      ...(match ? { companyId: match.companyId } : {}),
      score,
      firstMention: group.mentions.reduce((first, mention) => Math.min(first, mention.start), Infinity),
      nameEvidence: { start: cueAt.start, end: cueAt.end },
      ...(ranked[0] ? { roleEvidence: { start: ranked[0][1].start, end: ranked[0][1].end, role } } : {}),
    });
  }
  // The companies the workers work for first, then those further along the chain; in reading order within a role.
  return proposals.sort(
    (a, b) =>
      cues.roleOrder.indexOf(a.role) - cues.roleOrder.indexOf(b.role) || a.firstMention - b.firstMention,
  );
}

/** A name the article shortens ("Top Glove" after "Top Glove Corporation Bhd") counts for the full name. */
function mergeShortNames(groups: Map<string, Group>): void {
  const keys = [...groups.keys()].sort((a, b) => b.length - a.length);
  for (const short of keys) {
    const group = groups.get(short)!;
    const owner = keys.find(
      (long) => long !== short && long.length > short.length && long.startsWith(short) && groups.has(long),
    );
    if (!owner) continue;
    const target = groups.get(owner)!;
    for (const mention of group.mentions) target.mentions.push(mention);
    target.score += group.score;
    target.cueCount += group.cueCount;
    target.legalForm ||= group.legalForm;
    target.body ||= group.body ?? false;
    if (group.bestCue && (!target.bestCue || group.bestCue.weight > target.bestCue.weight))
      target.bestCue = group.bestCue;
    for (const [role, entry] of group.roles) {
      const known = target.roles.get(role);
      if (known) known.weight += entry.weight;
      else target.roles.set(role, { ...entry });
    }
    groups.delete(short);
  }
}

/** The way the article writes a name most often; the longer form when two are as frequent. */
function mostCommonName(mentions: Candidate[]): string {
  const counts = new Map<string, number>();
  for (const mention of mentions) counts.set(mention.name, (counts.get(mention.name) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]![0];
}

export function companyEvidence(reading: Reading, proposals: CompanyProposal[]): Evidence[] {
  return proposals.flatMap((proposal, index) => {
    const confidence = Math.min(0.95, 1 - Math.exp(-proposal.score / 2.5));
    const items = [
      evidenceAt(
        reading,
        `/companies/${index}/name`,
        proposal.name,
        confidence,
        proposal.nameEvidence.start,
        proposal.nameEvidence.end,
      ),
    ];
    const role = proposal.roleEvidence;
    items.push(
      role
        ? evidenceAt(reading, `/companies/${index}/role`, proposal.role, 0.7, role.start, role.end)
        : evidenceAt(
            reading,
            `/companies/${index}/role`,
            proposal.role,
            0.4,
            proposal.nameEvidence.start,
            proposal.nameEvidence.end,
          ),
    );
    if (proposal.companyId)
      items.push(
        evidenceAt(
          reading,
          `/companies/${index}/companyId`,
          proposal.companyId,
          confidence,
          proposal.nameEvidence.start,
          proposal.nameEvidence.end,
        ),
      );
    return items;
  });
}
