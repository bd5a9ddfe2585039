import { afterEach, beforeAll, beforeEach } from 'vitest';
import type { SiiGateway } from '../../src/app/ports/sii-gateway.ts';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import type { SigningCertificate } from '../../src/core/certificate.ts';
import { DteError } from '../../src/core/errors.ts';
import { CircuitBreakers } from '../../src/sii/circuit-breaker.ts';
import { createSiiGateway, type SiiClientOptions } from '../../src/sii/sii-client.ts';
import { testCredentials } from '../support/credentials.ts';
import { FakeSii } from './fake-sii.ts';
import type { SiiRuntime } from '../../src/sii/sii-runtime.ts';

/** A runtime whose clock moves only when told to or when the client sleeps; sleeps are recorded. */
export interface ManualRuntime {
  runtime: SiiRuntime;
  sleeps: number[];
  advance(milliseconds: number): void;
}

export function manualRuntime(random: () => number = () => 0.5): ManualRuntime {
  let time = Date.parse('2026-11-20T12:00:00Z');
  const sleeps: number[] = [];
  return {
    runtime: {
      now: () => time,
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
        time += milliseconds;
      },
      random,
    },
    sleeps,
    advance: (milliseconds) => void (time += milliseconds),
  };
}

/** The DteError a synchronous action throws. */
export function errorOf(action: () => unknown): DteError {
  try {
    action();
  } catch (error) {
    if (error instanceof DteError) return error;
    throw error;
  }
  throw new Error('expected a DteError');
}

/** The DteError a promise rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DteError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DteError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

/** Everything an error shows: message, details and the messages of its causes. */
export function everythingShown(error: DteError): string {
  const causes: string[] = [];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) causes.push(cause.message);
  return [error.message, JSON.stringify(error.details), ...causes].join('\n');
}

/** A fake SII per test, a manual clock, and gateways to the one with the test certificate. */
export interface FakeSiiSetup {
  readonly sii: FakeSii;
  readonly clock: ManualRuntime;
  readonly certificate: SigningCertificate;
  gateway(options?: Partial<SiiClientOptions>): SiiGateway;
}

/**
 * Starts a fake SII and a manual clock before each test of the calling suite (stopped after it), and
 * builds gateways over them: `defaults` first, then what a test gives; breakers of their own on the
 * manual clock, failing after `failureThreshold` host failures.
 */
export function useFakeSii(defaults: Partial<SiiClientOptions> = {}, failureThreshold = 50): FakeSiiSetup {
  let certificate: SigningCertificate;
  let sii: FakeSii;
  let clock: ManualRuntime;
  beforeAll(async () => {
    certificate = (await testCredentials()).certificate;
  });
  beforeEach(async () => {
    sii = await new FakeSii().start();
    clock = manualRuntime();
  });
  afterEach(() => sii.close());
  return {
    get sii() { return sii; },
    get clock() { return clock; },
    get certificate() { return certificate; },
    gateway: (options = {}) => createSiiGateway({
      environment: 'local', baseUrl: sii.url, certificate, catalog: siiCodeCatalog(), runtime: clock.runtime,
      circuitBreakers: new CircuitBreakers({ failureThreshold, coolDownMs: 1_000 }, clock.runtime.now),
      ...defaults, ...options,
    }),
  };
}
