import { InputError, zodIssues } from '../domain/errors.ts';
import { ResponseRequestInput, ResponseSubmission, responseTransition } from '../domain/response.ts';
import type { Stores } from '../store/store.ts';
import type { OutboxRow, ResponseRequestRow } from '../store/responses.ts';
import { checkResponseToken, linkSecret, newNonce, responseToken } from './links.ts';
import { reminderMail, requestMail, type RequestMailFacts } from './mail.ts';

/**
 * The company-response workflow (DESIGN.md section 3): an editor asks a company named in a record to respond;
 * the request goes out by e-mail with a private link; the company responds or declines through it; an editor
 * publishes the response. Reminders and the deadline are jobs the scheduler runs (`scheduler.ts`).
 */

export interface WorkflowContext {
  store: Pick<Stores, 'records' | 'responses'>;
  /** The site's public address, for the links in e-mails ("https://bhr.example.org"). */
  publicUrl: string;
  /** Who sends the requests, named in the e-mails. */
  organisation: string;
  now?: () => Date;
}

/** How long a private link works after the deadline, for a late response. */
const LINK_GRACE_DAYS = 30;
/** A reminder goes this many days before the deadline (or halfway, for short deadlines). */
const REMIND_DAYS_BEFORE = 3;

export class ResponseRefused extends Error {
  constructor(
    readonly code: 'not_found' | 'link_invalid' | 'link_expired' | 'link_used' | 'not_allowed',
    message: string,
  ) {
    super(message);
  }
}

const clock = (context: WorkflowContext) => (context.now ?? (() => new Date()))();
const endOfDay = (date: string) => `${date}T23:59:59.000Z`;
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** What the request and reminder e-mails say, from the request's fields, its record and its link token. */
function mailFacts(
  context: WorkflowContext,
  request: Pick<
    ResponseRequestRow,
    'record_id' | 'contact_email' | 'contact_name' | 'company_name' | 'questions' | 'deadline'
  >,
  record: { title: string; slug?: string } | undefined,
  token: string,
): RequestMailFacts {
  const base = context.publicUrl.replace(/\/$/, '');
  return {
    recipient: request.contact_email,
    contactName: request.contact_name,
    companyName: request.company_name,
    recordTitle: record?.title ?? request.record_id,
    recordUrl: `${base}/records/${record?.slug ?? request.record_id}`,
    questions: request.questions,
    deadline: request.deadline,
    link: `${base}/respond/${token}`,
    organisation: context.organisation,
  };
}

/** An editor asks a company named in the record to respond; the e-mail goes out through the outbox. */
export async function requestResponse(
  context: WorkflowContext,
  recordId: string,
  input: unknown,
  actor: string,
): Promise<ResponseRequestRow> {
  const parsed = ResponseRequestInput.safeParse(input);
  if (!parsed.success) throw new InputError('invalid_response_request', zodIssues(parsed.error));
  const now = clock(context);
  const today = now.toISOString().slice(0, 10);
  if (parsed.data.deadline <= today) {
    throw new InputError('invalid_response_request', [
      { code: 'deadline_past', path: '/deadline', message: 'the deadline must be after today' },
    ]);
  }
  const record = await context.store.records.getRecord(recordId);
  if (!record) throw new ResponseRefused('not_found', 'no such record');
  const company = record.companies.find((candidate) => candidate.name === parsed.data.company);
  if (!company) {
    throw new InputError('invalid_response_request', [
      {
        code: 'company_not_named',
        path: '/company',
        message: `"${parsed.data.company}" is not a company named in this record`,
      },
    ]);
  }
  const existing = (await context.store.responses.requestsOfRecord(recordId)).find(
    (request) => request.company_name === company.name,
  );
  if (existing) {
    throw new InputError('invalid_response_request', [
      {
        code: 'company_already_asked',
        path: '/company',
        message: `${company.name} was already asked on ${existing.requested_at.slice(0, 10)}`,
      },
    ]);
  }
  const secret = await linkSecret(context.store.responses);
  const nonce = newNonce();
  const deadlineEnd = endOfDay(parsed.data.deadline);
  const expiresAt = addDays(deadlineEnd, LINK_GRACE_DAYS);
  const stamp = now.toISOString();
  const remindAt = new Date(
    Math.max(
      Date.parse(stamp) + (Date.parse(deadlineEnd) - Date.parse(stamp)) / 2,
      Date.parse(deadlineEnd) - REMIND_DAYS_BEFORE * 86_400_000,
    ),
  ).toISOString();
  const created = await context.store.responses.createRequest(
    {
      recordId,
      companyName: company.name,
      companyId: company.companyId ?? null,
      contactEmail: parsed.data.contactEmail,
      contactName: parsed.data.contactName ?? null,
      questions: parsed.data.questions,
      deadline: parsed.data.deadline,
      requestedBy: actor,
      linkNonce: nonce,
      linkExpiresAt: expiresAt,
    },
    stamp,
    (id) =>
      requestMail(
        mailFacts(
          context,
          {
            record_id: recordId,
            contact_email: parsed.data.contactEmail,
            contact_name: parsed.data.contactName ?? null,
            company_name: company.name,
            questions: parsed.data.questions,
            deadline: parsed.data.deadline,
          },
          record,
          responseToken(secret, id, nonce, expiresAt),
        ),
      ),
    (id) => [
      { kind: 'remind', subject: id, runAt: remindAt },
      { kind: 'expire', subject: id, runAt: deadlineEnd },
    ],
  );
  return created;
}

