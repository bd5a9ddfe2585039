/**
 * The fault suite (`npm run faults`): the service in a process of its own on PostgreSQL and Redis,
 * each behind a TCP proxy the suite can cut, and the local SII in another process with its faults
 * (5xx, unreadable answers: lost upload answers). Documents are issued as an ERP would (each with its
 * Idempotency-Key, retried until acknowledged) while the service is killed with SIGKILL mid-upload,
 * Redis and PostgreSQL are cut and restored; then everything is healed, the queue drains, and the
 * suite counts what must be zero against the database and the SII's own record. With `instances` > 1
 * several copies of the service share the database and the queue (as deploy/compose.yaml scales
 * them): requests go round the instances, and the kills go round them too, so jobs a killed worker
 * held are taken over by the others. Loopback only, and bounded in count and time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { demoCredentialsDirectory, ensureTestCredentials } from '../src/local/demo-company.ts';
import { signLocalToken } from '../src/tokens/local-token.ts';
import { startProcess, stopProcess, type Started } from './processes.ts';
import { startTcpProxy } from './tcp-proxy.ts';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const REDIS_PORT = 6379;
const COMPANY = '76192083-9';
const FINAL = ['accepted', 'accepted_with_repairs', 'rejected'];

/** How hard a run is. */
export interface FaultOptions {
  documents: number;
  /** Copies of the service on one database and queue (default 1). */
  instances?: number;
  /** SIGKILLs of the service, spread over the issuing (round the instances). */
  kills: number;
  /** Instead of spreading them by count: a kill every this many milliseconds while issuing (up to `kills`). */
  killEveryMs?: number;
  /** Whether Redis and PostgreSQL are each cut once, for `outageMs`. */
  outages: boolean;
  outageMs: number;
  /** Share of the local SII's answers that are 5xx, and that are unreadable (lost upload answers). */
  siiErrorRate: number;
  siiMalformedRate: number;
  /** The whole run gives up after this. */
  timeLimitMs: number;
}

/** What a run counts; every figure but the first four and the times must be zero. */
export interface FaultReport {
  acknowledged: number;
  instances: number;
  kills: number;
  redisOutages: number;
  postgresOutages: number;
  lost: number;
  /** Folios the SII received with another document than the first (DTE-3-101). */
  foliosReused: number;
  foliosSkipped: number;
  falselyAccepted: number;
  falselyRejected: number;
  stuck: number;
  /** Documents the SII holds under more than one envelope (a second upload that changed nothing). */
  sentTwice: number;
  /** Seconds from the last kill's restart to the first upload the SII received afterwards. */
  firstUploadAfterRestartSeconds: number | null;
  /** Seconds from the moment every fault stopped to a drained queue (every document final). */
  drainSeconds: number;
}

