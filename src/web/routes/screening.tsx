import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { InputError, formatIssue } from '../../domain/errors.ts';
import { readNameList, type ListRow, type NameList } from '../../formats/name-list.ts';
import { readSpreadsheetList } from '../../formats/spreadsheet.ts';
import type { ScreenInput } from '../../matching/screen.ts';
import { DEFAULT_THRESHOLD } from '../../matching/score.ts';
import { pageContext } from '../page-context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { DECISIONS, ScreeningForm, ScreeningResults } from '../views/screening.tsx';
import { sendPage as html } from './replies.ts';
import { MAX_UPLOAD_BYTES, uploadedBytes } from './uploads.ts';

/**
 * The screening page: a list uploaded (CSV or .xlsx) or pasted is screened in memory and never stored; the
 * results page carries every result in its form, so that the report (with the decisions taken on each match)
 * is built from what the user saw, without keeping the list on the server.
 */

const MAX_ROWS = 2000;
const COLUMNS = { required: ['name'], optional: ['country', 'id'] };
/** Screening changes nothing: anyone may use it, without a CSRF token. */
const OPEN = { config: { access: 'public' as const, readOnly: true } };

function thresholdOf(value: unknown): number {
  const threshold = Number(typeof value === 'string' && value.trim() ? value : DEFAULT_THRESHOLD);
  return threshold >= 0 && threshold <= 1 ? threshold : DEFAULT_THRESHOLD;
}

const toInput = (row: ListRow): ScreenInput => ({
  name: row.values.name ?? '',
  ...(row.values.country ? { country: row.values.country } : {}),
  ...(row.values.id ? { id: row.values.id } : {}),
});

/** The uploaded file and the form's fields, read from the multipart body. */
async function readUpload(request: FastifyRequest) {
  let file: { name: string; bytes: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await uploadedBytes(part, 'a list of names');
      if (bytes.length > 0) file = { name: part.filename || 'list', bytes };
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  return { file, fields };
}

export function registerScreening(app: FastifyInstance, screens: ScreenCache): void {
  app.get('/screening', OPEN, async (request, reply) =>
    html(reply, <ScreeningForm context={pageContext(request)} threshold={DEFAULT_THRESHOLD} />),
  );

  app.post('/screening', { ...OPEN, bodyLimit: 2 * MAX_UPLOAD_BYTES }, async (request, reply) => {
    const context = pageContext(request);
    if (!request.isMultipart()) {
      return html(
        reply,
        <ScreeningForm
          context={context}
          threshold={DEFAULT_THRESHOLD}
          messages={[context.t('screening.noNames')]}
        />,
        400,
      );
    }
    let list: NameList;
    let label: string;
    let threshold = DEFAULT_THRESHOLD;
    try {
      const { file, fields } = await readUpload(request);
      threshold = thresholdOf(fields.threshold);
      if (file) {
        label = file.name;
        list = /\.xlsx$/i.test(file.name)
          ? await readSpreadsheetList(file.bytes, file.name, COLUMNS)
          : readNameList(file.bytes, file.name, COLUMNS);
      } else {
        label = context.t('screening.paste');
        const lines = (fields.names ?? '').split(/\r?\n/);
        list = {
          rows: lines
            .map((line, index) => ({ line: index + 1, values: { name: line.trim() } }))
            .filter((row) => row.values.name),
          problems: [],
        };
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        reply,
        <ScreeningForm context={context} threshold={threshold} messages={error.issues.map(formatIssue)} />,
        400,
      );
    }
    if (list.rows.length === 0) {
      return html(
        reply,
        <ScreeningForm context={context} threshold={threshold} messages={[context.t('screening.noNames')]} />,
        400,
      );
    }
    const problems = list.problems.map((problem) => `${label}:${problem.line}: ${problem.message}`);
    if (list.rows.length > MAX_ROWS)
      problems.push(context.t('screening.tooMany', { count: list.rows.length }));
    const screen = await screens.get();
    const results = list.rows.slice(0, MAX_ROWS).map((row) => screen.screen(toInput(row), { threshold }));
    return html(
      reply,
      <ScreeningResults
        context={context}
        file={label}
        threshold={threshold}
        results={results}
        problems={problems}
      />,
    );
  });

  app.post('/screening/report', { ...OPEN, bodyLimit: 16 * 1024 * 1024 }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => {
      const value = body[name];
      return typeof value === 'string' ? value : '';
    };
    const rows: string[][] = [
      [
        'input_id',
        'input_name',
        'input_country',
        'company_id',
        'company_name',
        'score',
        'match',
        'allegations',
        'via_subsidiaries',
        'decision',
        'error',
      ],
    ];
    for (let row = 0; row < MAX_ROWS && `rows.${row}.name` in body; row++) {
      const input = [text(`rows.${row}.id`), text(`rows.${row}.name`), text(`rows.${row}.country`)];
      let matches = 0;
      for (let rank = 0; rank < 20 && `rows.${row}.matches.${rank}.companyId` in body; rank++, matches++) {
        const prefix = `rows.${row}.matches.${rank}`;
        const decision = text(`${prefix}.decision`);
        rows.push([
          ...input,
          text(`${prefix}.companyId`),
          text(`${prefix}.name`),
          text(`${prefix}.score`),
          text(`${prefix}.match`),
          text(`${prefix}.allegations`),
          text(`${prefix}.via`),
          (DECISIONS as readonly string[]).includes(decision) ? decision : 'undecided',
          '',
        ]);
      }
      if (matches === 0) rows.push([...input, '', '', '', '', '', '', '', text(`rows.${row}.error`)]);
    }
    const name =
      text('file')
        .replace(/\.[a-z]+$/i, '')
        .replace(/[^A-Za-z0-9_-]+/g, '-')
        .slice(0, 60) || 'list';
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="screening-${name}.csv"`)
      .send(stringify(rows));
  });
}
