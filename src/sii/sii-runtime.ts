import { setTimeout as delay } from 'node:timers/promises';

/**
 * What the SII client needs of time and chance, passed in so that tests of retries, backoff, jitter,
 * token expiry and the circuit breaker are fast and deterministic.
 */
export interface SiiRuntime {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `milliseconds`; rejects when `signal` aborts. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1), for the jitter of backoff delays. */
  random(): number;
}

/** The real clock, timers and Math.random. */
export const systemRuntime: SiiRuntime = {
  now: () => Date.now(),
  sleep: (milliseconds, signal) => delay(milliseconds, undefined, signal === undefined ? undefined : { signal }),
  random: () => Math.random(),
};
