/**
 * The HTTP API as a Fastify instance. buildApp wires the parts and listens on nothing: the server
 * entry (src/main.ts) calls `listen`, tests call `inject`.
 */
import { randomUUID } from 'node:crypto';
import AjvCompiler from '@fastify/ajv-compiler';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installAccessGuard } from './auth/access-guard.ts';
import { installContentTypes } from './content-types.ts';
import { answerFrameworkError, installErrorHandling } from './error-handler.ts';
import { installPathGuard } from './path-guard.ts';
import type { AppDependencies } from './http-types.ts';
import { registerOpenApi } from './openapi/register-openapi.ts';
import { registerAgentRoutes } from './routes/agent-routes.ts';
import { registerCompanyRoutes } from './routes/company-routes.ts';
import { registerDocumentRoutes } from './routes/document-routes.ts';
import { registerMetricsRoute, registerOperationRoutes } from './routes/operation-routes.ts';
import { registerPdfRoutes } from './routes/pdf-routes.ts';
import { registerRegistryRoutes } from './routes/registry-routes.ts';
import { registerReceivedRoutes } from './routes/received-routes.ts';
import { registerCompanyMailRoutes } from './routes/company-mail-routes.ts';
import { registerAlertChannelRoutes } from './routes/slack-channel-routes.ts';
import { registerFeedbackRoutes, registerSlackUserRoutes } from './routes/slack-user-routes.ts';

export type { AppDependencies, HttpConfig, RouteAccess } from './http-types.ts';

/** The header that carries the request's id back to the client (and from a proxy, when it sends one). */
export const REQUEST_ID_HEADER = 'x-request-id';

const ajvCompilers = AjvCompiler();

/**
 * Validators that read a JSON body as it was sent: Fastify's Ajv coerces types (right for a query
 * string or a path, which are text), and would take `{"question": 5}` for the text "5". Bodies are
 * checked without coercion; every other part as before. @fastify/ajv-compiler types its compiler's
 * argument as a schema; Fastify hands it the route's definition (`{ schema, httpPart, … }`), an
 * object either way, so the part is read from it.
 */
const bodiesAsSent: AjvCompiler.BuildCompilerFromPool = (externalSchemas, options) => {
  const coercing = ajvCompilers(externalSchemas, options);
  const customOptions = { ...(options?.customOptions as AjvCompiler.Options | undefined), coerceTypes: false };
  const strict = ajvCompilers(externalSchemas, { ...(options as object), customOptions });
  return (route) => (typeof route === 'object' && route.httpPart === 'body' ? strict : coercing)(route);
};

/**
 * Builds the API: content types, errors as problem+json, paths with `..` refused, the access guard (token, rate limit, role),
 * metrics of every answer, the OpenAPI document and docs page, and the routes. Resolves when every
 * plugin is loaded; the instance is ready to `listen` or `inject`.
 */
export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config, metrics } = dependencies;
  // Seen as Fastify's own logger type, so the instance is the plain FastifyInstance the routes take.
  const logger: FastifyBaseLogger = dependencies.logger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (request) => requestIdOf(request.headers[REQUEST_ID_HEADER]),
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: bodiesAsSent } },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
  });

  installContentTypes(app);
  installErrorHandling(app, { bodyLimitBytes: config.bodyLimitBytes });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  installPathGuard(app);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    metrics.observeHttpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  await installAccessGuard(app, {
    auth: dependencies.auth, authorize: dependencies.authorize, requestsPerMinute: config.rateLimitPerMinute,
    ...(dependencies.rateLimitStore ? { redis: dependencies.rateLimitStore } : {}),
  });
  await registerOpenApi(app);

  registerDocumentRoutes(app, dependencies.documents, { allowPrivateAddresses: config.callbackAllowPrivate });
  registerPdfRoutes(app, dependencies.documents);
  registerCompanyRoutes(app, dependencies.companies);
  registerOperationRoutes(app, dependencies.health);
  if (dependencies.conversations) registerAgentRoutes(app, dependencies.conversations);
  if (dependencies.actors) registerSlackUserRoutes(app, dependencies.actors);
  if (dependencies.feedback) registerFeedbackRoutes(app, dependencies.feedback);
  if (dependencies.alertChannels) registerAlertChannelRoutes(app, dependencies.alertChannels);
  if (dependencies.registry) registerRegistryRoutes(app, dependencies.registry);
  if (dependencies.received) registerReceivedRoutes(app, dependencies.received);
  if (dependencies.received) registerCompanyMailRoutes(app, dependencies.received);
  for (const plugin of dependencies.plugins ?? []) await app.register(plugin);
  // With METRICS_PORT the metrics are served there (metrics-app.ts), not here.
  if (config.metrics.port === null) {
    registerMetricsRoute(app, metrics, config.metrics.token === null ? { token: null, open: false } : { token: config.metrics.token });
  }
  await app.ready();
  return app;
}

/** A proxy's request id when it looks like one (kept short and printable), else a new UUID. */
function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}
