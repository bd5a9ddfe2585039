import { describe, expect, it } from 'vitest';
import { runRegistryFault } from '../../faults/registry-fault.ts';
import { postgresUnreachable } from '../support/postgres.ts';
import { redisUnreachable } from '../support/redis.ts';
import { skipping } from '../support/skip-reason.ts';

/** The registry poll under kill -9 and restarts (issue 17): the claim is stored once and told once. */
const unreachable = (await postgresUnreachable()) ?? (await redisUnreachable());

describe.skipIf(skipping('the registry fault case', unreachable))('the registry poll under kill -9', () => {
  it('loses no claim and tells it once after the worker is killed during polls and restarted', async () => {
    const report = await runRegistryFault({ kills: 2, pollMs: 400, timeLimitMs: 150_000 });
    expect(report).toMatchObject({ kills: 2, receiverStatus: 'claimed', claimsStored: 1, claimsTold: 1 });
    expect(report.claimDeliveries).toBeGreaterThanOrEqual(1);
  }, 200_000);
});
