import { countryName } from '../../domain/countries.ts';
import type { AffectedGroup, RecordInput } from '../../domain/record.ts';
import { groupTypeTerms, issueTerms, sectorTerms, subsectorTerms } from '../../domain/taxonomy.ts';
import { formatLongDate, formatShortDate } from './dates.ts';
import { englishLabel } from './vocabulary.ts';

const heading = (section: string) => englishLabel('headings', section);
const field = (name: string) => englishLabel('fields', name);
const value = (name: string) => englishLabel('values', name);

function renderCount(count: number | null): string {
  return count === null ? value('numberUnknown') : String(count);
}

function renderSector(group: AffectedGroup): string {
  if (group.sector === null) return value('sectorUnknown');
  const sector = sectorTerms.label(group.sector);
  if (group.subsector !== null) return `${sector}: ${subsectorTerms.label(group.subsector)}`;
  const hasSubsectors = subsectorTerms.terms.some((sub) => sub.sector === group.sector);
  return hasSubsectors ? `${sector}: ${value('wholeCategory')}` : sector;
}

function renderTuple(group: AffectedGroup): string {
  const origin = group.origin === null ? value('originUnknown') : countryName(group.origin);
  const gender = group.gender ?? value('genderUnknown');
  return `( ${renderCount(group.count)} - ${origin} - ${renderSector(group)} , ${gender} , ${group.migrationStatus} )`;
}

const renderGroup = (group: AffectedGroup) => `${groupTypeTerms.label(group.type)}: ${renderTuple(group)}`;

/**
 * All groups on one line, separated by commas, the type written only where it changes:
 * `Migrant & immigrant workers: ( … ), ( … ), Refugees: ( … )`.
 */
function renderGroupsOnOneLine(groups: readonly AffectedGroup[]): string[] {
  if (groups.length === 0) return [];
  const items = groups.map((group, index) =>
    index > 0 && groups[index - 1]!.type === group.type ? renderTuple(group) : renderGroup(group),
  );
  return [items.join(', ')];
}

export interface RenderOptions {
  /** Several affected groups on one line, as some pages write them, rather than one per line. */
  groupsOnOneLine?: boolean;
}

/** Writes one record in the text form, layout A, English labels, one heading per line. */
export function renderRecord(record: RecordInput, options: RenderOptions = {}): string {
  const location = countryName(record.location.country);
  const lines = [
    record.title,
    heading('summary'),
    `${field('dateReported')}: ${formatShortDate(record.dateReported)}`,
    `${field('location')}: ${record.location.city ? `${record.location.city}, ${location}` : location}`,
    ...(record.summary ? record.summary.split('\n').filter((line) => line.trim()) : []),
    heading('companies'),
    ...record.companies.map(
      (company, index) =>
        `${company.name} - ${company.role}${index < record.companies.length - 1 ? ',' : ''}`,
    ),
    heading('affected'),
    `${field('total')}: ${renderCount(record.affected.total)}`,
    ...(options.groupsOnOneLine
      ? renderGroupsOnOneLine(record.affected.groups)
      : record.affected.groups.map(
          (group, index) => renderGroup(group) + (index < record.affected.groups.length - 1 ? ',' : ''),
        )),
    heading('issues'),
    ...record.issues.map((id) => issueTerms.label(id)),
    heading('response'),
    `${field('responseSought')}: ${record.response.sought ? value('yes') : value('no')}`,
    ...(record.sourceType ? [`${field('sourceType')}: ${record.sourceType}`] : []),
  ];
  for (const source of record.sources) {
    lines.push('');
    if (source.companies.length > 0) lines.push(source.companies.join(', '));
    const date = source.published ? `, ${formatLongDate(source.published)}` : '';
    lines.push(`“${source.headline}”${date}`);
    for (const line of source.excerpt.split('\n')) if (line.trim()) lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** Several records, separated by a blank line. */
export function renderRecords(records: readonly RecordInput[], options: RenderOptions = {}): string {
  return records.map((record) => renderRecord(record, options)).join('\n');
}
