/**
 * Retrying, decided once for the whole product: one policy type (attempts, everywhere), one backoff
 * with jitter, and one answer to "can asking again help?". The SII client's own retries, the job
 * runners (submissions, webhooks, Odoo, Slack alerts) and the status polling all use these. Pure:
 * chance comes in as an argument.
 */
import { DteError } from './errors.ts';

/**
 * Waits that grow: the n-th is `min(baseDelayMs × 2^(n−1), maxDelayMs)`, of which the share
 * `jitter` (0 to 1) is drawn at random, so that many workers that failed at the same moment (an SII
 * or Redis coming back) do not come back together. Jitter 1 is "full jitter" (a wait anywhere below
 * the ceiling); 0, or none, waits the ceiling exactly.
 */
export interface Backoff {
  baseDelayMs: number;
  maxDelayMs: number;
  jitter?: number;
}

/** Retries of one kind of work: `attempts` runs in all (the first included; 1 never retries), waiting per the backoff between them. */
export interface RetryPolicy extends Backoff {
  attempts: number;
}

/** The wait before retry `retry` (1 for the first retry, after the first attempt); `random` draws from [0, 1). */
export function backoffDelay(backoff: Backoff, retry: number, random: () => number): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.min(Math.max(0, retry - 1), 30));
  const jitter = Math.min(1, Math.max(0, backoff.jitter ?? 0));
  return Math.floor(ceiling * (1 - jitter * (1 - random())));
}

/**
 * Whether asking again later can help: a DteError says so itself (`retryable`); anything else is an
 * outage or a bug that a later attempt may not meet (a lost database connection), so it is retried
 * later, and the attempts of its policy bound it.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof DteError ? error.retryable : true;
}

/**
 * Whether an HTTP answer is worth asking again for: 408 (timeout), 425 (too early, RFC 8470),
 * 429 (too many requests) and 5xx (the server is failing); any other status will be answered the
 * same way again.
 */
export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}
