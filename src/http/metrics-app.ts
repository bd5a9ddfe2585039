/**
 * The listener of METRICS_PORT: `/metrics` alone, on a port of its own that operators keep inside
 * their network, so the API's port serves no metrics. With METRICS_TOKEN it takes that bearer token
 * too; without it the port itself is the boundary. Like buildApp, it listens on nothing: the
 * composition root calls `listen`.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { installErrorHandling } from './error-handler.ts';
import { registerMetricsRoute } from './routes/operation-routes.ts';

/** What the metrics listener needs. */
export interface MetricsAppOptions {
  metrics: Metrics;
  logger: Logger;
  /** METRICS_TOKEN, or null for a port open to whoever reaches it. */
  token: string | null;
}

/** Builds the metrics listener; resolves when it is ready to `listen` or `inject`. */
export async function buildMetricsApp(options: MetricsAppOptions): Promise<FastifyInstance> {
  // Scrapes are not logged; fastify 5.x takes that from a LogController (the top-level option is FSTDEP023).
  const logger: FastifyBaseLogger = options.logger;
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) });
  installErrorHandling(app, { bodyLimitBytes: 0 });
  registerMetricsRoute(app, options.metrics, options.token === null ? { token: null, open: true } : { token: options.token });
  await app.ready();
  return app;
}
