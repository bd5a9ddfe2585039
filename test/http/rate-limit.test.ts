import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestApp, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp | undefined;

afterEach(() => test?.close());

describe('rate limits', () => {
  it('answers 429 with Retry-After once a token has used its requests, per token subject', async () => {
    test = await createTestApp({ config: { rateLimitPerMinute: 3 } });
    const first = await tokenFor('viewer', undefined, { subject: 'first' });
    const second = await tokenFor('viewer', undefined, { subject: 'second' });
    const list = (token: string) => test!.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${token}` } });
    for (let count = 0; count < 3; count += 1) expect((await list(first)).statusCode).toBe(200);
    const limited = await list(first);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(problemOf(limited)).toMatchObject({ code: 'RATE_LIMITED', status: 429, detail: expect.stringContaining('at most 3 a minute') });
    // Another subject has its own allowance; public routes are not limited.
    expect((await list(second)).statusCode).toBe(200);
    expect((await test.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(test.documents.callsOf('list')).toHaveLength(4);
  });

  it('counts requests without a valid token by IP address, so guessing tokens is limited too', async () => {
    test = await createTestApp({ config: { rateLimitPerMinute: 2 } });
    const statuses: number[] = [];
    for (let count = 0; count < 3; count += 1) {
      const response = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: 'Bearer guess' } });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('is off when the limit is 0', async () => {
    test = await createTestApp({ config: { rateLimitPerMinute: 0 } });
    const token = await tokenFor('viewer');
    for (let count = 0; count < 5; count += 1) {
      const response = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('rate limits shared in Redis', () => {
  const apps: TestApp[] = [];
  let redis: Redis | undefined;
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await redis?.quit().catch(() => undefined);
  });

  it('count one token across every instance of the API', async (context) => {
    redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
    const reachable = await redis.connect().then(() => redis!.ping(), () => undefined);
    // Reported as skipped, not passed, when there is no Redis to share the counts.
    if (reachable !== 'PONG') context.skip('Redis on 127.0.0.1:6379 is not reachable: not testing shared rate limits.');
    apps.push(await createTestApp({ config: { rateLimitPerMinute: 4 }, rateLimitStore: redis }), await createTestApp({ config: { rateLimitPerMinute: 4 }, rateLimitStore: redis }));
    const token = await tokenFor('viewer', undefined, { subject: `shared-${randomUUID()}` });
    const statuses: number[] = [];
    for (let count = 0; count < 6; count += 1) {
      const app = apps[count % 2]!.app;
      statuses.push((await app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${token}` } })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