/**
 * The private link of a request that is still open, for an editor to pass on by hand when the e-mail has
 * not gone out (no mail server yet, or a failing one). Undefined once the response is published.
 */
export async function privateLinkOf(
  context: WorkflowContext,
  request: Pick<ResponseRequestRow, 'id' | 'link_nonce' | 'link_expires_at' | 'review'>,
): Promise<string | undefined> {
  if (request.review === 'published') return undefined;
  const secret = await linkSecret(context.store.responses);
  const token = responseToken(secret, request.id, request.link_nonce, request.link_expires_at);
  return `${context.publicUrl.replace(/\/$/, '')}/respond/${token}`;
}

/** A request's e-mail that has not gone out, with the private link it carries, for an editor to pass on. */
export interface UnsentRequest {
  link: string;
  recipient: string;
  subject: string;
  body: string;
  /** Why it has not gone out, as the last attempt said (no mail server, a refusal...). */
  lastError: string | null;
}

/**
 * The newest e-mail of each open request still waiting to go out (or given up on), with the private link it
 * carries, by request id: one read of the outbox for all of them.
 */
export async function unsentRequestsOf(
  context: WorkflowContext,
  requests: readonly ResponseRequestRow[],
): Promise<Map<string, UnsentRequest>> {
  const open = requests.filter((request) => ['requested', 'reminded'].includes(request.status));
  const waiting = new Map<string, OutboxRow>();
  for (const mail of await context.store.responses.mailsOfRequests(open.map((request) => request.id)))
    if (mail.request_id && ['pending', 'sending', 'failed'].includes(mail.status))
      waiting.set(mail.request_id, mail); // oldest first: the last one kept is the newest
  const unsent = new Map<string, UnsentRequest>();
  for (const request of open) {
    const mail = waiting.get(request.id);
    const link = mail && (await privateLinkOf(context, request));
    if (!mail || !link) continue;
    unsent.set(request.id, {
      link,
      recipient: mail.recipient,
      subject: mail.subject,
      body: mail.body,
      lastError: mail.last_error,
    });
  }
  return unsent;
}

/** The request a private link stands for, if the link is genuine, current and still usable. */
export async function requestOfLink(context: WorkflowContext, token: string): Promise<ResponseRequestRow> {
  const secret = await linkSecret(context.store.responses);
  const check = checkResponseToken(secret, token, clock(context));
  if (!check.ok) {
    throw check.reason === 'expired'
      ? new ResponseRefused('link_expired', 'This link has expired. Please write to us for a new one.')
      : new ResponseRefused('link_invalid', 'This link is not valid.');
  }
  const request = await context.store.responses.getRequest(check.requestId);
  if (!request) throw new ResponseRefused('link_invalid', 'This link is not valid.');
  if (request.link_nonce !== check.nonce || request.review === 'published') {
    throw new ResponseRefused('link_used', 'This link has been used: the response has been published.');
  }
  return request;
}

