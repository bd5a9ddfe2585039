import { CIRCUIT_OPEN, isHostFailure, siiUnavailable } from './sii-errors.ts';

/**
 * A circuit breaker per SII host. After `failureThreshold` consecutive host failures (transport
 * errors, timeouts, 5xx, malformed answers: see isHostFailure) it opens, and calls fail at once with a
 * retryable SII_UNAVAILABLE instead of waiting for timeouts. After `coolDownMs` it lets one call
 * through (half-open): success closes it, failure opens it for another cool-down. Definite answers,
 * rejections included, count as success: the host is alive.
 */
export interface CircuitBreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
}

/** Opens after 5 failures in a row, tries again after 30 s. */
export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: CircuitBreakerOptions = { failureThreshold: 5, coolDownMs: 30_000 };

export type CircuitState = 'closed' | 'open' | 'half-open';

/** The breaker of one host. */
export class CircuitBreaker {
  readonly host: string;
  private readonly options: CircuitBreakerOptions;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | undefined;
  private trialRunning = false;

  constructor(host: string, options: CircuitBreakerOptions, now: () => number) {
    this.host = host;
    this.options = options;
    this.now = now;
  }

  /** The state as of now: open turns half-open once the cool-down has passed. */
  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Runs `operation` unless the breaker is open (or half-open with its one trial under way). */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialRunning)) throw this.openError();
    const trial = state === 'half-open';
    if (trial) this.trialRunning = true;
    try {
      const result = await operation();
      this.recordSuccess();
      return result;
    } catch (error) {
      if (isHostFailure(error)) this.recordFailure();
      else this.recordSuccess();
      throw error;
    } finally {
      if (trial) this.trialRunning = false;
    }
  }

  private recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
  }

  private recordFailure(): void {
    this.failures += 1;
    if (this.openedAt !== undefined || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
  }

  private openError(): Error {
    const retryAt = new Date((this.openedAt ?? this.now()) + this.options.coolDownMs);
    return siiUnavailable(
      `The SII at ${this.host} failed ${this.failures} times in a row; calls to it are paused until ${retryAt.toISOString()}. Try again after that.`,
      { host: this.host, [CIRCUIT_OPEN]: true, retryAt: retryAt.toISOString() },
    );
  }
}

/** The breakers of every host, so that all gateways to one SII host share one breaker. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly options: CircuitBreakerOptions;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER_OPTIONS, now: () => number = Date.now) {
    this.options = options;
    this.now = now;
  }

  /** The breaker of a host (`https://palena.sii.cl`), created closed on first use. */
  forHost(host: string): CircuitBreaker {
    let breaker = this.breakers.get(host);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(host, this.options, this.now);
      this.breakers.set(host, breaker);
    }
    return breaker;
  }
}

let shared: CircuitBreakers | undefined;

/** The process's breakers, with default options and the system clock. */
export function sharedCircuitBreakers(): CircuitBreakers {
  shared ??= new CircuitBreakers();
  return shared;
}
