import { CompanyRole, type CompanyLink } from '../domain/record.ts';
import { normaliseName } from '../matching/normalise.ts';
import { companyCues } from './company-cues.ts';
import {
  hasBusinessWords,
  hasRoleWords,
  isNotCompany,
  nameMentions,
  peopleNames,
  wordsAfter,
  type NameMention,
} from './company-names.ts';
import { cues } from './cues.ts';
import { placeNamed } from './gazetteer.ts';
import type { ChoiceModel, FeatureLog } from './fitted-model.ts';
import type { Evidence } from './model.ts';
import { evidenceAt, inHeadline, leftContext, type Reading } from './reading.ts';
import { chooseRole, roleFeatures, type MentionContext, type RoleSubject } from './roles.ts';
import { sentenceAt } from './sentences.ts';

/** Known companies, for linking a name found in an article to the company record (the matcher behind it). */
export interface KnownCompanies {
  find(name: string, country?: string): { companyId: string; name: string; score: number } | undefined;
}

export interface CompanyProposal {
  name: string;
  role: CompanyLink['role'];
  companyId?: string;
  score: number;
  /** How sure the role is: the role model's probability, or the rule's fixed confidence. */
  roleConfidence: number;
  /** The mention that best shows the name is a business, and the one that gave the role. */
  nameEvidence: { start: number; end: number };
  roleEvidence?: { start: number; end: number; role: string };
  /** Where the article first names the company. */
  firstMention: number;
}

interface Group {
  key: string;
  mentions: NameMention[];
  contexts: MentionContext[];
  score: number;
  cueCount: number;
  roles: Map<string, { weight: number; start: number; end: number; fromName?: boolean }>;
  bestCue?: { start: number; end: number; weight: number };
  legalForm: boolean;
  /** Called a rights group, union, newspaper... somewhere in the article. */
  body?: boolean;
}

const OTHER = 'Other';
const isCompanyRole = (value: string): value is CompanyLink['role'] => CompanyRole.safeParse(value).success;
/** How far back the words before a name are read: far enough for "a subsidiary of [four words] X". */
const BEFORE_CHARACTERS = 90;
/** The weights of a role phrase in the rule: employment phrases weigh a little more than the others. */
const ROLE_WEIGHT = 1.5;
const EMPLOYMENT_WEIGHT = 1.6;
/** How much a name must be shown to be a business: one clear cue ("the firm X", "workers at X") is enough. */
const MIN_SCORE = 1.5;

export interface ProposeOptions {
  known?: KnownCompanies;
  country?: string;
  places?: string[];
  /** The fitted role model; without classes, the rule of the role phrases chooses. */
  roles?: ChoiceModel;
  /** Filled with each proposed company's role features, for fitting. */
  log?: FeatureLog['companies'];
}

/**
 * Businesses the article names, each with a role: a capitalised name counts as a business when the article
 * says so (a legal form, "e-commerce giant X", "X, a supplier", "X's factory", "workers at X", "X denied",
 * a business word of its own name), or when it is a known company; the role is chosen from the phrases around
 * its mentions (roles.ts).
 */
