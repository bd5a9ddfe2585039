import { DteError } from '../core/errors.ts';
import { backoffDelay, isRetryable, type RetryPolicy } from '../core/retry.ts';
import { isCancelled, isCircuitOpen, isRetryLater } from './sii-errors.ts';
import type { SiiRuntime } from './sii-runtime.ts';

/**
 * Four attempts in all, with full jitter (jitter 1: before retry n a random wait below
 * min(maxDelayMs, baseDelayMs × 2^(n−1))): up to 0.5 s, 1 s and 2 s between them. Full jitter spreads
 * the retries of many workers that failed at the same moment, so they do not hit a recovering SII
 * together.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, jitter: 1 };

/**
 * Whether an error is worth retrying at once, within one call: a retryable DteError (core/retry.ts)
 * that is neither the fail fast of an open circuit breaker (the host is known to be down), nor a
 * cancellation, nor one that asks for a much later retry. Anything that is not a DteError is a bug
 * of this client, which an immediate retry would only repeat: the caller's own retries decide.
 */
export function shouldRetry(error: unknown): boolean {
  return error instanceof DteError && isRetryable(error) && !isCircuitOpen(error) && !isCancelled(error) && !isRetryLater(error);
}

/**
 * Runs `operation` until it succeeds, fails with an error not worth retrying, or its attempts run
 * out; then the last error is thrown as it was. The attempt number (1-based) is passed in.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  runtime: SiiRuntime,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !shouldRetry(error) || signal?.aborted === true) throw error;
      await runtime.sleep(backoffDelay(policy, attempt, runtime.random), signal).catch(() => {
        throw error;
      });
    }
  }
}
