/**
 * The composition root: builds the service from its configuration — store, SII (or the local SII),
 * submission queue, application services and HTTP API, each by its builder in src/composition — and
 * hands back what the entry point starts and stops. It wires and does nothing else; src/main.ts calls
 * it, and end-to-end tests call it with overrides.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { authorize } from './app/authorize.ts';
import { startFolioGauge } from './app/folio-gauge.ts';
import type { DocumentListener, HealthCheck, RetryPolicies, Store } from './app/ports/index.ts';
import { SignerCache } from './app/signer-cache.ts';
import type { RegistryPollSettings } from './app/registry/index.ts';
import { createGatewayPool, type SubmissionQueue, type SubmissionSettings } from './app/submission/index.ts';
import { buildAgent } from './composition/build-agent.ts';
import { buildRegistry } from './composition/build-registry.ts';
import { createMailSenders, createReceivedMailWorker, smtpSettingsOf } from './composition/build-received-mail.ts';
import { buildServices } from './composition/build-services.ts';
import { buildSii, siiReachable } from './composition/build-sii.ts';
import { buildSlack, type SlackSettings } from './composition/build-slack.ts';
import { slackAskAgent } from './composition/slack-agent.ts';
import { buildSubmission } from './composition/build-submission.ts';
import type { Config } from './config/config.ts';
import { resolveSecrets, type Secrets } from './config/resolve-secrets.ts';
import { createAuthenticator } from './http/auth/authenticator.ts';
import { buildApp } from './http/build-app.ts';
import { ensureDemoCompany } from './local/demo-company.ts';
import { buildMetricsApp } from './http/metrics-app.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createPdfRenderPool } from './pdf/index.ts';
import { sharedSchemaValidator } from './schema/xsd-validator.ts';
import type { SiiSimulator } from './sii-sim/index.ts';
import type { CircuitBreakerOptions } from './sii/index.ts';
import type { AskAgent } from './slack/ask-agent.ts';
import { createFeedbackService } from './app/feedback-service.ts';
import { createActorDirectory } from './app/actor-directory.ts';
import { createAlertChannelService } from './app/alert-channel-service.ts';
import { siiCodeExplanations } from './composition/resources.ts';
import { openStore } from './store/index.ts';
import { signLocalToken, type LocalTokenRequest } from './tokens/local-token.ts';

export interface ServiceOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Overrides of the submission settings (tests make them fast). */
  submission?: Partial<SubmissionSettings>;
  /** Milliseconds per intermediate state of the in-process local SII (200 by default). */
  simulatorStepMs?: number;
  /** BullMQ key prefix, so tests on one Redis do not meet. */
  queuePrefix?: string;
  /** Listeners besides webhooks and Odoo. */
  listeners?: readonly DocumentListener[];
  /** Retry policies of the jobs (DEFAULT_JOB_POLICIES); tests make them fast. */
  jobPolicies?: RetryPolicies;
  /** How long the in-process local SII remembers a file it received (900 s, as the SII). */
  simulatorDuplicateWindowMs?: number;
  /** Whether the in-process local SII adds a line per document to getEstUp (true; the real SII gives counts only). */
  simulatorDocumentDetails?: boolean;
  /** The SII client's circuit breaker (opens after 5 host failures, 30 s cool-down); tests shorten the cool-down. */
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  /** The agent the Slack bot asks (mentions, DMs, Explain); none until the agent is built. */
  ask?: AskAgent;
  /** Slack's pacing (tests make it fast). */
  slack?: SlackSettings;
  /** The registry poll's pacing (DEFAULT_REGISTRY_POLL_SETTINGS); tests make it fast. */
  registryPoll?: Partial<RegistryPollSettings>;
  /**
   * The folder of the agent's knowledge entries (resources/knowledge by default). The eval tier points
   * it at a copy with a broken entry, to show that the suites catch a wrong rule.
   */
  knowledgeDirectory?: string;
}

/** A built service: start it, then close it. */
export interface Service {
  config: Config;
  app: FastifyInstance;
  queue: SubmissionQueue;
  metrics: Metrics;
  logger: Logger;
  /** The in-process local SII, when SII_ENV is local without SII_URL. */
  simulator: SiiSimulator | undefined;
  /** True when this start created the demo company. */
  demoCreated: boolean;
  /**
   * Signs a token with the service's own HS256 secret (for the demo and tests), or undefined when
   * tokens come from a JWKS and the service holds no secret. The secret itself never leaves.
   */
  localToken(request: Omit<LocalTokenRequest, 'secret' | 'issuer' | 'audience'>): Promise<string | undefined>;
  /**
   * Starts what PROCESS_ROLE asks: the queue's jobs and recovery (`all`, `worker`) and the HTTP API on
   * the configured port (`all`, `api`). Resolves with the API's URL (empty for a worker, which
   * serves no API).
   */
  start(): Promise<string>;
  close(): Promise<void>;
}