export function proposeCompanies(reading: Reading, options: ProposeOptions = {}): CompanyProposal[] {
  const { known, country } = options;
  const places = new Set(options.places ?? []);
  const groups = new Map<string, Group>();
  const mentions = nameMentions(reading);
  const people = peopleNames(reading, mentions);
  const groupOf = new Map<NameMention, Group>();
  let previous: { mention: NameMention; before: string } | undefined;
  const rejected = new Set<NameMention>();
  for (const mention of mentions) {
    // The short form of a name that is not a business ("the Ministry of Manpower (MOM)") is not one either.
    if (
      places.has(mention.name) ||
      people.has(mention.name) ||
      (mention.shortFor && rejected.has(mention.shortFor)) ||
      isNotCompany(reading, mention)
    ) {
      rejected.add(mention);
      continue;
    }
    const form = normaliseName(mention.name);
    if (form.problem || !form.squashed) continue;
    // The descriptors count ("Merrow Freight" is not "Merrow Holdings"); legal forms do not.
    const key = form.tokens.map((token) => token.ascii).join('') || form.squashed;
    let group = groups.get(key);
    if (!group) {
      group = { key, mentions: [], contexts: [], score: 0, cueCount: 0, roles: new Map(), legalForm: false };
      groups.set(key, group);
    }
    group.mentions.push(mention);
    groupOf.set(mention, group);
    const lastWord = reading.tokens[mention.last]!.text;
    if (form.legalForms.length > 0 && mention.last > mention.first && !cues.legalFormGuard.test(lastWord))
      group.legalForm = true;
    // In a list ("supplies Daikin, Panasonic and Sony") every name has the words before the first.
    const gap = reading.text.slice(previous?.mention.end ?? 0, mention.start).replace(/^['’]s/u, '');
    const listed = previous !== undefined && cues.listGap.test(gap);
    const before =
      listed && previous ? previous.before : leftContext(reading, mention.start, BEFORE_CHARACTERS);
    previous = { mention, before };
    const after = wordsAfter(reading, mention);
    const sentence = sentenceAt(reading.sentences, mention.start);
    group.contexts.push({
      start: mention.start,
      end: mention.end,
      sentenceStart: sentence?.start ?? 0,
      before,
      after,
      sentence: sentence?.text ?? '',
      listed,
      inHeadline: inHeadline(reading, mention.start),
    });
    weighMention(reading, group, mention, before, after);
  }
  mergeNames(groups, groupOf);
  const kept: { group: Group; surface: string; score: number; companyId?: string }[] = [];
  for (const group of groups.values()) {
    const inBody = group.mentions.filter((mention) => !inHeadline(reading, mention.start));
    // A capitalised headline ("Workers Say Glove Maker...") names things only if the article repeats them.
    if (inBody.length === 0) continue;
    const surface = fullName(group.mentions);
    const match = known?.find(surface, country);
    let score = group.score + Math.min(1.5, 0.3 * (group.mentions.length - 1));
    if (group.legalForm) score += 2;
    if (match) score += 1.5;
    if (group.mentions.some((mention) => inHeadline(reading, mention.start))) score += 0.5;
    const evidenced = group.cueCount > 0 || group.legalForm || match !== undefined;
    if (!evidenced || score < MIN_SCORE || (group.body && !group.legalForm && !match)) continue;
    for (const { role, pattern } of cues.nameRoles) {
      pattern.lastIndex = 0;
      if (!pattern.test(surface)) continue;
      const first = group.mentions[0]!;
      const weight = companyCues.nameRoleWeight(role);
      const entry = group.roles.get(role);
      if (entry) entry.weight += weight;
      else group.roles.set(role, { weight, start: first.start, end: first.end, fromName: true });
    }
    kept.push({ group, surface, score, ...(match ? { companyId: match.companyId } : {}) });
  }
  const subjects = kept.map(({ group, surface }) => roleSubject(group, surface));
  const proposals = kept.map(({ group, surface, score, companyId }, index): CompanyProposal => {
    const subject = subjects[index]!;
    const features = roleFeatures(subject, subjects);
    options.log?.push({ name: surface, features });
    const chosen = chooseRole(options.roles, subject, features);
    const cueAt = group.bestCue ?? group.mentions[0]!;
    const phrase = group.roles.get(chosen.role);
    return {
      name: surface,
      role: isCompanyRole(chosen.role) ? chosen.role : 'Other',
      ...(companyId ? { companyId } : {}),
      score,
      roleConfidence: chosen.probability,
      firstMention: group.mentions.reduce((first, mention) => Math.min(first, mention.start), Infinity),
      nameEvidence: { start: cueAt.start, end: cueAt.end },
      ...(phrase ? { roleEvidence: { start: phrase.start, end: phrase.end, role: chosen.role } } : {}),
    };
  });
  // The companies the workers work for first, then those further along the chain; in reading order within a role.
  return proposals.sort(
    (a, b) =>
      cues.roleOrder.indexOf(a.role) - cues.roleOrder.indexOf(b.role) || a.firstMention - b.firstMention,
  );
}

/**
 * What the words around one mention say: whether the name is a business (a business noun before it, a
 * description after it, its own words, what it is accused of) and which role phrases stand next to it.
 */
function weighMention(
  reading: Reading,
  group: Group,
  mention: NameMention,
  before: string,
  after: string,
): void {
  const lastWord = reading.tokens[mention.last]!.text;
  // Named as a rights group, a union, a newspaper: not a business, whatever else the article says of it.
  if (cues.bodyBefore.test(before) || cues.bodyAfter.test(after) || companyCues.bodyAfter.test(after))
    group.body = true;
  const cue = (weight: number, role?: string) => {
    group.score += weight;
    group.cueCount++;
    if (!group.bestCue || weight > group.bestCue.weight)
      group.bestCue = { start: mention.start, end: mention.end, weight };
    if (role) {
      const entry = group.roles.get(role);
      if (entry) entry.weight += weight;
      else group.roles.set(role, { weight, start: mention.start, end: mention.end });
    }
  };
  if (
    cues.companyNoun.test(before) ||
    companyCues.extraNounBefore.test(before) ||
    companyCues.relationBefore.test(before)
  )
    cue(1.5);
  if (cues.companyApposition.test(after) || companyCues.apposition.test(after)) cue(1.5);
  if (companyCues.companyAfter.test(after)) cue(1.5);
  // The name's own words: a role word ("... Recruitment") says more than a business word ("... Industries").
  if (
    hasRoleWords(mention) ||
    (mention.last > mention.first && companyCues.strongBusinessWord.test(lastWord))
  )
    cue(1.5);
  else if (hasBusinessWords(reading, mention)) cue(0.75);
  if (companyCues.accusedAfter.test(after) || companyCues.accusedBefore.test(before)) cue(0.5);
  // "workers at e-commerce giant X": the role phrase stands before the business noun.
  const beforeNoun = before.replace(companyCues.nounPhrase, '');
  for (const { role, before: beforeCue, after: afterCue } of cues.roles) {
    const weight = role === OTHER ? 0.75 : role === 'Employer' ? EMPLOYMENT_WEIGHT : ROLE_WEIGHT;
    if (beforeCue?.test(before) || (beforeNoun !== before && beforeCue?.test(beforeNoun))) cue(weight, role);
    if (afterCue?.test(after)) cue(weight, role);
  }
}

/** What the role is chosen from: the rule's choice (the heaviest role phrases, else Employer) and the contexts. */
function roleSubject(group: Group, surface: string): RoleSubject {
  const ranked = [...group.roles.entries()]
    .filter(([role]) => role !== OTHER)
    .sort((a, b) => b[1].weight - a[1].weight);
  const top = ranked[0];
  return {
    name: surface,
    mentions: group.contexts,
    ruleWeights: new Map([...group.roles].map(([role, entry]) => [role, entry.weight])),
    ruleRole: top?.[0] ?? 'Employer',
    ruleFrom: !top ? 'default' : top[1].fromName ? 'name' : 'phrase',
    legalForm: group.legalForm,
  };
}

function absorb(target: Group, group: Group): void {
  for (const mention of group.mentions) target.mentions.push(mention);
  for (const context of group.contexts) target.contexts.push(context);
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
}

/** The initials of a name's words ("Marks & Spencer" → MS), legal forms and small words aside. */
function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/u)
    .filter((word) => /^\p{Lu}/u.test(word) && !cues.connector.test(word))
    .map((word) => word[0])
    .join('')
    .toLowerCase();
}

