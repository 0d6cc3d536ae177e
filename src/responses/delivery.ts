import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { OutboxRow } from '../store/responses.ts';
import { runResponseJob, type WorkflowContext } from './workflow.ts';

/**
 * Sending the outbox and running the scheduler's jobs. Every app process runs a worker; a mail or a job is
 * claimed by one process at a time (see ResponseStore.claimMails), so each goes out once. A mail the server
 * refuses, or a job that fails, is tried again later, each wait twice the last (1 minute up to 6 hours), and
 * marked failed after MAX_ATTEMPTS; its last error is kept and shown to editors.
 */

export interface MailTransport {
  send(mail: { from: string; to: string; subject: string; text: string }): Promise<void>;
}

/** SMTP through nodemailer, from a URL such as smtp://user:password@mail.example.org:587. */
export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
  };
}

export const MAX_ATTEMPTS = 10;
const FIRST_WAIT_MS = 60_000;
const LONGEST_WAIT_MS = 6 * 3_600_000;
/** How long a claim holds: a process that dies mid-send leaves the mail to another after this. */
const CLAIM_MS = 5 * 60_000;

export function retryDelay(attempts: number): number {
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.max(0, attempts - 1));
}

export interface WorkerOptions {
  transport?: MailTransport;
  from: string;
  /** Names this process in claims. */
  owner?: string;
  log?: (message: string) => void;
}

export class ResponseWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly owner: string;

  constructor(
    private readonly context: WorkflowContext,
    private readonly options: WorkerOptions,
  ) {
    this.owner = options.owner ?? `worker-${randomUUID()}`;
  }

  private now(): Date {
    return (this.context.now ?? (() => new Date()))();
  }

  /** Sends the mails that are due; returns how many went out and how many failed this time. */
  async deliver(limit = 20): Promise<{ sent: number; failed: number }> {
    const store = this.context.store.responses;
    const now = this.now();
    const mails = await store.claimMails(
      this.owner,
      now.toISOString(),
      new Date(now.getTime() + CLAIM_MS).toISOString(),
      limit,
    );
    let sent = 0;
    let failed = 0;
    for (const mail of mails) {
      if (await this.send(mail)) sent++;
      else failed++;
    }
    return { sent, failed };
  }

  private async send(mail: OutboxRow): Promise<boolean> {
    const store = this.context.store.responses;
    if (!this.options.transport) {
      await store.mailFailed(
        mail.id,
        this.owner,
        'no mail server is configured (BHR_SMTP_URL)',
        new Date(this.now().getTime() + retryDelay(mail.attempts)).toISOString(),
      );
      return false;
    }
    try {
      await this.options.transport.send({
        from: this.options.from,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body,
      });
      await store.mailSent(mail.id, this.owner, this.now().toISOString());
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryAt =
        mail.attempts >= MAX_ATTEMPTS
          ? null
          : new Date(this.now().getTime() + retryDelay(mail.attempts)).toISOString();
      await store.mailFailed(mail.id, this.owner, message, retryAt);
      // The recipient's address is not logged: only the mail's id and the server's answer.
      this.options.log?.(`mail ${mail.id} not sent (attempt ${mail.attempts}): ${message}`);
      return false;
    }
  }

  /** Runs the jobs that are due (reminders, deadlines). */
  async runJobs(limit = 20): Promise<number> {
    const store = this.context.store.responses;
    const now = this.now();
    const jobs = await store.claimJobs(
      this.owner,
      now.toISOString(),
      new Date(now.getTime() + CLAIM_MS).toISOString(),
      limit,
    );
    for (const job of jobs) {
      try {
        await runResponseJob(this.context, job.kind, job.subject);
        await store.jobDone(job.id, this.owner, this.now().toISOString());
      } catch (error) {
        // A failed job is not lost: it runs again later, like a mail the server refused.
        const message = error instanceof Error ? error.message : String(error);
        this.options.log?.(`job ${job.kind} ${job.id} failed (attempt ${job.attempts}): ${message}`);
        const retryAt =
          job.attempts >= MAX_ATTEMPTS
            ? null
            : new Date(this.now().getTime() + retryDelay(job.attempts)).toISOString();
        await store.jobFailed(job.id, this.owner, message, retryAt);
      }
    }
    return jobs.length;
  }

  /** One round: the jobs first (they may queue mails), then the mails. */
  async tick(): Promise<void> {
    await this.runJobs();
    await this.deliver();
  }

  start(intervalMs = 5_000): void {
    const round = () => {
      this.running = this.tick()
        .catch((error: unknown) => this.options.log?.(`response worker: ${String(error)}`))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          this.timer = setTimeout(round, intervalMs);
          this.timer.unref();
        });
    };
    this.timer = setTimeout(round, 0);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
