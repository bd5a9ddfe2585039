import { describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { backoffDelay, isRetryable, isRetryableHttpStatus } from '../../src/core/retry.ts';

describe('the one backoff', () => {
  const backoff = { baseDelayMs: 100, maxDelayMs: 500 };

  it('grows exponentially to its cap, exactly without jitter', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(backoff, retry, () => 0))).toEqual([100, 200, 400, 500, 500]);
  });

  it('draws the share `jitter` of each wait at random, below the ceiling', () => {
    const jittered = { ...backoff, jitter: 0.2 };
    expect(backoffDelay(jittered, 3, () => 0)).toBe(320);
    expect(backoffDelay(jittered, 3, () => 0.999)).toBe(399);
    expect(backoffDelay({ ...backoff, jitter: 1 }, 3, () => 0.25)).toBe(100);
  });
});

describe('whether asking again can help', () => {
  it('follows a DteError\'s own word, and retries anything else later', () => {
    expect(isRetryable(new DteError('SII_UNAVAILABLE', 'down', { retryable: true }))).toBe(true);
    expect(isRetryable(new DteError('SII_REJECTED', 'no', { retryable: false }))).toBe(false);
    expect(isRetryable(new Error('connection reset'))).toBe(true);
  });

  it('retries HTTP 408, 425, 429 and 5xx, and no other status', () => {
    expect([408, 425, 429, 500, 503, 599].every(isRetryableHttpStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 409, 422].some(isRetryableHttpStatus)).toBe(false);
  });
});