/** A word's stem for comparing two spellings of a name ("Ventures", "Venture"). */
const stem = (word: string) => word.toLowerCase().replace(/s$/u, '');

/**
 * One company under several names counts once: a short form the article gives in brackets ("Acme Holdings
 * (“Acme”)"), a name the article shortens ("Top Glove" after "Top Glove Corporation Bhd"), the same words but
 * for a plural ("Katif Ventures", "Katif Venture and Development Ltd"), and initials written in capitals
 * ("M&S" beside "Marks & Spencer").
 */
function mergeNames(groups: Map<string, Group>, groupOf: ReadonlyMap<NameMention, Group>): void {
  for (const group of [...groups.values()]) {
    const long = group.mentions.map((mention) => mention.shortFor).find((mention) => mention !== undefined);
    const target = long ? groupOf.get(long) : undefined;
    if (target && target !== group && groups.get(target.key) === target) {
      absorb(target, group);
      groups.delete(group.key);
    }
  }
  const keys = [...groups.keys()].sort((a, b) => b.length - a.length);
  // Each group's words, initials and words after a place, read once: an article may have many names.
  const forms = new Map(
    [...groups.values()].map((group) => {
      const common = mostCommonName(group.mentions);
      const full = fullName(group.mentions).split(/\s+/u);
      return [
        group,
        {
          common,
          words: common.split(/\s+/u).map(stem),
          initials: initialsOf(common),
          // "Qingdao Taekwang Shoes Co" is shortened "Taekwang": a name's words after a place it starts with.
          afterPlace:
            full.length > 2 && placeNamed(full[0]!)
              ? normaliseName(full.slice(1).join(' ')).squashed
              : undefined,
        },
      ] as const;
    }),
  );
  for (const short of keys) {
    const group = groups.get(short);
    if (!group) continue;
    const { common, words: shortWords } = forms.get(group)!;
    const acronym = /^[\p{Lu}&]{2,6}$/u.test(common) ? common.replace(/&/gu, '').toLowerCase() : undefined;
    const owner = keys.find((longKey) => {
      const candidate = groups.get(longKey);
      if (!candidate || longKey === short || longKey.length <= short.length) return false;
      const form = forms.get(candidate)!;
      if (longKey.startsWith(short) || form.afterPlace?.startsWith(short)) return true;
      if (shortWords.length >= 2 && shortWords.every((word, index) => form.words[index] === word))
        return true;
      return acronym !== undefined && acronym.length >= 2 && form.initials === acronym;
    });
    if (!owner) continue;
    absorb(groups.get(owner)!, group);
    groups.delete(short);
  }
}

