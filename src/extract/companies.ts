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
import { FITTED_EXTRACTION_MODEL, type ChoiceModel, type FeatureLog } from './fitted-model.ts';
import type { Evidence } from './model.ts';
import { evidenceAt, inHeadline, leftContext, type Reading } from './reading.ts';
import { chooseRole, onlyAPlatform, roleFeatures, type RoleSubject } from './roles.ts';
import { fullName, mergeNames, type Group } from './company-groups.ts';
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

const OTHER = 'Other';
const isCompanyRole = (value: string): value is CompanyLink['role'] => CompanyRole.safeParse(value).success;
/** How far back the words before a name are read: far enough for "a subsidiary of [four words] X". */
const BEFORE_CHARACTERS = 90;
/** The weights of a role phrase in the rule: employment phrases weigh a little more than the others. */
const ROLE_WEIGHT = 1.5;
const EMPLOYMENT_WEIGHT = 1.6;
/** How much a name must be shown to be a business: one clear cue ("the firm X", "workers at X") is enough. */
const MIN_SCORE = 1.5;
/** What the end of a list says of its other names: as much as a business noun before one of them. */
const LIST_END_WEIGHT = 1.5;

export interface ProposeOptions {
  known?: KnownCompanies;
  country?: string;
  places?: string[];
  /** The fitted role model, whose classes choose the roles (without classes, the rule of the role phrases does). */
  roles?: ChoiceModel;
  /** Filled with each proposed company's role features, for fitting. */
  log?: FeatureLog;
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
  const accepted: ListItem[] = [];
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
    accepted.push({ mention, group, listed });
  }
  creditListsByTheirEnd(reading, accepted);
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
      if (weight <= 0) continue;
      const entry = group.roles.get(role);
      if (entry) entry.weight += weight;
      else group.roles.set(role, { weight, start: first.start, end: first.end, fromName: true });
    }
    kept.push({ group, surface, score, ...(match ? { companyId: match.companyId } : {}) });
  }
  const roles = options.roles ?? FITTED_EXTRACTION_MODEL.roles;
  const subjects = kept.map(({ group, surface }) => roleSubject(group, surface));
  const proposals = kept.map(({ group, surface, score, companyId }, index): CompanyProposal => {
    const subject = subjects[index]!;
    const features = roleFeatures(subject, subjects);
    options.log?.companies.push({ name: surface, features });
    const chosen = chooseRole(roles, subject, features);
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
    companyCues.relationBefore.test(before) ||
    companyCues.calledBefore.test(before)
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

interface ListItem {
  mention: NameMention;
  group: Group;
  listed: boolean;
}

/**
 * "Facebook, Google and Apple-owned apps", "Google, Apple, Facebook or any other companies": what the words
 * after a list's last name say of it (a business word, "other companies") is said of every name of the list.
 */
function creditListsByTheirEnd(reading: Reading, items: readonly ListItem[]): void {
  let start = 0;
  for (let index = 1; index <= items.length; index++) {
    if (index < items.length && items[index]!.listed) continue;
    const list = items.slice(start, index);
    start = index;
    if (list.length < 2) continue;
    const after = wordsAfter(reading, list.at(-1)!.mention);
    if (!companyCues.companyAfter.test(after) && !companyCues.listOfBusinesses.test(after)) continue;
    for (const { group } of list.slice(0, -1)) {
      group.score += LIST_END_WEIGHT;
      group.cueCount++;
    }
  }
}

/** What the role is chosen from: the rule's choice (the heaviest role phrases, else Employer) and the contexts. */
function roleSubject(group: Group, surface: string): RoleSubject {
  const ranked = [...group.roles.entries()]
    .filter(([role]) => role !== OTHER)
    .sort((a, b) => b[1].weight - a[1].weight);
  const top = ranked[0];
  const subject: RoleSubject = {
    name: surface,
    mentions: group.contexts,
    ruleWeights: new Map([...group.roles].map(([role, entry]) => [role, entry.weight])),
    ruleRole: top?.[0] ?? 'Employer',
    ruleFrom: !top ? 'default' : top[1].fromName ? 'name' : 'phrase',
    legalForm: group.legalForm,
  };
  // An app or a marketplace the trade went through, that no phrase says employs anyone, plays another part.
  if (!group.roles.has('Employer') && onlyAPlatform(subject)) {
    subject.ruleRole = OTHER;
    subject.ruleFrom = 'phrase';
  }
  return subject;
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
