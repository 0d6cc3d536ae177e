import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { InputError, formatIssue } from '../../domain/errors.ts';
import {
  screeningDecisionOf,
  screeningReportCsv,
  screeningReportWorkbook,
  type ReportedMatch,
  type ReportedName,
} from '../../formats/screening-report.ts';
import { DEFAULT_THRESHOLD, REVIEW_THRESHOLD } from '../../matching/score.ts';
import { BANDS } from '../../matching/score.ts';
import { pageContext } from '../page-context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { ScreeningForm, ScreeningResults, type ScreeningFormState } from '../views/screening.tsx';
import { formFields, sendPage as html } from './replies.ts';
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

/** The score threshold typed, or why it is none: a number from 0 to 1 (a comma as decimal sign too). */
function thresholdOf(typed: string): number | undefined {
  if (!typed.trim()) return DEFAULT_THRESHOLD;
  const threshold = Number(typed.trim().replace(',', '.'));
  return Number.isFinite(threshold) && threshold >= 0 && threshold <= 1 ? threshold : undefined;
}

/**
 * The uploaded file and the form's fields, read from the multipart body; a file refused (too large) is
 * returned as its error beside the fields read so far.
 */
async function readUpload(request: FastifyRequest, limits: Limits) {
  let file: { name: string; bytes: Buffer } | undefined;
  let fileError: InputError | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      try {
        const bytes = await uploadedBytes(part, 'a list of names', limits.uploadBytes);
        if (bytes.length > 0) file = { name: part.filename || 'list', bytes };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        // The rest of a body past its limit is not read: the fields before the file are kept.
        fileError = error;
        break;
      }
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  return { file, fileError, fields };
}

/** The names of a results page's form, with their matches and the decisions taken on them. */
function* postedNames(body: Record<string, unknown>, maxRows: number): Generator<ReportedName> {
  const text = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  for (let row = 0; row < maxRows && `rows.${row}.name` in body; row++) {
    const matches: ReportedMatch[] = [];
    for (let rank = 0; rank < 20 && `rows.${row}.matches.${rank}.companyId` in body; rank++) {
      const prefix = `rows.${row}.matches.${rank}`;
      matches.push({
        companyId: text(`${prefix}.companyId`),
        name: text(`${prefix}.name`),
        score: text(`${prefix}.score`),
        match: text(`${prefix}.match`),
        band: BANDS.find((band) => band === text(`${prefix}.band`)) ?? '',
        allegations: text(`${prefix}.allegations`),
        viaSubsidiaries: text(`${prefix}.via`),
        explanations: '',
        decision: screeningDecisionOf(text(`${prefix}.decision`)),
      });
    }
    yield {
      input: {
        id: text(`rows.${row}.id`),
        name: text(`rows.${row}.name`),
        country: text(`rows.${row}.country`),
      },
      matches,
      error: text(`rows.${row}.error`),
    };
  }
}

export interface ScreeningOptions {
  screens: ScreenCache;
  work: WorkPool;
  limits: Limits;
}

/** The screening page, its results and its report; it reads no store, only the matcher's index. */
export const screeningRoutes: FastifyPluginAsync<ScreeningOptions> = async (
  app,
  { screens, work, limits },
) => {
  app.get('/screening', OPEN, async (request, reply) =>
    html(
      reply,
      <ScreeningForm context={pageContext(request)} state={{ threshold: String(DEFAULT_THRESHOLD) }} />,
    ),
  );

  // The list is read and screened on a worker thread, within the upload's bounds and the task's time.
  app.post('/screening', { ...OPEN, bodyLimit: 2 * limits.uploadBytes }, async (request, reply) => {
    const context = pageContext(request);
    const state: ScreeningFormState = { threshold: String(DEFAULT_THRESHOLD) };
    const refuse = (errors: Record<string, string[]>, status = 400) =>
      html(reply, <ScreeningForm context={context} state={{ ...state, errors }} />, status);
    if (!request.isMultipart()) return refuse({ names: [context.t('screening.noNames')] });
    let file: { name: string } | undefined;
    try {
      const upload = await readUpload(request, limits);
      file = upload.file;
      state.names = upload.fields.names ?? '';
      state.threshold = upload.fields.threshold ?? String(DEFAULT_THRESHOLD);
      const errors: Record<string, string[]> = {};
      if (upload.fileError) errors.list = upload.fileError.issues.map(formatIssue);
      const threshold = thresholdOf(state.threshold);
      if (threshold === undefined)
        errors.threshold = [context.t('screening.error.threshold', { value: state.threshold })];
      if (Object.keys(errors).length > 0) return refuse(errors);
      const label = upload.file ? upload.file.name : context.t('screening.pasted');
      const { list, results } = await work.run('screen-list', {
        list: upload.file ? { file: upload.file } : { pasted: state.names },
        columns: COLUMNS,
        bounds: {
          rows: limits.listRows,
          cellCharacters: limits.cellCharacters,
          unzippedBytes: limits.unzippedBytes,
          zipEntries: limits.zipEntries,
        },
        threshold: threshold!,
        companies: await screens.shared(),
      });
      if (results.length === 0) return refuse({ names: [context.t('screening.noNames')] });
      return html(
        reply,
        <ScreeningResults
          context={context}
          file={label}
          threshold={threshold!}
          reviewThreshold={REVIEW_THRESHOLD}
          results={results}
          problems={list.problems.map((problem) => `${label}:${problem.line}: ${problem.message}`)}
        />,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // What the list held that could not be read belongs beside the file, or the pasted names.
      return refuse(
        { [file ? 'list' : 'names']: error.issues.map(formatIssue) },
        error instanceof WorkRefused ? error.status : 400,
      );
    }
  });

  app.post('/screening/report', { ...OPEN, bodyLimit: 16 * 1024 * 1024 }, async (request, reply) => {
    const body = formFields(request);
    const file = body['file'];
    const name =
      (typeof file === 'string' ? file : '')
        .replace(/\.[a-z]+$/i, '')
        .replace(/[^A-Za-z0-9_-]+/g, '-')
        .slice(0, 60) || 'list';
    const names = postedNames(body, limits.listRows);
    if (body['format'] === 'xlsx')
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="screening-${name}.xlsx"`)
        .send(await screeningReportWorkbook(names));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="screening-${name}.csv"`)
      .send(screeningReportCsv(names));
  });
};
