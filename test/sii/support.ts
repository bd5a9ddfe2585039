import { DteError } from '../../src/core/errors.ts';
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
