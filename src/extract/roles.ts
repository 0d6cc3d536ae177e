import { companyCues } from './company-cues.ts';
import { choose, type ChoiceModel, type Features } from './fitted-model.ts';

/**
 * The role a company plays in the abuse the article reports (the employer, a buyer, a labour supplier, a
 * parent...): features of the words around each of its mentions, weighed by the fitted role model
 * (extraction-model.json, `roles`), with the rule of the strongest role phrase as the fallback and as a
 * feature.
 */

/** One mention of a company with the words around it. */
export interface MentionContext {
  start: number;
  end: number;
  sentenceStart: number;
  /** The sentence's words before the mention (for a later item of a list, the words before the list). */
  before: string;
  /** The sentence's words after the mention. */
  after: string;
  sentence: string;
  /** A later item of a list ("A, B and C"). */
  listed: boolean;
  inHeadline: boolean;
}

/** What the role is chosen from, for one company. */
export interface RoleSubject {
  name: string;
  mentions: MentionContext[];
  /** The weight of each role's phrases (cues/en.json, `companies.roles`) and of the name's own role words. */
  ruleWeights: ReadonlyMap<string, number>;
  /** The rule's choice: the role of the heaviest phrases, else Employer. */
  ruleRole: string;
  /** What the rule's choice rests on: a phrase around a mention, the name's own words, or nothing (the default). */
  ruleFrom: 'phrase' | 'name' | 'default';
  legalForm: boolean;
}

/** Each mention's signals, found once: the features of every company look at the others' too. */
const signalCache = new WeakMap<MentionContext, Set<string>>();
/** The sentence signals of the sentences last read: several mentions share a sentence. */
const sentenceCache = new Map<string, string[]>();

function sentenceSignals(sentence: string): string[] {
  let found = sentenceCache.get(sentence);
  if (!found) {
    found = companyCues.signals
      .filter((signal) => signal.sentence?.test(sentence))
      .map((signal) => `sentence:${signal.name}`);
    if (sentenceCache.size >= 256) sentenceCache.clear();
    sentenceCache.set(sentence, found);
  }
  return found;
}

function signalsOf(mention: MentionContext): Set<string> {
  const cached = signalCache.get(mention);
  if (cached) return cached;
  const found = new Set<string>(sentenceSignals(mention.sentence));
  signalCache.set(mention, found);
  for (const signal of companyCues.signals) {
    if (signal.before?.test(mention.before)) found.add(`before:${signal.name}`);
    if (signal.after?.test(mention.after)) found.add(`after:${signal.name}`);
  }
  return found;
}

/** Whether the article calls the company an app or a platform, and says nothing of anyone working for it. */
export function onlyAPlatform(subject: RoleSubject): boolean {
  const signals = subject.mentions.map(signalsOf);
  return (
    anySignal(signals, 'before:platform', 'after:platform') &&
    !anySignal(signals, 'before:employs', 'after:employs', 'after:workplace', 'before:workplace')
  );
}

/** Whether any mention of the subject has one of the signals. */
const anySignal = (signals: Set<string>[], ...names: string[]) =>
  signals.some((found) => names.some((name) => found.has(name)));

/**
 * The features of a company's role: the rule's choice, the weight of each role's phrases, the signal phrases
 * around its mentions (cues/en-companies.json, `signals`), its name's words, where it comes among the
 * companies, and what the phrases say of the other companies of the article (one of them the employer).
 */
