import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createService, type Service } from '../../src/service.ts';

/** The service started with METRICS_PORT and METRICS_TOKEN, as an operator would run it. */
const METRICS_TOKEN = 'a-metrics-token-for-prometheus';
let service: Service;
let url: string;
let metricsUrl: string;
let directory: string;

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'dte-metrics-'));
  const metricsPort = await freePort();
  const config = loadConfig({ DATA_DIR: directory, PORT: '0', METRICS_PORT: String(metricsPort), METRICS_TOKEN });
  service = await createService(config, { logger: createLogger({ level: 'silent' }) });
  url = await service.start();
  metricsUrl = `http://127.0.0.1:${metricsPort}`;
}, 60_000);

afterAll(async () => {
  await service?.close();
  rmSync(directory, { recursive: true, force: true });
});

it('serves the metrics on METRICS_PORT behind METRICS_TOKEN, and none on the API port', async () => {
  const admin = (await service.localToken({ subject: 'ops', role: 'admin', companies: ['76192083-9'], ttlSeconds: 600, now: new Date() }))!;
  expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(404);
  expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
  const scraped = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toMatch(/dte_folios_left\{company="76192083-9",type="33"\} \d+/);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
});
