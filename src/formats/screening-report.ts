import type { ScreenResult } from '../matching/screen.ts';
import ExcelJS from 'exceljs';
import { csvText } from './csv-cells.ts';
import { workbookText } from './xlsx.ts';

/**
 * The screening report as CSV or as an Excel workbook of the same columns, one writer for `bhr screen --format
 * csv` and the screening page's downloads: one row per match of each name screened, or one row for a name
 * without any (with its error, if it could not be screened). A column a source cannot fill is left empty: the page's form carries no explanations,
 * and the command line takes no decisions, so its matches are all undecided. `band` is `match`, `review` (a
 * possible match a reviewer should look at) or empty.
 */

export const SCREENING_REPORT_COLUMNS = [
  'input_id',
  'input_name',
  'input_country',
  'rank',
  'company_id',
  'company_name',
  'score',
  'match',
  'band',
  'allegations',
  'via_subsidiaries',
  'explanations',
  'decision',
  'error',
] as const;

/** What a person decided about a match on the results page. */
export const SCREENING_DECISIONS = ['undecided', 'confirmed', 'rejected'] as const;
export type ScreeningDecision = (typeof SCREENING_DECISIONS)[number];

/** A decision as given (a posted form field), or `undecided` when it is not one. */
export function screeningDecisionOf(value: string | undefined): ScreeningDecision {
  return SCREENING_DECISIONS.find((decision) => decision === value) ?? 'undecided';
}

/** One match of a reported name, each cell as it is written. */
export interface ReportedMatch {
  companyId: string;
  name: string;
  score: string;
  match: string;
  band: string;
  allegations: string;
  viaSubsidiaries: string;
  explanations: string;
  decision: ScreeningDecision;
}

/** One name screened, with its matches best first. */
export interface ReportedName {
  input: { id?: string; name: string; country?: string };
  matches: readonly ReportedMatch[];
  error?: string;
}

/** The report's rows, header first: one per match of each name, or one for a name without any. */
export function screeningReportRows(names: Iterable<ReportedName>): string[][] {
  const rows: string[][] = [[...SCREENING_REPORT_COLUMNS]];
  for (const { input, matches, error } of names) {
    const base = [input.id ?? '', input.name, input.country ?? ''];
    if (matches.length === 0) rows.push([...base, ...Array<string>(10).fill(''), error ?? '']);
    matches.forEach((match, index) =>
      rows.push([
        ...base,
        String(index + 1),
        match.companyId,
        match.name,
        match.score,
        match.match,
        match.band,
        match.allegations,
        match.viaSubsidiaries,
        match.explanations,
        match.decision,
        '',
      ]),
    );
  }
  return rows;
}

/** The report's CSV text, header first. */
export function screeningReportCsv(names: Iterable<ReportedName>): string {
  return csvText(screeningReportRows(names));
}

/** Columns an Excel report writes as numbers, where their text is one. */
const NUMERIC_COLUMNS = new Set<string>(['rank', 'score', 'allegations']);

/**
 * The report as an Excel workbook, one sheet with the CSV's columns; numbers as numbers, every text as a
 * string cell (never a formula, so no guard quote is needed).
 */
export async function screeningReportWorkbook(names: Iterable<ReportedName>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Screening', { views: [{ state: 'frozen', ySplit: 1 }] });
  const [header, ...rows] = screeningReportRows(names);
  sheet.addRow(header);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows)
    sheet.addRow(
      row.map((cell, index) =>
        NUMERIC_COLUMNS.has(header![index]!) && cell !== '' && Number.isFinite(Number(cell))
          ? Number(cell)
          : workbookText(cell),
      ),
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A result of the matcher as a reported name, none of its matches decided yet. */
export function reportedName(result: ScreenResult): ReportedName {
  return {
    input: result.input,
    ...(result.error ? { error: result.error } : {}),
    matches: result.matches.map((match) => ({
      companyId: match.companyId,
      name: match.name,
      score: match.score.toFixed(3),
      match: String(match.match),
      band: match.band ?? '',
      allegations: String(match.allegations),
      viaSubsidiaries: (match.viaSubsidiaries ?? [])
        .map((company) => `${company.name} (${company.allegations})`)
        .join('; '),
      explanations: match.explanations
        .map((explanation) => `${explanation.feature} ${explanation.score}: ${explanation.detail}`)
        .join('; '),
      decision: 'undecided',
    })),
  };
}