export function roleFeatures(subject: RoleSubject, all: readonly RoleSubject[]): Features {
  const features: Features = { [`rule:${subject.ruleRole}`]: 1 };
  if (subject.ruleFrom !== 'phrase') features[`ruleFrom:${subject.ruleFrom}`] = 1;
  for (const [role, weight] of subject.ruleWeights) features[`cue:${role}`] = Math.min(3, weight) / 3;
  const signals = subject.mentions.map(signalsOf);
  for (const found of signals) for (const name of found) features[name] = 1;
  for (const { name, pattern } of companyCues.nameClasses)
    if (pattern.test(subject.name)) features[`name:${name}`] = 1;
  if (subject.legalForm) features.legalForm = 1;
  const firstAt = firstMention(subject);
  const earlier = all.filter((other) => other !== subject && firstMention(other) < firstAt).length;
  if (earlier === 0) features.firstNamed = 1;
  if (all.length === 1) features.onlyCompany = 1;
  features.mentions = Math.min(1, (subject.mentions.length - 1) / 4);
  if (subject.mentions.some((mention) => mention.inHeadline)) features.headline = 1;
  if (subject.mentions.some((mention) => /^['’]s\b/u.test(mention.after))) features.possessive = 1;
  if (subject.mentions.some((mention) => mention.listed)) features.listed = 1;
  const others = all.filter((other) => other !== subject);
  const otherSignals = others.map((other) => other.mentions.map(signalsOf));
  if (otherSignals.some((list) => anySignal(list, 'before:employs', 'after:employs', 'after:workplace')))
    features.otherEmploys = 1;
  if (otherSignals.some((list) => anySignal(list, 'before:agency', 'after:agency'))) features.otherAgency = 1;
  if (others.some((other) => other.ruleRole === 'Employer' && (other.ruleWeights.get('Employer') ?? 0) > 0))
    features.otherEmployerCue = 1;
  // A staffing firm or a recruiter in the article: the business the workers are placed at may be its client.
  for (const role of ['Labour supplier', 'Recruitment agency'])
    if (others.some((other) => other.ruleRole === role)) features[`other:${role}`] = 1;
  // The company the article most says the workers work for, if any.
  const employment = all
    .map((one) => (one === subject ? signals : one.mentions.map(signalsOf)))
    .map((list, index) => employmentOf(all[index]!, list));
  const top = employment.reduce((max, value) => Math.max(max, value), 0);
  if (top > 0 && employment[all.indexOf(subject)] === top) features.mostEmployment = 1;
  if (top === 0 && earlier === 0) features.firstNoEmployment = 1;
  // "X, which is owned by Y", "Y's Z": Y stands above another company of the article.
  const otherStarts = others.flatMap((other) => other.mentions.map((mention) => mention.start));
  subject.mentions.forEach((mention, index) => {
    const namedBefore = otherStarts.some((start) => start >= mention.sentenceStart && start < mention.start);
    // "the vessel ... owned by X" owns a workplace; "Y, which is owned by X" owns a company.
    if (signals[index]!.has('before:owner')) features[namedBefore ? 'ownerOfNamed' : 'ownerOfWorkplace'] = 1;
    if (namedBefore && signals[index]!.has('before:buyer')) features.buyerOfNamed = 1;
    if (
      /^['’]s\b/u.test(mention.after) &&
      otherStarts.some((start) => start > mention.end && start <= mention.end + 4)
    )
      features.possessiveOfCompany = 1;
  });
  return features;
}

const firstMention = (subject: RoleSubject) =>
  subject.mentions.reduce((first, mention) => Math.min(first, mention.start), Infinity);

/** How much the article says the workers work for a company: its employment phrases and workplaces. */
function employmentOf(subject: RoleSubject, signals: Set<string>[]): number {
  const phrases = signals.filter((found) =>
    ['before:employs', 'after:employs', 'after:workplace', 'before:workplace'].some((name) =>
      found.has(name),
    ),
  ).length;
  return phrases + (subject.ruleWeights.get('Employer') ?? 0) / 1.6;
}

/**
 * The role of a company: the fitted model's choice over the features, or the rule's when the model has no
 * classes. The probability is the model's (the rule's is given a fixed 0.7 when it had a phrase, 0.4 when not).
 */
export function chooseRole(
  model: ChoiceModel | undefined,
  subject: RoleSubject,
  features: Features,
): { role: string; probability: number; fitted: boolean } {
  const choice = model ? choose(model, features) : undefined;
  if (choice) return { role: choice.choice, probability: choice.probability, fitted: true };
  const phrased = [...subject.ruleWeights.keys()].some((role) => role !== 'Other');
  return { role: subject.ruleRole, probability: phrased ? 0.7 : 0.4, fitted: false };
}