/**
 * The company's response or refusal, sent through its link: it waits for an editor's review. Until it is
 * published, the company may send it again (the last one counts).
 */
export async function submitResponse(
  context: WorkflowContext,
  token: string,
  input: unknown,
): Promise<ResponseRequestRow> {
  const request = await requestOfLink(context, token);
  const parsed = ResponseSubmission.safeParse(input);
  if (!parsed.success) throw new InputError('invalid_response', zodIssues(parsed.error));
  const transition = responseTransition(parsed.data.kind, request.status);
  const from = transition ? [request.status] : ['responded', 'declined'];
  const to = transition?.to ?? (parsed.data.kind === 'respond' ? 'responded' : 'declined');
  const at = clock(context).toISOString();
  const updated = await context.store.responses.transition(request.id, {
    from,
    nonce: request.link_nonce,
    set: {
      status: to,
      responded_at: at,
      response_kind: parsed.data.kind,
      response_text: parsed.data.text ?? null,
      response_link: parsed.data.link ?? null,
      responder_name: parsed.data.name ?? null,
      review: 'pending',
    },
    event: { action: parsed.data.kind, actor: `company: ${parsed.data.name || request.company_name}`, at },
    cancelJobs: ['remind', 'expire'],
    // The company has answered: a request or reminder still waiting to be sent would ask it again.
    cancelMails: true,
  });
  if (!updated)
    throw new ResponseRefused('link_used', 'This link has been used: the response has been published.');
  return updated;
}

/** An editor publishes a response (the link stops working) or rejects it (it stays unpublished). */
export async function reviewResponse(
  context: WorkflowContext,
  requestId: string,
  decision: 'publish' | 'reject',
  actor: string,
  note?: string,
): Promise<ResponseRequestRow> {
  const request = await context.store.responses.getRequest(requestId);
  if (!request) throw new ResponseRefused('not_found', 'no such request');
  if (request.review !== 'pending') throw new ResponseRefused('not_allowed', 'no response waits for review');
  const at = clock(context).toISOString();
  const updated = await context.store.responses.transition(requestId, {
    from: ['responded', 'declined'],
    nonce: request.link_nonce,
    set: {
      review: decision === 'publish' ? 'published' : 'rejected',
      reviewed_at: at,
      reviewed_by: actor,
      // A published response closes the link.
      ...(decision === 'publish' ? { link_nonce: newNonce() } : {}),
    },
    event: { action: decision, actor, note: note ?? null, at },
  });
  if (!updated)
    throw new ResponseRefused('not_allowed', 'the response changed meanwhile; reload and try again');
  return updated;
}

/** The scheduler's jobs for requests: a reminder before the deadline, and "no response" after it. */
export async function runResponseJob(
  context: WorkflowContext,
  kind: string,
  requestId: string,
): Promise<void> {
  const request = await context.store.responses.getRequest(requestId);
  if (!request) return;
  const at = clock(context).toISOString();
  if (kind === 'remind') {
    if (!responseTransition('remind', request.status)) return;
    const secret = await linkSecret(context.store.responses);
    const facts = mailFacts(
      context,
      request,
      await context.store.records.getRecord(request.record_id),
      responseToken(secret, request.id, request.link_nonce, request.link_expires_at),
    );
    await context.store.responses.transition(requestId, {
      from: ['requested', 'reminded'],
      set: { status: 'reminded', reminders: request.reminders + 1 },
      event: { action: 'remind', actor: 'scheduler', at },
      mails: [reminderMail(facts)],
    });
  } else if (kind === 'expire') {
    if (!responseTransition('expire', request.status)) return;
    await context.store.responses.transition(requestId, {
      from: ['requested', 'reminded'],
      set: { status: 'no_response' },
      event: { action: 'expire', actor: 'scheduler', note: `no response by ${request.deadline}`, at },
      // Past its deadline, a request still unsent would ask for an answer by a day gone by.
      cancelMails: true,
    });
  }
}
