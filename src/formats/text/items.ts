import { findEnumerationValue } from '../../domain/enumerations.ts';
import type { AffectedGroup, CompanyLink } from '../../domain/record.ts';
import { groupTypeTerms } from '../../domain/taxonomy.ts';
import { JoinedText, type Line, type Problems } from './lines.ts';
import {
  BARE_ROLE,
  COMPANY_ITEM,
  LONGEST_PLACE,
  leadingCount,
  readGender,
  readOrigin,
  readSector,
} from './vocabulary.ts';

/** The lists of a record's header: companies with roles, and affected-group tuples. */

export function parseCompanies(
  lines: Line[],
  problems: Problems,
  pointers: Map<string, number>,
): CompanyLink[] {
  const joined = new JoinedText(lines);
  const text = joined.text;
  const companies: CompanyLink[] = [];
  let position = 0;
  while (position < text.length) {
    const rest = text.slice(position);
    if (/^[\s,]*$/.test(rest)) break;
    COMPANY_ITEM.lastIndex = position;
    BARE_ROLE.lastIndex = position;
    const item = COMPANY_ITEM.exec(text);
    const bare = companies.length > 0 ? BARE_ROLE.exec(text) : null;
    if (bare) {
      pointers.set(`/companies/${companies.length}`, joined.lineAt(position));
      companies.push({
        name: companies[companies.length - 1]!.name,
        role: findEnumerationValue('companyRole', bare[1]!)!,
      });
      position = BARE_ROLE.lastIndex;
    } else if (item) {
      pointers.set(`/companies/${companies.length}`, joined.lineAt(position));
      companies.push({
        name: item[1]!.replace(/^[\s,]+/, ''),
        role: findEnumerationValue('companyRole', item[2]!)!,
      });
      position = COMPANY_ITEM.lastIndex;
    } else {
      problems.add(
        joined.lineAt(position),
        `expected a company as "NAME - ROLE" with a role of the vocabulary (Employer, Buyer, Supplier, ...), found "${rest.trim().slice(0, 80)}"`,
        'invalid_company',
      );
      break;
    }
  }
  return companies;
}

/**
 * Affected groups: `TYPE: ( … )` tuples, one per line or several on one line separated by commas. A tuple
 * without a type of its own (`TYPE: ( … ), ( … )`) is of the type written before it.
 */
export function parseGroups(
  lines: Line[],
  problems: Problems,
  pointers: Map<string, number>,
): AffectedGroup[] {
  const joined = new JoinedText(lines);
  const text = joined.text;
  const groups: AffectedGroup[] = [];
  // The type begins and ends with a non-space, so that a long run of spaces or commas is crossed once.
  const opening = /[\s,]*(?:([^:()\s,](?:[^:()]*?[^:()\s])??)\s*:\s*)?\(/uy;
  let type: { id: string } | undefined;
  let typeProblem = false;
  let position = 0;
  while (position < text.length) {
    if (/^[\s,]*$/.test(text.slice(position))) break;
    opening.lastIndex = position;
    const match = opening.exec(text);
    const line = joined.lineAt(position + /^[\s,]*/u.exec(text.slice(position))![0].length);
    // The tuple ends at its balancing parenthesis: country names may hold parentheses ("Cocos (Keeling) Islands").
    const close = match ? closingParenthesis(text, opening.lastIndex) : -1;
    if (!match || close < 0 || (match[1] === undefined && !type && !typeProblem)) {
      problems.add(
        line,
        `expected an affected group as "TYPE: ( COUNT - ORIGIN - SECTOR , GENDER , MIGRATION STATUS )", found "${text.slice(position).trim().slice(0, 80)}"`,
        'invalid_group',
      );
      break;
    }
    position = close + 1;
    if (match[1] !== undefined) {
      type = groupTypeTerms.find(match[1]);
      typeProblem = !type;
      if (!type) problems.add(line, `unknown affected-group type "${match[1]}"`, 'unknown_value');
    }
    // The tuples after an unknown type are of that type too: its problem is told once.
    if (!type) continue;
    const group = readTuple(text.slice(opening.lastIndex, close), line, problems);
    if (group) {
      pointers.set(`/affected/groups/${groups.length}`, line);
      groups.push({ type: type.id, ...group });
    }
  }
  return groups;
}

function closingParenthesis(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '(') depth++;
    else if (text[index] === ')' && --depth === 0) return index;
  }
  return -1;
}

/** The inside of `( COUNT - ORIGIN - SECTOR , GENDER , STATUS )`, read from its ends inwards by vocabulary. */
function readTuple(
  inside: string,
  line: number,
  problems: Problems,
): Omit<AffectedGroup, 'type'> | undefined {
  const fail = (what: string) => {
    problems.add(line, `malformed affected group "( ${inside.trim()} )": ${what}`, 'invalid_group');
    return undefined;
  };
  let head = inside.trim();
  const lastComma = head.lastIndexOf(',');
  if (lastComma < 0) return fail('expected ", MIGRATION STATUS" at its end');
  const migrationStatus = findEnumerationValue('migrationStatus', head.slice(lastComma + 1));
  if (!migrationStatus) return fail(`unknown migration status "${head.slice(lastComma + 1).trim()}"`);
  head = head.slice(0, lastComma).trim();
  let gender: string | null = null;
  const genderComma = head.lastIndexOf(',');
  if (genderComma >= 0) {
    const value = readGender(head.slice(genderComma + 1));
    if (value !== undefined) {
      gender = value;
      head = head.slice(0, genderComma).trim();
    }
  }
  const counted = leadingCount(head);
  if (!counted) return fail('expected a count (a number or "Number unknown") followed by " - ORIGIN"');
  const originAndSector = splitOriginSector(counted.rest);
  if (!originAndSector) {
    return fail(`expected "ORIGIN - SECTOR" with a known country and sector, found "${counted.rest.trim()}"`);
  }
  return {
    count: counted.count,
    origin: originAndSector.origin,
    sector: originAndSector.sector,
    subsector: originAndSector.subsector,
    gender: gender as AffectedGroup['gender'],
    migrationStatus: migrationStatus as AffectedGroup['migrationStatus'],
  };
}

/**
 * Tries every dash or comma as the border between origin and sector; the vocabularies decide. Only borders
 * within a country name's reach are tried: past it no origin can be read, and trying a long text's every
 * dash would take time quadratic in its length.
 */
function splitOriginSector(text: string) {
  const whole = readOrigin(text);
  if (whole !== undefined) return { origin: whole, sector: null, subsector: null };
  const reach = Math.min(text.length, LONGEST_PLACE);
  for (let index = 0; index < reach; index++) {
    if (!'-–—,'.includes(text[index]!)) continue;
    const origin = readOrigin(text.slice(0, index));
    if (origin === undefined) continue;
    const sector = readSector(text.slice(index + 1));
    if (sector) return { origin, ...sector };
  }
  return undefined;
}
