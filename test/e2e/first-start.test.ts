import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createService, type Service } from '../../src/service.ts';
import { freshDatabase, postgresUnreachable } from '../support/postgres.ts';
import { redisUnreachable } from '../support/redis.ts';
import { sampleRequest } from '../support/requests.ts';
import { skipping } from '../support/skip-reason.ts';

/**
 * Issue 8 §7: several instances started at once on a fresh database (local mode) must agree on one
 * test authority and register the demo company once and whole, with a shared DATA_DIR or each with
 * its own, so that every instance signs at once (a CAF its trusted authority did not sign is
 * refused, CAF_UNTRUSTED). Instances share PostgreSQL and Redis, as several instances must.
 */
const unreachable = (await postgresUnreachable()) ?? (await redisUnreachable());
const DEMO = '76192083-9';
const services: Service[] = [];
const directories: string[] = [];
const databases: Array<Awaited<ReturnType<typeof freshDatabase>>> = [];

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
  for (const database of databases) await database.drop();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

async function startTogether(count: number, sharedDirectory: boolean): Promise<Service[]> {
  const database = await freshDatabase();
  databases.push(database);
  const shared = mkdtempSync(join(tmpdir(), 'dte-first-start-'));
  directories.push(shared);
  const started = await Promise.all(Array.from({ length: count }, async () => {
    const directory = sharedDirectory ? shared : mkdtempSync(join(tmpdir(), 'dte-first-start-'));
    if (!sharedDirectory) directories.push(directory);
    const config = loadConfig({
      DATA_DIR: directory, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ENVELOPE_MAX_WAIT_MS: '50', DEMO_COMPANY_RUT: DEMO,
      DATABASE_URL: database.url(), REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: 'first-start-secret-first-start-secret',
      MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    return createService(config, {
      logger: createLogger({ level: 'silent' }), simulatorStepMs: 10, queuePrefix: `first-start-${database.name}`,
      submission: { statusFirstDelayMs: 50, statusMaxDelayMs: 200 },
    });
  }));
  services.push(...started);
  return started;
}

/** Starts an instance's API and issues a factura: it signs only with CAFs its trusted authority signed. */
const urls = new Map<Service, string>();

async function issue(service: Service): Promise<number> {
  const url = await service.start();
  urls.set(service, url);
  const token = (await service.localToken({ subject: 'odoo', role: 'issuer', companies: [DEMO], ttlSeconds: 600, now: new Date() }))!;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const issued = await fetch(`${url}/v1/documents`, { method: 'POST', headers, body: JSON.stringify(sampleRequest(33)) });
  return issued.status;
}

/** What the demo company has at the end: folios per type (each from one CAF) and whether it has a certificate. */
async function demoCompany(service: Service): Promise<{ types: number[] }> {
  const url = urls.get(service)!;
  const token = (await service.localToken({ subject: 'admin', role: 'admin', companies: [DEMO], ttlSeconds: 600, now: new Date() }))!;
  const { folios } = (await (await fetch(`${url}/v1/companies/${DEMO}/folios`, { headers: { authorization: `Bearer ${token}` } })).json()) as { folios: Array<{ type: number; cafs: number }> };
  return { types: folios.filter((entry) => entry.cafs === 1).map((entry) => entry.type).sort((left, right) => left - right) };
}

describe.skipIf(skipping('instances started together on PostgreSQL', unreachable))('instances started together on a fresh database', () => {
  it('each with its own DATA_DIR: one authority, the demo company registered once and whole, every instance signs', async () => {
    const started = await startTogether(3, false);
    expect(started.filter((service) => service.demoCreated)).toHaveLength(1);
    expect(await Promise.all(started.map(issue))).toEqual([201, 201, 201]);
    expect(await demoCompany(started[0]!)).toEqual({ types: [33, 34, 39, 41, 52, 56, 61] });
  }, 120_000);

  it('sharing one DATA_DIR: the same', async () => {
    const started = await startTogether(3, true);
    expect(started.filter((service) => service.demoCreated)).toHaveLength(1);
    expect(await Promise.all(started.map(issue))).toEqual([201, 201, 201]);
    expect(await demoCompany(started[1]!)).toEqual({ types: [33, 34, 39, 41, 52, 56, 61] });
  }, 120_000);
});
