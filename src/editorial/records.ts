import { z } from 'zod';
import { editPermission, findTransition, type Permission } from '../domain/access.ts';
import { InputError } from '../domain/errors.ts';
import type { RecordInput, Source, StoredRecord } from '../domain/record.ts';
import type { User } from '../store/accounts.ts';
import type { Author } from '../store/record-history.ts';
import type { RecordChange, Stores } from '../store/store.ts';

/** The stores the whole workflow writes through: records, their history, and companies (to link one). */
export type EditorialStores = Pick<Stores, 'records' | 'revisions' | 'companies'>;

/**
 * The editorial workflow: who may create, edit, move, restore and merge a record, and how each becomes a
 * change in the record's history. The web forms and the API both go through here.
 */

/** A request to move a record along the workflow, as the API takes it. */
export const TransitionBody = z.object({
  transition: z.string().min(1).max(50).describe('request-review, send-back, publish, retract or reinstate'),
  reason: z.string().max(5000).optional().describe('required to send back, retract and reinstate'),
  version: z.number().int().positive().optional().describe('the version the change starts from'),
});

/** A signed-in user (by session or API token) and what they may do. */
export interface Actor {
  user: User;
  permissions: ReadonlySet<Permission>;
}

/** The actor may not do this; nothing was written. */
export class Forbidden extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Forbidden';
  }
}

/** No record has this id or slug. */
export class RecordNotFound extends Error {
  constructor(readonly key: string) {
    super(`no record has the id or slug ${key}`);
    this.name = 'RecordNotFound';
  }
}

export const authorOf = (actor: Actor): Author => ({
  userId: actor.user.id,
  name: actor.user.name ?? actor.user.email,
});

function require(actor: Actor, permission: Permission, what: string): void {
  if (!actor.permissions.has(permission)) throw new Forbidden(`your role may not ${what}`);
}

/** The fields a person edits; the workflow and the store own the rest. */
function contentOf(input: RecordInput): RecordInput {
  const {
    id: _id,
    slug: _slug,
    status: _status,
    retractionReason: _retraction,
    mergedInto: _merged,
    version: _version,
    createdAt: _created,
    updatedAt: _updated,
    ...content
  } = input;
  return content;
}

/** What the workflow reads and writes records through; a restore also reads their history, a link the companies. */
type RecordWriter = Pick<Stores, 'records'>;

async function current(store: RecordWriter, key: string): Promise<StoredRecord> {
  const record = await store.records.getRecord(key, { confidential: true });
  if (!record) throw new RecordNotFound(key);
  return record;
}

const optionalReason = (reason: string | undefined) => (reason?.trim() ? { reason: reason.trim() } : {});

const creation = (actor: Actor, input: RecordInput): RecordChange => ({
  record: { ...contentOf(input), status: 'draft' },
  author: authorOf(actor),
  action: 'create',
});

/** A new record, always a draft. */
export async function createRecord(
  store: RecordWriter,
  actor: Actor,
  input: RecordInput,
): Promise<StoredRecord> {
  require(actor, 'records:create', 'create records');
  return store.records.saveRecord(creation(actor, input));
}

/**
 * New records, all drafts, in one transaction: if one is refused (its title and date reported taken by a
 * stored record or by an earlier one of the list) none is written, and the error's paths start with its index.
 */
export async function createRecords(
  store: RecordWriter,
  actor: Actor,
  inputs: readonly RecordInput[],
): Promise<StoredRecord[]> {
  require(actor, 'records:create', 'create records');
  return store.records.saveRecords(inputs.map((input) => creation(actor, input)));
}

/** Whether the actor may edit a record in its current status. */
export function mayEdit(actor: Actor, record: Pick<StoredRecord, 'status'>): boolean {
  return actor.permissions.has(editPermission(record.status)) && record.status !== 'retracted';
}

