import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError, formatIssue } from '../../domain/errors.ts';
import { csvText } from '../../formats/csv-cells.ts';
import { DEFAULT_THRESHOLD } from '../../matching/score.ts';
import { pageContext } from '../page-context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { DECISIONS, ScreeningForm, ScreeningResults } from '../views/screening.tsx';
import { sendPage as html } from './replies.ts';
import { uploadedBytes } from './uploads.ts';
import type { Limits } from '../../settings.ts';
import { WorkRefused, type WorkPool } from '../../workers/pool.ts';

/**
 * The screening page: a list uploaded (CSV or .xlsx) or pasted is screened in memory and never stored; the
 * results page carries every result in its form, so that the report (with the decisions taken on each match)
 * is built from what the user saw, without keeping the list on the server.
 */

const COLUMNS = { required: ['name'], optional: ['country', 'id'] };
/** Screening changes nothing: anyone may use it, without a CSRF token. */
const OPEN = { config: { access: 'public' as const, readOnly: true } };

function thresholdOf(value: unknown): number {
  const threshold = Number(typeof value === 'string' && value.trim() ? value : DEFAULT_THRESHOLD);
  return threshold >= 0 && threshold <= 1 ? threshold : DEFAULT_THRESHOLD;
}

/** The uploaded file and the form's fields, read from the multipart body. */
async function readUpload(request: FastifyRequest, limits: Limits) {
  let file: { name: string; bytes: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await uploadedBytes(part, 'a list of names', limits.uploadBytes);
      if (bytes.length > 0) file = { name: part.filename || 'list', bytes };
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  return { file, fields };
}

export function registerScreening(
  app: FastifyInstance,
  { screens, work, limits }: { screens: ScreenCache; work: WorkPool; limits: Limits },
): void {
  app.get('/screening', OPEN, async (request, reply) =>
    html(reply, <ScreeningForm context={pageContext(request)} threshold={DEFAULT_THRESHOLD} />),
  );

  // The list is read and screened on a worker thread, within the upload's bounds and the task's time.
  app.post('/screening', { ...OPEN, bodyLimit: 2 * limits.uploadBytes }, async (request, reply) => {
    const context = pageContext(request);
    const refuse = (messages: string[], status = 400, threshold = DEFAULT_THRESHOLD) =>
      html(reply, <ScreeningForm context={context} threshold={threshold} messages={messages} />, status);
    if (!request.isMultipart()) return refuse([context.t('screening.noNames')]);
    let threshold = DEFAULT_THRESHOLD;
    try {
      const { file, fields } = await readUpload(request, limits);
      threshold = thresholdOf(fields.threshold);
      const label = file ? file.name : context.t('screening.paste');
      const { list, results } = await work.run('screen-list', {
        list: file ? { file } : { pasted: fields.names ?? '' },
        columns: COLUMNS,
        bounds: {
          rows: limits.listRows,
          cellCharacters: limits.cellCharacters,
          unzippedBytes: limits.unzippedBytes,
          zipEntries: limits.zipEntries,
        },
        threshold,
        companies: await screens.shared(),
      });
      if (results.length === 0) return refuse([context.t('screening.noNames')], 400, threshold);
      return html(
        reply,
        <ScreeningResults
          context={context}
          file={label}
          threshold={threshold}
          results={results}
          problems={list.problems.map((problem) => `${label}:${problem.line}: ${problem.message}`)}
        />,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return refuse(
        error.issues.map(formatIssue),
        error instanceof WorkRefused ? error.status : 400,
        threshold,
      );
    }
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
    for (let row = 0; row < limits.listRows && `rows.${row}.name` in body; row++) {
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
      .send(csvText(rows));
  });
}