/**
 * The name to propose: the full name the article gives with its legal form or its short form in brackets
 * ("Techcom Construction Pte Ltd" rather than the "Techcom" used after it), else the way it writes it most often.
 */
function fullName(mentions: NameMention[]): string {
  const shortened = new Set(mentions.map((mention) => mention.shortFor).filter((long) => long !== undefined));
  const byLength = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const full = byLength.find((mention) => shortened.has(mention) || hasLegalForm(mention.name));
  // An article gives the full name first and shortens it after.
  const first = mentions.reduce((a, b) => (b.start < a.start ? b : a));
  return full?.name ?? (first === byLength[0] ? first.name : mostCommonName(mentions));
}

const legalForms = new Map<string, boolean>();
/** Whether a name has a legal form, read once for each name (an article repeats its names). */
function hasLegalForm(name: string): boolean {
  let known = legalForms.get(name);
  if (known === undefined) {
    known = normaliseName(name).legalForms.length > 0;
    if (legalForms.size > 10_000) legalForms.clear();
    legalForms.set(name, known);
  }
  return known;
}

/** The way the article writes a name most often; the longer form when two are as frequent. */
function mostCommonName(mentions: NameMention[]): string {
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
    const role = proposal.roleEvidence ?? { ...proposal.nameEvidence };
    items.push(
      evidenceAt(
        reading,
        `/companies/${index}/role`,
        proposal.role,
        proposal.roleConfidence,
        role.start,
        role.end,
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