/** Replaces a record's content, keeping its status; refused when the record changed since `expectedVersion`. */
export async function updateRecord(
  store: RecordWriter,
  actor: Actor,
  key: string,
  input: RecordInput,
  expectedVersion: number,
  reason?: string,
): Promise<StoredRecord> {
  const record = await current(store, key);
  if (!mayEdit(actor, record)) {
    throw new Forbidden(
      record.status === 'retracted'
        ? 'a retracted record cannot be edited: reinstate it first'
        : `your role may not edit a record that is ${record.status.replace('_', ' ')}`,
    );
  }
  return store.records.saveRecord({
    record: { ...keepWorkflowFields(record), ...contentOf(input), id: record.id },
    expectedVersion,
    author: authorOf(actor),
    action: 'edit',
    ...optionalReason(reason),
  });
}

/**
 * Adds sources to a record (the articles triage found about an incident already recorded), leaving out any
 * whose address or headline the record already has; refused like an edit when the role may not edit it.
 */
export async function addSources(
  store: RecordWriter,
  actor: Actor,
  key: string,
  sources: readonly Source[],
  /** Who found them, for the history ("found by triage" when not said). */
  foundBy = 'triage',
): Promise<{ record: StoredRecord; added: number }> {
  const record = await current(store, key);
  if (!mayEdit(actor, record))
    throw new Forbidden(`your role may not edit a record that is ${record.status.replace('_', ' ')}`);
  const known = new Set(
    record.sources.flatMap((source) => [source.url, source.headline.trim().toLowerCase()]).filter(Boolean),
  );
  const fresh = sources.filter(
    (source) => !known.has(source.url) && !known.has(source.headline.trim().toLowerCase()),
  );
  if (fresh.length === 0) return { record, added: 0 };
  const saved = await store.records.saveRecord({
    record: { ...record, sources: [...record.sources, ...fresh] },
    expectedVersion: record.version,
    author: authorOf(actor),
    action: 'edit',
    reason: `added ${fresh.length === 1 ? 'a source' : `${fresh.length} sources`} found by ${foundBy}`,
  });
  return { record: saved, added: fresh.length };
}

function keepWorkflowFields(record: StoredRecord): Partial<RecordInput> {
  return {
    status: record.status,
    ...(record.retractionReason ? { retractionReason: record.retractionReason } : {}),
    ...(record.mergedInto ? { mergedInto: record.mergedInto } : {}),
  };
}

/** Moves a record along the workflow (request review, send back, publish, retract, reinstate). */
export async function applyTransition(
  store: RecordWriter,
  actor: Actor,
  key: string,
  transitionId: string,
  options: { reason?: string; expectedVersion?: number } = {},
): Promise<StoredRecord> {
  const transition = findTransition(transitionId);
  if (!transition) {
    throw new InputError('unknown_transition', [
      { code: 'unknown_transition', path: '/transition', message: `unknown transition ${transitionId}` },
    ]);
  }
  const record = await current(store, key);
  if (record.status !== transition.from) {
    throw new InputError('invalid_transition', [
      {
        code: 'invalid_transition',
        path: '/transition',
        message: `cannot ${transition.id.replace('-', ' ')} a record that is ${record.status.replace('_', ' ')}`,
      },
    ]);
  }
  require(actor, transition.permission, `${transition.id.replace('-', ' ')} records`);
  const reason = options.reason?.trim();
  if (transition.reason === 'required' && !reason) {
    throw new InputError('reason_required', [
      {
        code: 'reason_required',
        path: '/reason',
        message: `give a reason to ${transition.id.replace('-', ' ')}`,
      },
    ]);
  }
  const { retractionReason: _previous, ...rest } = record;
  return store.records.saveRecord({
    record: {
      ...rest,
      status: transition.to,
      ...(transition.to === 'retracted' && reason ? { retractionReason: reason } : {}),
    },
    expectedVersion: options.expectedVersion ?? record.version,
    author: authorOf(actor),
    action: 'transition',
    ...optionalReason(reason),
  });
}

/** Brings back the content of an earlier version, as a new change; the status stays as it is. */
export async function restoreRevision(
  store: RecordWriter & Pick<Stores, 'revisions'>,
  actor: Actor,
  key: string,
  version: number,
  reason?: string,
): Promise<StoredRecord> {
  const record = await current(store, key);
  if (!mayEdit(actor, record))
    throw new Forbidden(`your role may not change a record that is ${record.status}`);
  const revision = await store.revisions.getRevision(record.id, version);
  if (!revision) {
    throw new InputError('unknown_version', [
      { code: 'unknown_version', path: '/version', message: `record ${record.id} has no version ${version}` },
    ]);
  }
  return store.records.saveRecord({
    record: { ...keepWorkflowFields(record), ...contentOf(revision.snapshot), id: record.id },
    expectedVersion: record.version,
    author: authorOf(actor),
    action: 'restore',
    reason: `restored version ${version}${reason?.trim() ? `: ${reason.trim()}` : ''}`,
  });
}

