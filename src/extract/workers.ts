import type { AffectedGroup } from '../domain/record.ts';
import { cues } from './cues.ts';
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

/**
 * The affected groups: one per country of origin (or one of unknown origin), each with the count of its first
 * counted mention (the lead reports the incident; "hundreds" stays unknown), its gender when every mention that
 * gives one agrees, and the article's sector and migration status.
 */
export function proposeGroups(
  reading: Reading,
  mentions: readonly PeopleMention[],
  location: string | undefined,
  sector: { sector: string | null; subsector: string | null },
  basePath = '/affected',
): GroupsProposal {
  const byOrigin = mentionsByOrigin(mentions);
  // A group of unknown origin is kept only when no origin is known at all; when the article speaks of one
  // group, its other mentions ("the 70 men", "the women") tell the group's count and gender.
  if (byOrigin.size > 1) byOrigin.delete(null);
  const single = byOrigin.size === 1;
  const unplaced = mentions.filter((mention) => mention.origins.length === 0);
  const status = firstLabel(reading, cues.migrationStatus);
  const typeCue = firstLabel(reading, cues.groupTypes);
  const groups: AffectedGroup[] = [];
  const evidence: Evidence[] = [];
  const anyMigrant = mentions.some((mention) => mention.migrant);
  for (const [origin, list] of byOrigin) {
    if (origin !== null && origin === location && !list.some((mention) => mention.migrant)) {
      if (byOrigin.size > 1) continue;
    }
    const index = groups.length;
    const path = `${basePath}/groups/${index}`;
    const all = single
      ? [...list, ...unplaced.filter((mention) => !list.includes(mention))].sort((a, b) => a.start - b.start)
      : list;
    const counted =
      list.find((mention) => mention.count) ?? all.find((mention) => mention.count && mention.worker);
    let genders = new Set(all.map((mention) => mention.gender).filter(Boolean));
    // Several groups: "the men said..." speaks of all of them when no group says otherwise.
    if (genders.size === 0) genders = new Set(unplaced.map((mention) => mention.gender).filter(Boolean));
    const gender = genders.size === 1 ? [...genders][0]! : genders.size > 1 ? 'Mixed' : null;
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
  const total = totalOf(groups, evidence, basePath);
  return { groups, total, evidence, workerMentions: mentions.filter((mention) => mention.worker).length };
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

/** The total of the groups' counts when every group has one, with its evidence added to `evidence`. */
function totalOf(groups: AffectedGroup[], evidence: Evidence[], basePath: string): number | null {
  const counts = groups.map((group) => group.count);
  const total =
    counts.length > 0 && counts.every((count) => count !== null)
      ? counts.reduce((sum, count) => sum! + count!, 0)
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
