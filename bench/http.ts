/**
 * The HTTP figures of DESIGN.md: `POST /v1/documents` against PostgreSQL and Redis at 32 concurrent
 * clients (documents/s, p50/p95/p99), and issue → accepted through the queue and the local SII
 * (documents/s sustained). The service runs in a child process; this process only sends requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { Redis } from 'ioredis';
import { demoCredentialsDirectory, ensureTestCredentials } from '../src/local/demo-company.ts';
import { signLocalToken } from '../src/tokens/local-token.ts';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const REDIS = 'redis://127.0.0.1:6379';
const COMPANY = '76192083-9';

export interface HttpFigures {
  requests: number;
  concurrency: number;
  documentsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  acceptedPerSecond: number;
  acceptedSeconds: number;
}

/** Whether PostgreSQL and Redis answer; the reason when they do not. */
export async function httpBenchmarkUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres`, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
  } catch (error) {
    return `PostgreSQL at 127.0.0.1:5432 cannot be reached (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(REDIS, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    return `Redis at 127.0.0.1:6379 cannot be reached (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
  return undefined;
}

function request(index: number): string {
  return JSON.stringify({
    Encabezado: {
      IdDoc: { TipoDTE: 33, FmaPago: 1 },
      Emisor: { RUTEmisor: COMPANY, RznSoc: 'EMPRESA DE PRUEBA', GiroEmis: 'Servicios', Acteco: [620200], DirOrigen: 'Calle 1', CmnaOrigen: 'Santiago' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente & Cía.', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Ñuñoa' },
    },
    Detalle: [
      { NmbItem: `Cajón ${index}`, QtyItem: 123, PrcItem: 923, DescuentoPct: 4 },
      { NmbItem: 'Servicio exento', QtyItem: 1, PrcItem: 34705, IndExe: 1 },
    ],
  });
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}

/** Starts a child process and resolves with the first URL it prints. */
async function startProcess(args: string[], environment: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const profile = process.env.BENCH_PROFILE && args[0] === 'bench/http-server.ts' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening`)));
    lines.on('line', (line) => {
      const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (found) resolve(found[1]!);
    });
  });
  return { child, url };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

interface LoadResult {
  seconds: number;
  latencies: number[];
  errors: number;
}

/** Sends `total` issue requests from `concurrency` clients at once. */
async function load(url: string, token: string, total: number, concurrency: number, offset: number): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const index = offset + next++;
      const sent = performance.now();
      const response = await fetch(`${url}/v1/documents`, { method: 'POST', headers, body: request(index) });
      await response.text();
      latencies.push(performance.now() - sent);
      if (response.status !== 201) errors += 1;
    }
  }));
  latencies.sort((left, right) => left - right);
  return { seconds: (performance.now() - started) / 1000, latencies, errors };
}

interface Environment {
  url: string;
  token: string;
  count(state: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A fresh database, data directory and queue prefix, the local SII in a process of its own (the SII
 * is another machine in production) and the service in another, with PostgreSQL and Redis.
 */
async function environment(settings: Record<string, string>): Promise<Environment> {
  const database = `dte_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dataDirectory = mkdtempSync(join(tmpdir(), 'dte-bench-'));
  const secret = randomBytes(32).toString('hex');
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  await ensureTestCredentials(dataDirectory, COMPANY, new Date());
  const sii = await startProcess(['src/cli/main.ts', 'sii-sim', '--port', '0', '--step-ms', '50', '--authority', demoCredentialsDirectory(dataDirectory, COMPANY)], {});
  const server = await startProcess(['bench/http-server.ts'], {
    DATABASE_URL: `${POSTGRES}/${database}`, REDIS_URL: REDIS, JWT_SECRET: secret, DATA_DIR: dataDirectory, PORT: '0', SII_URL: sii.url,
    RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', BENCH_QUEUE_PREFIX: prefix, ...settings,
  });
  const client = new pg.Client({ connectionString: `${POSTGRES}/${database}` });
  await client.connect();
  const { token } = await signLocalToken({ secret, subject: 'bench', role: 'issuer', companies: [COMPANY], ttlSeconds: 3_600, now: new Date() });
  return {
    url: server.url,
    token,
    count: async (state) => Number((await client.query('SELECT count(*) AS n FROM documents WHERE state = $1', [state])).rows[0].n),
    async close() {
      await stopProcess(server.child);
      await stopProcess(sii.child);
      await client.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      const redis = new Redis(REDIS);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * Two runs. First `POST /v1/documents` alone: the queue gathers for ten minutes, so the figures are the
 * API's (validate, folio, sign, store) against PostgreSQL. Then issue → accepted: documents go through
 * envelopes of up to 500, the local SII's checks and its asynchronous states, and the rate is counted
 * from the first request to the last verdict.
 */
export async function httpBenchmark(total = 3_000, concurrency = 32): Promise<HttpFigures> {
  const api = await environment({ ENVELOPE_MAX_DOCUMENTS: '2000', ENVELOPE_MAX_WAIT_MS: '600000' });
  let posting: LoadResult;
  // Below the 2,000 documents at which the gathering queue would build its envelope mid-run.
  const apiRequests = Math.min(total, 1_800);
  try {
    await load(api.url, api.token, 100, concurrency, 0);
    posting = await load(api.url, api.token, apiRequests, concurrency, 100);
  } finally {
    await api.close();
  }
  const flow = await environment({ ENVELOPE_MAX_DOCUMENTS: '500', ENVELOPE_MAX_WAIT_MS: '200' });
  let acceptedSeconds: number;
  let accepted = 0;
  try {
    await load(flow.url, flow.token, 50, concurrency, 0);
    while ((await flow.count('accepted')) < 50) await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await load(flow.url, flow.token, total, concurrency, 50);
    while (accepted < total + 50 && performance.now() - started < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      accepted = await flow.count('accepted');
    }
    acceptedSeconds = (performance.now() - started) / 1000;
    accepted -= 50;
  } finally {
    await flow.close();
  }
  const { latencies } = posting;
  return {
    requests: apiRequests, concurrency, errors: posting.errors,
    documentsPerSecond: apiRequests / posting.seconds,
    p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99),
    acceptedPerSecond: accepted / acceptedSeconds,
    acceptedSeconds,
  };
}
