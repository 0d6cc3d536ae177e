import type { Kysely, Selectable } from 'kysely';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { Database, TriageArticlesTable } from './schema.ts';

/** The triage queue's table: batches of articles with what triage found, and what researchers did with each. */

/**
 * 'open' until a researcher acts; 'drafted' into a new record, 'added' as a source of one, 'proposed' as a
 * source of a record the researcher may not change (an editor adds it, or declines: 'dismissed').
 */
export const TRIAGE_STATUSES = ['open', 'dismissed', 'drafted', 'added', 'proposed'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export interface TriageSummary {
  country?: string;
  companies: string[];
  issues: string[];
  /** The opening paragraphs, for a source added to a record. */
  excerpt?: string;
  reason?: string;
}

export interface NewTriageArticle {
  line: number;
  url?: string;
  headline?: string;
  published?: string;
  publisher?: string;
  body: string;
  relevance: number;
  incident: number;
  summary: TriageSummary;
  existing?: { id: string; title: string };
}

export interface QueuedArticle extends Omit<NewTriageArticle, 'existing'> {
  id: string;
  batchId: string;
  fileName: string;
  existing?: { id: string; title: string };
  status: TriageStatus;
  recordId?: string;
  createdBy: string;
  createdAt: string;
  /** The user id of whoever proposed it as a source of its record, and when. */
  proposedBy?: string;
  proposedAt?: string;
}

export interface TriageStore {
  /** Keeps a batch of triaged articles, all or none; returns the batch's id. */
  addBatch(fileName: string, articles: readonly NewTriageArticle[], createdBy: string): Promise<string>;
  /** Articles in one of the statuses, newest batch first, in their order within it. */
  list(options: { statuses: readonly TriageStatus[]; limit: number }): Promise<QueuedArticle[]>;
  get(id: string): Promise<QueuedArticle | undefined>;
  /** Marks articles done (or open again), with the record they went into. */
  setStatus(ids: readonly string[], status: TriageStatus, recordId?: string): Promise<number>;
  /** Proposes open articles as sources of a record, for an editor to add; returns how many were proposed. */
  propose(ids: readonly string[], recordId: string, proposedBy: string): Promise<number>;
  /** The articles proposed as sources of a record, waiting for an editor, in their order. */
  proposedFor(recordId: string): Promise<QueuedArticle[]>;
}

const optional = <K extends string, V>(key: K, value: V | null) =>
  (value === null || value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

function fromRow(row: Selectable<TriageArticlesTable>): QueuedArticle {
  return {
    id: row.id,
    batchId: row.batch_id,
    fileName: row.file_name,
    line: row.line,
    ...optional('url', row.url),
    ...optional('headline', row.headline),
    ...optional('published', row.published),
    ...optional('publisher', row.publisher),
    body: row.body,
    relevance: row.relevance / 1000,
    incident: row.incident,
    summary: JSON.parse(row.summary) as TriageSummary,
    ...(row.existing_record_id
      ? { existing: { id: row.existing_record_id, title: row.existing_title ?? '' } }
      : {}),
    status: z.enum(TRIAGE_STATUSES).parse(row.status),
    ...optional('recordId', row.record_id),
    createdBy: row.created_by,
    createdAt: row.created_at,
    ...optional('proposedBy', row.proposed_by),
    ...optional('proposedAt', row.proposed_at),
  };
}

export class KyselyTriageStore implements TriageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addBatch(
    fileName: string,
    articles: readonly NewTriageArticle[],
    createdBy: string,
  ): Promise<string> {
    const batchId = ulid();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < articles.length; start += 100) {
        await trx
          .insertInto('triage_articles')
          .values(
            articles.slice(start, start + 100).map((article) => ({
              id: ulid(),
              batch_id: batchId,
              file_name: fileName,
              line: article.line,
              url: article.url ?? null,
              headline: article.headline ?? null,
              published: article.published ?? null,
              publisher: article.publisher ?? null,
              body: article.body,
              relevance: Math.round(article.relevance * 1000),
              incident: article.incident,
              summary: JSON.stringify(article.summary),
              existing_record_id: article.existing?.id ?? null,
              existing_title: article.existing?.title ?? null,
              status: 'open',
              record_id: null,
              created_by: createdBy,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      }
    });
    return batchId;
  }

  async list(options: { statuses: readonly TriageStatus[]; limit: number }): Promise<QueuedArticle[]> {
    if (options.statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('triage_articles')
      .selectAll()
      .where('status', 'in', [...options.statuses])
      .orderBy('batch_id', 'desc')
      .orderBy('line', 'asc')
      .limit(options.limit)
      .execute();
    return rows.map(fromRow);
  }

  async get(id: string): Promise<QueuedArticle | undefined> {
    const row = await this.db
      .selectFrom('triage_articles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async propose(ids: readonly string[], recordId: string, proposedBy: string): Promise<number> {
    if (ids.length === 0) return 0;
    const now = new Date().toISOString();
    const result = await this.db
      .updateTable('triage_articles')
      .set({
        status: 'proposed',
        existing_record_id: recordId,
        proposed_by: proposedBy,
        proposed_at: now,
        updated_at: now,
      })
      .where('id', 'in', [...ids])
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async proposedFor(recordId: string): Promise<QueuedArticle[]> {
    const rows = await this.db
      .selectFrom('triage_articles')
      .selectAll()
      .where('existing_record_id', '=', recordId)
      .where('status', '=', 'proposed')
      .orderBy('proposed_at')
      .orderBy('line')
      .execute();
    return rows.map(fromRow);
  }

  async setStatus(ids: readonly string[], status: TriageStatus, recordId?: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('triage_articles')
      .set({ status, record_id: recordId ?? null, updated_at: new Date().toISOString() })
      .where('id', 'in', [...ids])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