/** How often the folios-left gauge is refreshed. */
const FOLIO_GAUGE_INTERVAL_MS = 60_000;

/** What every part is built over. */
interface Foundation {
  config: Config;
  options: ServiceOptions;
  logger: Logger;
  clock: () => Date;
  metrics: Metrics;
  store: Store;
  secrets: Secrets;
  /** Run in order by `close`: each part adds its own as it is built. */
  closers: Array<() => Promise<void>>;
}

/** Builds the whole service from its configuration. Nothing listens until `start`. */
export async function createService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const secrets = await resolveSecrets(config);
  for (const warning of secrets.warnings) logger.warn(warning);
  const opened = await openStore({
    databaseUrl: config.databaseUrl ?? undefined, dataDirectory: config.dataDirectory, masterKey: secrets.masterKey,
    onConnectionError: (error) => logger.warn({ err: error.message }, 'a database connection broke; new ones are made as needed'),
  });
  const foundation: Foundation = {
    config, options, logger, secrets, clock: options.clock ?? (() => new Date()), metrics: createMetrics(), store: opened.store,
    closers: [() => opened.database.close()],
  };
  try {
    const inner = await buildInner(foundation);
    const outer = await buildOuter(foundation, inner);
    return serviceOf(foundation, inner, outer);
  } catch (error) {
    for (const close of foundation.closers) await close().catch(() => undefined);
    throw error;
  }
}

/** The application and what it drives: the SII, the queue with its listeners, the printer, the use cases, the demo company. */
async function buildInner(foundation: Foundation) {
  const { config, options, store, logger, clock, metrics, closers } = foundation;
  const sii = await buildSii(config, store, {
    now: clock(),
    ...(options.simulatorStepMs === undefined ? {} : { simulatorStepMs: options.simulatorStepMs }),
    ...(options.simulatorDuplicateWindowMs === undefined ? {} : { simulatorDuplicateWindowMs: options.simulatorDuplicateWindowMs }),
    ...(options.simulatorDocumentDetails === undefined ? {} : { simulatorDocumentDetails: options.simulatorDocumentDetails }),
    ...(options.circuitBreaker === undefined ? {} : { circuitBreaker: options.circuitBreaker }),
  });
  closers.unshift(() => sii.close());
  const explanations = siiCodeExplanations();
  const alertChannels = createAlertChannelService(store, { defaultChannel: config.slack?.alertChannel ?? null, clock });
  const feedback = createFeedbackService(store);
  const slack = buildSlack(config, { store, explanations, alertChannels, feedback, logger, ...(options.slack ? { settings: options.slack } : {}) });
  const signers = new SignerCache(sii.trustedCafSigners, sharedSchemaValidator());
  // One gateway per certificate for the whole process: the submission and the agent share its SII session.
  const gateways = createGatewayPool(store, signers, sii.openGateway);
  const registry = buildRegistry({ store, signers, openRegistry: sii.openRegistry, clock, logger, ...(options.registryPoll ? { settings: options.registryPoll } : {}) });
  const queue = buildSubmission({
    registry: registry.listener,
    config, store, signers, gateways, metrics, logger, clock,
    ...(options.listeners ? { listeners: options.listeners } : {}),
    ...(slack ? { listenersOnRunner: slack.listeners, claimListenersOnRunner: slack.claimListeners } : {}),
    ...(options.submission ? { settings: options.submission } : {}),
    ...(options.queuePrefix ? { queuePrefix: options.queuePrefix } : {}),
    ...(options.jobPolicies ? { jobPolicies: options.jobPolicies } : {}),
  });
  closers.unshift(() => queue.close());
  // PDFs render on worker threads, so that one render does not hold up the requests behind it.
  const printer = createPdfRenderPool();
  closers.push(() => printer.close());
  const mailSenders = createMailSenders(store, config.mail.smtpUrl === null ? null : smtpSettingsOf(config.mail.smtpUrl));
  closers.push(() => mailSenders.close());
  const services = buildServices({ store, signers, dispatcher: queue, printer, trustedCafSigners: sii.trustedCafSigners, metrics, clock, openRegistry: sii.openRegistry, mailSenders, logger,
    ...(slack ? { onReceived: slack.receivedAlerts } : {}),
  });
  const receivedMail = createReceivedMailWorker({ store, received: services.received, outboxSeconds: config.mail.outboxSeconds, logger });
  closers.unshift(() => receivedMail.stop());
  const demoCreated = config.sii.environment === 'local'
    ? await ensureDemoCompany(store, services.companies, config.dataDirectory, config.demoCompanyRut)
    : false;
  return { sii, explanations, alertChannels, feedback, slack, gateways, queue, printer, services, demoCreated, registry, receivedMail };
}

