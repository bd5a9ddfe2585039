import { afterEach, expect, it } from 'vitest';
import { DteError } from '../../../src/core/errors.ts';
import type { JobData, JobRunner } from '../../../src/app/ports/index.ts';
import { pause, TEST_POLICIES, waitFor, type RunnerFactory } from '../support/queue-world.ts';

/** The JobRunner contract itself: retries, permanent failures, deduplication keys, promotion. */
export function runnerTests(createRunner: RunnerFactory): void {
  const runners: JobRunner[] = [];
  const open = (): JobRunner => {
    const runner = createRunner(TEST_POLICIES);
    runners.push(runner);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
  });

  it('retries a failing job with growing waits and stops at once on a permanent failure', async () => {
    const runner = open();
    const attempts: { name: string; attempt: number; at: number }[] = [];
    runner.process({
      flaky: async (_data, context) => {
        attempts.push({ name: 'flaky', attempt: context.attempt, at: Date.now() });
        if (context.attempt < 3) throw new Error('not yet');
      },
      refused: async (_data, context) => {
        attempts.push({ name: 'refused', attempt: context.attempt, at: Date.now() });
        throw new DteError('JOB_INVALID', 'no');
      },
      final: async (_data, context) => {
        attempts.push({ name: 'final', attempt: context.attempt, at: Date.now() });
        throw new DteError('SII_REJECTED', 'refused for good');
      },
    });
    await runner.add('flaky', {});
    await runner.add('refused', {});
    await runner.add('final', {});
    await waitFor(async () => (attempts.filter((entry) => entry.name === 'flaky').length === 3 ? true : undefined), 'three attempts');
    await pause(150);
    const flaky = attempts.filter((entry) => entry.name === 'flaky');
    expect(flaky.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    // The default policy: 20 ms, then 40 ms.
    expect((flaky[1]?.at ?? 0) - (flaky[0]?.at ?? 0)).toBeGreaterThanOrEqual(15);
    expect((flaky[2]?.at ?? 0) - (flaky[1]?.at ?? 0)).toBeGreaterThanOrEqual(35);
    expect(attempts.filter((entry) => entry.name !== 'flaky').map((entry) => entry.name).sort()).toEqual(['final', 'refused']);
  });

  it('keeps one waiting job per key, and queues an add made during a run for after it', async () => {
    const runner = open();
    const runs: JobData[] = [];
    let running = 0;
    let overlapped = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    runner.process({
      keyed: async (data) => {
        running += 1;
        overlapped ||= running > 1;
        runs.push(data);
        if (data.round === 1) await gate;
        running -= 1;
      },
    });
    await runner.add('keyed', { round: 1 }, { key: 'k' });
    await waitFor(async () => (runs.length === 1 ? true : undefined), 'the first run');
    await runner.add('keyed', { round: 2 }, { key: 'k' });
    await runner.add('keyed', { round: 3 }, { key: 'k' });
    release();
    await waitFor(async () => (runs.length === 2 ? true : undefined), 'the second run');
    await pause(100);
    expect(runs.map((data) => data.round)).toEqual([1, 3]);
    expect(overlapped).toBe(false);
    await runner.add('keyed', { round: 4 }, { key: 'k', delay: 60 });
    await runner.add('keyed', { round: 5 }, { key: 'k' });
    await waitFor(async () => (runs.length === 3 ? true : undefined), 'the delayed run');
    await pause(80);
    expect(runs.map((data) => data.round)).toEqual([1, 3, 4]);
  });

  it('runs a delayed job early when promoted, and counts waiting jobs', async () => {
    const runner = open();
    const runs: number[] = [];
    await runner.add('late', { n: 1 }, { key: 'late', delay: 5_000 });
    expect(await runner.depth()).toBe(1);
    runner.process({ late: async () => void runs.push(Date.now()) });
    const promoted = Date.now();
    await runner.promote('late');
    await waitFor(async () => (runs.length === 1 ? true : undefined), 'the promoted run', 2_000);
    expect((runs[0] ?? 0) - promoted).toBeLessThan(1_000);
    expect(await runner.depth()).toBe(0);
  });
}
