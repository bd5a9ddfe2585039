import { Job, Queue, UnrecoverableError, Worker, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  isPermanentFailure, policyFor, retryDelay, type AddOptions, type JobData, type JobHandlers, type JobRunner, type RetryPolicies,
} from '../app/ports/job-runner.ts';

/** How to reach Redis and name the queue. */
export interface BullmqRunnerOptions {
  /** `REDIS_URL`, e.g. `redis://127.0.0.1:6379`. Never logged: it may carry a password. */
  redisUrl: string;
  policies: RetryPolicies;
  /** The queue's name; `dte` by default. */
  queueName?: string;
  /** BullMQ's key prefix; `bull` by default. Tests use one per run. */
  prefix?: string;
  /** Jobs this worker runs at once; 4 by default. */
  concurrency?: number;
  /**
   * Milliseconds a worker's hold on a running job lasts unless renewed (it renews it every half);
   * 10,000 by default. A worker that dies lets go of its jobs after this, plus `stalledIntervalMs`.
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died, and take them over; 5,000 by default. */
  stalledIntervalMs?: number;
  logger?: Logger;
}

/** The one backoff type this runner registers: capped exponential, per job name's policy. */
const BACKOFF_TYPE = 'capped-exponential';

/**
 * Runs jobs on BullMQ: one Queue and one Worker over one queue name, jobs told apart by name. Retries
 * use the job name's policy through a custom backoff strategy (BullMQ's own exponential has no cap).
 * Deduplication uses BullMQ's deduplication id with `keepLastIfActive` rather than a fixed jobId: a
 * jobId is refused while the job with that id runs, so documents issued during a submission would
 * wait for the next sweep; with keepLastIfActive the newest add is queued when the running job ends,
 * and no two jobs of one key ever run at once, across every worker.
 */
export function createBullmqRunner(options: BullmqRunnerOptions): JobRunner {
  return new BullmqRunner(options);
}

class BullmqRunner implements JobRunner {
  private readonly queueConnection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;

  constructor(private readonly options: BullmqRunnerOptions) {
    // Adding fails fast while Redis is down (the documents are in the database; recovery re-adds them).
    this.queueConnection = connect(options.redisUrl, options.logger, 1);
    this.queue = new Queue(this.name, { connection: this.queueConnection, ...this.prefixOption });
    this.queue.on('error', (error) => options.logger?.error({ err: error.message }, 'queue connection error'));
  }

  private get name(): string {
    return this.options.queueName ?? 'dte';
  }

  private get prefixOption(): { prefix?: string } {
    return this.options.prefix === undefined ? {} : { prefix: this.options.prefix };
  }

  async add(name: string, data: JobData, options: AddOptions = {}): Promise<void> {
    const policy = policyFor(this.options.policies, name);
    const jobOptions: JobsOptions = {
      attempts: policy.attempts,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
      ...(options.delay !== undefined && options.delay > 0 ? { delay: options.delay } : {}),
      ...(options.key === undefined ? {} : { deduplication: { id: options.key, keepLastIfActive: true } }),
    };
    await this.queue.add(name, data, jobOptions);
  }

  async promote(key: string): Promise<void> {
    const id = await this.queue.getDeduplicationJobId(key);
    if (id === null) return;
    const job = await Job.fromId(this.queue, id);
    if (job === undefined || !(await job.isDelayed())) return;
    // The job may start between the check and the promotion; then there is nothing to promote.
    await job.promote().catch(() => undefined);
  }

  process(handlers: JobHandlers): void {
    if (this.worker !== undefined) throw new Error('The runner already has its handlers.');
    const { policies, logger } = this.options;
    this.workerConnection = connect(this.options.redisUrl, logger, null);
    this.worker = new Worker(this.name, async (job: Job) => {
      const handler = handlers[job.name];
      if (handler === undefined) throw new Error(`No handler for job ${job.name}.`);
      const attempts = job.opts.attempts ?? policyFor(policies, job.name).attempts;
      try {
        await handler(job.data as JobData, { name: job.name, attempt: job.attemptsMade + 1, attempts });
      } catch (error) {
        if (isPermanentFailure(error)) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
        throw error;
      }
    }, {
      connection: this.workerConnection,
      ...this.prefixOption,
      concurrency: Math.max(1, this.options.concurrency ?? 4),
      // BullMQ's defaults (30 s each) left a killed worker's submission blocked for up to a minute and
      // a half; a job is taken over within about fifteen seconds instead.
      lockDuration: this.options.lockDurationMs ?? 10_000,
      stalledInterval: this.options.stalledIntervalMs ?? 5_000,
      maxStalledCount: 3,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: { name: string }) =>
          retryDelay(policyFor(policies, job?.name ?? ''), attemptsMade),
      },
    });
    this.worker.on('failed', (job, error) => {
      const attempts = job?.opts.attempts ?? 1;
      const final = job === undefined || job.attemptsMade >= attempts || error instanceof UnrecoverableError;
      logger?.[final ? 'error' : 'warn']({ job: job?.name, attempt: job?.attemptsMade, err: error.message }, final ? 'job failed for good' : 'job failed; it will be retried');
    });
    this.worker.on('error', (error) => logger?.error({ err: error.message }, 'worker error'));
  }

  async depth(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'paused');
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await Promise.allSettled([this.queueConnection.quit(), this.workerConnection?.quit()]);
  }
}

/** A connection; the worker's has no per-request retry limit, as BullMQ requires of blocking connections. */
function connect(redisUrl: string, logger: Logger | undefined, maxRetriesPerRequest: number | null): Redis {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest });
  // The URL may carry a password: only the error's message is logged.
  connection.on('error', (error: Error) => logger?.warn({ err: error.message }, 'redis connection error'));
  return connection;
}
