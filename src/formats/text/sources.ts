import type { CompanyLink, Source } from '../../domain/record.ts';
import { parseDate } from './dates.ts';
import type { Line, Problems } from './lines.ts';

/** The source blocks after a record's header: company heading, “headline”, date, excerpt. */

const OPENING_QUOTES = new Set(['“', '"', '«', '„']);
const HEADLINE = /^[“"«„](.*)[”"»“]\s*(?:,\s*(.+))?$/u;

/**
 * Whether lines[index] is a source's “headline”, date line. A headline without a date is taken only where
 * a blank line (or the start) precedes its block, since a quoted paragraph of an excerpt looks the same.
 */
function isHeadlineAt(lines: Line[], index: number, blockStart: number): boolean {
  const text = lines[index]?.text ?? '';
  if (!OPENING_QUOTES.has(text.charAt(0))) return false;
  const match = HEADLINE.exec(text);
  if (!match) return false;
  if (match[2] !== undefined) return parseDate(match[2]) !== undefined;
  return blockStart === 0 || !lines[blockStart - 1]!.text;
}

/** A source begins at a headline line, or at its company heading just before one. */
export function startsSource(lines: Line[], index: number): boolean {
  return (
    isHeadlineAt(lines, index, index) || (index + 1 < lines.length && isHeadlineAt(lines, index + 1, index))
  );
}

export function parseSources(
  lines: Line[],
  companies: CompanyLink[],
  problems: Problems,
  pointers: Map<string, number>,
): Source[] {
  const sources: Source[] = [];
  let current: (Source & { excerptLines: string[] }) | undefined;
  const finish = () => {
    if (!current) return;
    const { excerptLines, ...source } = current;
    sources.push({ ...source, excerpt: excerptLines.join('\n') });
    current = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line.text) continue;
    const afterBlank = index === 0 || !lines[index - 1]!.text;
    const ownHeadline = isHeadlineAt(lines, index, index);
    // The line before a headline is its company heading when it names companies of the record or opens a
    // block; otherwise it is the last line of the previous excerpt.
    const headingThenHeadline =
      !ownHeadline &&
      isHeadlineAt(lines, index + 1, index) &&
      (afterBlank || !current || knownCompanies(line.text, companies) !== undefined);
    if (ownHeadline || headingThenHeadline) {
      // A headline straight after an excerpt is another source filed under the same companies.
      const inherited = ownHeadline && !afterBlank && current ? current.companies : [];
      finish();
      const heading = headingThenHeadline ? line.text : undefined;
      const headlineLine = headingThenHeadline ? lines[index + 1]! : line;
      if (headingThenHeadline) index++;
      const match = HEADLINE.exec(headlineLine.text)!;
      pointers.set(`/sources/${sources.length}`, headlineLine.number);
      current = {
        companies: heading ? sourceCompanies(heading, companies) : inherited,
        headline: match[1]!.trim(),
        ...(match[2] !== undefined ? { published: parseDate(match[2])! } : {}),
        excerpt: '',
        excerptLines: [],
      };
      continue;
    }
    if (!current) {
      problems.add(
        line.number,
        `expected a source: a company heading, then a line “headline”, date; found "${line.text.slice(0, 80)}"`,
      );
      return sources;
    }
    current.excerptLines.push(line.text);
  }
  finish();
  return sources;
}

/**
 * The company heading a source is filed under: one company of the record, several joined by commas (names may
 * hold commas themselves, so known names are matched whole), or, failing that, the heading as written.
 */
function sourceCompanies(heading: string, companies: CompanyLink[]): string[] {
  return knownCompanies(heading, companies) ?? [heading];
}

/**
 * The record's companies that a heading lists, or undefined when it is not such a list. At each position the
 * longest name that leads to a full reading wins. Names may hold commas, so a heading can be read in
 * exponentially many ways: each position is decided once, from the end backwards, without recursion.
 */
function knownCompanies(heading: string, companies: CompanyLink[]): string[] | undefined {
  const names = [...new Set(companies.map((company) => company.name))].sort((a, b) => b.length - a.length);
  const lowerNames = names.map((name) => name.toLowerCase());
  const lower = heading.toLowerCase();
  const separator = /\s*,\s*/y;
  // The positions a name can start at, each with the positions that can follow each name read there.
  const steps = new Map<number, { name: number; next: number | undefined }[]>();
  const pending = [0];
  while (pending.length > 0) {
    const position = pending.pop()!;
    if (steps.has(position)) continue;
    const here: { name: number; next: number | undefined }[] = [];
    for (let index = 0; index < names.length; index++) {
      if (!lower.startsWith(lowerNames[index]!, position)) continue;
      const end = position + names[index]!.length;
      if (end === heading.length) {
        here.push({ name: index, next: undefined });
        continue;
      }
      separator.lastIndex = end;
      if (!separator.test(heading)) continue;
      here.push({ name: index, next: separator.lastIndex });
      pending.push(separator.lastIndex);
    }
    steps.set(position, here);
  }
  // Every step goes forwards, so deciding the positions from the last makes each one's followers known.
  const choice = new Map<number, { name: number; next: number | undefined } | undefined>();
  for (const position of [...steps.keys()].sort((a, b) => b - a)) {
    choice.set(
      position,
      steps.get(position)!.find((step) => step.next === undefined || choice.get(step.next) !== undefined),
    );
  }
  if (!choice.get(0)) return undefined;
  const found: string[] = [];
  for (let step = choice.get(0); step; step = step.next === undefined ? undefined : choice.get(step.next)) {
    found.push(names[step.name]!);
  }
  return found;
}
