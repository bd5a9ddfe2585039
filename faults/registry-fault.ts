/**
 * The registry's fault case (`runRegistryFault`): the service in a process of its own on PostgreSQL and
 * Redis, its registry poll asking every `pollMs`, and the local SII in another process. A factura is
 * issued with a callback URL and accepted; the receiver claims it on the SII's site; the service is killed
 * with SIGKILL `kills` times while its poll runs, and started again each time. Then the suite counts, against
 * the database and the webhook receiver: the claim stored once, and `document.claimed` told once (one delivery
 * id; a repeated delivery of the same id after a crash is the webhook's at-least-once, counted apart).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { demoCredentialsDirectory, ensureTestCredentials } from '../src/local/demo-company.ts';
import { signLocalToken } from '../src/tokens/local-token.ts';
import { sampleRequest } from '../test/support/requests.ts';
import { startProcess, stopProcess, type Started } from './processes.ts';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const COMPANY = '76192083-9';

export interface RegistryFaultReport {
  kills: number;
  receiverStatus: string | null;
  /** Stored RCD events of the document: must be 1. */
  claimsStored: number;
  /** Distinct delivery ids of document.claimed: must be 1. */
  claimsTold: number;
  /** Deliveries of document.claimed, repeats of one id included. */
  claimDeliveries: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRegistryFault(options: { kills: number; pollMs: number; timeLimitMs: number }): Promise<RegistryFaultReport> {
  const started = Date.now();
  const database = `dte_regfault_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dataDirectory = mkdtempSync(join(tmpdir(), 'dte-regfault-'));
  const prefix = `regfault-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  const deliveries: Array<{ id: string | undefined; event: unknown }> = [];
  const hooks: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const header = request.headers['x-dte-delivery'] ?? request.headers['x-delivery-id'];
      const parsed = JSON.parse(body) as { event?: unknown; deliveryId?: string; id?: string };
      deliveries.push({ id: (typeof header === 'string' ? header : undefined) ?? parsed.deliveryId ?? parsed.id, event: parsed.event });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  await ensureTestCredentials(dataDirectory, COMPANY, new Date());
  const sii = await startProcess(['src/cli/main.ts', 'sii-sim', '--port', '0', '--step-ms', '20', '--authority', demoCredentialsDirectory(dataDirectory, COMPANY)], {});
  const environment = {
    DATABASE_URL: `${POSTGRES}/${database}`, REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: secret, DATA_DIR: dataDirectory, PORT: '0',
    SII_URL: sii.url, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', ENVELOPE_MAX_WAIT_MS: '100', FAULTS_QUEUE_PREFIX: prefix,
    MASTER_KEY: Buffer.alloc(32, 5).toString('base64'), CALLBACK_ALLOW_PRIVATE: 'true', FAULTS_REGISTRY_POLL_MS: String(options.pollMs),
  };
  const client = new pg.Client({ connectionString: `${POSTGRES}/${database}` });
  let service: Started | undefined;
  const report: RegistryFaultReport = { kills: 0, receiverStatus: null, claimsStored: 0, claimsTold: 0, claimDeliveries: 0 };
  try {
    service = await startProcess(['faults/service-process.ts'], environment);
    await client.connect();
    const { token } = await signLocalToken({ secret, subject: 'faults', role: 'issuer', companies: [COMPANY], ttlSeconds: 3_600, now: new Date() });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${service!.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
    };
    const callbackUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    const issued = await call('POST', '/v1/documents', { ...sampleRequest(33), callbackUrl });
    if (issued.status !== 201) throw new Error(`the factura was not issued: ${issued.status}`);
    const id = String(issued.json.id);
    const folio = Number(issued.json.folio);
    const events = async () => (await call('GET', `/v1/documents/${id}/events`)).json;
    while ((await events().catch((): Record<string, unknown> => ({}))).lastPolledAt == null && Date.now() - started < options.timeLimitMs) await pause(100);
    const site = await fetch(`${sii.url}/admin/registry/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rutEmisor: COMPANY, tipoDoc: 33, folio, accionDoc: 'RCD' }) });
    if (site.status !== 201) throw new Error(`the local SII refused the claim: ${site.status}`);
    // Killed while the poll runs: a kill every poll interval, from the moment the claim is at the SII.
    for (let kill = 0; kill < options.kills; kill += 1) {
      await pause(options.pollMs + kill * 37);
      await stopProcess(service.child, true);
      report.kills += 1;
      service = await startProcess(['faults/service-process.ts'], environment);
    }
    while (Date.now() - started < options.timeLimitMs) {
      const view = await events().catch(() => ({} as Record<string, unknown>));
      report.receiverStatus = (view.receiverStatus as string | null | undefined) ?? null;
      if (report.receiverStatus === 'claimed' && deliveries.some((delivery) => delivery.event === 'document.claimed')) break;
      await pause(100);
    }
    // More rounds pass after the claim was told: none tells it again.
    await pause(options.pollMs * 4);
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM registry_events WHERE document_id = $1 AND code = 'RCD'", [id]);
    report.claimsStored = Number(rows[0]!.n);
    const claims = deliveries.filter((delivery) => delivery.event === 'document.claimed');
    report.claimDeliveries = claims.length;
    report.claimsTold = new Set(claims.map((delivery, index) => delivery.id ?? `unnamed-${index}`)).size;
    return report;
  } finally {
    if (service !== undefined) await stopProcess(service.child);
    await stopProcess(sii.child);
    await client.end().catch(() => undefined);
    await new Promise((resolve) => hooks.close(resolve));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}