const sourceKey = (source: RecordInput['sources'][number]) =>
  source.url ?? `${source.headline.trim().toLowerCase()}|${source.published ?? ''}`;

/**
 * The public reason a merged duplicate gives. It names no other record: the record it joined may be
 * unpublished, and when that one is public the duplicate's address leads there anyway.
 */
export const MERGED_REASON = 'merged into another record as a duplicate';

/**
 * Merges a duplicate into the record that stays, in one transaction: its sources, companies and issues are
 * added there, and the duplicate is retracted with the neutral `MERGED_REASON`, pointing to the other record.
 */
export async function mergeRecords(
  store: RecordWriter,
  actor: Actor,
  duplicateKey: string,
  intoKey: string,
): Promise<StoredRecord> {
  require(actor, 'records:merge', 'merge records');
  const duplicate = await current(store, duplicateKey);
  const into = await current(store, intoKey);
  if (duplicate.id === into.id) {
    throw new InputError('invalid_merge', [
      { code: 'invalid_merge', path: '/into', message: 'a record cannot be merged into itself' },
    ]);
  }
  if (into.mergedInto) {
    throw new InputError('invalid_merge', [
      {
        code: 'invalid_merge',
        path: '/into',
        message: `record ${into.id} was itself merged into another record`,
      },
    ]);
  }
  const known = new Set(into.sources.map(sourceKey));
  const companies = [...into.companies];
  for (const company of duplicate.companies) {
    if (!companies.some((other) => other.name === company.name && other.role === company.role))
      companies.push(company);
  }
  const [merged] = await store.records.saveRecords([
    {
      record: {
        ...into,
        companies,
        issues: [...new Set([...into.issues, ...duplicate.issues])],
        sources: [...into.sources, ...duplicate.sources.filter((source) => !known.has(sourceKey(source)))],
      },
      expectedVersion: into.version,
      author: authorOf(actor),
      action: 'merge',
      reason: `merged record ${duplicate.id} into this record`,
    },
    {
      record: { ...duplicate, status: 'retracted', retractionReason: MERGED_REASON, mergedInto: into.id },
      expectedVersion: duplicate.version,
      author: authorOf(actor),
      action: 'merge',
      reason: `merged into record ${into.id}`,
    },
  ]);
  return merged!;
}

/**
 * Links a company named in a record to a known company by giving it that company's canonical name, in the
 * companies and in the sources filed under the old name: a change in the record's history like any other.
 */
export async function linkCompany(
  store: RecordWriter & Pick<Stores, 'companies'>,
  actor: Actor,
  key: string,
  change: { position: number; companyId: string; expectedVersion: number },
): Promise<StoredRecord> {
  const record = await current(store, key);
  if (!mayEdit(actor, record))
    throw new Forbidden(`your role may not change a record that is ${record.status}`);
  const named = record.companies[change.position];
  const company = await store.companies.getCompany(change.companyId, {
    statuses: ['draft', 'in_review', 'published', 'retracted'],
  });
  if (!named || !company) {
    throw new InputError('unknown_company', [
      {
        code: 'unknown_company',
        path: `/companies/${change.position}`,
        message: 'no such company in the record, or no known company with this id',
      },
    ]);
  }
  const rename = (name: string) => (name === named.name ? company.name : name);
  return store.records.saveRecord({
    record: {
      ...record,
      companies: record.companies.map((link, position) =>
        position === change.position ? { name: company.name, role: link.role } : link,
      ),
      sources: record.sources.map((source) => ({ ...source, companies: source.companies.map(rename) })),
    },
    expectedVersion: change.expectedVersion,
    author: authorOf(actor),
    action: 'edit',
    reason: `"${named.name}" linked to the known company "${company.name}"`,
  });
}
