import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseWorker, smtpTransport } from '../src/responses/delivery.ts';
import {
  requestOfLink,
  requestResponse,
  ResponseRefused,
  reviewResponse,
  submitResponse,
  type WorkflowContext,
} from '../src/responses/workflow.ts';
import { openStores } from '../src/store/open.ts';
import type { StoreConnection } from '../src/store/connection.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, cookieHeader, cookiesAfter, csrfOf, formBody, signIn } from './support/accounts.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

interface Received {
  to: string;
  subject: string;
  text: string;
}

/** A real SMTP server on loopback that keeps what it receives; it can be stopped and started on one port. */
class MailSink {
  readonly received: Received[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, _session, done) => {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            this.received.push({ to: to?.text ?? '', subject: mail.subject ?? '', text: mail.text ?? '' });
            done();
          })
          .catch(done);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = undefined;
  }
}

const linkIn = (text: string) => /\/respond\/([\w.-]+)/.exec(text)?.[1];

for (const backend of STORE_BACKENDS) {
  describe(`company responses on '${backend.name}'`, () => {
    let store: Stores;
    let connection: StoreConnection;
    let location: string;
    let dispose: () => Promise<void>;
    let sink: MailSink;
    let now: Date;
    let context: WorkflowContext;
    let recordId: string;

    beforeEach(async () => {
      ({ store, connection, location, dispose } = await backend.create());
      sink = new MailSink();
      await sink.start();
      now = new Date('2026-03-01T09:00:00Z');
      context = { store, publicUrl: 'https://bhr.test', organisation: 'BHR Tracker test', now: () => now };
      const {
        ids: [id],
      } = await store.records.upsertRecords([
        aRecord({
          title: 'Guards unpaid for three months',
          companies: [{ name: 'Example Guarding LLC', role: 'Employer' }],
          status: 'published',
        }),
      ]);
      recordId = id!;
    });

    afterEach(async () => {
      await sink.stop();
      await dispose();
    });

    const worker = (port = sink.port, owner?: string, on = store) =>
      new ResponseWorker(
        { ...context, store: on },
        { transport: smtpTransport(`smtp://127.0.0.1:${port}`), from: 'bhr@bhr.test', owner },
      );

    const ask = () =>
      requestResponse(
        context,
        recordId,
        {
          company: 'Example Guarding LLC',
          contactEmail: 'press@guarding.test',
          questions: 'Were the guards paid their wages for January to March?',
          deadline: '2026-03-15',
        },
        'editor@test.invalid',
      );

    it('sends the request with a private link; the company responds; an editor publishes; the link closes', async () => {
      const request = await ask();
      expect(await worker().deliver()).toEqual({ sent: 1, failed: 0 });
      expect(sink.received).toHaveLength(1);
      const [mail] = sink.received;
      expect(mail!.to).toBe('press@guarding.test');
      expect(mail!.subject).toContain('Guards unpaid for three months');
      expect(mail!.text).toContain('Were the guards paid');
      const token = linkIn(mail!.text)!;
      expect((await requestOfLink(context, token)).id).toBe(request.id);

      const submitted = await submitResponse(context, token, {
        kind: 'respond',
        text: 'All wages were paid on 10 March.',
        name: 'Head of communications',
      });
      expect(submitted).toMatchObject({ status: 'responded', review: 'pending' });
      // Until it is published, the company may correct its response through the same link.
      await submitResponse(context, token, { kind: 'respond', text: 'All wages were paid on 11 March.' });

      const published = await reviewResponse(context, request.id, 'publish', 'editor@test.invalid');
      expect(published).toMatchObject({
        review: 'published',
        response_text: 'All wages were paid on 11 March.',
      });
      await expect(submitResponse(context, token, { kind: 'respond', text: 'again' })).rejects.toMatchObject({
        code: 'link_used',
      });
      const actions = (await store.responses.eventsOfRequest(request.id)).map((event) => event.action);
      expect(actions).toEqual(['request', 'respond', 'respond', 'publish']);
    });

    it('refuses a forged, altered or expired link', async () => {
      await ask();
      await worker().deliver();
      const token = linkIn(sink.received[0]!.text)!;
      const [id, nonce, expiry, signature] = token.split('.');
      const refusal = (attempt: Promise<unknown>) =>
        attempt.then(
          () => 'accepted',
          (error: unknown) => (error instanceof ResponseRefused ? error.code : String(error)),
        );
      expect(
        await refusal(requestOfLink(context, `${id}.${nonce}.${Number(expiry) + 86_400}.${signature}`)),
      ).toBe('link_invalid');
      const flipped = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
      expect(await refusal(requestOfLink(context, `${id}.${nonce}.${expiry}.${flipped}`))).toBe(
        'link_invalid',
      );
      expect(await refusal(requestOfLink(context, 'not-a-token'))).toBe('link_invalid');
      now = new Date('2026-06-01T00:00:00Z');
      expect(await refusal(requestOfLink(context, token))).toBe('link_expired');
    });

    it('keeps the mail when the server is down and sends it exactly once when it is back', async () => {
      const port = sink.port;
      await sink.stop();
      await ask();
      expect(await worker(port).deliver()).toEqual({ sent: 0, failed: 1 });
      const [queued] = await store.responses.outbox();
      expect(queued).toMatchObject({ status: 'pending', attempts: 1 });
      expect(queued!.last_error).toBeTruthy();
      // Not yet due again: nothing is tried.
      expect(await worker(port).deliver()).toEqual({ sent: 0, failed: 0 });
      await sink.start(port);
      now = new Date(now.getTime() + 2 * 60_000);
      expect(await worker(port).deliver()).toEqual({ sent: 1, failed: 0 });
      expect(await worker(port).deliver()).toEqual({ sent: 0, failed: 0 });
      expect(sink.received).toHaveLength(1);
      expect((await store.responses.outbox())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('reminds once and marks no response after the deadline, with two processes running the scheduler', async () => {
      const other = await openStores(location);
      try {
        const request = await ask();
        await worker().deliver();
        now = new Date('2026-03-13T00:00:00Z');
        const [first, second] = [worker(sink.port, 'one'), worker(sink.port, 'two', other)];
        await Promise.all([first.runJobs(), second.runJobs(), first.runJobs(), second.runJobs()]);
        await Promise.all([first.deliver(), second.deliver()]);
        expect(sink.received.map((mail) => mail.subject.startsWith('Reminder:'))).toEqual([false, true]);
        expect((await store.responses.getRequest(request.id))!.status).toBe('reminded');
        now = new Date('2026-03-16T00:00:00Z');
        await Promise.all([first.runJobs(), second.runJobs()]);
        const after = await store.responses.getRequest(request.id);
        expect(after).toMatchObject({ status: 'no_response', reminders: 1 });
        const actions = (await store.responses.eventsOfRequest(request.id)).map((event) => event.action);
        expect(actions).toEqual(['request', 'remind', 'expire']);
        // A late response is still taken, and waits for review.
        const token = linkIn(sink.received[0]!.text)!;
        expect(await submitResponse(context, token, { kind: 'decline' })).toMatchObject({
          status: 'declined',
        });
      } finally {
        await other.close();
      }
    });

    it('two processes of bhr responses run send each request and each reminder once', async () => {
      const companies = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map((name) => ({
        name: `${name} Services LLC`,
        role: 'Employer' as const,
      }));
      const { ids: more } = await store.records.upsertRecords(
        Array.from({ length: 6 }, (_, index) =>
          aRecord({ title: `Batch record ${index}`, companies, status: 'published' }),
        ),
      );
      for (const id of more) {
        for (const company of companies) {
          await requestResponse(
            context,
            id,
            {
              company: company.name,
              contactEmail: 'press@batch.test',
              questions: 'Any comment on this?',
              deadline: '2099-03-20',
            },
            'editor',
          );
        }
      }
      // Every reminder is due now.
      await connection.db
        .updateTable('jobs')
        .set({ run_at: '2026-01-01T00:00:00.000Z' })
        .where('kind', '=', 'remind')
        .execute();
      const env = { BHR_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, BHR_PUBLIC_URL: 'https://bhr.test' };
      const runs = await Promise.all([
        bhr(['responses', 'run', '--db', location], { env }),
        bhr(['responses', 'run', '--db', location], { env }),
      ]);
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      expect(sink.received).toHaveLength(60);
      const requests = sink.received.filter((mail) => !mail.subject.startsWith('Reminder:'));
      const reminders = sink.received.filter((mail) => mail.subject.startsWith('Reminder:'));
      expect(new Set(requests.map((mail) => `${mail.subject}|${linkIn(mail.text)}`)).size).toBe(30);
      expect(new Set(reminders.map((mail) => `${mail.subject}|${linkIn(mail.text)}`)).size).toBe(30);
      const outbox = await store.responses.outbox();
      expect(outbox.filter((mail) => mail.status === 'sent')).toHaveLength(60);
      const rows = await Promise.all(more.map((id) => store.responses.requestsOfRecord(id)));
      expect(rows.flat().map((row) => [row.status, row.reminders])).toEqual(Array(30).fill(['reminded', 1]));
    }, 60_000);

    it('works through the web: an editor asks, the company answers by its link, an editor publishes', async () => {
      const app = await buildServer(store, { publicUrl: 'https://bhr.test', secureCookies: false });
      try {
        await aUser(store, 'editor');
        const editor = await signIn(app, 'editor@test.invalid');
        const record = (await store.records.getRecord(recordId))!;
        const staffPage = await editor.get(`/records/${record.slug}`);
        expect(staffPage.body).toContain('Ask a company to respond');
        const asked = await editor.post(`/records/${recordId}/responses`, {
          company: 'Example Guarding LLC',
          contactEmail: 'press@guarding.test',
          questions: '1. Were the guards paid their wages?\n2. When were they paid?',
          deadline: '2099-12-31',
        });
        expect(asked.statusCode).toBe(303);
        await new ResponseWorker(
          { ...context, now: () => new Date() },
          { transport: smtpTransport(`smtp://127.0.0.1:${sink.port}`), from: 'bhr@bhr.test' },
        ).deliver();
        const token = linkIn(sink.received[0]!.text)!;

        const form = await app.inject(`/respond/${token}`);
        expect(form.statusCode).toBe(200);
        expect(form.headers['cache-control']).toBe('no-store');
        // The numbered questions keep their lines.
        expect(form.body).toContain(
          '<p>1. Were the guards paid their wages?<br/>2. When were they paid?</p>',
        );
        const jar = cookiesAfter(form);
        const answer = (payload: Record<string, string>) =>
          app.inject({
            method: 'POST',
            url: `/respond/${token}`,
            headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
            payload: formBody({ _csrf: csrfOf(form.body), ...payload }),
          });
        const empty = await answer({ kind: 'respond', text: '' });
        expect(empty.statusCode).toBe(400);
        expect(empty.body).toContain('write the response, or give a link to it');
        const reply = 'Wages were paid <b>in full</b>.\r\n\r\nThe payslips are attached.\r\nHR department';
        expect((await answer({ kind: 'respond', text: reply })).statusCode).toBe(200);

        // Not public until an editor publishes it.
        const before = await app.inject(`/records/${record.slug}`);
        expect(before.body).not.toContain('Wages were paid');
        const queue = await editor.get('/responses');
        expect(queue.body).toContain('Wages were paid');
        expect(queue.body).toContain('<p>The payslips are attached.<br/>HR department</p>');
        const [pending] = await store.responses.openRequests();
        expect(
          (await editor.post(`/responses/${pending!.id}/review`, { decision: 'publish' })).statusCode,
        ).toBe(303);

        const after = await app.inject(`/records/${record.slug}`);
        // Its paragraphs and line breaks kept, its markup escaped.
        expect(after.body).toContain(
          '<p>Wages were paid &lt;b>in full&lt;/b>.</p><p>The payslips are attached.<br/>HR department</p>',
        );
        expect(after.body).not.toContain('<b>in full');
        expect(after.body).toContain('Responded');
        expect(after.body).not.toContain('press@guarding.test');
        const companyId = (await store.records.getRecord(recordId))!.companies[0]!.companyId!;
        const companyPage = await app.inject(`/companies/${companyId}`);
        // One request is too few for a rate (100%): the counts are said, the rate is not.
        expect(companyPage.body).toContain('Asked once; responded once (no rate below 5 requests).');
        const history = await editor.get(`/records/${recordId}/history`);
        expect(history.body).toContain('asked to respond');
        expect(history.body).toContain('response published');
        const rates = await app.inject('/response-rates?by=company');
        expect(rates.body).toContain('Example Guarding LLC');
        expect(rates.body).not.toContain('100%');
        expect(rates.body).toContain('<td>–</td>');
        const csv = await app.inject('/response-rates?by=country&format=csv');
        expect(csv.body.trim().split('\n')).toEqual([
          'country,requested,responded,declined,no_response,awaited,rate',
          `${record.location.country},1,1,0,0,0,`,
          'all,1,1,0,0,0,',
        ]);
        expect((await app.inject('/response-rates?from=yesterday')).statusCode).toBe(400);
        const api = await app.inject(`/api/v1/records/${recordId}/responses`);
        expect(api.json().data).toEqual([
          expect.objectContaining({
            company: 'Example Guarding LLC',
            status: 'responded',
            // Line ends as the form sent them (CRLF) come back as newlines.
            text: 'Wages were paid <b>in full</b>.\n\nThe payslips are attached.\nHR department',
          }),
        ]);
        expect(JSON.stringify(api.json())).not.toContain('press@guarding.test');
        const apiRates = await app.inject('/api/v1/response-rates?by=company');
        expect(apiRates.json().total).toMatchObject({ requested: 1, responded: 1, rate: null });
        expect((await app.inject('/api/v1/response-rates?by=planet')).statusCode).toBe(400);
        expect((await app.inject(`/respond/${token}`)).statusCode).toBe(410);
        expect((await answer({ kind: 'respond', text: 'again' })).statusCode).toBe(410);
      } finally {
        await app.close();
      }
    });

    it('without a mail server: the editor gets the private link and the text; an answer cancels the mail', async () => {
      const app = await buildServer(store, { publicUrl: 'https://bhr.test', secureCookies: false });
      try {
        await aUser(store, 'editor');
        const editor = await signIn(app, 'editor@test.invalid');
        const record = (await store.records.getRecord(recordId))!;
        const questions = '1. Were the guards paid?\n2. When?';
        // A deadline gone by: the form comes back as typed, the error beside the deadline.
        const late = await editor.post(`/records/${recordId}/responses`, {
          company: 'Example Guarding LLC',
          contactEmail: 'press@guarding.test',
          questions,
          deadline: '2020-01-31',
        });
        expect(late.statusCode).toBe(400);
        expect(late.body).toMatch(
          /id="f-deadline-error"[^>]*>The deadline \(2020-01-31\) has to be after today/,
        );
        expect(late.body).toContain('value="press@guarding.test"');
        expect(late.body).toContain('>1. Were the guards paid?\n2. When?</textarea>');
        expect(late.body).toContain('value="2020-01-31"');
        expect(await store.responses.outbox()).toHaveLength(0);

        expect(
          (
            await editor.post(`/records/${recordId}/responses`, {
              company: 'Example Guarding LLC',
              contactEmail: 'press@guarding.test',
              questions,
              deadline: '2099-12-31',
            })
          ).statusCode,
        ).toBe(303);
        // No worker with a transport has run: the mail waits, and the editor is shown what it carries.
        const [mail] = await store.responses.outbox();
        expect(mail!.status).toBe('pending');
        const staffPage = await editor.get(`/records/${record.slug}`);
        const link = /class="private-link"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*class="private-link"/.exec(
          staffPage.body,
        );
        const shown = link?.[1] ?? link?.[2];
        expect(shown).toMatch(/^https:\/\/bhr\.test\/respond\//);
        expect(mail!.body).toContain(shown!);
        expect(staffPage.body).toContain('Not sent by e-mail yet');
        expect((await editor.get('/responses')).body).toContain(shown!);
        // Nobody else sees it: not the public page, not a researcher.
        expect((await app.inject(`/records/${record.slug}`)).body).not.toContain('/respond/');
        await aUser(store, 'researcher');
        const researcher = await signIn(app, 'researcher@test.invalid');
        expect((await researcher.get(`/records/${record.slug}`)).body).not.toContain('/respond/');

        // The company answers through the link it was given by hand: its mail is cancelled, never sent later.
        const token = linkIn(shown!)!;
        const form = await app.inject(`/respond/${token}`);
        expect(form.statusCode).toBe(200);
        const answered = await app.inject({
          method: 'POST',
          url: `/respond/${token}`,
          headers: {
            cookie: cookieHeader(cookiesAfter(form)),
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: formBody({ _csrf: csrfOf(form.body), kind: 'respond', text: 'They were paid in March.' }),
        });
        expect(answered.statusCode).toBe(200);
        expect((await store.responses.outbox()).map((row) => row.status)).toEqual(['cancelled']);
        await new ResponseWorker(
          { ...context, now: () => new Date() },
          { transport: smtpTransport(`smtp://127.0.0.1:${sink.port}`), from: 'bhr@bhr.test' },
        ).deliver();
        expect(sink.received).toEqual([]);
        expect((await editor.get(`/records/${record.slug}`)).body).not.toContain('Not sent by e-mail yet');
      } finally {
        await app.close();
      }
    });

    it('asks only companies the record names, once each, with a deadline after today', async () => {
      const bad = (input: Record<string, unknown>) =>
        requestResponse(
          context,
          recordId,
          {
            company: 'Example Guarding LLC',
            contactEmail: 'press@guarding.test',
            questions: 'Were the guards paid?',
            deadline: '2026-03-15',
            ...input,
          },
          'editor',
        ).then(
          () => 'accepted',
          (error: { issues?: { path?: string }[] }) => error.issues?.map((issue) => issue.path).join(','),
        );
      expect(await bad({ company: 'Someone Else Ltd' })).toBe('/company');
      expect(await bad({ contactEmail: 'not an address' })).toBe('/contactEmail');
      expect(await bad({ deadline: '2026-02-01' })).toBe('/deadline');
      expect(await bad({})).toBe('accepted');
      expect(await bad({})).toBe('/company');
      expect(await store.responses.outbox()).toHaveLength(1);
    });
  });
}
