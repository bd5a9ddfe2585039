import { describe, expect, it } from 'vitest';
import { runFaultSuite } from '../../faults/fault-suite.ts';
import { postgresUnreachable } from '../support/postgres.ts';
import { redisUnreachable } from '../support/redis.ts';
import { skipping } from '../support/skip-reason.ts';

/**
 * The short run of the fault suite that CI makes (README shows a long run's figures), with two
 * instances on one database and queue, so each kill leaves the other to take over its jobs.
 */
const unreachable = (await postgresUnreachable()) ?? (await redisUnreachable());

describe.skipIf(skipping('the fault suite', unreachable))('the fault suite, short run', () => {
  it('loses nothing, reuses or skips no folio, accepts or rejects nothing falsely and leaves nothing stuck', async () => {
    const report = await runFaultSuite({
      documents: 40, instances: 2, kills: 2, outages: true, outageMs: 1_500, siiErrorRate: 0.15, siiMalformedRate: 0.1, timeLimitMs: 150_000,
    });
    expect(report).toMatchObject({
      acknowledged: 40, instances: 2, kills: 2, redisOutages: 1, postgresOutages: 1,
      lost: 0, foliosReused: 0, foliosSkipped: 0, falselyAccepted: 0, falselyRejected: 0, stuck: 0,
    });
  }, 200_000);
});
