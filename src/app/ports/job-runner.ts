/**
 * The port between the service's jobs and whatever runs them: BullMQ on Redis in production, an
 * in-process runner when no Redis is configured. Both honour the same contract, so the job code is
 * one and the conformance suite in test/queue runs against each.
 */
import { backoffDelay, isRetryable, type RetryPolicy } from '../../core/retry.ts';

export type { RetryPolicy } from '../../core/retry.ts';

/** A job's data: plain JSON, because BullMQ stores it in Redis. */
export type JobData = Record<string, unknown>;

/** How to add a job. */
export interface AddOptions {
  /** Milliseconds to wait before the job may run (0: at once). */
  delay?: number;
  /**
   * Deduplication key: at most one job per key waits (waiting, delayed or between retries) and at
   * most one runs. Adding while one waits does nothing; adding while one runs keeps the newest such
   * add and queues it when the running job ends, so work announced during a run is never lost and
   * two jobs with the same key never run at once.
   */
  key?: string;
}

/** What a handler knows about the run it is in. */
export interface JobContext {
  /** The job's name (`submit`, `status`, …). */
  name: string;
  /** This run's number, from 1. */
  attempt: number;
  /** How many runs the job may have in all (its policy's `attempts`). */
  attempts: number;
}

/** Runs one job. A throw is a failed attempt: retried with backoff unless it is permanent. */
export type JobHandler = (data: JobData, context: JobContext) => Promise<void>;

/** Handlers by job name. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** Retry policies by job name, and the one used for names not listed. */
export interface RetryPolicies {
  default: RetryPolicy;
  byName?: Readonly<Record<string, RetryPolicy>>;
}

/**
 * A queue of named jobs. `add` may be called before `process`; jobs wait until handlers exist.
 * Failed jobs are retried per their policy; a permanent failure (see isPermanentFailure) is not.
 */
export interface JobRunner {
  /** Adds a job; resolves once it is recorded (in Redis, or in memory). */
  add(name: string, data: JobData, options?: AddOptions): Promise<void>;
  /** Runs the job of `key` now if it is waiting out a delay (an envelope filled up early). */
  promote(key: string): Promise<void>;
  /** Starts running jobs with these handlers; called once. */
  process(handlers: JobHandlers): void;
  /** Jobs not yet finished: waiting, delayed or between retries (not the running ones). */
  depth(): Promise<number>;
  /** Stops taking jobs and waits for the running ones; jobs not run stay queued (BullMQ) or are dropped (in-process). */
  close(): Promise<void>;
}

/**
 * Whether a handler's error ends the job without retries: one that is not retryable (core/retry.ts:
 * the SII refused for good, a receiver answered 4xx, the job's data is unusable).
 */
export function isPermanentFailure(error: unknown): boolean {
  return !isRetryable(error);
}

/** The policy of a job name. */
export function policyFor(policies: RetryPolicies, name: string): RetryPolicy {
  return policies.byName?.[name] ?? policies.default;
}

/** Milliseconds before retry number `retry` (1 for the first retry): the one backoff (core/retry.ts), with the policy's jitter. */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  return backoffDelay(policy, retry, random);
}
