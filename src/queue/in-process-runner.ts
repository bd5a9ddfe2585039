import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  isPermanentFailure, policyFor, retryDelay, type AddOptions, type JobData, type JobHandlers, type JobRunner, type RetryPolicies,
} from '../app/ports/job-runner.ts';

/** How the in-process runner behaves. */
export interface InProcessRunnerOptions {
  policies: RetryPolicies;
  /** Jobs run at once; 4 by default. */
  concurrency?: number;
  logger?: Logger;
}

interface Entry {
  id: string;
  name: string;
  data: JobData;
  key: string | undefined;
  attempt: number;
  timer: NodeJS.Timeout | undefined;
}

interface Deferred {
  name: string;
  data: JobData;
  delay: number;
}

/**
 * Runs jobs in this process with timers, with the semantics of the BullMQ runner: retries with the
 * same capped exponential backoff, the same deduplication keys (one waiting and one running per
 * key, the newest add during a run kept for after it). Used when REDIS_URL is unset. Nothing
 * survives the process: the database is the record, and `SubmissionQueue.recover` rebuilds the jobs
 * at the next start.
 */
export function createInProcessRunner(options: InProcessRunnerOptions): JobRunner {
  return new InProcessRunner(options);
}

class InProcessRunner implements JobRunner {
  private readonly concurrency: number;
  private readonly waiting = new Map<string, Entry>();
  private readonly ready: Entry[] = [];
  private readonly waitingByKey = new Map<string, string>();
  private readonly runningKeys = new Set<string>();
  private readonly deferred = new Map<string, Deferred>();
  private readonly running = new Set<Promise<void>>();
  private handlers: JobHandlers | undefined;
  private closed = false;

  constructor(private readonly options: InProcessRunnerOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  async add(name: string, data: JobData, options: AddOptions = {}): Promise<void> {
    if (this.closed) throw new Error(`The queue is closed; job ${name} was not added.`);
    const { key } = options;
    const delay = Math.max(0, options.delay ?? 0);
    if (key !== undefined && this.waitingByKey.has(key)) return;
    if (key !== undefined && this.runningKeys.has(key)) {
      this.deferred.set(key, { name, data, delay });
      return;
    }
    const entry: Entry = { id: randomUUID(), name, data, key, attempt: 1, timer: undefined };
    this.waiting.set(entry.id, entry);
    if (key !== undefined) this.waitingByKey.set(key, entry.id);
    this.schedule(entry, delay);
  }

  async promote(key: string): Promise<void> {
    const id = this.waitingByKey.get(key);
    const entry = id === undefined ? undefined : this.waiting.get(id);
    if (entry?.timer === undefined) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    this.ready.push(entry);
    this.pump();
  }

  process(handlers: JobHandlers): void {
    if (this.handlers !== undefined) throw new Error('The runner already has its handlers.');
    this.handlers = handlers;
    this.pump();
  }

  async depth(): Promise<number> {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.waiting.values()) if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.waiting.clear();
    this.ready.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private schedule(entry: Entry, delay: number): void {
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.ready.push(entry);
      this.pump();
    }, delay);
  }

  private pump(): void {
    while (this.handlers !== undefined && !this.closed && this.running.size < this.concurrency && this.ready.length > 0) {
      const entry = this.ready.shift() as Entry;
      const run = this.run(entry).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(entry: Entry): Promise<void> {
    this.waiting.delete(entry.id);
    if (entry.key !== undefined) {
      this.waitingByKey.delete(entry.key);
      this.runningKeys.add(entry.key);
    }
    const policy = policyFor(this.options.policies, entry.name);
    try {
      const handler = this.handlers?.[entry.name];
      if (handler === undefined) throw new Error(`No handler for job ${entry.name}.`);
      await handler(entry.data, { name: entry.name, attempt: entry.attempt, attempts: policy.attempts });
    } catch (error) {
      if (!this.closed && !isPermanentFailure(error) && entry.attempt < policy.attempts) {
        this.options.logger?.warn({ job: entry.name, attempt: entry.attempt, err: messageOf(error) }, 'job failed; it will be retried');
        entry.attempt += 1;
        this.waiting.set(entry.id, entry);
        if (entry.key !== undefined) {
          this.runningKeys.delete(entry.key);
          this.waitingByKey.set(entry.key, entry.id);
        }
        this.schedule(entry, retryDelay(policy, entry.attempt - 1));
        return;
      }
      this.options.logger?.error({ job: entry.name, attempt: entry.attempt, err: messageOf(error) }, 'job failed for good');
    }
    this.finish(entry);
  }

  private finish(entry: Entry): void {
    if (entry.key === undefined) return;
    this.runningKeys.delete(entry.key);
    const next = this.deferred.get(entry.key);
    if (next === undefined || this.closed) return;
    this.deferred.delete(entry.key);
    void this.add(next.name, next.data, { delay: next.delay, key: entry.key });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
