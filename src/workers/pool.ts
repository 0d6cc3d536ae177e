import { Piscina } from 'piscina';
import { InputError } from '../domain/errors.ts';
import type { Limits } from '../settings.ts';
import type { TaskMessage, TaskName, TaskOutcome, Tasks } from './tasks.ts';

/**
 * Worker threads for CPU-heavy work, so that one large upload or article never holds up other requests:
 * each task runs within a time limit (past it its thread is stopped and replaced) and a heap limit, and
 * tasks beyond a short queue are refused as busy rather than left to pile up.
 */

export type Refusal = 'busy' | 'too_slow' | 'too_large';

/** Work the pool would not or could not finish; its status is the HTTP answer. */
export class WorkRefused extends InputError {
  readonly status: 413 | 422 | 503;
  readonly reason: Refusal;

  constructor(reason: Refusal, limits: Pick<Limits, 'taskMilliseconds' | 'workerHeapMb'>) {
    const message = {
      busy: 'the server is busy with other large requests: try again in a minute',
      too_slow: `the work took longer than ${limits.taskMilliseconds / 1000} s, the most one request may take: send less at a time`,
      too_large: `the work needed more than ${limits.workerHeapMb} MB of memory, the most one request may take: send less at a time`,
    }[reason];
    super(reason, [{ code: reason, message }]);
    this.reason = reason;
    this.status = reason === 'busy' ? 503 : reason === 'too_slow' ? 422 : 413;
  }
}

/**
 * Unless warm, the pool's threads start with the first task (a thread takes a few seconds to load the
 * extractor's gazetteers) and stop after a minute without work.
 */
export class WorkPool {
  private started?: Piscina<TaskMessage, TaskOutcome<TaskName>>;
  /** Tasks running or waiting for a thread. */
  private inFlight = 0;

  /** `warm`: one thread is started now and kept, so that the first task does not wait for it (a served process). */
  constructor(private readonly options: { threads: number; limits: Limits; warm?: boolean }) {
    if (options.warm) void this.pool;
  }

  private get pool(): Piscina<TaskMessage, TaskOutcome<TaskName>> {
    this.started ??= new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: this.options.warm ? 1 : 0,
      maxThreads: this.options.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.options.limits.workerHeapMb },
    });
    return this.started;
  }

  async run<K extends TaskName>(name: K, input: Tasks[K]['input']): Promise<Tasks[K]['output']> {
    // Every thread busy and the queue full: refused now, rather than answered late.
    if (this.inFlight >= this.options.threads + this.options.limits.queuedTasks)
      throw new WorkRefused('busy', this.options.limits);
    this.inFlight++;
    let outcome: TaskOutcome<K>;
    try {
      outcome = (await this.pool.run({ name, input } as TaskMessage, {
        signal: AbortSignal.timeout(this.options.limits.taskMilliseconds),
      })) as TaskOutcome<K>;
    } catch (error) {
      throw this.refusalOf(error) ?? error;
    } finally {
      this.inFlight--;
    }
    if (!outcome.ok) throw new InputError(outcome.code, outcome.issues);
    return outcome.value;
  }

  private refusalOf(error: unknown): WorkRefused | undefined {
    const { name, code } = (error ?? {}) as { name?: string; code?: string };
    if (name === 'AbortError') return new WorkRefused('too_slow', this.options.limits);
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') return new WorkRefused('too_large', this.options.limits);
    return undefined;
  }

  /** Threads running and tasks waiting: what the health check reports. */
  get load(): { threads: number; queued: number } {
    return {
      threads: this.started?.threads.length ?? 0,
      queued: Math.max(0, this.inFlight - (this.started?.threads.length ?? 0)),
    };
  }

  async close(): Promise<void> {
    await this.started?.destroy();
  }
}
