import { DteError } from '../core/errors.ts';
import { isCancelled, isCircuitOpen, isRetryLater } from './sii-errors.ts';
import type { SiiRuntime } from './sii-runtime.ts';

/**
 * Retries with exponential backoff and full jitter: before retry n (1-based) the client waits a
 * random time in [0, min(maxDelayMs, baseDelayMs × 2^(n−1))). Full jitter spreads the retries of many
 * workers that failed at the same moment, so they do not hit a recovering SII together.
 */
export interface CallRetryPolicy {
  /** Retries after the first attempt (0: try once). */
  retries: number;
  /** The ceiling of the first delay. */
  baseDelayMs: number;
  /** The largest ceiling any delay can have. */
  maxDelayMs: number;
}

/** Four attempts in all, waiting up to 0.5 s, 1 s and 2 s between them. */
export const DEFAULT_RETRY_POLICY: CallRetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/** The wait before retry `retry` (1-based): full jitter over the exponential ceiling. */
export function backoffDelay(retry: number, policy: CallRetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Whether an error is worth retrying at once: a DteError marked retryable that is neither the fail
 * fast of an open circuit breaker (the host is known to be down), nor a cancellation, nor one that
 * asks for a much later retry. Anything that is not a DteError is a bug and is not retried.
 */
export function shouldRetry(error: unknown): boolean {
  return error instanceof DteError && error.retryable && !isCircuitOpen(error) && !isCancelled(error) && !isRetryLater(error);
}

/**
 * Runs `operation` until it succeeds, fails with an error not worth retrying, or the retries run out;
 * then the last error is thrown as it was. The attempt number (1-based) is passed in.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  policy: CallRetryPolicy,
  runtime: SiiRuntime,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt > policy.retries || !shouldRetry(error) || signal?.aborted === true) throw error;
      await runtime.sleep(backoffDelay(attempt, policy, runtime.random), signal).catch(() => {
        throw error;
      });
    }
  }
}
