/**
 * Routes for operators and orchestrators: liveness and readiness, public and not rate limited, and
 * Prometheus metrics, whose labels carry company RUTs: they take METRICS_TOKEN when it is set, else an
 * admin token of the API (or they are served on a port of their own, see metrics-app.ts).
 */
import type { FastifyInstance, FastifyBaseLogger } from 'fastify';
import type { HealthCheck } from '../../app/ports/index.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { requireMetricsToken } from '../auth/metrics-token.ts';
import { answer } from '../openapi/schemas.ts';

/** How long one readiness check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 3000;

interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Who may read the metrics: the holder of `token`, or (`token` null) an admin, or (`open`) anyone. */
export type MetricsAccess = { token: string } | { token: null; open: boolean };

/** Adds `/healthz` and `/readyz`. */
export function registerOperationRoutes(app: FastifyInstance, health: readonly HealthCheck[]): void {
  const operation = { tags: ['operations'], security: [] };
  app.get('/healthz', {
    config: { access: 'public' },
    schema: { ...operation, summary: 'The process is alive', response: { 200: answer('Health') } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { access: 'public' },
    schema: {
      ...operation,
      summary: 'Database, queue and SII can be reached (503 when one cannot)',
      response: { 200: answer('Readiness'), 503: answer('Readiness', 'A dependency cannot be reached.') },
    },
  }, async (request, reply) => {
    const checks = await Promise.all(health.map((check) => runCheck(check, request.log)));
    const ready = checks.every((check) => check.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
}

/** Adds `/metrics`, behind the access given. */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, access: MetricsAccess): void {
  const open = access.token === null && access.open;
  app.get('/metrics', {
    config: { access: access.token !== null || open ? 'public' : { permission: 'manage' } },
    ...(access.token === null ? {} : { onRequest: requireMetricsToken(access.token) }),
    schema: {
      tags: ['operations'],
      ...(open ? { security: [] } : {}),
      summary: open ? 'Prometheus metrics' : access.token === null ? 'Prometheus metrics (an admin token)' : 'Prometheus metrics (the bearer token METRICS_TOKEN)',
      response: { 200: { description: 'The text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  }, async (_request, reply) => {
    const { contentType, text } = await metrics.exposition();
    return reply.type(contentType).send(text);
  });
}

/** Runs one check within CHECK_TIMEOUT_MS; a check that throws is logged and shown as failed. */
async function runCheck(check: HealthCheck, log: FastifyBaseLogger): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ name: check.name, ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  const run = check.check().then(
    (result): CheckResult => ({ name: check.name, ok: result.ok, ...(result.detail === undefined ? {} : { detail: result.detail }) }),
    (error: unknown): CheckResult => {
      log.warn({ err: error, check: check.name }, 'readiness check failed');
      return { name: check.name, ok: false, detail: 'the check failed; see the logs' };
    },
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