type Inner = Awaited<ReturnType<typeof buildInner>>;

/** The front ends over the application: the agent, the HTTP API (with Slack's route), the metrics server and the folios gauge. */
async function buildOuter(foundation: Foundation, inner: Inner) {
  const { config, options, store, logger, clock, metrics, secrets, closers } = foundation;
  const { sii, services, queue } = inner;
  const health: HealthCheck[] = [
    { name: 'database', check: async () => (await store.ping(), { ok: true }) },
    { name: 'queue', check: async () => ({ ok: true, detail: `${await queue.depth()} jobs waiting` }) },
    { name: 'sii', check: () => siiReachable(sii.baseUrl) },
  ];
  const agent = buildAgent({
    config, store, services, metrics, clock, logger, trustedCafSigners: sii.trustedCafSigners, gateways: inner.gateways, explanations: inner.explanations,
    registry: inner.registry.service(),
    ...(options.knowledgeDirectory ? { knowledgeDirectory: options.knowledgeDirectory } : {}),
  });
  const rateLimitStore = sharedRateLimitStore(config, logger, closers);
  const actors = createActorDirectory(store, clock);
  const slackBot = inner.slack?.bot({ ...services, actors, registry: inner.registry.service(), forgetIdleThreads: agent.forgetIdleThreads }, options.ask ?? slackAskAgent(agent.conversations));
  const app = await buildApp({
    ...services, conversations: agent.conversations, metrics, logger, health, config, auth: createAuthenticator(config.auth, secrets.jwtSecret), authorize, actors,
    feedback: inner.feedback, alertChannels: inner.alertChannels, registry: inner.registry.service(),
    ...(slackBot?.plugin ? { plugins: [slackBot.plugin] } : {}),
    ...(rateLimitStore === undefined ? {} : { rateLimitStore }),
  });
  closers.unshift(() => app.close());
  if (slackBot !== undefined) closers.unshift(() => slackBot.stop());
  const metricsApp = config.metrics.port === null ? undefined : await buildMetricsApp({ metrics, logger, token: config.metrics.token });
  if (metricsApp !== undefined) closers.unshift(() => metricsApp.close());
  const gauge = startFolioGauge({
    store, logger, intervalMs: FOLIO_GAUGE_INTERVAL_MS,
    observe: (companyRut, left) => left.forEach((entry) => metrics.setFoliosLeft(companyRut, entry.type, entry.left)),
    observeExpiry: (companyRut, expiry) => {
      if (expiry.certificateValidTo !== undefined) metrics.setCertificateExpiry(companyRut, expiry.certificateValidTo.getTime() / 1000);
      // The end of the last usable day in Chile, at its earlier offset (-03:00): an alert comes no later than it should.
      for (const caf of expiry.cafs) metrics.setCafExpiry(companyRut, caf.type, Date.parse(`${caf.lastUsableDate}T23:59:59-03:00`) / 1000);
    },
  });
  closers.unshift(async () => gauge.stop());
  await gauge.refresh();
  return { app, slackBot, metricsApp };
}

/** Several instances count each token's requests together in Redis, when there is one. */
function sharedRateLimitStore(config: Config, logger: Logger, closers: Foundation['closers']): Redis | undefined {
  if (config.redisUrl === null) return undefined;
  const rateLimitStore = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
  rateLimitStore.on('error', (error: Error) => logger.warn({ err: error.message }, 'rate-limit store: redis connection error'));
  closers.push(async () => void (await rateLimitStore.quit().catch(() => rateLimitStore.disconnect())));
  return rateLimitStore;
}

/** The built service: what the entry point starts and stops. */
function serviceOf(foundation: Foundation, inner: Inner, outer: Awaited<ReturnType<typeof buildOuter>>): Service {
  const { config, logger, metrics, secrets, closers } = foundation;
  const { app, slackBot, metricsApp } = outer;
  return {
    config, app, queue: inner.queue, metrics, logger, simulator: inner.sii.simulator, demoCreated: inner.demoCreated,
    async localToken(request) {
      if (secrets.jwtSecret === null) return undefined;
      return (await signLocalToken({ ...request, secret: secrets.jwtSecret, issuer: config.auth.issuer, audience: config.auth.audience })).token;
    },
    async start() {
      if (config.processRole !== 'api') {
        await inner.queue.start();
        await inner.registry.recover();
        await inner.receivedMail.start();
      }
      if (config.processRole !== 'worker') inner.printer.warm();
      if (slackBot !== undefined && config.processRole !== 'worker') await slackBot.start();
      if (metricsApp !== undefined) await metricsApp.listen({ port: config.metrics.port!, host: config.host });
      return config.processRole === 'worker' ? '' : app.listen({ port: config.port, host: config.host });
    },
    async close() {
      for (const close of closers) await close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
    },
  };
}
