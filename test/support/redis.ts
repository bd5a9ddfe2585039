import { Redis } from 'ioredis';

/** The Redis of CI and of this machine. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Why Redis cannot be used, or undefined when it can. */
export async function redisUnreachable(): Promise<string | undefined> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? undefined : 'Redis did not answer PING.';
  } catch (error) {
    return `Redis at ${TEST_REDIS_URL} is not reachable (${error instanceof Error ? error.message : String(error)}).`;
  } finally {
    redis.disconnect();
  }
}
