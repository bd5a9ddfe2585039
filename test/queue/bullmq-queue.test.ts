import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, it } from 'vitest';
import { createBullmqRunner } from '../../src/queue/index.ts';
import { describeQueueConformance } from './conformance/queue-conformance.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** A prefix of this run's own, so runs never meet and cleaning up removes only this run's keys. */
const PREFIX = `dte-test-${randomUUID()}`;

async function redisReachable(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: string | undefined;
  probe.on('error', (error: Error) => (cause ??= error.message));
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return cause ?? (error instanceof Error ? error.message : String(error));
  } finally {
    probe.disconnect();
  }
}

const unreachable = await redisReachable();

if (unreachable !== undefined) {
  console.warn(`Skipping the BullMQ queue suite: Redis at ${REDIS_URL} is unreachable (${unreachable}).`);
  describe.skip('queue conformance: BullMQ on Redis', () => {
    it('needs Redis on 127.0.0.1:6379', () => undefined);
  });
} else {
  let queues = 0;
  describeQueueConformance('BullMQ on Redis', (policies) => createBullmqRunner({ redisUrl: REDIS_URL, policies, prefix: PREFIX, queueName: `queue-${(queues += 1)}` }));
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });
}
