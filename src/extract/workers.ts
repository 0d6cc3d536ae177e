import type { AffectedGroup } from '../domain/record.ts';
import { chooseCount, countCandidates, namesAccused } from './count-choice.ts';
import { cues } from './cues.ts';
import type { BinaryModel, FeatureLog } from './fitted-model.ts';
import type { Evidence } from './model.ts';
import type { PeopleMention } from './people.ts';
import { evidenceAt, type Reading } from './reading.ts';

export interface GroupsProposal {
  groups: AffectedGroup[];
  total: number | null;
  evidence: Evidence[];
  /** Country mentions that say where workers come from, not where the abuse happened. */
  workerMentions: number;
}

function firstLabel<Label extends string>(reading: Reading, list: { label: Label; pattern: RegExp }[]) {
  for (const { label, pattern } of list) {
    pattern.lastIndex = 0;
    const match = pattern.exec(reading.text);
    if (match) return { label, start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

/** What choosing the counts needs: the fitted count model, where the issue cues stand, and a log to fill. */
export interface CountChoice {
  model: BinaryModel;
  issueHits: readonly number[];
  log?: FeatureLog;
}

/**
 * The affected groups: one per country of origin (or one of unknown origin), each with the count the fitted
 * count model chooses among its counted mentions ("hundreds" stays unknown; no count when none is likely), its
 * gender (that of the counted people when they have one, else that of the workers when they agree, else
 * Mixed), and the article's sector and migration status.
 */
export function proposeGroups(
  reading: Reading,
  mentions: readonly PeopleMention[],
  location: string | undefined,
  sector: { sector: string | null; subsector: string | null },
  counts: CountChoice,
  basePath = '/affected',
): GroupsProposal {
  // The accused are not among those wronged.
  const wronged = mentions.filter((mention) => !namesAccused(reading, mention));
  const candidates = countCandidates(reading, wronged, counts.issueHits);
  for (const { mention, features } of candidates)
    counts.log?.counts.push({ value: mention.count.value, features });
  const byOrigin = mentionsByOrigin(wronged);
  // A group of unknown origin is kept only when no origin is known at all; when the article speaks of one
  // group, its other mentions ("the 70 men", "the women") tell the group's count and gender.
  if (byOrigin.size > 1) byOrigin.delete(null);
  // People of the country the abuse happened in are its own workers, not a group of origin, beside migrants.
  for (const [origin, list] of byOrigin)
    if (
      byOrigin.size > 1 &&
      origin !== null &&
      origin === location &&
      !list.some((mention) => mention.migrant)
    )
      byOrigin.delete(origin);
  const single = byOrigin.size === 1;
  const unplaced = wronged.filter((mention) => mention.origins.length === 0);
  const status = firstLabel(reading, cues.migrationStatus);
  const typeCue = firstLabel(reading, cues.groupTypes);
  const groups: AffectedGroup[] = [];
  const evidence: Evidence[] = [];
  const anyMigrant = wronged.some((mention) => mention.migrant);
  const countedMentions: (PeopleMention | undefined)[] = [];
  for (const [origin, list] of byOrigin) {
    const index = groups.length;
    const path = `${basePath}/groups/${index}`;
    const all = single
      ? [...list, ...unplaced.filter((mention) => !list.includes(mention))].sort((a, b) => a.start - b.start)
      : list;
    const counted = chooseCount(
      counts.model,
      candidates.filter((candidate) => all.includes(candidate.mention)),
    )?.mention;
    countedMentions.push(counted);
    const gender = genderOfGroup(reading, all, unplaced, counted);
    const foreign = origin !== null && origin !== location;
    let type = 'workers';
    if (typeCue?.label === 'refugees-asylum-seekers' || status?.label === 'Refugees & asylum seekers')
      type = 'refugees-asylum-seekers';
    else if (typeCue?.label === 'internal-migrant-workers') type = 'internal-migrant-workers';
    else if (foreign || anyMigrant) type = 'migrant-immigrant-workers';
    const migrationStatus: AffectedGroup['migrationStatus'] = status?.label ?? 'Unknown migration status';
    groups.push({
      type,
      count: counted?.count?.value ?? null,
      origin: foreign ? origin : null,
      sector: sector.sector,
      subsector: sector.subsector,
      gender,
      migrationStatus,
    });
    const first = list[0]!;
    const originMention = first.origins.find((mention) => mention.code === origin);
    evidence.push(evidenceAt(reading, `${path}/type`, type, typeCue ? 0.75 : 0.55, first.start, first.end));
    if (foreign && originMention) {
      const strength = list.filter((mention) => mention.worker || mention.migrant).length;
      evidence.push(
        evidenceAt(
          reading,
          `${path}/origin`,
          origin,
          Math.min(0.95, 0.6 + 0.12 * list.length + 0.1 * strength),
          originMention.start,
          originMention.end,
        ),
      );
    }
    if (counted?.count) {
      const confidence = counted.count.value === null ? 0.5 : 0.75;
      evidence.push(
        evidenceAt(
          reading,
          `${path}/count`,
          counted.count.value,
          confidence,
          counted.count.start,
          counted.count.end,
        ),
      );
    }
    const gendered = all.find((mention) => mention.gender === gender);
    if (gender && gendered)
      evidence.push(
        evidenceAt(
          reading,
          `${path}/gender`,
          gender,
          gender === 'Mixed' ? 0.6 : 0.75,
          gendered.phraseStart,
          gendered.end,
        ),
      );
    if (status)
      evidence.push(
        evidenceAt(reading, `${path}/migrationStatus`, migrationStatus, 0.6, status.start, status.end),
      );
  }
  const total = totalOf(countedMentions, evidence, basePath);
  return { groups, total, evidence, workerMentions: wronged.filter((mention) => mention.worker).length };
}

/**
 * A group's gender: that of the people counted when their phrase gives one ("a Filipina maid", "40 men");
 * else that of the workers (not of the other people of the story: an employer, a husband, officials) when they
 * agree; Mixed when they do not.
 */
function genderOfGroup(
  reading: Reading,
  all: readonly PeopleMention[],
  unplaced: readonly PeopleMention[],
  counted: PeopleMention | undefined,
): AffectedGroup['gender'] {
  if (counted?.gender) return counted.gender;
  // One person: her or his own pronouns tell, not the other people of the story (a brother, the police).
  if (counted?.count?.value === 1) return pronounGender(reading, counted.end);
  const gendersOf = (list: readonly PeopleMention[]) =>
    new Set(list.map((mention) => mention.gender).filter(Boolean));
  const workers = all.filter((mention) => mention.worker);
  let genders = gendersOf(workers.some((mention) => mention.gender) ? workers : all);
  // Several groups: "the men said..." speaks of all of them when no group says otherwise.
  if (genders.size === 0) genders = gendersOf(unplaced);
  return genders.size === 1 ? [...genders][0]! : genders.size > 1 ? 'Mixed' : null;
}

/** How many sentences after a single person's mention her or his pronouns are read in. */
const PRONOUN_SENTENCES = 2;

/** The gender the pronouns after a position give, when they give only one. */
function pronounGender(reading: Reading, position: number): AffectedGroup['gender'] {
  const following = reading.sentences
    .filter((sentence) => sentence.end > position)
    .slice(0, PRONOUN_SENTENCES);
  const words = following.map((sentence) => sentence.text).join(' ');
  const said = (pattern: RegExp) => {
    pattern.lastIndex = 0;
    return pattern.test(words);
  };
  const women = said(cues.pronouns.Women);
  const men = said(cues.pronouns.Men);
  return women && !men ? 'Women' : men && !women ? 'Men' : null;
}

/** The mentions by the country the people come from; those of people at work with no origin under null. */
function mentionsByOrigin(mentions: readonly PeopleMention[]): Map<string | null, PeopleMention[]> {
  const byOrigin = new Map<string | null, PeopleMention[]>();
  for (const mention of mentions) {
    const origins = [...new Set(mention.origins.map((origin) => origin.code))];
    if (origins.length === 0) {
      if (!mention.worker) continue;
      const list = byOrigin.get(null) ?? [];
      list.push(mention);
      byOrigin.set(null, list);
    }
    for (const code of origins) {
      // People of the country the abuse happens in are that country's workers, not an origin, unless migrants.
      const list = byOrigin.get(code) ?? [];
      list.push(mention);
      byOrigin.set(code, list);
    }
  }
  return byOrigin;
}

/**
 * The total of the groups' counts when every group has one, each counted phrase once ("22 men from Nepal,
 * Kenya and Ghana" gives three groups and 22 people), with its evidence added to `evidence`.
 */
function totalOf(
  counted: readonly (PeopleMention | undefined)[],
  evidence: Evidence[],
  basePath: string,
): number | null {
  const complete = counted.length > 0 && counted.every((mention) => mention?.count?.value != null);
  const total = complete
    ? [...new Set(counted)].reduce((sum, mention) => sum + mention!.count!.value!, 0)
    : null;
  if (total !== null) {
    const counted = evidence.filter((item) => item.path.endsWith('/count'));
    const first = counted[0]!;
    evidence.push({
      ...first,
      path: `${basePath}/total`,
      value: total,
      confidence: counted.length === 1 ? first.confidence : 0.5,
    });
  }
  return total;
}