export async function runFaultSuite(options: FaultOptions): Promise<FaultReport> {
  const started = Date.now();
  const database = `dte_faults_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dataDirectory = mkdtempSync(join(tmpdir(), 'dte-faults-'));
  const prefix = `faults-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  const postgresProxy = await startTcpProxy(5432);
  const redisProxy = await startTcpProxy(REDIS_PORT);
  await ensureTestCredentials(dataDirectory, COMPANY, new Date());
  const sii = await startProcess(['src/cli/main.ts', 'sii-sim', '--port', '0', '--step-ms', '20', '--authority', demoCredentialsDirectory(dataDirectory, COMPANY)], {});
  const environment = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${postgresProxy.port}/${database}`, REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
    JWT_SECRET: secret, DATA_DIR: dataDirectory, PORT: '0', SII_URL: sii.url, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent',
    ENVELOPE_MAX_DOCUMENTS: '25', ENVELOPE_MAX_WAIT_MS: '100', FAULTS_QUEUE_PREFIX: prefix, MASTER_KEY: Buffer.alloc(32, 5).toString('base64'),
  };
  const instances = Math.max(1, Math.floor(options.instances ?? 1));
  // One at a time: a first start creates the schema and the demo company (safe together too, but a
  // kill test is not the place to measure that; test/e2e/first-start.test.ts does).
  const services: Started[] = [];
  let turn = 0;
  const nextUrl = (): string => services[turn++ % instances]!.url;
  const client = new pg.Client({ connectionString: `${POSTGRES}/${database}` });
  await client.connect();
  const { token } = await signLocalToken({ secret, subject: 'faults', role: 'issuer', companies: [COMPANY], ttlSeconds: 3_600, now: new Date() });
  const report: FaultReport = {
    acknowledged: 0, instances, kills: 0, redisOutages: 0, postgresOutages: 0, lost: 0, foliosReused: 0, foliosSkipped: 0,
    falselyAccepted: 0, falselyRejected: 0, stuck: 0, sentTwice: 0, firstUploadAfterRestartSeconds: null, drainSeconds: 0,
  };
  const acknowledged = new Set<string>();
  try {
    for (let index = 0; index < instances; index += 1) services.push(await startProcess(['faults/service-process.ts'], environment));
    await setSiiFaults(sii.url, { serverErrorRate: options.siiErrorRate, malformedRate: options.siiMalformedRate });
    const killEvery = Math.max(1, Math.floor(options.documents / (options.kills + 1)));
    let lastRestart = 0;
    let envelopesAtRestart = 0;
    for (let index = 0; index < options.documents && Date.now() - started < options.timeLimitMs; index += 1) {
      const id = await issueUntilAcknowledged(nextUrl, token, `doc-${index}`, started + options.timeLimitMs);
      if (id !== undefined) acknowledged.add(id);
      const due = options.killEveryMs === undefined
        ? index > 0 && index % killEvery === 0
        : Date.now() - (lastRestart || started) >= options.killEveryMs;
      if (report.kills < options.kills && due) {
        // Mid-upload: the queue gathers for 100 ms, so uploads are under way most of the time.
        await new Promise((resolve) => setTimeout(resolve, 150));
        const victim = report.kills % instances;
        await stopProcess(services[victim]!.child, true);
        report.kills += 1;
        services[victim] = await startProcess(['faults/service-process.ts'], environment);
        lastRestart = Date.now();
        envelopesAtRestart = (await siiEnvelopes(sii.url)).length;
      }
      if (options.outages && index === Math.floor(options.documents / 3)) {
        redisProxy.cut();
        report.redisOutages += 1;
        await new Promise((resolve) => setTimeout(resolve, options.outageMs));
        redisProxy.restore();
      }
      if (options.outages && index === Math.floor((2 * options.documents) / 3)) {
        postgresProxy.cut();
        report.postgresOutages += 1;
        await new Promise((resolve) => setTimeout(resolve, options.outageMs));
        postgresProxy.restore();
      }
    }
    report.acknowledged = acknowledged.size;
    await setSiiFaults(sii.url, { serverErrorRate: 0, malformedRate: 0 });
    const healed = Date.now();
    if (lastRestart > 0) {
      for (let wait = 0; wait < 600; wait += 1) {
        if ((await siiEnvelopes(sii.url)).length > envelopesAtRestart) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      report.firstUploadAfterRestartSeconds = (Date.now() - lastRestart) / 1000;
    }
    while (Date.now() - started < options.timeLimitMs) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM documents WHERE state <> ALL($1::text[])', [FINAL]);
      if (Number(rows[0]!.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    report.drainSeconds = (Date.now() - healed) / 1000;
    await count(report, client, acknowledged, await siiEnvelopes(sii.url));
    return report;
  } finally {
    for (const service of services) await stopProcess(service.child);
    await stopProcess(sii.child);
    await client.end().catch(() => undefined);
    await postgresProxy.close();
    await redisProxy.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const redis = new Redis(`redis://127.0.0.1:${REDIS_PORT}`);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

/** The SII's envelopes, with what it decided of each document. */
interface SiiEnvelope {
  trackId: number;
  verdict?: { documents: Array<{ TipoDTE: number; Folio: number; outcome: 'ACE' | 'RPR' | 'RCH'; errors?: Array<{ SECCION: string; NIVEL: number; CODIGO: string }> }> };
}

async function siiEnvelopes(url: string): Promise<SiiEnvelope[]> {
  return (await (await fetch(`${url}/admin/envelopes`)).json()) as SiiEnvelope[];
}

async function setSiiFaults(url: string, faults: Record<string, number>): Promise<void> {
  const response = await fetch(`${url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`The local SII refused the faults: ${response.status}`);
}

/** Issues one document as an ERP does: the same Idempotency-Key until the service acknowledges it. */
async function issueUntilAcknowledged(url: () => string, token: string, key: string, deadline: number): Promise<string | undefined> {
  const body = JSON.stringify({
    Encabezado: {
      IdDoc: { TipoDTE: 33, FmaPago: 1 },
      Emisor: { RUTEmisor: COMPANY, RznSoc: 'EMPRESA DE PRUEBA', GiroEmis: 'Servicios', Acteco: [620200], DirOrigen: 'Calle 1', CmnaOrigen: 'Santiago' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Ñuñoa' },
    },
    Detalle: [{ NmbItem: `Item ${randomUUID().slice(0, 8)}`, QtyItem: 1, PrcItem: 1000 }],
  });
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url()}/v1/documents`, {
        method: 'POST', body, signal: AbortSignal.timeout(10_000),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      });
      if (response.status === 200 || response.status === 201) return ((await response.json()) as { id: string }).id;
      await response.text();
    } catch {
      // The service is down (killed, restarting): ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** Counts what must be zero, from the database and from the SII's own record. */
async function count(report: FaultReport, client: pg.Client, acknowledged: ReadonlySet<string>, envelopes: readonly SiiEnvelope[]): Promise<void> {
  const { rows } = await client.query<{ id: string; folio: string; state: string }>("SELECT id::text, folio::text, state FROM documents WHERE document_type = 33 ORDER BY folio");
  const ids = new Set(rows.map((row) => row.id));
  report.lost = [...acknowledged].filter((id) => !ids.has(id)).length;
  const folios = rows.map((row) => Number(row.folio));
  // A folio used twice shows where it can: at the SII, as another document under a folio it already
  // has (DTE-3-101). The database's unique (company, type, folio) makes a reuse in it impossible.
  const reusedAtSii = new Set<number>();
  for (const envelope of envelopes) {
    for (const document of envelope.verdict?.documents ?? []) {
      if ((document.errors ?? []).some((error) => `${error.SECCION}-${error.NIVEL}-${error.CODIGO}` === 'DTE-3-101')) reusedAtSii.add(document.Folio);
    }
  }
  report.foliosReused = reusedAtSii.size;
  report.foliosSkipped = folios.length === 0 ? 0 : Math.max(...folios) - Math.min(...folios) + 1 - new Set(folios).size;
  const acceptedAtSii = new Set<number>();
  const seen = new Map<number, number>();
  for (const envelope of envelopes) {
    for (const document of envelope.verdict?.documents ?? []) {
      if (document.TipoDTE !== 33) continue;
      seen.set(document.Folio, (seen.get(document.Folio) ?? 0) + 1);
      if (document.outcome !== 'RCH') acceptedAtSii.add(document.Folio);
    }
  }
  report.sentTwice = [...seen.values()].filter((times) => times > 1).length;
  for (const row of rows) {
    const folio = Number(row.folio);
    if ((row.state === 'accepted' || row.state === 'accepted_with_repairs') && !acceptedAtSii.has(folio)) report.falselyAccepted += 1;
    if (row.state === 'rejected' && acceptedAtSii.has(folio)) report.falselyRejected += 1;
    if (!FINAL.includes(row.state)) report.stuck += 1;
  }
}
