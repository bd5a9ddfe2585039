import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';
import { freshDatabase, postgresUnreachable } from '../support/postgres.ts';
import { sampleRequest } from '../support/requests.ts';
import { startTcpProxy, type TcpProxy } from '../../faults/tcp-proxy.ts';
import { skipping } from '../support/skip-reason.ts';

/**
 * Issue 8 §2: PostgreSQL goes away under load (every connection reset, new ones refused, through a
 * TCP proxy), then comes back. The service must not exit, must answer 503 DATABASE_UNAVAILABLE with
 * Retry-After meanwhile and say so in /readyz, and must resume by itself.
 */
const unreachable = await postgresUnreachable();
let embedded: EmbeddedService;
let proxy: TcpProxy;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let url: string;
let token: string;

async function issue(): Promise<Response> {
  return fetch(`${url}/v1/documents`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(sampleRequest(33)),
  });
}

describe.skipIf(skipping('the PostgreSQL outage suite', unreachable))('a PostgreSQL outage', () => {
  beforeAll(async () => {
    database = await freshDatabase();
    proxy = await startTcpProxy(Number(new URL(database.url()).port || 5432));
    embedded = await startEmbeddedService({
      ENVELOPE_MAX_WAIT_MS: '50', DATABASE_URL: database.url(proxy.port), JWT_SECRET: 'outage-test-secret-outage-test-secret',
    });
    url = embedded.url;
    token = await embedded.token('issuer');
  }, 60_000);

  afterAll(async () => {
    await embedded?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 with Retry-After while it lasts, reports it in /readyz, and resumes by itself', async () => {
    expect((await issue()).status).toBe(201);
    // Load in flight when the database goes away.
    const inFlight = Array.from({ length: 20 }, () => issue());
    proxy.cut();
    const during = await Promise.all([...inFlight, ...Array.from({ length: 10 }, () => issue())]);
    const statuses = during.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
    const refused = during.filter((response) => response.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await response.json()) as { code: string }).code).toBe('DATABASE_UNAVAILABLE');
    }
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    const checks = ((await ready.json()) as { checks: Array<{ name: string; ok: boolean }> }).checks;
    expect(checks.find((check) => check.name === 'database')?.ok).toBe(false);
    proxy.restore();
    let after = 0;
    for (let attempt = 0; attempt < 100 && after !== 201; attempt += 1) {
      after = (await issue()).status;
      if (after !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(after).toBe(201);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  }, 60_000);
});
